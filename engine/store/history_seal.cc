#include "store/history_seal.h"

#include <array>
#include <vector>

#include <sodium.h>

#include "core/sealed_fields.h"
#include "store/database.h"
#include "store/record_seal.h"

namespace madoguchi {

std::string HistoryAssociatedData(const std::string& request_id, int64_t version, const std::string& key_id) {
  return "madoguchi history data\x1f" + request_id + '\x1f' + std::to_string(version) + '\x1f' + key_id;
}

namespace {

void PutSealed(SQLite::Statement& put, const DataKey& key, const std::string& request_id, int64_t version,
               const std::string& data_text) {
  const std::string sealed = SealRecord(key, data_text, HistoryAssociatedData(request_id, version, key.id));
  put.bind(1, request_id);
  put.bind(2, version);
  put.bind(3, key.id);
  put.bind(4, sealed.data(), static_cast<int>(sealed.size()));
  put.exec();
  put.reset();
}

constexpr const char* kPutSql = "INSERT INTO history_sealed(request_id, version, key_id, sealed) VALUES (?, ?, ?, ?)";

}  // namespace

std::string SealHistoryData(StatementCache& statements, const DataKey& key, const std::string& request_id,
                            int64_t version, const std::string& event, const std::string& data_text) {
  const nlohmann::json whole = nlohmann::json::parse(data_text);
  const nlohmann::json clear = WithheldHistoryData(event, whole);
  if (!clear.contains(kWithheldKey)) return data_text;
  StatementCache::Use put = statements.Take(kPutSql);
  PutSealed(*put, key, request_id, version, data_text);
  return clear.dump();
}

Result<std::string> WholeHistoryData(SQLite::Database& db, const ChainKeys& keys, const std::string& request_id,
                                     int64_t version, const std::string& event, const std::string& stored) {
  // Cheap first: most rows withheld nothing.
  if (stored.find(std::string("\"") + kWithheldKey + "\"") == std::string::npos) return stored;
  const std::string row = "history " + request_id + " v" + std::to_string(version);
  SQLite::Statement st(db, "SELECT key_id, sealed FROM history_sealed WHERE request_id = ? AND version = ?");
  st.bind(1, request_id);
  st.bind(2, version);
  if (!st.executeStep()) return Status::Corruption(row + " withholds text, and its sealed part is missing");
  const std::string key_id = st.getColumn(0).getString();
  const std::string bytes = BlobBytes(st.getColumn(1));
  Result<DataKey> key = keys(key_id);
  if (!key.ok()) return key.status();
  Result<std::string> whole = OpenRecord(*key, bytes, HistoryAssociatedData(request_id, version, key_id));
  if (!whole.ok()) return Status::Corruption("the sealed part of " + row + " does not open: " + whole.status().message());
  try {
    if (WithheldHistoryData(event, nlohmann::json::parse(*whole)) != nlohmann::json::parse(stored)) {
      return Status::Corruption(row + " does not hold the clear part of its sealed data: one of them was changed");
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(row + ": " + e.what());
  }
  return whole;
}

namespace {

constexpr std::string_view kLinkPrefix = "sealed:";

std::string LinkAssociatedData(const std::string& from, const std::string& to, const std::string& key_id) {
  return "madoguchi link reason\x1f" + from + '\x1f' + to + '\x1f' + key_id;
}

}  // namespace

std::string SealLinkReason(const DataKey& key, const std::string& from, const std::string& to,
                           const std::string& reason) {
  const std::string sealed = SealRecord(key, reason, LinkAssociatedData(from, to, key.id));
  std::string hex(sealed.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(sealed.data()), sealed.size());
  hex.pop_back();
  return std::string(kLinkPrefix) + key.id + ":" + hex;
}

bool IsSealedLinkReason(const std::string& stored) { return stored.rfind(kLinkPrefix, 0) == 0; }

Result<std::string> OpenLinkReason(const ChainKeys& keys, const std::string& from, const std::string& to,
                                   const std::string& stored) {
  if (!IsSealedLinkReason(stored)) return stored;
  const size_t colon = stored.find(':', kLinkPrefix.size());
  if (colon == std::string::npos) return Status::Corruption("the reason of link " + from + " → " + to + " is malformed");
  const std::string key_id = stored.substr(kLinkPrefix.size(), colon - kLinkPrefix.size());
  const std::string hex = stored.substr(colon + 1);
  std::string bytes(hex.size() / 2, '\0');
  size_t length = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), hex.data(), hex.size(), nullptr,
                     &length, nullptr) != 0) {
    return Status::Corruption("the reason of link " + from + " → " + to + " is malformed");
  }
  bytes.resize(length);
  Result<DataKey> key = keys(key_id);
  if (!key.ok()) return key.status();
  Result<std::string> reason = OpenRecord(*key, bytes, LinkAssociatedData(from, to, key_id));
  if (!reason.ok()) {
    return Status::Corruption("the reason of link " + from + " → " + to + " does not open: " + reason.status().message());
  }
  return reason;
}

