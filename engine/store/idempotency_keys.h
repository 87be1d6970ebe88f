// The idempotency keys the store keeps (issue 15, items 9 and 11), each with
// a keyed digest of what it stands for (core/idempotency.h): an intake's key
// in requests (idempotency_key, intake_digest, intake_digest_key), an
// advance's in advance_keys (migration 16). A digest is BlindIndex (keyed
// BLAKE2b, store/record_seal.h) under the key the database says new seals use,
// of kind "intake" or "advance", over the normalised form's JSON: the same
// command gives the same digest under that key, and without the key file a
// digest says nothing of the personal data in the form. The key's id is kept
// beside it, so a digest made before a key rotation is still compared under
// its own key (keys are never removed from the key file).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/jst_time.h"
#include "util/status.h"
#include "core/workflow_table.h"
#include "store/personal_vault.h"
#include "store/statement_cache.h"

namespace madoguchi {

struct KeyedDigest {
  std::string key_id;
  std::string digest;  // 64 hex characters
};

// The digest of `identity` under `key`, for `kind` ("intake", "advance").
KeyedDigest DigestOf(const DataKey& key, std::string_view kind, const nlohmann::json& identity);

// Whether `identity` is what `stored` was made from.
Result<bool> SameIdentity(PersonalVault& vault, const KeyedDigest& stored, std::string_view kind,
                          const nlohmann::json& identity);

// The conflict of a key used before for another command: names the key and
// the request it was used for, never what either command held.
Status KeyUsedForAnother(const std::string& key, const std::string& request_id, std::string_view what);

// An intake's key as stored: its request, and the digest (none for a request
// taken in before digests were kept).
struct IntakeKey {
  std::string request_id;
  std::optional<KeyedDigest> digest;
};
std::optional<IntakeKey> FindIntakeKey(StatementCache& statements, const std::string& key);
void SaveIntakeDigest(StatementCache& statements, const std::string& request_id, const KeyedDigest& digest);

// An advance's key as stored: its request, the digest, and the version and
// state the advance left the request in (its first result).
struct AdvanceKey {
  std::string request_id;
  KeyedDigest digest;
  int64_t version = 0;
  State state = State::kReceived;
};
Result<std::optional<AdvanceKey>> FindAdvanceKey(StatementCache& statements, const std::string& key);
void SaveAdvanceKey(StatementCache& statements, const std::string& key, const AdvanceKey& advance, Timestamp now);

}  // namespace madoguchi
