#include "store/audit_chain_verify.h"

#include <map>
#include <optional>

#include "util/sha256.h"
#include "store/audit_log.h"
#include "store/disposal.h"
#include "store/history_seal.h"
#include "store/personal_access.h"

namespace madoguchi {

namespace {

// One table's keyed rows in position order, one at a time.
class Cursor {
 public:
  Cursor(SQLite::Database& db, ChainKind kind, const ChainKeys& keys,
         const std::map<int64_t, DisposalVoucher>& vouchers)
      : db_(db), keys_(keys), vouchers_(vouchers), kind_(kind), q_(db, Sql(kind)) {
    Step();
  }

  bool done() const { return done_; }
  int64_t pos() const { return pos_; }
  ChainKind kind() const { return kind_; }
  const std::string& key_id() const { return key_id_; }
  const std::string& prev() const { return prev_; }
  const std::string& hash() const { return hash_; }
  const std::vector<std::string>& fields() const { return fields_; }
  int64_t seq() const { return seq_; }
  const std::string& command() const { return command_; }
  const std::string& detail() const { return detail_; }
  // A history row of a disposed request (store/disposal.h): its sealed part
  // is gone and a `dispose` record vouches for it; its remaining fields.
  const DisposalVoucher* disposed() const { return disposed_; }
  const std::vector<std::string>& clear_fields() const { return clear_fields_; }

  // For messages: which row this is.
  std::string Describe() const {
    switch (kind_) {
      case ChainKind::kAudit: return "audit record " + std::to_string(seq_);
      case ChainKind::kHistory: return "history " + fields_[0] + " v" + fields_[1];
      case ChainKind::kAccess: return "personal_access row " + std::to_string(seq_);
    }
    return "";
  }

  void Step() {
    done_ = !q_.executeStep();
    if (done_) return;
    pos_ = q_.getColumn(0).getInt64();
    key_id_ = q_.getColumn(1).getString();
    prev_ = q_.getColumn(2).getString();
    hash_ = q_.getColumn(3).getString();
    seq_ = q_.getColumn(4).getInt64();
    switch (kind_) {
      case ChainKind::kAudit: {
        AuditEntry e{Col(5), Col(6), Col(7), Col(8), Col(9), Col(10), Col(11), Col(12)};
        command_ = e.command;
        detail_ = e.detail;
        fields_ = AuditChainFields(seq_, e);
        break;
      }
      case ChainKind::kHistory:
      {
        // The MAC covers the whole data (store/history_seal.h); a sealed part
        // that is missing, does not open or does not match the row counts as
        // the text of that failure, so the MAC does not hold.
        Result<std::string> whole = WholeHistoryData(db_, keys_, Col(5), q_.getColumn(6).getInt64(), Col(10), Col(11));
        disposed_ = nullptr;
        if (!whole.ok()) {
          auto vouched = vouchers_.find(pos_);
          if (vouched != vouchers_.end() && !HasSealedPart()) {
            disposed_ = &vouched->second;
            clear_fields_ = HistoryChainFields(Col(5), q_.getColumn(6).getInt64(), Col(7), Col(8), Col(9), Col(10),
                                               Col(11), Col(12), Col(13));
          }
        }
        fields_ = HistoryChainFields(Col(5), q_.getColumn(6).getInt64(), Col(7), Col(8), Col(9), Col(10),
                                     whole.ok() ? *whole : "(" + whole.status().message() + ")", Col(12), Col(13));
      }
        break;
      case ChainKind::kAccess:
        fields_ = AccessChainFields(PersonalAccess{Col(5), Col(6), Col(7), Col(8), Col(9), Col(10)});
        break;
    }
  }

