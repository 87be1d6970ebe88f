#include "app/audit_guard.h"

#include "store/audit_anchor.h"
#include "store/audit_chain.h"
#include "store/audit_log.h"

namespace madoguchi {

Status GuardAuditChain(const DataDir& dir, SQLite::Database& db, PersonalVault& vault) {
  const ChainKeys keys = KeysOf(vault);
  if (Status s = CheckAnchor(db, dir.audit_anchor(), keys, dir.root()); !s.ok()) return s;
  try {
    ChainHead head;
    {
      // Keys an older database's chain (ChainAppender::Begin), appending nothing else.
      SQLite::Transaction txn(db, SQLite::TransactionBehavior::IMMEDIATE);
      StatementCache sql(db);
      Result<ChainAppender> chain = ChainAppender::Begin(sql, vault, Now());
      if (!chain.ok()) return chain.status();
      head = chain->head();
      txn.commit();
    }
    Result<std::vector<AnchorLine>> lines = ReadAnchorFile(dir.audit_anchor(), keys);
    if (lines.ok()) {
      for (const AnchorLine& l : BindingLines(*lines)) {
        if (l.n == head.count && l.hash == head.hash) return Status::Ok();  // named already
      }
    }
    Result<DataKey> key = head.key_id.empty() ? vault.SealingKey(db) : vault.Key(head.key_id);
    if (!key.ok()) return key.status();
    return AppendAnchor(dir.audit_anchor(), head, *key, Now());
  } catch (const SQLite::Exception& e) {
    return Status::IoError(std::string("keying the audit chain: ") + e.what());
  }
}

}  // namespace madoguchi
