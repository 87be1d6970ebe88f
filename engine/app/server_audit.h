// What is changed on the server, beside the command path (issue 15, part 5):
// `madoguchi-engine user add | disable | role | passwd | token |
// grant-personal | revoke-personal`, `audit-anchor --accept`. Each change and
// its audit record commit in one transaction; the record names the account
// that ran the command ("server:LOGIN", source "server") -- whoever holds
// the server's shell is answerable for it -- and what changed (never a
// password or token). Safe while the engine runs: the chain is extended
// under SQLite's write lock, after the engine's last entry, and the head
// goes to the anchor file as the engine's do.
#pragma once

#include <functional>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "app/data_dir.h"
#include "util/status.h"

namespace madoguchi {

// "server:LOGIN" of the effective user (its uid when it has no name).
std::string ServerActor();

struct ServerChange {
  std::string command;  // "user add", "user role", ...
  std::string target;   // the user
  std::string detail;   // what changed, e.g. "clerk -> reviewer"; "" when the command says it all
};

// Loads the folder's data keys, checks the chain (app/audit_guard.h), then
// runs `change` and appends the record of `what` in one transaction, and
// writes the new head to the anchor file. A change that fails is not
// recorded (nothing changed) and its Status is returned.
Status AuditedServerChange(const DataDir& dir, SQLite::Database& db, const ServerChange& what,
                           const std::function<Status()>& change);

}  // namespace madoguchi