 private:
  static std::string Sql(ChainKind kind) {
    switch (kind) {
      case ChainKind::kAudit:
        return "SELECT pos, key_id, prev, hash, seq, at, actor, role, source, command, target, result, detail "
               "FROM audit WHERE pos IS NOT NULL ORDER BY pos";
      case ChainKind::kHistory:
        return "SELECT pos, key_id, prev, hash, seq, request_id, version, at, actor, role, event, data, "
               "coalesce(from_state, ''), to_state FROM history WHERE pos IS NOT NULL ORDER BY pos";
      case ChainKind::kAccess:
        return "SELECT pos, key_id, prev, hash, seq, at, actor, role, source, request_id, what "
               "FROM personal_access WHERE pos IS NOT NULL ORDER BY pos";
    }
    return "";
  }
  std::string Col(int i) { return q_.getColumn(i).getString(); }
  // Whether history_sealed still holds a part of this row (then a failure to
  // open it is a failure, whatever a record vouches).
  bool HasSealedPart() {
    SQLite::Statement q(db_, "SELECT 1 FROM history_sealed WHERE request_id = ? AND version = ?");
    q.bind(1, Col(5));
    q.bind(2, q_.getColumn(6).getInt64());
    return q.executeStep();
  }

  SQLite::Database& db_;
  const ChainKeys& keys_;
  const std::map<int64_t, DisposalVoucher>& vouchers_;
  const DisposalVoucher* disposed_ = nullptr;
  std::vector<std::string> clear_fields_;
  ChainKind kind_;
  SQLite::Statement q_;
  bool done_ = true;
  int64_t pos_ = 0;
  int64_t seq_ = 0;
  std::string key_id_, prev_, hash_, command_, detail_;
  std::vector<std::string> fields_;
};

// Fills `v` as broken and returns it.
ChainVerification& Broken(ChainVerification& v, int64_t at, std::string entry, std::string what, std::string expected,
                          std::string found, std::string message) {
  v.ok = false;
  v.broken_at = at;
  v.entry = std::move(entry);
  v.what = std::move(what);
  v.expected = std::move(expected);
  v.found = std::move(found);
  v.message = std::move(message);
  return v;
}

// When position `pos` is missing: the table whose seq jumps across it, if
// one does ("personal_access row 7"), else "".
std::string LostRow(SQLite::Database& db, int64_t pos) {
  for (ChainKind kind : {ChainKind::kAudit, ChainKind::kHistory, ChainKind::kAccess}) {
    const std::string table(ChainTable(kind));
    SQLite::Statement before(db, "SELECT coalesce((SELECT seq FROM " + table +
                                     " WHERE pos < ? ORDER BY pos DESC LIMIT 1), "
                                     "(SELECT max(seq) FROM " + table + " WHERE pos IS NULL), 0)");
    before.bind(1, pos);
    before.executeStep();
    const int64_t last_before = before.getColumn(0).getInt64();
    // The next row of the table, or (for a row deleted at the table's end) the
    // last seq its AUTOINCREMENT handed out.
    SQLite::Statement after(db, "SELECT coalesce((SELECT seq FROM " + table + " WHERE pos > ? ORDER BY pos LIMIT 1), "
                                    "(SELECT seq FROM sqlite_sequence WHERE name = ?) + 1, 0)");
    after.bind(1, pos);
    after.bind(2, table);
    after.executeStep();
    if (after.getColumn(0).getInt64() > last_before + 1) {
      std::string name = kind == ChainKind::kAudit    ? "audit record "
                         : kind == ChainKind::kAccess ? "personal_access row "
                                                      : "history row ";
      return name + std::to_string(last_before + 1);
    }
  }
  return "";
}

}  // namespace

Result<ChainVerification> VerifyChain(SQLite::Database& db, const ChainKeys& keys, const ChainVerifyOptions& options) {
  try {
    ChainVerification v;
    // Each kept head once (the engine's anchor file may also be given as --anchors).
    std::multimap<int64_t, const ChainExpectation*> expected;
    for (const ChainExpectation& e : options.expected) {
      auto [first, last] = expected.equal_range(e.pos);
      bool seen = false;
      for (auto it = first; it != last; ++it) seen = seen || it->second->hash == e.hash;
      if (!seen) expected.emplace(e.pos, &e);
    }
    // Checks the kept heads of position `pos` against `hash`; false when one differs.
    auto check_kept = [&](int64_t pos, const std::string& hash, const std::string& entry) {
      auto [first, last] = expected.equal_range(pos);
      for (auto it = first; it != last; ++it) {
        if (it->second->hash != hash) {
          Broken(v, pos, entry, "rewritten", it->second->hash, hash,
                 "the database holds " + hash + " at record " + std::to_string(pos) + ", but " + it->second->source +
                     " recorded " + it->second->hash + " there: the chain was rewritten up to it, or this is another "
                     "database");
          return false;
        }
        ++v.checked;
      }
      return true;
    };

    // A database of a schema from before the keyed chain has no positions at all.
    bool keyed_schema = false;
    {
      SQLite::Statement columns(db, "SELECT 1 FROM pragma_table_info('audit') WHERE name = 'pos'");
      keyed_schema = columns.executeStep();
    }

    // 1. The records from before the keyed chain: SHA-256, as they always were.
    std::string prev = kChainGenesis;
    {
      SQLite::Statement q(db, std::string("SELECT seq, at, actor, role, source, command, target, result, prev, hash "
                                          "FROM audit ") +
                                  (keyed_schema ? "WHERE pos IS NULL " : "") + "ORDER BY seq");
      while (q.executeStep()) {
        const int64_t seq = q.getColumn(0).getInt64();
        AuditEntry e{q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
                     q.getColumn(4).getString(), q.getColumn(5).getString(), q.getColumn(6).getString(),
                     q.getColumn(7).getString()};
        const std::string stored_prev = q.getColumn(8).getString();
        const std::string stored_hash = q.getColumn(9).getString();
        const int64_t want = v.legacy + 1;
        const std::string entry = "audit record " + std::to_string(want);
        if (seq != want) {
          return Broken(v, want, entry, "missing", std::to_string(want), std::to_string(seq),
                        "old audit record " + std::to_string(want) + " is missing (the next is " +
                            std::to_string(seq) + ")");
        }
        if (stored_prev != prev) {
          return Broken(v, seq, entry, "prev", prev, stored_prev, "its link to the record before does not hold");
        }
        const std::string hash = Sha256Hex(CanonicalAuditText(seq, e, stored_prev));
        if (hash != stored_hash) {
          return Broken(v, seq, entry, "hash", hash, stored_hash, "its SHA-256 does not hold: it was changed");
        }
        if (!check_kept(seq, stored_hash, entry)) return v;
        prev = stored_hash;
        ++v.legacy;
      }
    }
    const std::string legacy_head = prev;
    v.count = v.legacy;
    v.head = prev;
    const int64_t legacy_history =
        keyed_schema ? db.execAndGet("SELECT count(*) FROM history WHERE pos IS NULL").getInt64() : 0;
    const int64_t legacy_access =
        keyed_schema ? db.execAndGet("SELECT count(*) FROM personal_access WHERE pos IS NULL").getInt64() : 0;
    const bool legacy_content = v.legacy > 0 || legacy_history > 0 || legacy_access > 0;

    // 2. The keyed entries, the three tables merged by position.
    // The history rows of disposed requests, as the `dispose` records vouch for them.
    std::map<int64_t, DisposalVoucher> vouchers;
    if (keyed_schema) vouchers = ReadDisposalVouchers(db);
    std::vector<Cursor> cursors;
    if (keyed_schema) {
      cursors.reserve(3);
      for (ChainKind kind : {ChainKind::kAudit, ChainKind::kHistory, ChainKind::kAccess}) {
        cursors.emplace_back(db, kind, keys, vouchers);
      }
    }
    for (;;) {
      Cursor* next = nullptr;
      for (Cursor& c : cursors) {
        if (!c.done() && (next == nullptr || c.pos() < next->pos())) next = &c;
      }
      if (next == nullptr) break;
      const int64_t want = v.count + 1;
      const std::string entry = next->Describe();
      if (next->pos() != want) {
        std::string lost = LostRow(db, want);
        return Broken(v, want, lost.empty() ? "a row" : lost, "missing", std::to_string(want),
                      std::to_string(next->pos()),
                      "record " + std::to_string(want) + " is missing" + (lost.empty() ? "" : " (" + lost + " was deleted)") +
                          "; the next is " + std::to_string(next->pos()) + ", " + entry);
      }
      Result<DataKey> key = keys(next->key_id());
      if (!key.ok()) {
        return Broken(v, want, entry, "key", next->key_id(), "", "it was made under data key " + next->key_id() +
                                                                     ", which is not in the key file: " +
                                                                     key.status().message());
      }
      // The record that keyed an older chain holds the old part's head: a
      // break there most likely means the old part was rewritten.
      const std::string keyed_note =
          want == v.legacy + 1 && legacy_content
              ? " (this record keyed the chain on the head of the " + std::to_string(v.legacy) +
                    " records from before the keyed chain: they, or it, were changed and re-hashed)"
              : "";
      if (next->prev() != prev) {
        return Broken(v, want, entry, "prev", prev, next->prev(),
                      "its link to the record before does not hold" + keyed_note);
      }
      if (const DisposalVoucher* d = next->disposed()) {
        // Its sealed text was disposed of: the MAC of the whole cannot be
        // made again. The `dispose` record at d->record_pos (checked when the
        // walk reaches it) holds its hash and the MAC of what remains.
        const std::string clear_mac =
            DisposedHistoryMac(*key, want, next->key_id(), next->clear_fields(), next->prev());
        if (d->hash != next->hash() || d->clear_mac != clear_mac) {
          return Broken(v, want, entry, "hash", d->hash, next->hash(),
                        "the request was disposed of (record " + std::to_string(d->record_pos) +
                            "), and what remains of this row is not what that record vouched for: it was changed");
        }
        ++v.disposed;
      } else if (const std::string mac =
                     ChainMac(*key, ChainText(next->kind(), want, next->key_id(), next->fields(), next->prev()));
                 mac != next->hash()) {
        return Broken(v, want, entry, "hash", mac, next->hash(),
                      "its MAC does not hold: it was changed, or written without the data key" + keyed_note);
      }
      if (want == v.legacy + 1 && legacy_content) {
        // The record that keyed the chain: what came before must still be as it was then.
        if (next->kind() != ChainKind::kAudit || next->command() != kAuditKeyedCommand) {
          return Broken(v, want, entry, "keyed", kAuditKeyedCommand, entry,
                        "there are rows from before the keyed chain (" + std::to_string(v.legacy) + " audit, " +
                            std::to_string(legacy_history) + " history, " + std::to_string(legacy_access) +
                            " personal_access), and no record keyed them here: rows were put outside the chain");
        }
        nlohmann::json d = nlohmann::json::parse(next->detail(), nullptr, false);
        if (d.is_discarded() || d.value("legacy_records", int64_t{-1}) != v.legacy ||
            d.value("legacy_head", "") != legacy_head) {
          return Broken(v, want, entry, "legacy", d.is_discarded() ? "" : d.value("legacy_head", ""), legacy_head,
                        "the " + std::to_string(v.legacy) + " records from before the keyed chain no longer end at "
                        "the head it was keyed on: they were changed and their SHA-256 recomputed");
        }
        for (ChainKind kind : {ChainKind::kHistory, ChainKind::kAccess}) {
          const std::string table(ChainTable(kind));
          LegacyRows now = LegacyDigest(db, *key, kind, keys);
          const nlohmann::json& then = d.value(table, nlohmann::json::object());
          // Rows of disposed requests count as their clear part; the `dispose`
          // records attest the digest after each disposal (store/disposal.h).
          std::optional<std::string> attested = then.value("digest", "");
          if (kind == ChainKind::kHistory) attested = AttestedLegacyDigest(db, *attested);
          if (now.rows != then.value("rows", int64_t{-1}) || now.last_seq != then.value("last_seq", int64_t{-1}) ||
              !attested || now.digest != *attested) {
            return Broken(v, want, table, "legacy", then.value("digest", ""), now.digest,
                          "the " + table + " rows from before the keyed chain differ from those it was keyed on (" +
                              std::to_string(then.value("rows", int64_t{0})) + " rows then, " +
                              std::to_string(now.rows) + " now): one was changed, deleted or added");
          }
        }
      }
      if (!check_kept(want, next->hash(), entry)) return v;
      switch (next->kind()) {
        case ChainKind::kAudit: ++v.audit; break;
        case ChainKind::kHistory: ++v.history; break;
        case ChainKind::kAccess: ++v.access; break;
      }
      prev = next->hash();
      v.count = want;
      v.head = prev;
      next->Step();
    }

    // 3. Nothing keyed yet, in a schema that has the keyed chain: rows from
    // before it and no record that keyed them.
    if (keyed_schema && v.count == v.legacy && legacy_content) {
      return Broken(v, v.count + 1, "the chain", "unkeyed", "", "",
                    "the chain is not keyed: " + std::to_string(v.legacy) + " audit, " +
                        std::to_string(legacy_history) + " history and " + std::to_string(legacy_access) +
                        " personal_access rows are from before it (the engine keys it at its first start after "
                        "the upgrade)");
    }

    // 4. Kept heads beyond the end: the chain was cut, or is an older copy.
    const ChainExpectation* furthest = nullptr;
    for (const ChainExpectation& e : options.expected) {
      if (e.pos > v.count && (furthest == nullptr || e.pos > furthest->pos)) furthest = &e;
    }
    if (furthest != nullptr) {
      return Broken(v, furthest->pos, "the chain's end", "behind", furthest->hash, v.head,
                    "the chain ends at record " + std::to_string(v.count) + " (" + v.head + "), behind record " +
                        std::to_string(furthest->pos) + " (" + furthest->hash + ") that " + furthest->source +
                        " recorded: records were cut, or an older copy of the database was put back");
    }
    return v;
  } catch (const SQLite::Exception& e) {
    return Status::IoError(std::string("reading the audit chain: ") + e.what());
  }
}

std::string DescribeVerification(const ChainVerification& v) {
  if (!v.ok) {
    return "audit BROKEN at record " + std::to_string(v.broken_at) + " (" + v.entry + ", " + v.what + "): " + v.message;
  }
  std::string text = "audit ok: " + std::to_string(v.count) + " records, head " + v.head + " (" +
                     std::to_string(v.audit) + " audit, " + std::to_string(v.history) + " history, " +
                     std::to_string(v.access) + " personal_access";
  if (v.legacy > 0) {
    text += "; records 1-" + std::to_string(v.legacy) + " from before the keyed chain, SHA-256 only";
  }
  if (v.disposed > 0) text += "; " + std::to_string(v.disposed) + " history rows of disposed requests vouched for";
  if (v.checked > 0) text += "; " + std::to_string(v.checked) + " kept heads match";
  return text + ")";
}

nlohmann::json VerificationJson(const ChainVerification& v) {
  nlohmann::json j = {{"ok", v.ok},        {"count", v.count},     {"head", v.head},   {"audit", v.audit},
                      {"history", v.history}, {"access", v.access}, {"legacy", v.legacy}, {"checked", v.checked},
                      {"text", DescribeVerification(v)}};
  if (!v.ok) {
    j["broken_at"] = v.broken_at;
    j["entry"] = v.entry;
    j["field"] = v.what;
    j["expected"] = v.expected;
    j["found"] = v.found;
    j["message"] = v.message;
  }
  return j;
}

}  // namespace madoguchi
