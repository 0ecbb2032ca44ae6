// Status and Result<T>: the outcome of an operation that can fail in an expected way.
//
// Storage, engines and parsers return these instead of throwing. "Not found" is a value, not an
// exception. Every error carries a Chinese message (shown to users) and an English one; the HTTP
// layer maps `ErrorCode` to a status code in one place.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace zb {

enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,   // malformed or semantically wrong input (400)
  kNotFound,          // no such thing (404)
  kPermissionDenied,  // the actor may not do this (403)
  kUnauthenticated,   // no valid identity (401)
  kConflict,          // state changed underneath, duplicate, not allowed in this state (409)
  kTooLarge,          // input exceeds a limit (413)
  kTooManyRequests,   // throttled (429)
  kUnavailable,       // a dependency is down; retry later (503)
  kInternal,          // a bug or an I/O failure (500)
};

// The stable string used in APIs and logs, e.g. "invalid_argument".
const char* ErrorCodeName(ErrorCode code);

class Status {
 public:
  Status() = default;  // OK
  Status(ErrorCode code, std::string message, std::string message_en)
      : code_(code), message_(std::move(message)), message_en_(std::move(message_en)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }        // Chinese
  const std::string& message_en() const { return message_en_; }  // English
  // "invalid_argument: 缺少必填字段 (missing required field)" for logs and CLI output.
  std::string ToString() const;

  // Prefixes both messages with context, e.g. a file name and line.
  Status WithContext(const std::string& zh, const std::string& en) const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::string message_en_;
};

// Shorthands: Invalid("缺少标题", "title is missing").
inline Status Invalid(std::string zh, std::string en) {
  return {ErrorCode::kInvalidArgument, std::move(zh), std::move(en)};
}
inline Status NotFound(std::string zh, std::string en) {
  return {ErrorCode::kNotFound, std::move(zh), std::move(en)};
}
inline Status Denied(std::string zh, std::string en) {
  return {ErrorCode::kPermissionDenied, std::move(zh), std::move(en)};
}
inline Status Conflict(std::string zh, std::string en) {
  return {ErrorCode::kConflict, std::move(zh), std::move(en)};
}
inline Status Internal(std::string zh, std::string en) {
  return {ErrorCode::kInternal, std::move(zh), std::move(en)};
}
inline Status Unavailable(std::string zh, std::string en) {
  return {ErrorCode::kUnavailable, std::move(zh), std::move(en)};
}

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok());
  }

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  // By value on a temporary, so `for (auto& x : *store.ListUsers())` does not dangle.
  T operator*() && { return std::get<T>(std::move(v_)); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // The error; an OK status when a value is held.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace zb

// Returns early from the enclosing function if `expr` (a Status) is not OK.
#define ZB_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::zb::Status zb_status_ = (expr);        \
    if (!zb_status_.ok()) return zb_status_; \
  } while (0)

#define ZB_CONCAT_INNER(a, b) a##b
#define ZB_CONCAT(a, b) ZB_CONCAT_INNER(a, b)
// ZB_ASSIGN_OR_RETURN(auto x, ComputeX()); returns the error if the Result is not OK.
#define ZB_ASSIGN_OR_RETURN(lhs, rexpr) \
  ZB_ASSIGN_OR_RETURN_IMPL(ZB_CONCAT(zb_result_, __LINE__), lhs, rexpr)
#define ZB_ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                             \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
