#include "store/record_seal.h"

#include <sodium.h>

#include <vector>

namespace madoguchi {

namespace {

constexpr std::string_view kMagic = "MS1";
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

std::string SealRecord(const DataKey& key, std::string_view plaintext, std::string_view associated,
                       KeyPurpose purpose) {
  std::array<uint8_t, 32> subkey = key.Subkey(purpose);
  std::string out(kMagic.size() + kNonceBytes + plaintext.size() + kTagBytes, '\0');
  std::copy(kMagic.begin(), kMagic.end(), out.begin());
  auto* nonce = reinterpret_cast<unsigned char*>(out.data() + kMagic.size());
  randombytes_buf(nonce, kNonceBytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonceBytes, &written, Bytes(plaintext), plaintext.size(),
                                             Bytes(associated), associated.size(), nullptr, nonce, subkey.data());
  sodium_memzero(subkey.data(), subkey.size());
  out.resize(kMagic.size() + kNonceBytes + written);
  return out;
}

Result<std::string> OpenRecord(const DataKey& key, std::string_view sealed, std::string_view associated,
                               KeyPurpose purpose) {
  if (sealed.size() < kMagic.size() + kNonceBytes + kTagBytes || sealed.substr(0, kMagic.size()) != kMagic) {
    return Status::Corruption("not a sealed record");
  }
  std::array<uint8_t, 32> subkey = key.Subkey(purpose);
  const unsigned char* nonce = Bytes(sealed) + kMagic.size();
  std::string_view cipher = sealed.substr(kMagic.size() + kNonceBytes);
  std::string out(cipher.size() - kTagBytes, '\0');
  unsigned long long read = 0;
  int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.data()), &read, nullptr,
                                                      Bytes(cipher), cipher.size(), Bytes(associated),
                                                      associated.size(), nonce, subkey.data());
  sodium_memzero(subkey.data(), subkey.size());
  if (rc != 0) {
    return Status::Corruption("a sealed record failed its check under key " + key.id +
                              ": changed, or sealed for another record");
  }
  out.resize(read);
  return out;
}

std::string BlindIndex(const DataKey& key, std::string_view kind, std::string_view term) {
  std::array<uint8_t, 32> subkey = key.Subkey(KeyPurpose::kBlindIndex);
  crypto_generichash_state state;
  crypto_generichash_init(&state, subkey.data(), subkey.size(), 32);
  // The kind and a separator first, so that a name and an insured number
  // with the same characters never share a token.
  crypto_generichash_update(&state, Bytes(kind), kind.size());
  const unsigned char zero = 0;
  crypto_generichash_update(&state, &zero, 1);
  crypto_generichash_update(&state, Bytes(term), term.size());
  unsigned char digest[32];
  crypto_generichash_final(&state, digest, sizeof digest);
  sodium_memzero(subkey.data(), subkey.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace madoguchi
