// The command API's rules in one policy table (issue 7, part 4: least
// privilege). Two tables, kept apart because they answer different questions:
//
//   CommandTable(): which commands exist, whether each writes (and so goes to
//     the writer) and on which socket it is served. No rule of who may.
//   PolicyTable(): every rule of who may do what, one row per capability.
//     A capability is a command's wire name, or one of kPersonalFields and
//     kMaskedNames. A row lists the roles permitted and how far each
//     permission reaches (Scope); every role not listed is refused. The
//     engine consults only this table (MayRun, Authorize, MaySee,
//     MaySeePersonal, MaySeeMaskedName), and tests/access_policy_test.cc
//     walks every row of it against a real engine, so that a row without a
//     test, or a test without a row, fails.
//
// Which *event* a role may fire is the workflow table's business
// (core/workflow_table.h); the `advance` row only says which roles may
// advance requests at all (admins, auditors and workers may not).
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/request.h"
#include "util/status.h"
#include "core/workflow.h"
#include "store/request_reader.h"

namespace madoguchi {

enum class Command {
  kWhoami, kIntake, kAdvance, kShow, kList, kOverdue, kStats,  // staff
  kOutbox, kOutboxRetry, kLetters, kLetter,                     // staff: what is owed and what was sent
  kDisclosureExport,                                            // managers: a file a disclosure handed over, or its package
  kDashboard, kUsers,                                           // staff: the web desk's screens
  kReport,                                                      // staff: the annual ledger
  kAuditVerify, kAuditExport,                                   // auditors, admins: the audit log
  kAccessLog,                                                   // managers, auditors: who saw personal data
  kMeta, kCheckReason, kPreview,                                // staff: the decision table, the reason check, letter previews
  kUserAdmin,                                                   // admins: disable, enable, grant, revoke
  kUnlockSignIn,                                                // managers, admins: lift a web sign-in lock
  kProtect, kProtectedList,                                     // managers: the list of people under a 支援措置
  kProvision, kProvisionList, kProvisionDispose,                // clerks, managers: the provision ledger (第三者提供記録)
  kDisposalList,                                                // managers, auditors: the retention ledger (store/disposal.h)
  kLease, kAck, kFail, kLetterContext,                          // workers
};

// The engine's two sockets: staff commands, and the workers' queue.
enum class Endpoint { kCommands, kWorkers };

struct CommandRule {
  Command command;
  std::string_view name;  // wire name; schemas/api/<name>.request.schema.json
  bool writes;            // applied by the writer, in a group commit
  Endpoint endpoint;      // where it may be sent (whoami: both)
};

std::span<const CommandRule> CommandTable();
const CommandRule* FindCommand(std::string_view name);
bool ServedOn(const CommandRule& rule, Endpoint endpoint);

// How far a permission reaches.
enum class Scope {
  kAll,       // without condition (every request)
  kVisible,   // reviewers: requests not assigned to anyone (the queue) and those assigned to them
  kAssigned,  // only requests assigned to the actor
  kGranted,   // only while an admin's grant of personal-data access stands (auditors)
  kOwnKinds,  // workers: only the outbox kinds the user is bound to, only messages leased to them
};
std::string_view Name(Scope scope);

struct Permit {
  Role role;
  Scope scope;
};

struct PolicyRow {
  std::string_view capability;  // a command's wire name, or kPersonalFields / kMaskedNames
  std::vector<Permit> permits;  // every role not listed is refused
};

// See a request's personal fields (show's `personal`, full names in list,
// letter PDFs, a letter job's context).
inline constexpr std::string_view kPersonalFields = "personal_fields";
// See the masked name (MaskedName: 山＊＊ / ヤ＊＊) of requests in the list.
inline constexpr std::string_view kMaskedNames = "masked_names";

std::span<const PolicyRow> PolicyTable();
const PolicyRow* FindPolicy(std::string_view capability);
// The role's scope for the capability; nullopt: refused.
std::optional<Scope> ScopeFor(std::string_view capability, Role role);

// May the role send the command at all (its scope is checked later, where
// the request or message it names is known).
bool MayRun(const CommandRule& rule, Role role);

// The checks that need the command's arguments but not the database: a
// worker leases only its own kinds (with `lease`, or the lease an `ack` carries).
Status Authorize(const CommandRule& rule, const Actor& actor, const nlohmann::json& args);

// Reviewers see the queue (unassigned requests) and their own; others see all.
Visibility VisibilityFor(const Actor& actor);
bool MaySee(const Actor& actor, const Request& request);

// Personal fields: clerks and managers; a reviewer for their own requests;
// an auditor while granted; never admins or workers (a letter worker gets a
// letter's context through its lease, not through this rule).
bool MaySeePersonal(const Actor& actor, const Request& request);

// The masked name in the list: clerks, managers and reviewers (for the
// requests they may see at all).
bool MaySeeMaskedName(const Actor& actor, const Request& request);

// Whether the actor's permit for `capability` reaches this request.
bool Reaches(std::string_view capability, const Actor& actor, const Request& request);

}  // namespace madoguchi
