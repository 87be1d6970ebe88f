#include "protocol/key_file.h"
#include "util/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "protocol/curve_keys.h"

namespace madoguchi {

nlohmann::json KeyFile::ToJson() const {
  return {{"user", user},
          {"role", role},
          {"public_key", public_key},
          {"secret_key", secret_key},
          {"engine_public_key", engine_public_key},
          {"engine_endpoint", engine_endpoint}};
}

Result<KeyFile> KeyFile::FromJson(const nlohmann::json& j) {
  KeyFile k;
  for (auto [field, name] : {std::pair{&k.user, "user"}, std::pair{&k.role, "role"},
                             std::pair{&k.public_key, "public_key"}, std::pair{&k.secret_key, "secret_key"},
                             std::pair{&k.engine_public_key, "engine_public_key"},
                             std::pair{&k.engine_endpoint, "engine_endpoint"}}) {
    if (!j.is_object() || !j.contains(name) || !j[name].is_string() || j[name].get<std::string>().empty()) {
      return Status::InvalidArgument(std::string("key file: '") + name + "' is missing");
    }
    *field = j[name].get<std::string>();
  }
  for (const std::string* key : {&k.public_key, &k.secret_key, &k.engine_public_key}) {
    if (!IsZ85Key(*key)) return Status::InvalidArgument("key file: a key is not a 40-character Z85 CURVE key");
  }
  return k;
}

Result<KeyFile> KeyFile::Load(const std::string& path) {
  Result<std::string> text = ReadPrivateFile(path, "key file");
  if (!text.ok()) return text.status();
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("key file " + path + " is not JSON");
  Result<KeyFile> k = FromJson(j);
  if (!k.ok()) return Status::InvalidArgument(path + ": " + k.status().message());
  return k;
}


Status KeyFile::Save(const std::string& path) const {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::exists(parent)) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) return Status::IoError("creating " + parent.string() + ": " + ec.message());
    std::filesystem::permissions(parent, std::filesystem::perms::owner_all, ec);
  }
  return WriteFileAtomically(path, ToJson().dump(2) + "\n", 0600);
}


}  // namespace madoguchi
