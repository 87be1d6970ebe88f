// KeyFile: what a user (or worker) needs to reach the engine — their name and
// role, their CURVE key pair, and the engine's public key and endpoint. The
// engine writes it (`madoguchi-engine user add`); clients read it. It holds a
// secret key, so it is written with mode 0600 and refused when readable by
// others.
//
//   {"user": "clerk1", "role": "clerk",
//    "public_key": "<Z85>", "secret_key": "<Z85>",
//    "engine_public_key": "<Z85>", "engine_endpoint": "tcp://127.0.0.1:7460"}
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace madoguchi {

struct KeyFile {
  std::string user;
  std::string role;
  std::string public_key;
  std::string secret_key;
  std::string engine_public_key;
  std::string engine_endpoint;

  nlohmann::json ToJson() const;
  static Result<KeyFile> FromJson(const nlohmann::json& j);

  // Reads and checks a key file; refuses one that group or others may read.
  static Result<KeyFile> Load(const std::string& path);
  // Writes atomically (temporary file, fsync, rename) with mode 0600,
  // creating the parent folder (mode 0700) if needed.
  Status Save(const std::string& path) const;
};

}  // namespace madoguchi
