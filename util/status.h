// Status: the outcome of an operation that can fail, in the spirit of
// leveldb::Status. A Status is either OK or carries a code and a message meant
// for the person who sent the request (English, naming the offending field,
// state or value). Result<T> is a Status or a value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace madoguchi {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,   // the input breaks a schema or a rule of the workflow
    kNotFound,          // no such request (or file)
    kPermissionDenied,  // the actor's role may not do this
    kConflict,          // stale version, duplicate key, or wrong state
    kIoError,           // the disk or the database failed
    kCorruption,        // stored data is not what we wrote
    kUnavailable,       // the engine is down, busy, or did not answer in time
  };

  Status() = default;

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status PermissionDenied(std::string msg) { return Status(Code::kPermissionDenied, std::move(msg)); }
  static Status Conflict(std::string msg) { return Status(Code::kConflict, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status Unavailable(std::string msg) { return Status(Code::kUnavailable, std::move(msg)); }
  // The Status a code name (as code_name() gives it) stands for; unknown names are kInvalidArgument.
  static Status FromCodeName(std::string_view name, std::string msg);

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // Stable lower-case name of the code ("invalid_argument", ...), used in replies.
  std::string_view code_name() const;
  // "invalid_argument: <message>", or "ok".
  std::string ToString() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

// A value from outside as a message quotes it: in single quotes, at most 64
// bytes of it (then "..."), so that a message, and a log line that carries
// it, stays short whatever was sent.
std::string Quoted(std::string_view value);

// IoError "<what>: <strerror(errno)>", for a failed system call.
Status ErrnoStatus(const std::string& what);

// A value, or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}            // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}    // NOLINT: implicit by design

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T& operator*() const& { return *value_; }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace madoguchi
