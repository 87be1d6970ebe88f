// The command API's rules in one table: which commands exist, which roles
// may send each, whether it writes (and so goes to the writer), and what a
// role may see. Which *event* a role may fire is the workflow table's
// business (core/workflow_table.h); this table only lets `advance` through to it.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/request.h"
#include "core/workflow.h"
#include "store/request_reader.h"

namespace madoguchi {

enum class Command {
  kWhoami, kIntake, kAdvance, kShow, kList, kOverdue, kStats,  // staff
  kOutbox, kOutboxRetry, kLetters, kLetter,                     // staff: what is owed and what was sent
  kDashboard, kUsers,                                           // staff: the web desk's screens
  kReport,                                                      // staff: the annual ledger
  kAuditVerify, kAuditExport,                                   // auditors, admins: the audit log
  kLease, kAck, kFail, kLetterContext,                          // workers
};

// The engine's two sockets: staff commands, and the workers' queue.
enum class Endpoint { kCommands, kWorkers };

struct CommandRule {
  Command command;
  std::string_view name;     // wire name; schemas/api/<name>.request.schema.json
  std::vector<Role> roles;   // who may send it
  bool writes;               // applied by the writer, in a group commit
  Endpoint endpoint;         // where it may be sent (whoami: both)
};

std::span<const CommandRule> CommandTable();
const CommandRule* FindCommand(std::string_view name);
bool MayRun(const CommandRule& rule, Role role);
bool ServedOn(const CommandRule& rule, Endpoint endpoint);

// Reviewers see the queue (unassigned requests) and their own; others see all.
Visibility VisibilityFor(const Actor& actor);
bool MaySee(const Actor& actor, const Request& request);

// Personal fields: clerks and managers; a reviewer for their own requests;
// never auditors (they read history, not people).
bool MaySeePersonal(const Actor& actor, const Request& request);

}  // namespace madoguchi
