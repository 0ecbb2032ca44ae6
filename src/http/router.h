// Router: maps (method, path) to handlers; holds the middleware and after-hooks.
//
//   router.Add("GET", "/api/cases/{id}", [&](Request& r) {
//     return Response::Json(200, engine.Get(r.PathParam("id")));
//   });
//
// Patterns are literal segments and `{name}` segments (one whole path segment each). When several
// patterns match, literal segments win over parameters from left to right, so
// "/api/cases/export" beats "/api/cases/{id}" (only the most specific pattern counts: a method it
// lacks is 405, not a fall-back to a less specific pattern). HEAD is answered by the GET route
// if there is no HEAD route, except for streams. Configure the router before the server starts;
// afterwards it is read-only and may be used from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "http/request.h"
#include "http/response.h"

namespace zb::http {

class Subscription;

// A handler runs on the handler thread pool (see ServerOptions::handler_threads) unless the
// route says run_inline. It may block briefly (database); it may throw, which answers 500.
using Handler = std::function<Response(Request&)>;
// Opens a Server-Sent Events stream: returns the subscription to stream, or an error status
// (answered with the error shape). Runs where a handler would.
using StreamOpener = std::function<zb::Result<std::shared_ptr<Subscription>>(Request&)>;
// Runs before the handler, in the order added. Returning a Response answers the request with
// it and skips the rest (authentication, CSRF checks); nullopt continues.
using Middleware = std::function<std::optional<Response>(Request&)>;
// Runs after every routed or static response is ready, on an I/O thread: keep it quick.
using AfterHook =
    std::function<void(const Request&, const Response&, std::chrono::microseconds elapsed)>;

struct RouteOptions {
  size_t max_body_bytes = 0;       // 0: ServerOptions::max_body_bytes
  bool run_inline = false;         // run on the I/O thread (only for trivial, non-blocking code)
  bool bypass_middleware = false;  // public endpoints such as /healthz
};

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;      // exactly one of handler and
  StreamOpener stream;  // stream is set
  RouteOptions options;
  std::vector<std::string> segments;  // pattern split at '/'; "{x}" marks a parameter
};

struct RouteMatch {
  enum Kind { kFound, kNotFound, kMethodNotAllowed } kind = kNotFound;
  const Route* route = nullptr;
  size_t index = 0;   // position of `route` in Routes()
  NameValues params;  // decoded path parameters
  std::string allow;  // for kMethodNotAllowed: "GET, HEAD, POST"
};

class Router {
 public:
  // Adds a route. Aborts (a programming error) on a malformed or duplicate pattern.
  void Add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  void Get(std::string pattern, Handler h, RouteOptions o = {}) {
    Add("GET", std::move(pattern), std::move(h), o);
  }
  void Post(std::string pattern, Handler h, RouteOptions o = {}) {
    Add("POST", std::move(pattern), std::move(h), o);
  }
  void Put(std::string pattern, Handler h, RouteOptions o = {}) {
    Add("PUT", std::move(pattern), std::move(h), o);
  }
  void Patch(std::string pattern, Handler h, RouteOptions o = {}) {
    Add("PATCH", std::move(pattern), std::move(h), o);
  }
  void Delete(std::string pattern, Handler h, RouteOptions o = {}) {
    Add("DELETE", std::move(pattern), std::move(h), o);
  }
  // A GET route answered with a Server-Sent Events stream.
  void AddStream(std::string pattern, StreamOpener opener, RouteOptions options = {});

  void Use(Middleware middleware) { middleware_.push_back(std::move(middleware)); }
  void After(AfterHook hook) { after_.push_back(std::move(hook)); }

  // Finds the route for `method` and the raw (percent-encoded) `path`.
  RouteMatch Match(std::string_view method, std::string_view path) const;

  // Every route as (method, pattern), in the order added.
  std::vector<std::pair<std::string, std::string>> Routes() const;
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }
  const std::vector<Middleware>& middleware() const { return middleware_; }
  const std::vector<AfterHook>& after_hooks() const { return after_; }

 private:
  void AddRoute(std::unique_ptr<Route> route);

  std::vector<std::unique_ptr<Route>> routes_;
  std::vector<Middleware> middleware_;
  std::vector<AfterHook> after_;
};

}  // namespace zb::http
