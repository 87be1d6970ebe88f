#include "commands/command_policy.h"

#include <algorithm>

namespace madoguchi {

namespace {

using enum Role;

const std::vector<CommandRule> kCommands = {
    {Command::kWhoami, "whoami", {kClerk, kReviewer, kManager, kAuditor, kAdmin, kWorker}, false},
    {Command::kIntake, "intake", {kClerk}, true},
    {Command::kAdvance, "advance", {kClerk, kReviewer, kManager, kWorker}, true},
    {Command::kShow, "show", {kClerk, kReviewer, kManager, kAuditor}, false},
    {Command::kList, "list", {kClerk, kReviewer, kManager, kAuditor}, false},
    {Command::kOverdue, "overdue", {kClerk, kReviewer, kManager, kAuditor}, false},
    {Command::kStats, "stats", {kClerk, kReviewer, kManager, kAuditor, kAdmin}, false},
};

}  // namespace

std::span<const CommandRule> CommandTable() { return kCommands; }

const CommandRule* FindCommand(std::string_view name) {
  for (const auto& rule : kCommands) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

bool MayRun(const CommandRule& rule, Role role) {
  return std::find(rule.roles.begin(), rule.roles.end(), role) != rule.roles.end();
}

Visibility VisibilityFor(const Actor& actor) {
  if (actor.role == Role::kReviewer) return Visibility{actor.user};
  return Visibility{};
}

bool MaySee(const Actor& actor, const Request& request) {
  return actor.role != Role::kReviewer || !request.assignee || *request.assignee == actor.user;
}

bool MaySeePersonal(const Actor& actor, const Request& request) {
  switch (actor.role) {
    case Role::kClerk:
    case Role::kManager: return true;
    case Role::kReviewer: return request.assignee && *request.assignee == actor.user;
    case Role::kAuditor:
    case Role::kAdmin:
    case Role::kWorker: return false;
  }
  return false;
}

}  // namespace madoguchi
