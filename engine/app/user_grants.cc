#include "app/user_grants.h"

#include <pwd.h>
#include <unistd.h>

#include <iostream>

#include "core/jst_time.h"
#include "store/audit_log.h"
#include "store/database.h"
#include "store/user_store.h"

namespace madoguchi {

namespace {

// The account that runs the command, for the audit record.
std::string ServerActor() {
  const passwd* pw = ::getpwuid(::geteuid());
  return std::string("server:") + (pw != nullptr && pw->pw_name != nullptr ? pw->pw_name : std::to_string(::geteuid()));
}

}  // namespace

int UserGrantPersonal(const DataDir& dir, const std::string& name, bool grant) {
  auto fail = [](const Status& s) {
    std::cerr << "madoguchi-engine: " << s.message() << "\n";
    return 1;
  };
  if (!dir.IsInitialised()) return fail(Status::NotFound(dir.root() + " is not initialised; run madoguchi-engine init"));
  Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(dir.database(), OpenMode::kReadWrite);
  if (!db.ok()) return fail(db.status());
  const std::string actor = ServerActor();
  const std::string command = grant ? "user grant-personal" : "user revoke-personal";
  try {
    SQLite::Transaction txn(**db, SQLite::TransactionBehavior::IMMEDIATE);
    Status s = UserStore(**db).SetPersonalGrant(name, grant ? actor : std::string(), Now());
    if (!s.ok()) return fail(s);
    AppendAudit(**db, {AuditEntry{FormatJst(Now()), actor, "", "server", command, name, "ok"}});
    txn.commit();
  } catch (const SQLite::Exception& e) {
    return fail(Status::IoError(std::string("storing the grant: ") + e.what()));
  }
  std::cout << (grant ? "granted " : "revoked ") << name
            << (grant ? " access to personal fields" : "'s access to personal fields")
            << "; it takes effect on their next command\n";
  return 0;
}

}  // namespace madoguchi