Result<int64_t> SealLegacyHistory(SQLite::Database& db, const DataKey& key, int batch) {
  try {
    // Only events the table names can hold sealed fields.
    std::string events;
    for (const SealedHistoryField& f : SealedHistoryFields()) {
      const std::string quoted = "'" + std::string(f.event) + "'";
      if (events.find(quoted) == std::string::npos) events += (events.empty() ? "" : ", ") + quoted;
    }
    int64_t done = 0;
    int64_t after = 0;
    for (;;) {
      SQLite::Transaction txn(db, SQLite::TransactionBehavior::IMMEDIATE);
      struct Row {
        int64_t seq, version;
        std::string request_id, event, data;
      };
      std::vector<Row> rows;
      {
        SQLite::Statement st(db, "SELECT seq, request_id, version, event, data FROM history WHERE seq > ? AND event IN (" +
                                     events + ") AND json_extract(data, '$." + kWithheldKey +
                                     "') IS NULL ORDER BY seq LIMIT ?");
        st.bind(1, after);
        st.bind(2, batch);
        while (st.executeStep()) {
          rows.push_back({st.getColumn(0).getInt64(), st.getColumn(2).getInt64(), st.getColumn(1).getString(),
                          st.getColumn(3).getString(), st.getColumn(4).getString()});
        }
      }
      if (rows.empty()) break;
      SQLite::Statement put(db, kPutSql);
      SQLite::Statement update(db, "UPDATE history SET data = ? WHERE seq = ?");
      for (const Row& r : rows) {
        after = r.seq;
        const nlohmann::json clear = WithheldHistoryData(r.event, nlohmann::json::parse(r.data));
        if (!clear.contains(kWithheldKey)) continue;
        // The row's text as it was, byte for byte: what its MAC covers.
        PutSealed(put, key, r.request_id, r.version, r.data);
        update.bind(1, clear.dump());
        update.bind(2, r.seq);
        update.exec();
        update.reset();
        ++done;
      }
      txn.commit();
    }
    // The reasons links keep beside their history events (few: one transaction).
    SQLite::Transaction txn(db, SQLite::TransactionBehavior::IMMEDIATE);
    std::vector<std::array<std::string, 3>> links;
    {
      SQLite::Statement st(db, "SELECT from_id, to_id, reason FROM request_links "
                               "WHERE reason IS NOT NULL AND reason NOT LIKE 'sealed:%'");
      while (st.executeStep()) {
        links.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString()});
      }
    }
    SQLite::Statement seal(db, "UPDATE request_links SET reason = ? WHERE from_id = ? AND to_id = ?");
    for (const auto& [from, to, reason] : links) {
      seal.bind(1, SealLinkReason(key, from, to, reason));
      seal.bind(2, from);
      seal.bind(3, to);
      seal.exec();
      seal.reset();
      ++done;
    }
    txn.commit();
    return done;
  } catch (const SQLite::Exception& e) {
    return Status::IoError(std::string("sealing the text of history: ") + e.what());
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(std::string("sealing the text of history: ") + e.what());
  }
}

}  // namespace madoguchi
