#include "commands/command_policy.h"

#include <algorithm>

namespace madoguchi {

namespace {

using enum Role;

const std::vector<CommandRule> kCommands = {
    {Command::kWhoami, "whoami", {kClerk, kReviewer, kManager, kAuditor, kAdmin, kWorker}, false, Endpoint::kCommands},
    {Command::kIntake, "intake", {kClerk}, true, Endpoint::kCommands},
    {Command::kAdvance, "advance", {kClerk, kReviewer, kManager}, true, Endpoint::kCommands},
    {Command::kShow, "show", {kClerk, kReviewer, kManager, kAuditor}, false, Endpoint::kCommands},
    {Command::kList, "list", {kClerk, kReviewer, kManager, kAuditor}, false, Endpoint::kCommands},
    {Command::kOverdue, "overdue", {kClerk, kReviewer, kManager, kAuditor}, false, Endpoint::kCommands},
    {Command::kStats, "stats", {kClerk, kReviewer, kManager, kAuditor, kAdmin}, false, Endpoint::kCommands},
    {Command::kOutbox, "outbox", {kManager, kAuditor}, false, Endpoint::kCommands},
    {Command::kOutboxRetry, "outbox_retry", {kManager}, true, Endpoint::kCommands},
    {Command::kLetters, "letters", {kClerk, kReviewer, kManager, kAuditor}, false, Endpoint::kCommands},
    {Command::kLetter, "letter", {kClerk, kReviewer, kManager}, false, Endpoint::kCommands},
    // The whole office's numbers: for those who see every request.
    {Command::kDashboard, "dashboard", {kManager, kAuditor, kAdmin}, false, Endpoint::kCommands},
    // The annual ledger (受付簿/処理簿): every request of a year, so only for
    // those who see every request. Ids and workflow facts only.
    {Command::kReport, "report", {kManager, kAuditor, kAdmin}, false, Endpoint::kCommands},
    // The audit log (store/audit_log.h): auditors check it, admins too (it
    // holds no personal data). Reading it is itself recorded.
    {Command::kAuditVerify, "audit_verify", {kAuditor, kAdmin}, false, Endpoint::kCommands},
    {Command::kAuditExport, "audit_export", {kAuditor, kAdmin}, false, Endpoint::kCommands},
    // Who is there to assign to (names and roles, no keys).
    {Command::kUsers, "users", {kClerk, kReviewer, kManager, kAdmin}, false, Endpoint::kCommands},
    // Workers fire letter_issued only by acking the decision letter (ack).
    {Command::kLease, "lease", {kWorker}, true, Endpoint::kWorkers},
    {Command::kAck, "ack", {kWorker}, true, Endpoint::kWorkers},
    {Command::kFail, "fail", {kWorker}, true, Endpoint::kWorkers},
    {Command::kLetterContext, "letter_context", {kWorker}, false, Endpoint::kWorkers},
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

bool ServedOn(const CommandRule& rule, Endpoint endpoint) {
  return rule.command == Command::kWhoami || rule.endpoint == endpoint;
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
