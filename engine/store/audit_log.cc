#include "store/audit_log.h"

#include <sqlite3.h>

#include "core/jst_time.h"
#include "store/personal_vault.h"

namespace madoguchi {

std::string CanonicalAuditText(int64_t seq, const AuditEntry& e, const std::string& prev) {
  // Tabs and newlines never occur in the fields (names, codes, ids, times),
  // and are escaped anyway so that no two records share a text.
  return std::to_string(seq) + "\t" + EscapedField(e.at) + "\t" + EscapedField(e.actor) + "\t" +
         EscapedField(e.role) + "\t" + EscapedField(e.source) + "\t" + EscapedField(e.command) + "\t" +
         EscapedField(e.target) + "\t" + EscapedField(e.result) + "\t" + prev;
}

std::vector<std::string> AuditChainFields(int64_t seq, const AuditEntry& e) {
  return {std::to_string(seq), e.at, e.actor, e.role, e.source, e.command, e.target, e.result, e.detail};
}

void AppendAudit(StatementCache& sql, ChainAppender& chain, const std::vector<AuditEntry>& entries) {
  if (entries.empty()) return;
  int64_t seq = 0;
  {
    StatementCache::Use last = sql.Take("SELECT coalesce(max(seq), 0) FROM audit");
    last->executeStep();
    seq = last->getColumn(0).getInt64();
  }
  StatementCache::Use ins = sql.Take(
      "INSERT INTO audit (seq, at, actor, role, source, command, target, result, detail, pos, key_id, prev, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const AuditEntry& e : entries) {
    ++seq;
    ChainLink link = chain.Next(ChainKind::kAudit, AuditChainFields(seq, e));
    ins->bind(1, seq);
    ins->bind(2, e.at);
    ins->bind(3, e.actor);
    ins->bind(4, e.role);
    ins->bind(5, e.source);
    ins->bind(6, e.command);
    ins->bind(7, e.target);
    ins->bind(8, e.result);
    ins->bind(9, e.detail);
    ins->bind(10, link.pos);
    ins->bind(11, link.key_id);
    ins->bind(12, link.prev);
    ins->bind(13, link.hash);
    ins->exec();
    ins->reset();
  }
}

ChainHead AppendAudit(SQLite::Database& db, PersonalVault& vault, const std::vector<AuditEntry>& entries) {
  std::optional<SQLite::Transaction> own;
  if (sqlite3_get_autocommit(db.getHandle())) own.emplace(db, SQLite::TransactionBehavior::IMMEDIATE);
  StatementCache sql(db);
  Result<ChainAppender> chain = ChainAppender::Begin(sql, vault, Now());
  if (!chain.ok()) throw SQLite::Exception(chain.status().message());
  AppendAudit(sql, chain.value(), entries);
  if (own) own->commit();
  return chain->head();
}

Result<std::vector<AuditRecord>> ExportAudit(SQLite::Database& db, const std::string& from, const std::string& to) {
  try {
    // Chain order: the old records (seq = their position) before the keyed ones.
    SQLite::Statement q(db,
                        "SELECT seq, at, actor, role, source, command, target, result, detail, coalesce(pos, seq), "
                        "key_id, prev, hash FROM audit WHERE substr(at, 1, 10) BETWEEN ? AND ? "
                        "ORDER BY pos IS NOT NULL, coalesce(pos, seq)");
    q.bind(1, from);
    q.bind(2, to);
    std::vector<AuditRecord> out;
    while (q.executeStep()) {
      out.push_back(AuditRecord{q.getColumn(0).getInt64(),
                                AuditEntry{q.getColumn(1).getString(), q.getColumn(2).getString(),
                                           q.getColumn(3).getString(), q.getColumn(4).getString(),
                                           q.getColumn(5).getString(), q.getColumn(6).getString(),
                                           q.getColumn(7).getString(), q.getColumn(8).getString()},
                                q.getColumn(9).getInt64(), q.getColumn(10).getString(), q.getColumn(11).getString(),
                                q.getColumn(12).getString()});
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return Status::IoError(std::string("reading the audit log: ") + e.what());
  }
}

}  // namespace madoguchi
