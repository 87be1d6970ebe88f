#include "store/audit_chain.h"

#include "store/history_seal.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "store/audit_log.h"

namespace madoguchi {

namespace {

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string hex(n * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, n);
  hex.pop_back();
  return hex;
}

// The highest keyed position of one table, with its hash and key.
std::optional<ChainHead> TableHead(StatementCache& sql, std::string_view table) {
  StatementCache::Use q = sql.Take("SELECT pos, hash, key_id FROM " + std::string(table) +
                                   " WHERE pos IS NOT NULL ORDER BY pos DESC LIMIT 1");
  if (!q->executeStep()) return std::nullopt;
  return ChainHead{q->getColumn(0).getInt64(), q->getColumn(1).getString(), q->getColumn(2).getString()};
}

// The old SHA-256 records' head: the last audit row without a position.
ChainHead LegacyHead(StatementCache& sql) {
  StatementCache::Use q = sql.Take("SELECT seq, hash FROM audit WHERE pos IS NULL ORDER BY seq DESC LIMIT 1");
  if (!q->executeStep()) return ChainHead{};
  return ChainHead{q->getColumn(0).getInt64(), q->getColumn(1).getString(), ""};
}

ChainHead ReadHead(StatementCache& sql) {
  std::optional<ChainHead> best;
  for (ChainKind kind : {ChainKind::kAudit, ChainKind::kHistory, ChainKind::kAccess}) {
    std::optional<ChainHead> h = TableHead(sql, ChainTable(kind));
    if (h && (!best || h->count > best->count)) best = h;
  }
  return best ? *best : LegacyHead(sql);
}

std::optional<std::string> HashAt(StatementCache& sql, int64_t pos) {
  if (pos == 0) return std::string(kChainGenesis);
  for (ChainKind kind : {ChainKind::kAudit, ChainKind::kHistory, ChainKind::kAccess}) {
    StatementCache::Use q = sql.Take("SELECT hash FROM " + std::string(ChainTable(kind)) + " WHERE pos = ?");
    q->bind(1, pos);
    if (q->executeStep()) return q->getColumn(0).getString();
  }
  // An old SHA-256 record stands at the position of its seq.
  StatementCache::Use q = sql.Take("SELECT hash FROM audit WHERE pos IS NULL AND seq = ?");
  q->bind(1, pos);
  if (q->executeStep()) return q->getColumn(0).getString();
  return std::nullopt;
}

bool HasUnchainedRows(SQLite::Database& db) {
  return db.execAndGet("SELECT EXISTS (SELECT 1 FROM audit WHERE pos IS NULL) "
                       "OR EXISTS (SELECT 1 FROM history WHERE pos IS NULL) "
                       "OR EXISTS (SELECT 1 FROM personal_access WHERE pos IS NULL)")
             .getInt() != 0;
}

}  // namespace

