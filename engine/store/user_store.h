// UserStore: the users table — who may talk to the engine, in which role,
// known by the public half of their CURVE key. Used by `madoguchi-engine
// user ...` (read-write) and by the engine's authenticator (read-only, on
// every connection and every command, so that disabling a user takes effect
// on their next command).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/jst_time.h"
#include "util/status.h"
#include "store/statement_cache.h"
#include "core/workflow_table.h"

namespace madoguchi {

struct User {
  std::string name;
  Role role = Role::kClerk;
  std::string public_key;  // Z85
  bool disabled = false;
  Timestamp created_at{};
  std::string email;  // for staff reminders; empty: NAME@localhost (local delivery)
  // Workers: the outbox kinds ("letter", "reminder") they may lease.
  std::vector<std::string> kinds;
  // Auditors: an admin's grant of personal-data access (empty: none).
  std::string personal_granted_by;
  std::string personal_granted_at;

  bool personal_granted() const { return !personal_granted_by.empty(); }

  std::string MailAddress() const { return email.empty() ? name + "@localhost" : email; }
};

// The outbox kinds a worker may be bound to.
std::span<const std::string_view> WorkerKinds();
// "letter,reminder" -> {"letter", "reminder"}; kInvalidArgument for an
// unknown or empty list.
Result<std::vector<std::string>> ParseWorkerKinds(const std::string& list);

// A user name: 1-64 of A-Z a-z 0-9 . _ - (it appears in history and file names).
bool IsValidUserName(const std::string& name);

class UserStore {
 public:
  explicit UserStore(SQLite::Database& db) : sql_(db) {}
  // With a cache (the writer's, or the engine's look-up of each command's
  // sender): its statements are prepared once.
  explicit UserStore(StatementCache& statements) : sql_(statements) {}

  // kConflict when the name or the key is taken.
  Status Add(const User& user);
  // kNotFound for an unknown name. Disabling twice is fine.
  Status Disable(const std::string& name, Timestamp now);
  // A member of staff moves to another job (e.g. reviewer to manager).
  // kNotFound for an unknown name; kInvalidArgument to or from `worker`
  // (workers are programs with a worker's key, not people). An auditor's
  // grant of personal-data access does not move with them: it is revoked.
  Status SetRole(const std::string& name, Role role);
  // Lets a disabled user in again. kNotFound for an unknown name.
  Status Enable(const std::string& name);
  // Grants (`by` not empty) or revokes (`by` empty) an auditor's access to
  // personal fields. kNotFound for an unknown name; kInvalidArgument for a
  // user who is not an auditor (the other roles' reach is fixed by the
  // policy table). Granting or revoking twice is fine. Runs in the caller's
  // transaction when there is one.
  Status SetPersonalGrant(const std::string& name, const std::string& by, Timestamp now);

  Result<std::optional<User>> FindByName(const std::string& name);
  Result<std::optional<User>> FindByKey(const std::string& public_key);
  Result<std::vector<User>> All();
  // Active users of a role, by name.
  Result<std::vector<User>> WithRole(Role role);

 private:
  // `column` is one of our own column names, never user input.
  Result<std::optional<User>> FindOne(const char* column, const std::string& value);
  // `where` is our own SQL with at most one "?", bound to `value` when not empty.
  Result<std::vector<User>> Select(const char* where, const std::string& value);

  StatementSource sql_;
};

}  // namespace madoguchi
