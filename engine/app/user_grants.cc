#include "app/user_grants.h"

#include <iostream>

#include "app/server_audit.h"
#include "core/jst_time.h"
#include "store/database.h"
#include "store/user_store.h"

namespace madoguchi {

int UserGrantPersonal(const DataDir& dir, const std::string& name, bool grant) {
  auto fail = [](const Status& s) {
    std::cerr << "madoguchi-engine: " << s.message() << "\n";
    return 1;
  };
  if (!dir.IsInitialised()) return fail(Status::NotFound(dir.root() + " is not initialised; run madoguchi-engine init"));
  Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(dir.database(), OpenMode::kReadWrite);
  if (!db.ok()) return fail(db.status());
  const std::string command = grant ? "user grant-personal" : "user revoke-personal";
  Status s = AuditedServerChange(dir, **db, {command, name, ""}, [&] {
    return UserStore(**db).SetPersonalGrant(name, grant ? ServerActor() : std::string(), Now());
  });
  if (!s.ok()) return fail(s);
  std::cout << (grant ? "granted " : "revoked ") << name
            << (grant ? " access to personal fields" : "'s access to personal fields")
            << "; it takes effect on their next command\n";
  return 0;
}

}  // namespace madoguchi
