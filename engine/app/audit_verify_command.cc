#include "app/audit_verify_command.h"

#include <iostream>

#include <SQLiteCpp/SQLiteCpp.h>

#include "app/data_dir.h"
#include "store/audit_log.h"
#include "store/database.h"

namespace madoguchi {

int RunAuditVerify(const std::string& data_dir) {
  DataDir dir(data_dir);
  if (!dir.IsInitialised()) {
    std::cerr << "madoguchi-engine audit-verify: " << data_dir << " is not an initialised data folder\n";
    return 1;
  }
  Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(dir.database(), OpenMode::kReadOnly);
  if (!db.ok()) {
    std::cerr << "madoguchi-engine audit-verify: " << db.status().message() << "\n";
    return 1;
  }
  Result<AuditVerification> v = VerifyAudit(**db);
  if (!v.ok()) {
    std::cerr << "madoguchi-engine audit-verify: " << v.status().message() << "\n";
    return 1;
  }
  if (!v->ok) {
    std::cout << "audit BROKEN at record " << v->broken_at << " (" << v->what << "): expected " << v->expected
              << ", found " << v->found << "\n";
    return 1;
  }
  std::cout << "audit ok: " << v->count << " records, head " << v->head << "\n";
  return 0;
}

}  // namespace madoguchi