std::string EscapedField(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string_view ChainTable(ChainKind kind) {
  switch (kind) {
    case ChainKind::kAudit: return "audit";
    case ChainKind::kHistory: return "history";
    case ChainKind::kAccess: return "personal_access";
  }
  return "";
}

ChainKeys KeysOf(PersonalVault& vault) {
  return [&vault](const std::string& id) { return vault.Key(id); };
}

ChainKeys KeysOf(DataKeyRing ring) {
  return [ring = std::move(ring)](const std::string& id) -> Result<DataKey> {
    if (const DataKey* k = ring.Find(id)) return *k;
    return Status::NotFound("data key " + id + " is not in the key file");
  };
}

std::string ChainText(ChainKind kind, int64_t pos, const std::string& key_id, const std::vector<std::string>& fields,
                      const std::string& prev) {
  std::string text(1, static_cast<char>(kind));
  text += "\t" + std::to_string(pos) + "\t" + key_id;
  for (const std::string& f : fields) text += "\t" + EscapedField(f);
  return text + "\t" + prev;
}

std::string ChainMac(const DataKey& key, std::string_view text) {
  std::array<uint8_t, 32> subkey = key.Subkey(KeyPurpose::kAuditChain);
  unsigned char mac[32];
  crypto_generichash(mac, sizeof mac, reinterpret_cast<const unsigned char*>(text.data()), text.size(), subkey.data(),
                     subkey.size());
  sodium_memzero(subkey.data(), subkey.size());
  return Hex(mac, sizeof mac);
}

std::vector<std::string> HistoryChainFields(const std::string& request_id, int64_t version, const std::string& at,
                                            const std::string& actor, const std::string& role,
                                            const std::string& event, const std::string& data,
                                            const std::string& from_state, const std::string& to_state) {
  return {request_id, std::to_string(version), at, actor, role, event, data, from_state, to_state};
}

ChainHead ReadChainHead(SQLite::Database& db) {
  StatementCache once(db);
  return ReadHead(once);
}

std::optional<std::string> ChainHashAt(SQLite::Database& db, int64_t pos) {
  StatementCache once(db);
  return HashAt(once, pos);
}

bool ChainIsKeyed(SQLite::Database& db) {
  return db.execAndGet("SELECT EXISTS (SELECT 1 FROM audit WHERE pos IS NOT NULL) "
                       "OR EXISTS (SELECT 1 FROM history WHERE pos IS NOT NULL) "
                       "OR EXISTS (SELECT 1 FROM personal_access WHERE pos IS NOT NULL)")
             .getInt() != 0;
}

namespace {

// Whether a history row belongs to a disposed request and has no sealed part
// left (false in a schema from before disposal).
bool DisposedRow(SQLite::Database& db, const std::string& request_id, int64_t version) {
  SQLite::Statement has(db, "SELECT 1 FROM pragma_table_info('requests') WHERE name = 'disposed_at'");
  if (!has.executeStep()) return false;
  SQLite::Statement q(db, "SELECT 1 FROM requests WHERE id = ? AND disposed_at IS NOT NULL AND NOT EXISTS "
                          "(SELECT 1 FROM history_sealed WHERE request_id = ? AND version = ?)");
  q.bind(1, request_id);
  q.bind(2, request_id);
  q.bind(3, version);
  return q.executeStep();
}

}  // namespace

LegacyRows LegacyDigest(SQLite::Database& db, const DataKey& key, ChainKind kind, const ChainKeys& keys) {
  std::string sql =
      kind == ChainKind::kHistory
          ? "SELECT seq, request_id, version, at, actor, role, event, data, coalesce(from_state, ''), to_state "
            "FROM history WHERE pos IS NULL ORDER BY seq"
          : "SELECT seq, at, actor, role, source, request_id, what FROM personal_access WHERE pos IS NULL ORDER BY seq";
  std::array<uint8_t, 32> subkey = key.Subkey(KeyPurpose::kAuditChain);
  crypto_generichash_state state;
  crypto_generichash_init(&state, subkey.data(), subkey.size(), 32);
  sodium_memzero(subkey.data(), subkey.size());
  LegacyRows out;
  SQLite::Statement q(db, sql);
  while (q.executeStep()) {
    std::vector<std::string> fields;
    for (int c = 1; c < q.getColumnCount(); ++c) fields.push_back(q.getColumn(c).getString());
    if (kind == ChainKind::kHistory) {
      // request_id, version, at, actor, role, event, data, ...: the MAC covers the whole data.
      Result<std::string> whole = WholeHistoryData(db, keys, fields[0], q.getColumn(2).getInt64(), fields[5], fields[6]);
      if (whole.ok()) {
        fields[6] = *whole;
      } else if (DisposedRow(db, fields[0], q.getColumn(2).getInt64())) {
        // A disposed request's row (store/disposal.h): its clear part, marked;
        // the `dispose` record that made it so attests the digest after it.
        fields[6] = "(disposed)\t" + fields[6];
      } else {
        fields[6] = "(" + whole.status().message() + ")";
      }
    }
    out.last_seq = q.getColumn(0).getInt64();
    // Each text with its length first, so that no two row sequences share a stream.
    std::string text = ChainText(kind, out.last_seq, "", fields, "");
    text = std::to_string(text.size()) + ":" + text;
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    ++out.rows;
  }
  unsigned char digest[32];
  crypto_generichash_final(&state, digest, sizeof digest);
  out.digest = Hex(digest, sizeof digest);
  return out;
}

Result<ChainAppender> ChainAppender::Begin(StatementCache& sql, PersonalVault& vault, Timestamp now,
                                           const std::optional<ChainHead>& known) {
  SQLite::Database& db = sql.db();
  Result<DataKey> key = vault.SealingKey(sql);
  if (!key.ok()) return key.status();
  if (known && known->count > 0) {
    std::optional<std::string> held = HashAt(sql, known->count);
    if (!held || *held != known->hash) {
      ChainHead now_head = ReadHead(sql);
      return Status::Unavailable("the audit chain was changed under the running engine: it appended record " +
                                std::to_string(known->count) + " (" + known->hash + "), and the database now " +
                                (held ? "holds " + *held + " there" : std::string("ends before it")) +
                                " (its head is record " + std::to_string(now_head.count) + ", " + now_head.hash +
                                "); it appends nothing more: stop it and see docs/audit.md");
    }
  }
  ChainAppender appender(std::move(key).value(), ReadHead(sql));
  // The head is keyed once anything is (ReadHead prefers keyed entries).
  if (appender.head_.key_id.empty() && HasUnchainedRows(db)) {
    // An older database: key its chain, recording what came before.
    LegacyRows history = LegacyDigest(db, appender.key_, ChainKind::kHistory, KeysOf(vault));
    LegacyRows access = LegacyDigest(db, appender.key_, ChainKind::kAccess, KeysOf(vault));
    nlohmann::json detail = {
        {"legacy_records", appender.head_.count},
        {"legacy_head", appender.head_.hash},
        {"history", {{"rows", history.rows}, {"last_seq", history.last_seq}, {"digest", history.digest}}},
        {"personal_access", {{"rows", access.rows}, {"last_seq", access.last_seq}, {"digest", access.digest}}}};
    AppendAudit(sql, appender, {AuditEntry{FormatJst(now), "madoguchi", "", "server", kAuditKeyedCommand, "", "ok",
                                           detail.dump()}});
  }
  return appender;
}

ChainLink ChainAppender::Next(ChainKind kind, const std::vector<std::string>& fields) {
  ChainLink link{head_.count + 1, key_.id, head_.hash, ""};
  link.hash = ChainMac(key_, ChainText(kind, link.pos, link.key_id, fields, link.prev));
  head_ = ChainHead{link.pos, link.hash, link.key_id};
  return link;
}

}  // namespace madoguchi
