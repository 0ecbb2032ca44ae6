// Request: one parsed HTTP request as handlers and middleware see it.
//
// A Request is owned by the connection that received it and handed to one thread at a time
// (middleware, then the handler); it is not shared, so it needs no locking. Middleware may
// modify it (typically by setting `principal`).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/principal.h"

namespace zb::http {

using NameValues = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;          // "GET", "POST", ... as sent
  std::string target;          // raw request target: path plus "?query"
  std::string path;            // raw (still percent-encoded) path, always starting with '/'
  NameValues query;            // decoded query parameters in order ('+' is a space)
  NameValues headers;          // names lower-cased, values as sent
  std::string body;            // the whole body (already bounded by the route's size limit)
  NameValues path_params;      // decoded values of the route pattern's {name} segments
  std::string request_id;      // echoed or generated X-Request-Id
  std::string client_address;  // peer IP address
  std::chrono::steady_clock::time_point received_at{};

  // Filled by middleware (sign-in); null for anonymous requests.
  std::shared_ptr<const Principal> principal;

  template <typename T>
  const T* principal_as() const {
    return principal ? principal->As<T>() : nullptr;
  }

  // Case-insensitive header lookup; nullptr if absent. The first one wins if repeated.
  const std::string* Header(std::string_view name) const;
  // The first query parameter `name`, if present.
  std::optional<std::string> Query(std::string_view name) const;
  // The value of `{name}` in the route pattern; empty if the pattern has no such segment.
  std::string_view PathParam(std::string_view name) const;
  // The value of cookie `name` from the Cookie header(s).
  std::optional<std::string> Cookie(std::string_view name) const;
};

// Percent-decodes `text`; with `plus_is_space`, '+' decodes to ' ' (query strings).
// Returns nullopt for malformed escapes ("%4", "%zz").
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// Parses "a=1&b=x%20y" into decoded pairs; malformed escapes are kept verbatim.
NameValues ParseQuery(std::string_view query);

}  // namespace zb::http
