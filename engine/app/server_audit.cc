#include "app/server_audit.h"

#include <pwd.h>
#include <unistd.h>

#include "app/audit_guard.h"
#include "app/data_keys.h"
#include "app/engine_config.h"
#include "core/jst_time.h"
#include "store/audit_anchor.h"
#include "store/audit_log.h"

namespace madoguchi {

std::string ServerActor() {
  const passwd* pw = ::getpwuid(::geteuid());
  return std::string("server:") + (pw != nullptr && pw->pw_name != nullptr ? pw->pw_name : std::to_string(::geteuid()));
}

Status AuditedServerChange(const DataDir& dir, SQLite::Database& db, const ServerChange& what,
                           const std::function<Status()>& change) {
  Result<EngineConfig> config = EngineConfig::Load(dir.config());
  if (!config.ok()) return config.status();
  Result<std::shared_ptr<PersonalVault>> vault = LoadDataKeys(dir, *config, db);
  if (!vault.ok()) return vault.status();
  if (Status s = GuardAuditChain(dir, db, **vault); !s.ok()) return s;
  ChainHead head;
  try {
    SQLite::Transaction txn(db, SQLite::TransactionBehavior::IMMEDIATE);
    if (Status s = change(); !s.ok()) return s;
    head = AppendAudit(db, **vault, {AuditEntry{FormatJst(Now()), ServerActor(), "", "server", what.command, what.target, "ok",
                                       what.detail}});
    txn.commit();
  } catch (const SQLite::Exception& e) {
    return Status::IoError("storing " + what.command + " " + what.target + ": " + e.what());
  }
  Result<DataKey> key = (*vault)->Key(head.key_id);
  if (!key.ok()) return key.status();
  return AppendAnchor(dir.audit_anchor(), head, *key, Now());
}

}  // namespace madoguchi
