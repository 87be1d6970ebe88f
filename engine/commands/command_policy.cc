#include "commands/command_policy.h"

#include <algorithm>

namespace madoguchi {

namespace {

using enum Role;

const std::vector<CommandRule> kCommands = {
    {Command::kWhoami, "whoami", false, Endpoint::kCommands},
    {Command::kIntake, "intake", true, Endpoint::kCommands},
    {Command::kAdvance, "advance", true, Endpoint::kCommands},
    {Command::kShow, "show", false, Endpoint::kCommands},
    {Command::kList, "list", false, Endpoint::kCommands},
    {Command::kOverdue, "overdue", false, Endpoint::kCommands},
    {Command::kStats, "stats", false, Endpoint::kCommands},
    {Command::kOutbox, "outbox", false, Endpoint::kCommands},
    {Command::kOutboxRetry, "outbox_retry", true, Endpoint::kCommands},
    {Command::kLetters, "letters", false, Endpoint::kCommands},
    {Command::kLetter, "letter", false, Endpoint::kCommands},
    {Command::kDisclosureExport, "disclosure_export", false, Endpoint::kCommands},
    {Command::kDashboard, "dashboard", false, Endpoint::kCommands},
    {Command::kReport, "report", false, Endpoint::kCommands},
    {Command::kAuditVerify, "audit_verify", false, Endpoint::kCommands},
    {Command::kAuditExport, "audit_export", false, Endpoint::kCommands},
    {Command::kAccessLog, "access_log", false, Endpoint::kCommands},
    {Command::kUsers, "users", false, Endpoint::kCommands},
    {Command::kMeta, "meta", false, Endpoint::kCommands},
    {Command::kCheckReason, "check_reason", false, Endpoint::kCommands},
    {Command::kPreview, "preview", false, Endpoint::kCommands},
    {Command::kUserAdmin, "user_admin", true, Endpoint::kCommands},
    // Changes the web desk's memory, not the database: answered by the
    // command server itself (CommandServer::SetSignInUnlocker).
    {Command::kUnlockSignIn, "unlock_sign_in", false, Endpoint::kCommands},
    {Command::kProtect, "protect", true, Endpoint::kCommands},
    {Command::kProtectedList, "protected_list", false, Endpoint::kCommands},
    {Command::kProvision, "provision", true, Endpoint::kCommands},
    {Command::kProvisionList, "provision_list", false, Endpoint::kCommands},
    {Command::kProvisionDispose, "provision_dispose", true, Endpoint::kCommands},
    {Command::kDisposalList, "disposal_list", false, Endpoint::kCommands},
    {Command::kLease, "lease", true, Endpoint::kWorkers},
    {Command::kAck, "ack", true, Endpoint::kWorkers},
    {Command::kFail, "fail", true, Endpoint::kWorkers},
    {Command::kLetterContext, "letter_context", false, Endpoint::kWorkers},
};

using enum Scope;

// Every rule of who may do what. Keep docs/access-policy.md in step.
const std::vector<PolicyRow> kPolicy = {
    {"whoami", {{kClerk, kAll}, {kReviewer, kAll}, {kManager, kAll}, {kAuditor, kAll}, {kAdmin, kAll}, {kWorker, kAll}}},
    {"intake", {{kClerk, kAll}}},
    // Advancing at all; which event, the workflow table. Admins manage
    // users but never decide requests; auditors change nothing.
    {"advance", {{kClerk, kAll}, {kReviewer, kVisible}, {kManager, kAll}}},
    {"show", {{kClerk, kAll}, {kReviewer, kVisible}, {kManager, kAll}, {kAuditor, kAll}}},
    {"list", {{kClerk, kAll}, {kReviewer, kVisible}, {kManager, kAll}, {kAuditor, kAll}}},
    {"overdue", {{kClerk, kAll}, {kReviewer, kVisible}, {kManager, kAll}, {kAuditor, kAll}}},
    {"stats", {{kClerk, kAll}, {kReviewer, kVisible}, {kManager, kAll}, {kAuditor, kAll}, {kAdmin, kAll}}},
    {"outbox", {{kManager, kAll}, {kAuditor, kAll}}},
    {"outbox_retry", {{kManager, kAll}}},
    {"letters", {{kClerk, kAll}, {kReviewer, kVisible}, {kManager, kAll}, {kAuditor, kAll}}},
    // A letter's PDF holds the requester's name and address: the same reach
    // as personal fields.
    {"letter", {{kClerk, kAll}, {kReviewer, kAssigned}, {kManager, kAll}, {kAuditor, kGranted}}},
    // What a disclosure handed over (issue 17): the data itself, for settling a
    // later dispute; a manager's, like approving.
    {"disclosure_export", {{kManager, kAll}}},
    // The whole office's numbers and ledger: for those who see every request.
    {"dashboard", {{kManager, kAll}, {kAuditor, kAll}, {kAdmin, kAll}}},
    {"report", {{kManager, kAll}, {kAuditor, kAll}, {kAdmin, kAll}}},
    // The audit log holds no personal data; reading it is itself recorded.
    {"audit_verify", {{kAuditor, kAll}, {kAdmin, kAll}}},
    {"audit_export", {{kAuditor, kAll}, {kAdmin, kAll}}},
    // Who saw a request's personal data (names of staff, never the data).
    {"access_log", {{kManager, kAll}, {kAuditor, kAll}}},
    // Who is there to assign to (names and roles, no keys).
    {"users", {{kClerk, kAll}, {kReviewer, kAll}, {kManager, kAll}, {kAdmin, kAll}}},
    // The decision table and its labels (engine/core/decision_table.h): rules, no data.
    {"meta", {{kClerk, kAll}, {kReviewer, kAll}, {kManager, kAll}, {kAuditor, kAll}, {kAdmin, kAll}}},
    // The reason check of a text staff will print in a letter; with an id, of that request (names it consulted).
    {"check_reason", {{kClerk, kAll}, {kReviewer, kVisible}, {kManager, kAll}}},
    // A letter's text before its event is fired: it holds personal data, so
    // those who may fire events and see the request's personal fields.
    {"preview", {{kClerk, kAll}, {kReviewer, kAssigned}, {kManager, kAll}}},
    // Disable, enable, grant or revoke an auditor's personal-data access.
    {"user_admin", {{kAdmin, kAll}}},
    // Lift a user name's web sign-in delay and lock (issue 14, item 10).
    {"unlock_sign_in", {{kManager, kAll}, {kAdmin, kAll}}},
    // The list of people under a 支援措置 (DV and the like), kept by managers:
    // who added each and when, never who they are (store/protected_persons.h).
    {"protect", {{kManager, kAll}}},
    {"protected_list", {{kManager, kAll}}},
    // The provision ledger (第三者提供記録, Arts. 29/30): sealed records of who
    // received whose data; kept by the desk's clerks and managers, who see
    // personal data (each showing logged). Disposing of the expired ones is a
    // manager's (the engine also does it once a day).
    {"provision", {{kClerk, kAll}, {kManager, kAll}}},
    {"provision_list", {{kClerk, kAll}, {kManager, kAll}}},
    {"provision_dispose", {{kManager, kAll}}},
    // The retention ledger (Art. 22): which requests are past their retention
    // date, held or disposed of. Ids, types, dates and codes: no personal data.
    {"disposal_list", {{kManager, kAll}, {kAuditor, kAll}}},
    // Workers fire letter_issued only by acking the decision letter (ack).
    {"lease", {{kWorker, kOwnKinds}}},
    {"ack", {{kWorker, kOwnKinds}}},
    {"fail", {{kWorker, kOwnKinds}}},
    {"letter_context", {{kWorker, kOwnKinds}}},
    {kPersonalFields, {{kClerk, kAll}, {kReviewer, kAssigned}, {kManager, kAll}, {kAuditor, kGranted}}},
    {kMaskedNames, {{kClerk, kAll}, {kReviewer, kVisible}, {kManager, kAll}}},
};

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

std::span<const CommandRule> CommandTable() { return kCommands; }

const CommandRule* FindCommand(std::string_view name) {
  for (const auto& rule : kCommands) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

bool ServedOn(const CommandRule& rule, Endpoint endpoint) {
  return rule.command == Command::kWhoami || rule.endpoint == endpoint;
}

std::string_view Name(Scope scope) {
  switch (scope) {
    case kAll: return "all";
    case kVisible: return "visible";
    case kAssigned: return "assigned";
    case kGranted: return "granted";
    case kOwnKinds: return "own_kinds";
  }
  return "?";
}

std::span<const PolicyRow> PolicyTable() { return kPolicy; }

const PolicyRow* FindPolicy(std::string_view capability) {
  for (const auto& row : kPolicy) {
    if (row.capability == capability) return &row;
  }
  return nullptr;
}

std::optional<Scope> ScopeFor(std::string_view capability, Role role) {
  const PolicyRow* row = FindPolicy(capability);
  if (row == nullptr) return std::nullopt;  // a capability nobody was given
  for (const Permit& p : row->permits) {
    if (p.role == role) return p.scope;
  }
  return std::nullopt;
}

bool MayRun(const CommandRule& rule, Role role) { return ScopeFor(rule.name, role).has_value(); }

Status Authorize(const CommandRule& rule, const Actor& actor, const nlohmann::json& args) {
  std::optional<Scope> scope = ScopeFor(rule.name, actor.role);
  if (!scope) {
    return Status::PermissionDenied("role '" + std::string(Name(actor.role)) + "' may not run '" +
                                    std::string(rule.name) + "'");
  }
  if (*scope == kGranted && !actor.personal_granted) {
    return Status::PermissionDenied(actor.user + " has no grant of personal-data access ('" + std::string(rule.name) +
                                    "' shows personal data); an admin grants it");
  }
  // The kinds a lease asks for: its own, or those of the lease an ack carries.
  const nlohmann::json* leasing = nullptr;
  if (rule.command == Command::kLease) leasing = &args;
  if (rule.command == Command::kAck && args.contains("lease")) leasing = &args["lease"];
  if (*scope == kOwnKinds && leasing != nullptr) {
    for (const auto& kind : leasing->value("kinds", std::vector<std::string>())) {
      if (!Contains(actor.kinds, kind)) {
        std::string own;
        for (const auto& k : actor.kinds) own += (own.empty() ? "" : ", ") + k;
        return Status::PermissionDenied("worker " + actor.user + " may not lease '" + kind + "' messages (its kinds: " +
                                        (own.empty() ? std::string("none") : own) + ")");
      }
    }
  }
  return Status::Ok();
}

bool Reaches(std::string_view capability, const Actor& actor, const Request& request) {
  std::optional<Scope> scope = ScopeFor(capability, actor.role);
  if (!scope) return false;
  switch (*scope) {
    case kAll: return true;
    case kVisible: return !request.assignee || *request.assignee == actor.user;
    case kAssigned: return request.assignee && *request.assignee == actor.user;
    case kGranted: return actor.personal_granted;
    case kOwnKinds: return false;  // outbox messages, not requests
  }
  return false;
}

Visibility VisibilityFor(const Actor& actor) {
  if (ScopeFor("show", actor.role) == kVisible) return Visibility{actor.user};
  return Visibility{};
}

bool MaySee(const Actor& actor, const Request& request) { return Reaches("show", actor, request); }

bool MaySeePersonal(const Actor& actor, const Request& request) { return Reaches(kPersonalFields, actor, request); }

bool MaySeeMaskedName(const Actor& actor, const Request& request) { return Reaches(kMaskedNames, actor, request); }

}  // namespace madoguchi
