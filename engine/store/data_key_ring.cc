#include "store/data_key_ring.h"

#include <sodium.h>

#include <filesystem>
#include <mutex>

#include <nlohmann/json.hpp>

#include "core/jst_time.h"
#include "util/base64.h"
#include "util/private_file.h"

namespace madoguchi {

namespace {

constexpr const char* kFormat = "madoguchi-data-keys/1";
// crypto_kdf's context: 8 bytes, fixed for the product.
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES] = {'m', 'a', 'd', 'o', 'k', 'e', 'y', 's'};

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no safe way on without a random source
  });
}

DataKey FreshKey() {
  InitSodium();
  DataKey k;
  uint8_t id[8];
  randombytes_buf(id, sizeof id);
  char hex[sizeof id * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, id, sizeof id);
  k.id = hex;
  crypto_kdf_keygen(k.secret.data());
  k.created_at = FormatJst(Now());
  return k;
}

}  // namespace

std::array<uint8_t, 32> DataKey::Subkey(KeyPurpose purpose) const {
  InitSodium();
  std::array<uint8_t, 32> out{};
  crypto_kdf_derive_from_key(out.data(), out.size(), static_cast<uint64_t>(purpose), kKdfContext, secret.data());
  return out;
}

Result<DataKeyRing> DataKeyRing::Load(const std::string& path) {
  InitSodium();
  Result<std::string> text = ReadPrivateFile(path, "data key file");
  if (!text.ok()) {
    if (text.status().code() == Status::Code::kIoError && !std::filesystem::exists(path)) {
      return Status::NotFound("no data key file at " + path +
                              "; it seals the personal data and cannot be recreated: restore it from where it "
                              "is kept safe");
    }
    return text.status();
  }
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  auto bad = [&](const std::string& why) { return Status::Corruption("data key file " + path + ": " + why); };
  if (j.is_discarded() || !j.is_object()) return bad("not JSON");
  if (j.value("format", "") != kFormat) return bad(std::string("not in the format ") + kFormat);
  if (!j.contains("keys") || !j["keys"].is_array() || j["keys"].empty()) return bad("no keys");
  DataKeyRing ring;
  for (const auto& k : j["keys"]) {
    if (!k.is_object() || !k.contains("id") || !k["id"].is_string() || !k.contains("key") || !k["key"].is_string()) {
      return bad("a key without id or key");
    }
    Result<std::string> secret = Base64Decode(k["key"].get<std::string>());
    if (!secret.ok() || secret->size() != 32) return bad("key " + k["id"].get<std::string>() + " is not 32 bytes");
    DataKey key;
    key.id = k["id"].get<std::string>();
    std::copy(secret->begin(), secret->end(), key.secret.begin());
    key.created_at = k.value("created_at", "");
    if (ring.Find(key.id) != nullptr) return bad("key " + key.id + " appears twice");
    ring.keys_.push_back(std::move(key));
  }
  ring.current_ = j.value("current", "");
  if (ring.Find(ring.current_) == nullptr) return bad("the current key '" + ring.current_ + "' is not in the file");
  return ring;
}

Result<DataKeyRing> DataKeyRing::Create(const std::string& path) {
  if (std::filesystem::exists(path)) {
    return Status::Conflict("data key file " + path + " exists already; it is never overwritten");
  }
  DataKeyRing ring;
  ring.AddKey();
  if (Status s = ring.Save(path); !s.ok()) return s;
  return ring;
}

Status DataKeyRing::Save(const std::string& path) const {
  nlohmann::json keys = nlohmann::json::array();
  for (const DataKey& k : keys_) {
    std::string secret(reinterpret_cast<const char*>(k.secret.data()), k.secret.size());
    keys.push_back({{"id", k.id}, {"key", Base64Encode(secret)}, {"created_at", k.created_at}});
    sodium_memzero(secret.data(), secret.size());
  }
  nlohmann::json j = {{"format", kFormat}, {"current", current_}, {"keys", keys}};
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) return Status::IoError("creating " + parent.string() + ": " + ec.message());
  return WriteFileAtomically(path, j.dump(2) + "\n", 0600);
}

const DataKey& DataKeyRing::current() const { return *Find(current_); }

const DataKey* DataKeyRing::Find(std::string_view id) const {
  for (const DataKey& k : keys_) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

const DataKey& DataKeyRing::AddKey() {
  keys_.push_back(FreshKey());
  current_ = keys_.back().id;
  return keys_.back();
}

}  // namespace madoguchi
