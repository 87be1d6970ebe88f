#include "protocol/curve_keys.h"

#include <zmq.h>

#include <cstdint>

namespace madoguchi {

Result<CurveKeyPair> GenerateCurveKeyPair() {
  char pub[41] = {0};
  char sec[41] = {0};
  if (zmq_curve_keypair(pub, sec) != 0) {
    return Status::Unavailable(std::string("cannot make a CURVE key pair: ") + zmq_strerror(zmq_errno()));
  }
  return CurveKeyPair{pub, sec};
}

bool IsZ85Key(const std::string& key) {
  if (key.size() != 40) return false;
  uint8_t raw[32];
  return zmq_z85_decode(raw, key.c_str()) != nullptr;
}

std::string Z85FromRawKey(const std::string& raw32) {
  if (raw32.size() != 32) return {};
  char out[41] = {0};
  if (zmq_z85_encode(out, reinterpret_cast<const uint8_t*>(raw32.data()), 32) == nullptr) return {};
  return out;
}

}  // namespace madoguchi
