// CURVE key pairs (ZeroMQ's CurveZMQ), Z85-encoded: 40 printable characters
// for a 32-byte key.
#pragma once

#include <string>

#include "util/status.h"

namespace madoguchi {

struct CurveKeyPair {
  std::string public_key;  // Z85, 40 characters
  std::string secret_key;  // Z85, 40 characters
};

// A fresh key pair from libzmq's CSPRNG.
Result<CurveKeyPair> GenerateCurveKeyPair();

// True when `key` is a 40-character Z85 string that decodes to 32 bytes.
bool IsZ85Key(const std::string& key);

// Z85 text of 32 raw bytes (as the ZAP handler receives a client's key).
std::string Z85FromRawKey(const std::string& raw32);

}  // namespace madoguchi
