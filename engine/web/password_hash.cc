#include "web/password_hash.h"

#include <sodium.h>

#include <mutex>

namespace madoguchi {

namespace {

// libsodium's "interactive" limits: about 0.1 s and 64 MiB per hash here,
// slow enough to make guessing costly and quick enough for a sign-in.
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no safe way on without a random source
  });
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  InitSodium();
  if (password.size() > kMaxPasswordBytes) {
    return Status::InvalidArgument("a password has at most " + std::to_string(kMaxPasswordBytes) + " bytes");
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Unavailable("not enough memory to hash the password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  InitSodium();
  if (password.size() > kMaxPasswordBytes) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void SpendVerificationTime(std::string_view password) {
  // A hash of a fixed throw-away password with the same parameters.
  static const std::string dummy = [] {
    Result<std::string> h = HashPassword("madoguchi-no-such-user");
    return h.ok() ? *h : std::string();
  }();
  if (!dummy.empty()) (void)VerifyPassword(password, dummy);
}

bool SameSecret(std::string_view a, std::string_view b) {
  InitSodium();
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace madoguchi
