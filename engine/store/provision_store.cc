#include "store/provision_store.h"

#include "store/sql_placeholders.h"

#include "store/database.h"
#include "store/record_seal.h"
#include "store/request_links.h"

namespace madoguchi {

namespace {

std::string ProvisionAssociatedData(int64_t id, const std::string& key_id) {
  return "provision:" + std::to_string(id) + ":" + key_id;
}

// The index terms of a person: the number, and symbol + number (as SearchTerms does for a requester).
std::vector<std::string> InsuredTerms(const std::string& symbol, const std::string& number) {
  std::vector<std::string> out;
  const std::string n = FoldForMatching(number);
  const std::string s = FoldForMatching(symbol);
  if (!n.empty()) out.push_back(n);
  if (!s.empty() && !n.empty()) out.push_back(s + n);
  return out;
}

}  // namespace

nlohmann::json ProvisionRow::Json() const {
  nlohmann::json j = {{"id", id},
                      {"basis", basis},
                      {"record_method", record_method},
                      {"consent", consent},
                      {"last_provided_on", last_provided_on},
                      {"retention_until", retention_until},
                      {"added_by", added_by},
                      {"added_at", added_at},
                      {"disposed", disposed_at.has_value()}};
  if (disposed_at) j["disposed_at"] = *disposed_at;
  if (disposed_by) j["disposed_by"] = *disposed_by;
  if (record) j["record"] = record->ViewJson();
  return j;
}

int64_t InsertProvision(SQLite::Database& db, const DataKey& key, const ProvisionRecord& record,
                        const std::string& by, Timestamp at) {
  SQLite::Statement row(db,
                        "INSERT INTO provision_records(basis, record_method, consent, last_provided_on, retention_until, "
                        "added_by, added_at, key_id, sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, zeroblob(0)) RETURNING id");
  row.bind(1, record.basis);
  row.bind(2, record.record_method);
  row.bind(3, record.consent ? 1 : 0);
  row.bind(4, record.last_provided().ToIso());
  row.bind(5, record.retention_until().ToIso());
  row.bind(6, by);
  row.bind(7, FormatJst(at));
  row.bind(8, key.id);
  row.executeStep();
  const int64_t id = row.getColumn(0).getInt64();
  row.reset();
  const std::string sealed = SealRecord(key, record.SealedJson().dump(), ProvisionAssociatedData(id, key.id));
  SQLite::Statement put(db, "UPDATE provision_records SET sealed = ? WHERE id = ?");
  put.bind(1, sealed.data(), static_cast<int>(sealed.size()));
  put.bind(2, id);
  put.exec();
  SQLite::Statement index(db, "INSERT OR IGNORE INTO provision_index(token, provision_id) VALUES (?, ?)");
  for (const std::string& term : InsuredTerms(record.insured_symbol, record.insured_number)) {
    index.bind(1, BlindIndex(key, "insured", term));
    index.bind(2, id);
    index.exec();
    index.reset();
  }
  return id;
}

Result<std::vector<ProvisionRow>> FindProvisions(SQLite::Database& db, PersonalVault& vault, const ProvisionFilter& f) {
  std::string sql =
      "SELECT id, basis, record_method, consent, last_provided_on, retention_until, added_by, added_at, disposed_at, "
      "disposed_by, key_id, sealed FROM provision_records WHERE 1";
  std::vector<std::string> tokens;
  if (f.insured_number) {
    const std::vector<std::string> terms = InsuredTerms(f.insured_symbol.value_or(""), *f.insured_number);
    if (terms.empty()) return std::vector<ProvisionRow>();
    if (Result<DataKey> current = vault.SealingKey(db); !current.ok()) return current.status();
    for (const DataKey& k : vault.AllKeys()) tokens.push_back(BlindIndex(k, "insured", terms.back()));
    sql += " AND id IN (SELECT provision_id FROM provision_index WHERE token IN (" + SqlPlaceholders(tokens.size()) + "))";
  }
  if (!f.ids.empty()) sql += " AND id IN (" + SqlPlaceholders(f.ids.size()) + ")";
  if (!f.include_disposed) sql += " AND disposed_at IS NULL";
  sql += " ORDER BY id DESC LIMIT " + std::to_string(f.limit);
  SQLite::Statement st(db, sql);
  int n = 0;
  for (const std::string& t : tokens) st.bind(++n, t);
  for (int64_t id : f.ids) st.bind(++n, id);
  std::vector<ProvisionRow> out;
  while (st.executeStep()) {
    ProvisionRow r;
    r.id = st.getColumn(0).getInt64();
    r.basis = st.getColumn(1).getString();
    r.record_method = st.getColumn(2).getString();
    r.consent = st.getColumn(3).getInt() != 0;
    r.last_provided_on = st.getColumn(4).getString();
    r.retention_until = st.getColumn(5).getString();
    r.added_by = st.getColumn(6).getString();
    r.added_at = st.getColumn(7).getString();
    if (!st.getColumn(8).isNull()) r.disposed_at = st.getColumn(8).getString();
    if (!st.getColumn(9).isNull()) r.disposed_by = st.getColumn(9).getString();
    const bool sealed = !st.getColumn(11).isNull();
    if ((f.open || f.insured_number) && sealed) {
      const std::string key_id = st.getColumn(10).getString();
      Result<DataKey> key = vault.Key(key_id);
      if (!key.ok()) return key.status();
      const std::string bytes = BlobBytes(st.getColumn(11));
      Result<std::string> opened = OpenRecord(*key, bytes, ProvisionAssociatedData(r.id, key_id));
      if (!opened.ok()) return Status::Corruption("provision record " + std::to_string(r.id) + ": " + opened.status().message());
      Result<ProvisionRecord> rec = ProvisionRecordFromSealed(nlohmann::json::parse(*opened));
      if (!rec.ok()) return Status::Corruption("provision record " + std::to_string(r.id) + ": " + rec.status().message());
      // The blind index matches the folded number; the record must match exactly what was asked.
      if (f.insured_number) {
        if (FoldForMatching(rec->insured_number) != FoldForMatching(*f.insured_number)) continue;
        if (f.insured_symbol && !f.insured_symbol->empty() &&
            FoldForMatching(rec->insured_symbol) != FoldForMatching(*f.insured_symbol)) {
          continue;
        }
      }
      if (f.open) r.record = std::move(rec).value();
    } else if (f.insured_number) {
      continue;  // disposed of: nothing of the person is left to match
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<int64_t> DisposeExpiredProvisions(SQLite::Database& db, Date today, const std::string& by, Timestamp at) {
  std::vector<int64_t> ids;
  {
    SQLite::Statement due(db,
                          "SELECT id FROM provision_records WHERE disposed_at IS NULL AND retention_until < ? ORDER BY id");
    due.bind(1, today.ToIso());
    while (due.executeStep()) ids.push_back(due.getColumn(0).getInt64());
  }
  SQLite::Statement drop_index(db, "DELETE FROM provision_index WHERE provision_id = ?");
  SQLite::Statement drop_sealed(db,
                                "UPDATE provision_records SET sealed = NULL, key_id = NULL, disposed_at = ?, disposed_by = ? "
                                "WHERE id = ?");
  for (int64_t id : ids) {
    drop_index.bind(1, id);
    drop_index.exec();
    drop_index.reset();
    drop_sealed.bind(1, FormatJst(at));
    drop_sealed.bind(2, by);
    drop_sealed.bind(3, id);
    drop_sealed.exec();
    drop_sealed.reset();
  }
  return ids;
}

}  // namespace madoguchi
