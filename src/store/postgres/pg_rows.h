// Reading PgStore's columns out of libpqxx rows, and the conversions shared by its files.
#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include <nlohmann/json.hpp>

#include "base/time.h"

namespace zb::store::postgres {

inline int64_t Int(const pqxx::field& f) {
  return f.as<int64_t>();
}
inline std::optional<int64_t> OptInt(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<int64_t>();
}
inline std::string Text(const pqxx::field& f) {
  return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
}
inline Instant At(const pqxx::field& f) {
  return FromUnixSeconds(f.as<int64_t>());
}
inline std::optional<Instant> OptAt(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return FromUnixSeconds(f.as<int64_t>());
}
inline std::optional<int64_t> OptSeconds(const std::optional<Instant>& t) {
  if (!t) return std::nullopt;
  return ToUnixSeconds(*t);
}
// A JSON object column; an unreadable value reads as an empty object, as in SQLite.
inline nlohmann::json JsonObject(const pqxx::field& f) {
  auto j = nlohmann::json::parse(Text(f), nullptr, false);
  return j.is_discarded() ? nlohmann::json::object() : j;
}

}  // namespace zb::store::postgres
