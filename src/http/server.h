// Server: the HTTP/1.1 server the API runs on (Boost.Beast, C++20 coroutines).
//
//   zb::http::Server server(options);
//   server.router().Get("/api/ping", [](Request&) { return Response::Text(200, "pong"); });
//   if (auto s = server.Listen(); !s.ok()) ...;   // binds; port() is known from here on
//   server.StopOnSignals();                        // SIGINT/SIGTERM call Stop()
//   server.Run();                                  // blocks until stopped and drained
//   db.Close();
//
// One io_context is run by `threads` threads; each connection is a coroutine, so idle
// keep-alive connections and SSE streams hold no thread. Handlers run on a separate pool of
// `handler_threads`, so a slow handler does not hold up other connections. Built in:
// GET /healthz (no middleware), GET /metrics (middleware applies), static files and SPA
// fallback for non-/api paths, security headers and X-Request-Id on every response, an access
// log line per request.
//
// Thread-safety: configure router(), metrics() and events() before Run(); Stop() and port() may
// be called from any thread at any time; events() and metrics() are thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "base/status.h"
#include "http/event_hub.h"
#include "http/metrics.h"
#include "http/router.h"

namespace zb::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";    // "host:port"; port 0 picks a free port
  int threads = 0;                          // I/O threads; 0: the number of cores
  int handler_threads = 0;                  // handler pool; 0: max(4, 2 x cores)
  size_t max_body_bytes = 8 << 20;          // default per route; larger bodies get 413
  std::chrono::seconds header_timeout{10};  // first byte to end of headers (slow-loris)
  std::chrono::seconds idle_timeout{60};    // keep-alive connection waiting for a request
  std::chrono::seconds body_timeout{120};   // reading a request body
  std::chrono::seconds write_timeout{30};   // writing one response or one SSE batch
  std::chrono::seconds shutdown_grace{10};  // Stop(): how long in-flight requests may take
  std::chrono::seconds sse_heartbeat{15};   // comment line sent to idle SSE streams
  std::filesystem::path static_root = "web/dist";
  bool access_log = true;  // one spdlog info line per request
};

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();  // Run() must have returned (or never been called)
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  Router& router();
  Metrics& metrics();
  EventHub& events();

  // Binds and listens. Fails (unavailable) if the address is in use or malformed.
  zb::Status Listen();
  // The bound port (after Listen), e.g. when listening on port 0.
  int port() const;
  // Serves on this thread plus threads-1 others until Stop(); then returns once in-flight
  // requests finished (or shutdown_grace passed) and every handler returned. Call once.
  void Run();
  // Stops accepting, closes idle connections and SSE streams, lets in-flight requests finish.
  // Returns at once; Run() returns when done. Idempotent; safe from any thread.
  void Stop();
  // Makes SIGINT and SIGTERM call Stop(). Call before Run().
  void StopOnSignals();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zb::http
