#include <utility>  // before Asio (Boost 1.74)

#include "http/test_client.h"

#include <strings.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

namespace zb::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

const std::string* FindHeader(const ClientHeaders& headers, std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (IEquals(n, name)) return &v;
  }
  return nullptr;
}

// Runs `ioc` until its work is done or `timeout` passes; on timeout cancels the socket's
// operations and lets their handlers finish. Returns false on timeout.
bool RunFor(asio::io_context& ioc, tcp::socket& socket, std::chrono::milliseconds timeout) {
  ioc.restart();
  ioc.run_for(timeout);
  if (ioc.stopped()) return true;
  beast::error_code ec;
  socket.cancel(ec);
  ioc.restart();
  ioc.run();
  return false;
}

bool Connect(asio::io_context& ioc, tcp::socket& socket, int port, std::string* error) {
  beast::error_code ec;
  socket = tcp::socket(ioc);
  socket.connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)), ec);
  if (ec) {
    if (error) *error = "connect: " + ec.message();
    return false;
  }
  socket.set_option(tcp::no_delay(true), ec);
  return true;
}

}  // namespace

const std::string* ClientResponse::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

nlohmann::json ClientResponse::Json() const {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

struct TestClient::Impl {
  int port;
  std::chrono::milliseconds timeout;
  asio::io_context ioc;
  tcp::socket socket{ioc};
  beast::flat_buffer buffer;
  bool connected = false;

  ClientResponse Once(std::string_view method, std::string_view target, const std::string& body,
                      const ClientHeaders& headers, bool* reused) {
    ClientResponse out;
    *reused = connected;
    if (!connected) {
      buffer.clear();
      if (!Connect(ioc, socket, port, &out.error)) return out;
      connected = true;
    }
    bhttp::request<bhttp::string_body> req;
    req.version(11);
    req.method_string(method);
    req.target(target);
    req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port));
    for (const auto& [n, v] : headers) req.insert(n, v);
    req.body() = body;
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
      req.prepare_payload();
    }
    req.keep_alive(true);

    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(256u << 20);
    if (method == "HEAD") parser.skip(true);
    bool write_done = false, read_done = false;
    beast::error_code write_ec, read_ec;
    bhttp::async_write(socket, req, [&](beast::error_code ec, size_t) {
      write_done = true;
      write_ec = ec;
    });
    bhttp::async_read(socket, buffer, parser, [&](beast::error_code ec, size_t) {
      read_done = true;
      read_ec = ec;
      beast::error_code ignored;
      if (!write_done) socket.cancel(ignored);  // an early answer (413): stop sending
    });
    bool in_time = RunFor(ioc, socket, timeout);
    if (!in_time || read_ec || !read_done) {
      out.error = !in_time ? "timeout" : read_ec ? read_ec.message() : "no response";
      Close();
      return out;
    }
    auto& res = parser.get();
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res) {
      out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    }
    out.body = std::move(res.body());
    if (!res.keep_alive() || !write_done || write_ec) Close();
    return out;
  }

  void Close() {
    beast::error_code ec;
    socket.close(ec);
    connected = false;
  }
};

TestClient::TestClient(int port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->port = port;
  impl_->timeout = timeout;
}

TestClient::~TestClient() = default;

ClientResponse TestClient::Get(std::string_view target, const ClientHeaders& headers) {
  return Send("GET", target, {}, headers);
}

ClientResponse TestClient::Post(std::string_view target, std::string body,
                                const ClientHeaders& headers) {
  return Send("POST", target, std::move(body), headers);
}

ClientResponse TestClient::Send(std::string_view method, std::string_view target, std::string body,
                                const ClientHeaders& headers) {
  bool reused = false;
  ClientResponse r = impl_->Once(method, target, body, headers, &reused);
  // A kept-alive connection the server has since closed: retry once on a new one.
  if (r.status == 0 && reused) r = impl_->Once(method, target, body, headers, &reused);
  return r;
}

struct RawConnection::Impl {
  asio::io_context ioc;
  tcp::socket socket{ioc};
  bool ok = false;
  bool eof = false;
};

RawConnection::RawConnection(int port) : impl_(std::make_unique<Impl>()) {
  impl_->ok = Connect(impl_->ioc, impl_->socket, port, nullptr);
}

RawConnection::~RawConnection() = default;

bool RawConnection::connected() const {
  return impl_->ok;
}

bool RawConnection::Send(std::string_view bytes) {
  if (!impl_->ok) return false;
  beast::error_code ec;
  asio::write(impl_->socket, asio::buffer(bytes.data(), bytes.size()), ec);
  return !ec;
}

