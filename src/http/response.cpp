#include "http/response.h"

#include <strings.h>

#include <nlohmann/json.hpp>

#include "base/json_writer.h"
#include "http/error.h"

namespace zb::http {
namespace {

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

int HttpStatusFor(zb::ErrorCode code) {
  switch (code) {
    case zb::ErrorCode::kOk:
      return 200;
    case zb::ErrorCode::kInvalidArgument:
      return 400;
    case zb::ErrorCode::kUnauthenticated:
      return 401;
    case zb::ErrorCode::kPermissionDenied:
      return 403;
    case zb::ErrorCode::kNotFound:
      return 404;
    case zb::ErrorCode::kConflict:
      return 409;
    case zb::ErrorCode::kTooLarge:
      return 413;
    case zb::ErrorCode::kTooManyRequests:
      return 429;
    case zb::ErrorCode::kUnavailable:
      return 503;
    case zb::ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

nlohmann::json ErrorJson(std::string_view code, std::string_view message,
                         std::string_view message_en, const nlohmann::json& details) {
  return {
      {"error",
       {{"code", code}, {"message", message}, {"message_en", message_en}, {"details", details}}}};
}

void Response::SetHeader(std::string_view name, std::string value) {
  for (auto it = headers.begin(); it != headers.end();) {
    it = IEquals(it->first, name) ? headers.erase(it) : it + 1;
  }
  headers.emplace_back(std::string(name), std::move(value));
}

const std::string* Response::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (IEquals(n, name)) return &v;
  }
  return nullptr;
}

Response Response::Json(int status, const nlohmann::json& value) {
  // Invalid UTF-8 from a handler becomes U+FFFD instead of an exception mid-response.
  return JsonText(status, DumpJson(value));
}

Response Response::JsonText(int status, std::string json) {
  Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.body = std::move(json);
  return r;
}

Response Response::Error(const zb::Status& status) {
  return Error(status, nullptr);
}

Response Response::Error(const zb::Status& status, const nlohmann::json& details) {
  return Json(
      HttpStatusFor(status.code()),
      ErrorJson(zb::ErrorCodeName(status.code()), status.message(), status.message_en(), details));
}

Response Response::Text(int status, std::string text) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(text);
  return r;
}

Response Response::Html(int status, std::string html) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(html);
  return r;
}

Response Response::Bytes(std::string content_type, std::string body, std::string_view filename) {
  Response r;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.SetHeader("Content-Disposition", ContentDispositionAttachment(filename));
  return r;
}

std::string ContentDispositionAttachment(std::string_view filename) {
  std::string fallback;
  // ASCII fallback for old clients: one '_' per non-ASCII character, quote, backslash or control.
  for (unsigned char c : filename) {
    if (c >= 0x80 && c < 0xc0) continue;  // UTF-8 continuation byte
    bool plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/' && c != ';' && c != '%';
    fallback.push_back(plain ? static_cast<char>(c) : '_');
  }
  // RFC 5987 ext-value: UTF-8 with everything but attr-chars percent-encoded.
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : filename) {
    bool attr_char =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
    if (attr_char) {
      encoded.push_back(static_cast<char>(c));
    } else {
      encoded.push_back('%');
      encoded.push_back(kHex[c >> 4]);
      encoded.push_back(kHex[c & 15]);
    }
  }
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace zb::http
