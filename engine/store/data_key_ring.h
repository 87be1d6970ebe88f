// DataKeyRing: the keys that seal personal data at rest, kept in a key file
// outside the database (DATA/data.key by default, `data_key_file` in
// madoguchi.json), mode 0600, refused when group or others may read it.
//
//   {"format": "madoguchi-data-keys/1", "current": "<id>",
//    "keys": [{"id": "<16 hex>", "key": "<base64, 32 bytes>", "created_at": "<RFC 3339>"}, ...]}
//
// Invariants:
// - `current` names one of `keys`; new seals always use it.
// - A key is never removed from the file: records and backups sealed under
//   an older key stay readable (key rotation re-seals the records; old
//   backups keep needing the key they were sealed with).
// - Each key is only ever used through subkeys derived from it for one
//   purpose (crypto_kdf), so the sealing key, the blind-index key, the
//   backup key, the audit chain's MAC key and the letters' key are
//   independent even though one secret is stored.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace madoguchi {

// What a derived subkey is for; the values are part of the stored format.
enum class KeyPurpose : uint64_t {
  kSealRecord = 1,   // XChaCha20-Poly1305 over personal records
  kBlindIndex = 2,   // keyed BLAKE2b over normalised search terms and person keys
  kSealBackup = 3,   // secretstream over backup files
  kAuditChain = 4,   // keyed BLAKE2b of the audit chain's entries and anchor lines (store/audit_chain.h)
  kSealLetter = 5,   // XChaCha20-Poly1305 over letter files in DATA/letters (store/letter_seal.h)
};

struct DataKey {
  std::string id;                    // 16 hex characters, random
  std::array<uint8_t, 32> secret{};  // never leaves the process but through Subkey
  std::string created_at;

  // A 32-byte key for one purpose, derived with crypto_kdf.
  std::array<uint8_t, 32> Subkey(KeyPurpose purpose) const;
};

class DataKeyRing {
 public:
  // Reads the key file; refuses a missing, unreadable-by-format or
  // world-readable one.
  static Result<DataKeyRing> Load(const std::string& path);
  // Creates a key file with one fresh key; refuses to overwrite an existing
  // file (a lost key file would make every sealed record unreadable).
  static Result<DataKeyRing> Create(const std::string& path);

  // Writes the ring atomically (mode 0600, fsync of the file and folder).
  Status Save(const std::string& path) const;

  const DataKey& current() const;
  // nullptr when the id is not in the ring.
  const DataKey* Find(std::string_view id) const;
  const std::vector<DataKey>& keys() const { return keys_; }

  // Adds a fresh random key and makes it current; the others stay.
  const DataKey& AddKey();

 private:
  std::vector<DataKey> keys_;
  std::string current_;
};

}  // namespace madoguchi
