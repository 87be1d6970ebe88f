#include "store/personal_vault.h"

#include <algorithm>
#include <iterator>
#include <tuple>

#include "store/record_seal.h"
#include "store/request_links.h"

namespace madoguchi {

namespace {

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

std::shared_ptr<PersonalVault> PersonalVault::Ephemeral() {
  return std::make_shared<PersonalVault>(EphemeralRing(), "");
}

Result<std::shared_ptr<PersonalVault>> PersonalVault::Load(const std::string& path) {
  Result<DataKeyRing> ring = DataKeyRing::Load(path);
  if (!ring.ok()) return ring.status();
  return std::make_shared<PersonalVault>(std::move(ring).value(), path);
}

Result<DataKey> PersonalVault::Key(const std::string& id) {
  {
    MutexLock lock(&mu_);
    if (const DataKey* k = ring_.Find(id)) return *k;
  }
  // A key added by a rotation that began after this process loaded the file.
  if (Status s = Reload(); !s.ok()) return s;
  MutexLock lock(&mu_);
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
  MutexLock lock(&mu_);
  return ring_.current();
}

std::vector<DataKey> PersonalVault::AllKeys() {
  MutexLock lock(&mu_);
  return ring_.keys();
}

DataKeyRing PersonalVault::Ring() {
  MutexLock lock(&mu_);
  return ring_;
}

Status PersonalVault::Reload() {
  if (path_.empty()) return Status::Ok();
  Result<DataKeyRing> ring = DataKeyRing::Load(path_);
  if (!ring.ok()) return ring.status();
  MutexLock lock(&mu_);
  ring_ = std::move(ring).value();
  return Status::Ok();
}

std::string PersonalAssociatedData(const std::string& request_id, const std::string& key_id) {
  return "madoguchi personal record\x1f" + request_id + '\x1f' + key_id;
}

std::string NormaliseSearchTerm(std::string_view kind, const std::string& typed) {
  (void)kind;  // one folding for every kind; the kind keeps tokens of different kinds apart
  return FoldForMatching(typed);
}

std::optional<std::pair<std::string, std::string>> SplitName(const std::string& written) {
  // The first run of spaces (ASCII, tab, U+00A0, U+3000) between two parts.
  auto space_at = [&](size_t i) -> size_t {
    if (written[i] == ' ' || written[i] == '\t') return 1;
    if (written.compare(i, 2, "\xC2\xA0") == 0) return 2;
    if (written.compare(i, 3, "\xE3\x80\x80") == 0) return 3;
    return 0;
  };
  size_t begin = 0;
  while (begin < written.size() && space_at(begin) > 0) begin += space_at(begin);
  for (size_t i = begin; i < written.size(); ++i) {
    if (space_at(i) == 0) continue;
    size_t j = i;
    while (j < written.size() && space_at(j) > 0) j += space_at(j);
    std::string surname = FoldForMatching(written.substr(begin, i - begin));
    std::string given = FoldForMatching(written.substr(j));
    if (surname.empty() || given.empty()) return std::nullopt;
    return std::make_pair(std::move(surname), std::move(given));
  }
  return std::nullopt;
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
  // The name and the kana whole, and each one's surname and given name as
  // kinds of their own: a surname search never meets someone's given name.
  for (const char* field : {"name", "kana"}) {
    const std::string written = Field(requester, field);
    std::string whole = FoldForMatching(written);
    if (!whole.empty()) out.push_back({"name", whole});
    if (auto parts = SplitName(written)) {
      out.push_back({"surname", std::move(parts->first)});
      out.push_back({"given", std::move(parts->second)});
    }
  }
  // INSERT OR IGNORE would drop repeats; dropping them here saves the statements.
  std::sort(out.begin(), out.end(), [](const IndexTerm& a, const IndexTerm& b) {
    return std::tie(a.kind, a.term) < std::tie(b.kind, b.term);
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const IndexTerm& a, const IndexTerm& b) { return a.kind == b.kind && a.term == b.term; }),
            out.end());
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
  WriteSearchTokens(statements, key, request_id, personal, fresh);
}

void WriteSearchTokens(StatementCache& statements, const DataKey& key, const std::string& request_id,
                       const nlohmann::json& personal, bool fresh) {
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

namespace {

// The ids of the requests with a `kind` token of the folded `term` under any key.
std::vector<std::string> TokenLookup(SQLite::Statement& st, PersonalVault& vault, std::string_view kind,
                                     const std::string& term) {
  std::vector<std::string> out;
  if (term.empty()) return out;
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

std::vector<std::string> Union(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return a;
}

}  // namespace

std::vector<std::string> SearchIndexLookup(SQLite::Database& db, PersonalVault& vault, std::string_view kind,
                                           const std::string& typed) {
  std::string term = NormaliseSearchTerm(kind, typed);
  if (term.empty()) return {};
  // Learns of a key a rotation added since this process read the key file,
  // so that rows already re-indexed under it are found too.
  if (Result<DataKey> current = vault.SealingKey(db); !current.ok()) throw SQLite::Exception(current.status().message());
  SQLite::Statement st(db, "SELECT DISTINCT request_id FROM search_index WHERE kind = ? AND token = ?");
  if (kind != "name") return TokenLookup(st, vault, kind, term);
  // A name: the whole name or kana, or a surname alone, or "surname given"
  // typed with a space (each part may be in kanji or in kana).
  std::vector<std::string> out = Union(TokenLookup(st, vault, "name", term), TokenLookup(st, vault, "surname", term));
  if (auto parts = SplitName(typed)) {
    std::vector<std::string> surname = TokenLookup(st, vault, "surname", parts->first);
    std::vector<std::string> given = TokenLookup(st, vault, "given", parts->second);
    std::vector<std::string> both;
    std::set_intersection(surname.begin(), surname.end(), given.begin(), given.end(), std::back_inserter(both));
    out = Union(std::move(out), both);
  }
  return out;
}

}  // namespace madoguchi
