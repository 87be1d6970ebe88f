// Sealing personal records and computing blind indexes under a DataKey
// (store/data_key_ring.h). Both are pure functions of their inputs.
//
// A sealed record is "MS1" || 24-byte random nonce || XChaCha20-Poly1305
// ciphertext and tag. The associated data (e.g. the request id) is
// authenticated but not stored: a record copied onto another request fails
// to open. The key id is kept beside the blob, not in it, so that finding
// the records still under an old key is an indexed query.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"
#include "store/data_key_ring.h"

namespace madoguchi {

// `purpose` names the subkey: personal records (the default) or another
// sealed thing of the same shape (KeyPurpose::kSealLetter, store/letter_seal.h).
std::string SealRecord(const DataKey& key, std::string_view plaintext, std::string_view associated,
                       KeyPurpose purpose = KeyPurpose::kSealRecord);

// The plaintext, or Corruption when the blob is not a sealed record or was
// changed, sealed under another key, for another purpose or for other
// associated data.
Result<std::string> OpenRecord(const DataKey& key, std::string_view sealed, std::string_view associated,
                               KeyPurpose purpose = KeyPurpose::kSealRecord);

// A keyed BLAKE2b-256 of `term` (already normalised by the caller) for the
// given index `kind` ("insured", "name", "person"), as 64 hex characters.
// Equal terms give equal tokens under one key; without the key a token says
// nothing, not even for the small space of insured numbers.
std::string BlindIndex(const DataKey& key, std::string_view kind, std::string_view term);

}  // namespace madoguchi
