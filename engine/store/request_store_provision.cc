// RequestStore::DisposeExpiredProvisionRecords: the provision ledger's
// disposal (第三者提供記録; core/provision_ledger.h, store/provision_store.h;
// adding records is the writer's, commands/provision_write.cc). The ledger's
// disposal is its own (requests are disposed of elsewhere): every
// record whose retention (施行規則 第21条) has ended loses its sealed part and
// tokens, and the audit record of the command (or of the engine's daily
// pass) names the records disposed of.
#include "core/provision_ledger.h"
#include "store/personal_vault.h"
#include "store/provision_store.h"
#include "store/request_store.h"

namespace madoguchi {

Result<std::vector<int64_t>> RequestStore::DisposeExpiredProvisionRecords(Timestamp now) {
  if (!broken_.ok()) return broken_;
  std::vector<int64_t> ids;
  try {
    {
      SQLite::Transaction txn(*db_, SQLite::TransactionBehavior::IMMEDIATE);
      if (Status s = BeginChain(now); !s.ok()) return s;
      ids = DisposeExpiredProvisions(*db_, JstDate(now), "madoguchi", now);
      if (ids.empty()) {
        EndChain(false);
        return ids;  // the transaction rolls back: nothing changed
      }
      AppendAudit(statements_, *chain_,
                  {AuditEntry{FormatJst(now), "madoguchi", "", "server", "provision_dispose", "", "ok",
                              nlohmann::json{{"disposed", ids}}.dump()}});
      txn.commit();
      EndChain(true);
    }
    CheckpointAfterDisposal();
    return ids;
  } catch (const SQLite::Exception& e) {
    EndChain(false);
    return Status::IoError(std::string("disposing of expired provision records: ") + e.what());
  }
}

void RequestStore::CheckpointAfterDisposal() {
  // The disposed of records' old pages are overwritten in the database file
  // (secure_delete); the WAL may still hold copies of them: checkpoint and
  // truncate it. Best effort: a reader in the middle of a read keeps it for
  // the next pass (the frames are overwritten when the WAL is reused).
  try {
    SQLite::Statement st(*db_, "PRAGMA wal_checkpoint(TRUNCATE)");
    st.executeStep();
  } catch (const SQLite::Exception&) {
  }
}

}  // namespace madoguchi
