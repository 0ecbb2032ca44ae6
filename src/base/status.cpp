#include "base/status.h"

namespace zb {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "ok";
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kTooLarge:
      return "too_large";
    case ErrorCode::kTooManyRequests:
      return "too_many_requests";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string s = ErrorCodeName(code_);
  s += ": ";
  s += message_;
  if (!message_en_.empty() && message_en_ != message_) {
    s += " (" + message_en_ + ")";
  }
  return s;
}

Status Status::WithContext(const std::string& zh, const std::string& en) const {
  if (ok()) return *this;
  return Status(code_, zh + ": " + message_, en + ": " + message_en_);
}

}  // namespace zb
