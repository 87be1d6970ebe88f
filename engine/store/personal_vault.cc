#include "store/personal_vault.h"

#include <algorithm>

#include "store/record_seal.h"
#include "store/request_links.h"

namespace madoguchi {

namespace {

std::mutex g_installed_mu;
std::shared_ptr<PersonalVault> g_installed;

DataKeyRing EphemeralRing() {
  // A ring that is never saved: Create would write a file, so build one by
  // adding a key to an empty ring.
  DataKeyRing ring;
  ring.AddKey();
  return ring;
}

std::string Field(const nlohmann::json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

}  // namespace

void PersonalVault::Install(std::shared_ptr<PersonalVault> vault) {
  std::lock_guard<std::mutex> lock(g_installed_mu);
  g_installed = std::move(vault);
}

PersonalVault& PersonalVault::Process() {
  std::lock_guard<std::mutex> lock(g_installed_mu);
  if (!g_installed) g_installed = std::make_shared<PersonalVault>(EphemeralRing(), "");
  return *g_installed;
}

Result<DataKey> PersonalVault::Key(const std::string& id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (const DataKey* k = ring_.Find(id)) return *k;
  }
  // A key added by a rotation that began after this process loaded the file.
  if (Status s = Reload(); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  if (const DataKey* k = ring_.Find(id)) return *k;
  return Status::Corruption("data key " + id + " is not in the data key file " +
                            (path_.empty() ? std::string("(none: ephemeral keys)") : path_) +
                            "; the records sealed under it cannot be opened");
}

Result<DataKey> PersonalVault::SealingKey(SQLite::Database& db) {
  StatementCache once(db);
  return SealingKey(once);
}

Result<DataKey> PersonalVault::SealingKey(StatementCache& statements) {
  StatementCache::Use st = statements.Take("SELECT value FROM seal_state WHERE name = 'current_key'");
  if (st->executeStep()) return Key(st->getColumn(0).getString());
  std::lock_guard<std::mutex> lock(mu_);
  return ring_.current();
}

std::vector<DataKey> PersonalVault::AllKeys() {
  std::lock_guard<std::mutex> lock(mu_);
  return ring_.keys();
}

DataKeyRing PersonalVault::Ring() {
  std::lock_guard<std::mutex> lock(mu_);
  return ring_;
}

Status PersonalVault::Reload() {
  if (path_.empty()) return Status::Ok();
  Result<DataKeyRing> ring = DataKeyRing::Load(path_);
  if (!ring.ok()) return ring.status();
  std::lock_guard<std::mutex> lock(mu_);
  ring_ = std::move(ring).value();
  return Status::Ok();
}

std::string PersonalAssociatedData(const std::string& request_id, const std::string& key_id) {
  return "madoguchi personal record\x1f" + request_id + '\x1f' + key_id;
}

std::string NormaliseSearchTerm(std::string_view kind, const std::string& typed) {
  (void)kind;  // one folding for both kinds today; the kind keeps tokens of different kinds apart
  return FoldForMatching(typed);
}

std::vector<IndexTerm> SearchTerms(const nlohmann::json& personal) {
  std::vector<IndexTerm> out;
  const nlohmann::json& requester = personal.contains("requester") ? personal["requester"] : nlohmann::json();
  std::string symbol = FoldForMatching(Field(requester, "insured_symbol"));
  std::string number = FoldForMatching(Field(requester, "insured_number"));
  // Searched by number alone and by symbol+number: clerks often have only
  // the number at hand.
  if (!number.empty()) out.push_back({"insured", number});
  if (!symbol.empty() && !number.empty()) out.push_back({"insured", symbol + number});
  for (const char* field : {"name", "kana"}) {
    std::string term = FoldForMatching(Field(requester, field));
    if (!term.empty() && (out.empty() || out.back().term != term)) out.push_back({"name", term});
  }
  return out;
}

void WriteSealedPersonal(SQLite::Database& db, const DataKey& key, const std::string& request_id,
                         const nlohmann::json& personal, bool fresh) {
  StatementCache once(db);
  WriteSealedPersonal(once, key, request_id, personal, fresh);
}

void WriteSealedPersonal(StatementCache& statements, const DataKey& key, const std::string& request_id,
                         const nlohmann::json& personal, bool fresh) {
  std::string sealed = SealRecord(key, personal.dump(), PersonalAssociatedData(request_id, key.id));
  StatementCache::Use put_use = statements.Take(
      "INSERT INTO personal_records(request_id, key_id, sealed) VALUES (?1, ?2, ?3) "
      "ON CONFLICT(request_id) DO UPDATE SET key_id = excluded.key_id, sealed = excluded.sealed");
  SQLite::Statement& put = *put_use;
  put.bind(1, request_id);
  put.bind(2, key.id);
  put.bind(3, sealed.data(), static_cast<int>(sealed.size()));
  put.exec();

  if (!fresh) {
    StatementCache::Use clear_use = statements.Take("DELETE FROM search_index WHERE request_id = ?");
    SQLite::Statement& clear = *clear_use;
    clear.bind(1, request_id);
    clear.exec();
  }
  StatementCache::Use index_use =
      statements.Take("INSERT OR IGNORE INTO search_index(kind, token, request_id) VALUES (?, ?, ?)");
  SQLite::Statement& index = *index_use;
  for (const IndexTerm& t : SearchTerms(personal)) {
    index.bind(1, t.kind);
    index.bind(2, BlindIndex(key, t.kind, t.term));
    index.bind(3, request_id);
    index.exec();
    index.reset();
  }

  const nlohmann::json& requester = personal.contains("requester") ? personal["requester"] : nlohmann::json();
  StatementCache::Use keyed_use = statements.Take("UPDATE requests SET person_key = ? WHERE id = ?");
  SQLite::Statement& keyed = *keyed_use;
  keyed.bind(1, PersonKeyToken(key, requester));
  keyed.bind(2, request_id);
  keyed.exec();
}

std::string PersonKeyToken(const DataKey& key, const nlohmann::json& requester) {
  return BlindIndex(key, "person", NormalisedPerson(requester));
}

std::vector<std::string> PersonKeyTokens(PersonalVault& vault, const nlohmann::json& requester) {
  std::vector<std::string> out;
  for (const DataKey& k : vault.AllKeys()) out.push_back(PersonKeyToken(k, requester));
  return out;
}

std::vector<std::string> SearchIndexLookup(SQLite::Database& db, PersonalVault& vault, std::string_view kind,
                                           const std::string& typed) {
  std::vector<std::string> out;
  std::string term = NormaliseSearchTerm(kind, typed);
  if (term.empty()) return out;
  // Learns of a key a rotation added since this process read the key file,
  // so that rows already re-indexed under it are found too.
  if (Result<DataKey> current = vault.SealingKey(db); !current.ok()) throw SQLite::Exception(current.status().message());
  SQLite::Statement st(db, "SELECT DISTINCT request_id FROM search_index WHERE kind = ? AND token = ?");
  for (const DataKey& k : vault.AllKeys()) {
    st.bind(1, std::string(kind));
    st.bind(2, BlindIndex(k, kind, term));
    while (st.executeStep()) out.push_back(st.getColumn(0).getString());
    st.reset();
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace madoguchi