std::optional<std::string> RawConnection::Read(std::chrono::milliseconds timeout) {
  if (!impl_->ok || impl_->eof) return std::nullopt;
  std::string out(64 * 1024, '\0');
  size_t got = 0;
  beast::error_code read_ec;
  impl_->socket.async_read_some(asio::buffer(out), [&](beast::error_code ec, size_t n) {
    got = n;
    read_ec = ec;
  });
  RunFor(impl_->ioc, impl_->socket, timeout);
  if (read_ec && read_ec != asio::error::operation_aborted) impl_->eof = true;
  if (got == 0) return std::nullopt;
  out.resize(got);
  return out;
}

std::pair<std::string, bool> RawConnection::ReadUntilClosed(std::chrono::milliseconds timeout) {
  std::string all;
  auto deadline = Clock::now() + timeout;
  while (!impl_->eof && Clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (auto part = Read(std::max(left, std::chrono::milliseconds(1)))) all += *part;
  }
  return {all, impl_->eof};
}

struct SseClient::Impl {
  asio::io_context ioc;
  tcp::socket socket{ioc};
  int status = 0;
  ClientHeaders headers;
  std::string buffer;  // unparsed stream text
  int comments = 0;
  bool closed = false;

  // Reads more into `buffer`; false on timeout or end of stream.
  bool ReadMore(Clock::time_point deadline) {
    if (closed) return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    char chunk[16 * 1024];
    size_t got = 0;
    beast::error_code read_ec;
    socket.async_read_some(asio::buffer(chunk), [&](beast::error_code ec, size_t n) {
      got = n;
      read_ec = ec;
    });
    RunFor(ioc, socket, left);
    buffer.append(chunk, got);
    if (read_ec && read_ec != asio::error::operation_aborted) closed = true;
    return got > 0;
  }
};

SseClient::SseClient(int port, std::string_view target, const ClientHeaders& headers)
    : impl_(std::make_unique<Impl>()) {
  if (!Connect(impl_->ioc, impl_->socket, port, nullptr)) {
    impl_->closed = true;
    return;
  }
  std::string req = "GET " + std::string(target) +
                    " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                    "\r\nAccept: text/event-stream\r\n";
  for (const auto& [n, v] : headers) req += n + ": " + v + "\r\n";
  req += "\r\n";
  beast::error_code ec;
  asio::write(impl_->socket, asio::buffer(req), ec);
  if (ec) {
    impl_->closed = true;
    return;
  }
  auto deadline = Clock::now() + std::chrono::seconds(5);
  size_t end;
  while ((end = impl_->buffer.find("\r\n\r\n")) == std::string::npos) {
    if (!impl_->ReadMore(deadline)) return;
  }
  std::string head = impl_->buffer.substr(0, end);
  impl_->buffer.erase(0, end + 4);
  size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  if (status_line.size() >= 12) impl_->status = std::atoi(status_line.c_str() + 9);
  while (line_end != std::string::npos) {
    size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string line = head.substr(start, line_end - start);
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    size_t value = line.find_first_not_of(' ', colon + 1);
    impl_->headers.emplace_back(line.substr(0, colon),
                                value == std::string::npos ? "" : line.substr(value));
  }
}

SseClient::~SseClient() = default;

int SseClient::status() const {
  return impl_->status;
}

const std::string* SseClient::Header(std::string_view name) const {
  return FindHeader(impl_->headers, name);
}

int SseClient::comments() const {
  return impl_->comments;
}

bool SseClient::closed() const {
  return impl_->closed;
}

std::optional<SseClient::Event> SseClient::Next(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    size_t end;
    while ((end = impl_->buffer.find("\n\n")) != std::string::npos) {
      std::string block = impl_->buffer.substr(0, end + 1);
      impl_->buffer.erase(0, end + 2);
      Event e;
      bool any = false;
      size_t pos = 0;
      while (pos < block.size()) {
        size_t nl = block.find('\n', pos);
        std::string line = block.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.empty()) continue;
        if (line.front() == ':') {
          ++impl_->comments;
          continue;
        }
        size_t colon = line.find(':');
        std::string field = line.substr(0, colon);
        std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') value.erase(0, 1);
        if (field == "id") {
          e.id = value;
        } else if (field == "event") {
          e.type = value;
          any = true;
        } else if (field == "data") {
          e.data += e.data.empty() ? value : "\n" + value;
          any = true;
        }
      }
      if (any) return e;
    }
    if (!impl_->ReadMore(deadline)) return std::nullopt;
  }
}

}  // namespace zb::http
