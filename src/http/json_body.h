// Reading JSON request bodies: parse with a clear 400, then read typed fields.
//
//   ZB_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(request));   // in a Result function
//   JsonFields f(body);
//   std::string title = f.String("title");
//   std::optional<int64_t> limit = f.OptInt("limit_days");
//   ZB_RETURN_IF_ERROR(f.Finish());   // wrong types, missing or unknown fields -> 400
//
// Messages name the field in Chinese and English. Not thread-safe (one per request).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "http/request.h"

namespace zb::http {

// Parses the request body as JSON. Fails with invalid_argument if the body is empty, the
// Content-Type is present and not JSON, the text is malformed (message gives the byte offset)
// or nesting is deeper than 64 levels.
zb::Result<nlohmann::json> ParseJsonBody(const Request& request);

// Typed reads from a JSON object. The first problem is remembered and returned by Finish();
// after a problem, reads return empty values. A null value counts as absent.
class JsonFields {
 public:
  // `object` must outlive this reader. A non-object is reported by Finish().
  explicit JsonFields(const nlohmann::json& object);
  explicit JsonFields(const nlohmann::json&& object) = delete;

  std::string String(std::string_view name);  // required
  std::optional<std::string> OptString(std::string_view name);
  int64_t Int(std::string_view name);  // required; rejects fractions and strings
  std::optional<int64_t> OptInt(std::string_view name);
  double Number(std::string_view name);
  std::optional<double> OptNumber(std::string_view name);
  bool Bool(std::string_view name);
  std::optional<bool> OptBool(std::string_view name);
  // Any JSON value of the given shape; nullptr if absent.
  const nlohmann::json* OptObject(std::string_view name);
  const nlohmann::json* OptArray(std::string_view name);
  // Marks a field as known without reading it.
  void Allow(std::string_view name);

  // OK, or the first problem; with `reject_unknown`, also a field that was never read.
  zb::Status Finish(bool reject_unknown = true);
  // The field named by the first problem ("" if none or not field-specific).
  const std::string& error_field() const { return error_field_; }

 private:
  const nlohmann::json* Find(std::string_view name, bool required);
  void Fail(std::string_view name, std::string zh, std::string en);

  const nlohmann::json& object_;
  std::set<std::string, std::less<>> seen_;
  zb::Status error_;
  std::string error_field_;
};

}  // namespace zb::http
