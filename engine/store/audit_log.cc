#include "store/audit_log.h"

#include "protocol/sha256.h"

namespace madoguchi {

std::string CanonicalAuditText(int64_t seq, const AuditEntry& e, const std::string& prev) {
  // Tabs and newlines never occur in the fields (names, codes, ids, times),
  // and are escaped anyway so that no two records share a text.
  auto field = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '\\') out += "\\\\";
      else if (c == '\t') out += "\\t";
      else if (c == '\n') out += "\\n";
      else out += c;
    }
    return out;
  };
  return std::to_string(seq) + "\t" + field(e.at) + "\t" + field(e.actor) + "\t" + field(e.role) + "\t" +
         field(e.source) + "\t" + field(e.command) + "\t" + field(e.target) + "\t" + field(e.result) + "\t" + prev;
}

AuditHead ReadAuditHead(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
  AuditHead head;
  if (q.executeStep()) {
    head.count = q.getColumn(0).getInt64();
    head.hash = q.getColumn(1).getString();
  }
  return head;
}

void AppendAudit(SQLite::Database& db, const std::vector<AuditEntry>& entries) {
  if (entries.empty()) return;
  AuditHead head = ReadAuditHead(db);
  SQLite::Statement ins(db,
                        "INSERT INTO audit (seq, at, actor, role, source, command, target, result, prev, hash) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const AuditEntry& e : entries) {
    int64_t seq = head.count + 1;
    std::string hash = Sha256Hex(CanonicalAuditText(seq, e, head.hash));
    ins.bind(1, seq);
    ins.bind(2, e.at);
    ins.bind(3, e.actor);
    ins.bind(4, e.role);
    ins.bind(5, e.source);
    ins.bind(6, e.command);
    ins.bind(7, e.target);
    ins.bind(8, e.result);
    ins.bind(9, head.hash);
    ins.bind(10, hash);
    ins.exec();
    ins.reset();
    head.count = seq;
    head.hash = hash;
  }
}

Result<AuditVerification> VerifyAudit(SQLite::Database& db) {
  try {
    SQLite::Statement q(db,
                        "SELECT seq, at, actor, role, source, command, target, result, prev, hash FROM audit "
                        "ORDER BY seq");
    AuditVerification v;
    std::string prev = kAuditGenesis;
    int64_t expected_seq = 1;
    while (q.executeStep()) {
      int64_t seq = q.getColumn(0).getInt64();
      AuditEntry e{q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
                   q.getColumn(4).getString(), q.getColumn(5).getString(), q.getColumn(6).getString(),
                   q.getColumn(7).getString()};
      std::string stored_prev = q.getColumn(8).getString();
      std::string stored_hash = q.getColumn(9).getString();
      auto broken = [&](const char* what, std::string expected, std::string found) {
        v.ok = false;
        v.broken_at = expected_seq;
        v.what = what;
        v.expected = std::move(expected);
        v.found = std::move(found);
        v.head.clear();
        return v;
      };
      // A deleted record shows as a gap: the record that should be there is broken.
      if (seq != expected_seq) return broken("seq", std::to_string(expected_seq), std::to_string(seq));
      if (stored_prev != prev) return broken("prev", prev, stored_prev);
      std::string hash = Sha256Hex(CanonicalAuditText(seq, e, stored_prev));
      if (hash != stored_hash) return broken("hash", hash, stored_hash);
      prev = stored_hash;
      v.count = seq;
      ++expected_seq;
    }
    v.head = prev;
    return v;
  } catch (const SQLite::Exception& e) {
    return Status::IoError(std::string("reading the audit log: ") + e.what());
  }
}

Result<std::vector<AuditRecord>> ExportAudit(SQLite::Database& db, const std::string& from, const std::string& to) {
  try {
    SQLite::Statement q(db,
                        "SELECT seq, at, actor, role, source, command, target, result, prev, hash FROM audit "
                        "WHERE substr(at, 1, 10) BETWEEN ? AND ? ORDER BY seq");
    q.bind(1, from);
    q.bind(2, to);
    std::vector<AuditRecord> out;
    while (q.executeStep()) {
      out.push_back(AuditRecord{q.getColumn(0).getInt64(),
                                AuditEntry{q.getColumn(1).getString(), q.getColumn(2).getString(),
                                           q.getColumn(3).getString(), q.getColumn(4).getString(),
                                           q.getColumn(5).getString(), q.getColumn(6).getString(),
                                           q.getColumn(7).getString()},
                                q.getColumn(8).getString(), q.getColumn(9).getString()});
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return Status::IoError(std::string("reading the audit log: ") + e.what());
  }
}

}  // namespace madoguchi
