#include "core/status.h"

namespace madoguchi {

std::string_view Status::code_name() const {
  switch (code_) {
    case Code::kOk: return "ok";
    case Code::kInvalidArgument: return "invalid_argument";
    case Code::kNotFound: return "not_found";
    case Code::kPermissionDenied: return "permission_denied";
    case Code::kConflict: return "conflict";
    case Code::kIoError: return "io_error";
    case Code::kCorruption: return "corruption";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(code_name()) + ": " + message_;
}

}  // namespace madoguchi
