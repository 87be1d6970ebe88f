#include "store/letter_seal.h"

#include "util/sha256.h"
#include "store/record_seal.h"

namespace madoguchi {

namespace {

constexpr std::string_view kMagic{"MLF1\0", 5};
constexpr size_t kKeyIdLength = 16;

std::string AssociatedData(std::string_view file_name, std::string_view key_id) {
  return "madoguchi letter\x1f" + std::string(file_name) + '\x1f' + std::string(key_id);
}

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

bool IsLetterFileName(std::string_view name) {
  if (name.size() != 64 + 4 || !IsLowerHex(name.substr(0, 64))) return false;
  // .csv and .zip: what a disclosure handed over (its files and its package, issue 17), sealed the same way.
  return name.substr(64) == ".pdf" || name.substr(64) == ".txt" || name.substr(64) == ".csv" ||
         name.substr(64) == ".zip";
}

std::string SealLetter(const DataKey& key, std::string_view file_name, std::string_view plaintext) {
  return std::string(kMagic) + key.id +
         SealRecord(key, plaintext, AssociatedData(file_name, key.id), KeyPurpose::kSealLetter);
}

std::optional<std::string> SealedLetterKeyId(std::string_view bytes) {
  if (bytes.size() < kMagic.size() + kKeyIdLength || bytes.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  std::string_view id = bytes.substr(kMagic.size(), kKeyIdLength);
  if (!IsLowerHex(id)) return std::nullopt;
  return std::string(id);
}

Result<std::string> OpenLetterFile(PersonalVault& vault, std::string_view file_name, std::string_view bytes) {
  std::string plaintext;
  if (std::optional<std::string> key_id = SealedLetterKeyId(bytes)) {
    Result<DataKey> key = vault.Key(*key_id);
    if (!key.ok()) return key.status();
    Result<std::string> opened = OpenRecord(*key, bytes.substr(kMagic.size() + kKeyIdLength),
                                            AssociatedData(file_name, *key_id), KeyPurpose::kSealLetter);
    if (!opened.ok()) return Status::Corruption("letter file " + std::string(file_name) + ": " + opened.status().message());
    plaintext = std::move(opened).value();
  } else {
    plaintext = std::string(bytes);  // in clear: a release before sealing wrote it
  }
  if (Sha256Hex(plaintext) != file_name.substr(0, 64)) {
    return Status::Corruption("letter file " + std::string(file_name) + " does not match its SHA-256");
  }
  return plaintext;
}

}  // namespace madoguchi
