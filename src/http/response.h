// Response: what a handler returns.
//
// A plain value, built by the handler and then owned by the connection. The server adds the
// security headers, X-Request-Id and Content-Length; handlers set only what is specific to them.
// Headers set by a handler take precedence over the server's defaults (e.g. Cache-Control).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "base/status.h"

namespace zb::http {

struct Response {
  int status = 200;
  std::string content_type;  // sent as Content-Type unless empty
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, in order

  // Replaces any header of that name (case-insensitive).
  void SetHeader(std::string_view name, std::string value);
  // Appends a header, keeping others of the same name (Set-Cookie).
  void AddHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  // Case-insensitive lookup; nullptr if absent.
  const std::string* Header(std::string_view name) const;

  // `application/json; charset=utf-8` with `value.dump()` as the body.
  static Response Json(int status, const nlohmann::json& value);
  // `application/json; charset=utf-8` with `json` (already JSON text, e.g. from JsonWriter).
  static Response JsonText(int status, std::string json);
  // The error shape {"error": {"code", "message", "message_en", "details"}} with the HTTP
  // status for `status.code()` (see HttpStatusFor). `details` is null unless given.
  static Response Error(const zb::Status& status);
  static Response Error(const zb::Status& status, const nlohmann::json& details);
  // `text/plain; charset=utf-8`.
  static Response Text(int status, std::string text);
  // `text/html; charset=utf-8`.
  static Response Html(int status, std::string html);
  // A download: 200 with `Content-Disposition: attachment` naming `filename` (any UTF-8, e.g.
  // "督办通知.docx"; sent as an ASCII fallback plus RFC 5987 filename*).
  static Response Bytes(std::string content_type, std::string body, std::string_view filename);
};

// The Content-Disposition value for downloading `filename` (UTF-8).
std::string ContentDispositionAttachment(std::string_view filename);

}  // namespace zb::http
