#include "util/status.h"

#include <cerrno>
#include <cstring>

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
    case Code::kUnavailable: return "unavailable";
  }
  return "unknown";
}

Status Status::FromCodeName(std::string_view name, std::string msg) {
  for (Code code : {Code::kInvalidArgument, Code::kNotFound, Code::kPermissionDenied, Code::kConflict,
                    Code::kIoError, Code::kCorruption, Code::kUnavailable}) {
    Status s(code, {});
    if (s.code_name() == name) return Status(code, std::move(msg));
  }
  return Status(Code::kInvalidArgument, std::move(msg));
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(code_name()) + ": " + message_;
}

std::string Quoted(std::string_view value) {
  constexpr size_t kShown = 64;
  return "'" + std::string(value.substr(0, kShown)) + (value.size() > kShown ? "...'" : "'");
}

Status ErrnoStatus(const std::string& what) { return Status::IoError(what + ": " + std::strerror(errno)); }

}  // namespace madoguchi
