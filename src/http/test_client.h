// Test clients that talk HTTP to a server on 127.0.0.1, for in-process server and API tests.
//
//   TestClient client(server.port());
//   ClientResponse r = client.Post("/api/cases", R"({"title":"积水"})");
//   EXPECT_EQ(r.status, 201);
//   EXPECT_EQ(r.Json()["id"], ...);
//
// Each object owns its own connection and io_context; use one per thread. Every call has a
// timeout (5 s by default), so a broken server fails a test instead of hanging it.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace zb::http {

using ClientHeaders = std::vector<std::pair<std::string, std::string>>;

struct ClientResponse {
  int status = 0;  // 0: no response (connection failed, closed or timed out)
  ClientHeaders headers;
  std::string body;
  std::string error;  // why status is 0

  const std::string* Header(std::string_view name) const;  // case-insensitive
  nlohmann::json Json() const;  // the body parsed; a "discarded" value if it is not JSON
};

// A keep-alive HTTP/1.1 client; reconnects if the server closed the connection.
class TestClient {
 public:
  explicit TestClient(int port, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~TestClient();

  ClientResponse Get(std::string_view target, const ClientHeaders& headers = {});
  ClientResponse Post(std::string_view target, std::string body,
                      const ClientHeaders& headers = {{"Content-Type", "application/json"}});
  // Any request. The target is sent exactly as given (no normalisation), so tests can send
  // "/../etc/passwd". The response is read while the body is still being sent, so an early
  // answer such as 413 is seen.
  ClientResponse Send(std::string_view method, std::string_view target, std::string body = {},
                      const ClientHeaders& headers = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A bare TCP connection for misbehaving clients (slow headers, partial bodies).
class RawConnection {
 public:
  explicit RawConnection(int port);
  ~RawConnection();
  bool connected() const;
  // Sends bytes; false if the connection is gone.
  bool Send(std::string_view bytes);
  // Reads what arrives within `timeout`; stops early at end of stream. nullopt if the
  // connection was closed (or reset) before anything arrived.
  std::optional<std::string> Read(std::chrono::milliseconds timeout);
  // Reads until the peer closes or `timeout` passes; returns everything read and whether it
  // closed.
  std::pair<std::string, bool> ReadUntilClosed(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A Server-Sent Events client.
class SseClient {
 public:
  struct Event {
    std::string id, type, data;
  };
  // Connects and sends GET `target`; status() tells whether the stream opened (200).
  SseClient(int port, std::string_view target, const ClientHeaders& headers = {});
  ~SseClient();
  int status() const;
  const std::string* Header(std::string_view name) const;
  // The next event (comments such as heartbeats are skipped), or nullopt after `timeout` or
  // when the stream ended.
  std::optional<Event> Next(std::chrono::milliseconds timeout);
  // How many comment lines (": heartbeat") were seen so far.
  int comments() const;
  bool closed() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zb::http
