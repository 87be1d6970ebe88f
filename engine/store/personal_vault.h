// PersonalVault: the data keys of one process (a DataKeyRing loaded from the
// key file) and what the store does with them — seal and open personal
// records, compute blind-index tokens. Thread-safe: the writer and the
// reader threads share one vault.
//
// Key ids: every sealed row names the key it was sealed under. When a row or
// the database's current-key record (table seal_state) names a key the vault
// does not hold, the vault reads the key file again once (another process,
// `madoguchi-engine rotate-key`, adds keys while the engine serves) before
// failing.
//
// No vault is global: the engine loads one from its key file at start
// (app/data_keys.h) and hands it to the store, the readers, the command server
// and the commands that need it, all of which keep it (shared_ptr) or borrow
// it (a reference that must outlive the call). In-process unit tests and
// benchmarks make an ephemeral one (Ephemeral) and pass it the same way; what
// it sealed opens only through that vault.
#pragma once

#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "util/mutex.h"
#include "util/status.h"
#include "store/data_key_ring.h"
#include "store/statement_cache.h"

namespace madoguchi {

class PersonalVault {
 public:
  // A vault over the key file at `path` (empty for an ephemeral vault).
  PersonalVault(DataKeyRing ring, std::string path) : ring_(std::move(ring)), path_(std::move(path)) {}

  // A vault with one random key, never written anywhere (tests, bench/).
  static std::shared_ptr<PersonalVault> Ephemeral();
  // The vault of the key file at `path`, as it is on disk (no key is made).
  static Result<std::shared_ptr<PersonalVault>> Load(const std::string& path);

  // The key `id`; reloads the key file once when it is not in memory.
  Result<DataKey> Key(const std::string& id);
  // The key the database says new seals use (seal_state.current_key), or the
  // ring's current key when the database records none. Call inside the
  // writing transaction so that a rotation that began is seen.
  Result<DataKey> SealingKey(SQLite::Database& db);
  Result<DataKey> SealingKey(StatementCache& statements);
  // Every key in the ring, for lookups that must match rows sealed or
  // indexed under any key (during a rotation both old and new are in use).
  std::vector<DataKey> AllKeys();
  DataKeyRing Ring();

  // Reads the key file again (keys are only ever added to it).
  Status Reload();

 private:
  Mutex mu_;
  DataKeyRing ring_ GUARDED_BY(mu_);
  std::string path_;
};

// The associated data of a sealed personal record: binds the blob to its
// request and key, so that a blob copied onto another row does not open.
std::string PersonalAssociatedData(const std::string& request_id, const std::string& key_id);

// The index terms of a requester, each folded by FoldForMatching
// (store/request_links.h: widths, kana, case, spaces and hyphens): kind
// "insured" (the number, and symbol+number), "name" (the name and the kana,
// whole), and, where the name or kana is written with a space between two
// parts (山田　太郎, ヤマダ　タロウ), "surname" and "given" (each part). Each
// term becomes a keyed blind token (BlindIndex(key, kind, term)): no plaintext.
struct IndexTerm {
  std::string kind;
  std::string term;
};
std::vector<IndexTerm> SearchTerms(const nlohmann::json& personal);
// "surname given": the two parts of a name written with a space (folded), or
// nullopt when it has no space between two parts.
std::optional<std::pair<std::string, std::string>> SplitName(const std::string& written);
// The normalised search term a user typed, for `kind`.
std::string NormaliseSearchTerm(std::string_view kind, const std::string& typed);

// Writes, under `key`, the sealed personal record of `request_id`, its
// search_index tokens and requests.person_key, replacing what was there
// (`fresh`: nothing is there yet, a request being taken in).
void WriteSealedPersonal(SQLite::Database& db, const DataKey& key, const std::string& request_id,
                         const nlohmann::json& personal, bool fresh = false);
void WriteSealedPersonal(StatementCache& statements, const DataKey& key, const std::string& request_id,
                         const nlohmann::json& personal, bool fresh = false);

// Only the search_index tokens and requests.person_key of WriteSealedPersonal
// (the sealed record is left as it is): the start's reindex pass.
void WriteSearchTokens(StatementCache& statements, const DataKey& key, const std::string& request_id,
                       const nlohmann::json& personal, bool fresh = false);

// The person key of `requester` (insured symbol and number, birth date,
// kana) under `key`: requests.person_key, protected_persons.token.
std::string PersonKeyToken(const DataKey& key, const nlohmann::json& requester);
// The tokens of a person key under every key of the vault.
std::vector<std::string> PersonKeyTokens(PersonalVault& vault, const nlohmann::json& requester);

// The ids of the requests whose `kind` token equals the term's, under any key.
// For kind "name": the requests whose whole name or kana, or whose surname
// (name or kana), is the term; and when the term has a space between two
// parts, those whose surname is the first and whose given name is the second.
std::vector<std::string> SearchIndexLookup(SQLite::Database& db, PersonalVault& vault, std::string_view kind,
                                           const std::string& typed);

}  // namespace madoguchi
