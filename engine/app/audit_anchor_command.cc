#include "app/audit_anchor_command.h"

#include <iostream>

#include "app/data_dir.h"
#include "app/data_keys.h"
#include "app/engine_config.h"
#include "app/server_audit.h"
#include "core/jst_time.h"
#include "store/audit_anchor.h"
#include "store/audit_chain_verify.h"
#include "store/audit_log.h"
#include "store/database.h"

namespace madoguchi {

namespace {

Status Accept(const AuditAnchorOptions& o) {
  DataDir dir(o.data);
  if (!dir.IsInitialised()) return Status::NotFound(o.data + " is not an initialised data folder");
  if (o.reason.empty()) return Status::InvalidArgument("--reason: say why (e.g. which backup was put back)");
  Result<std::unique_ptr<DataDirLock>> lock = DataDirLock::Acquire(dir);
  if (!lock.ok()) return lock.status();
  Result<EngineConfig> config = EngineConfig::Load(dir.config());
  if (!config.ok()) return config.status();
  Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(dir.database(), OpenMode::kReadWrite);
  if (!db.ok()) return db.status();
  Result<std::shared_ptr<PersonalVault>> vault = LoadDataKeys(dir, *config, **db);
  if (!vault.ok()) return vault.status();
  const ChainKeys keys = KeysOf(**vault);

  Result<ChainVerification> v = VerifyChain(**db, keys);
  if (!v.ok()) return v.status();
  if (!v->ok) return Status::Corruption("the database's chain itself is broken, so its head is not accepted: " + DescribeVerification(*v));
  const std::string head = std::to_string(v->count) + ":" + v->head;
  if (o.accept != head) {
    return Status::InvalidArgument("--accept " + o.accept + " is not the database's head, " + head +
                                   ": only the head the database holds can be accepted");
  }
  std::string anchored = "none";
  if (Result<std::vector<AnchorLine>> lines = ReadAnchorFile(dir.audit_anchor(), keys); lines.ok()) {
    int64_t top = -1;
    for (const AnchorLine& l : BindingLines(*lines)) {
      if (l.n > top) {
        top = l.n;
        anchored = std::to_string(l.n) + ":" + l.hash + " of " + l.at;
      }
    }
  }
  ChainHead after;
  try {
    // Records the acceptance in the chain itself (it needs no anchor check: it replaces the anchor).
    after = AppendAudit(**db, **vault, {AuditEntry{FormatJst(Now()), ServerActor(), "", "server", "audit_anchor_accept", "",
                                          "ok", "anchor had " + anchored + "; accepted " + head + "; " + o.reason}});
  } catch (const SQLite::Exception& e) {
    return Status::IoError(std::string("recording the acceptance: ") + e.what());
  }
  Result<DataKey> key = (*vault)->Key(after.key_id);
  if (!key.ok()) return key.status();
  if (Status s = AppendAnchor(dir.audit_anchor(), after, *key, Now(), /*accept=*/true); !s.ok()) return s;
  std::cout << "accepted the audit head " << head << " (the anchor had " << anchored << "); recorded as audit record "
            << after.count << "; the engine may start\n";
  return Status::Ok();
}

}  // namespace

int RunAuditAnchorAccept(const AuditAnchorOptions& options) {
  if (Status s = Accept(options); !s.ok()) {
    std::cerr << "madoguchi-engine audit-anchor: " << s.message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace madoguchi
