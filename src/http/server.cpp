#include <utility>  // before Asio (Boost 1.74)

#include "http/server.h"

#include <atomic>
#include <cstdio>
#include <limits>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_set>
#include <variant>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/error.h"
#include "http/static_files.h"

namespace zb::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using Clock = std::chrono::steady_clock;

constexpr std::pair<const char*, const char*> kSecurityHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
     "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
     "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
     "frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "same-origin"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
};

auto Await(beast::error_code& ec) {
  return asio::redirect_error(asio::use_awaitable, ec);
}

bool SaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

bool SafeHeader(std::string_view name, std::string_view value) {
  auto bad = [](char c) { return c == '\r' || c == '\n' || c == '\0'; };
  return !name.empty() && std::none_of(name.begin(), name.end(), bad) &&
         std::none_of(value.begin(), value.end(), bad);
}

bool IsApiPath(std::string_view path) {
  return path == "/api" || path.substr(0, 5) == "/api/";
}

Response HttpError(int status, std::string_view code, std::string_view zh, std::string_view en,
                   const nlohmann::json& details = nullptr) {
  return Response::Json(status, ErrorJson(code, zh, en, details));
}

Response InternalError() {
  return Response::Error(zb::Internal("服务器内部错误", "internal server error"));
}

// Connection state that Stop() reaches from other threads. Fields other than `executor` are
// touched only on the connection's strand.
struct Conn {
  asio::any_io_executor executor;
  beast::tcp_stream* stream = nullptr;
  asio::steady_timer* wake = nullptr;  // an SSE stream's wait
  bool idle = false;                   // waiting for the next request
};

// One SSE frame per event: "id: 7\nevent: case.updated\ndata: {...}\n\n".
void AppendEvent(std::string& out, const Event& e) {
  out += "id: " + std::to_string(e.id) + "\n";
  if (!e.type.empty()) out += "event: " + e.type + "\n";
  out += "data: ";
  out += e.data ? *e.data : std::string("null");
  out += "\n\n";
}

}  // namespace

class Server::Impl {
 public:
  using Opened = std::variant<Response, std::shared_ptr<Subscription>>;

  explicit Impl(ServerOptions options) : opt_(std::move(options)), statics_(opt_.static_root) {
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    if (opt_.threads <= 0) opt_.threads = static_cast<int>(cores);
    if (opt_.handler_threads <= 0) opt_.handler_threads = static_cast<int>(std::max(4u, 2 * cores));

    RouteOptions health;
    health.run_inline = true;
    health.bypass_middleware = true;
    router_.Get(
        "/healthz",
        [](Request&) {
          return Response::Json(200, {{"status", "ok"}});
        },
        health);
    router_.Get("/metrics", [this](Request&) {
      Response r = Response::Text(200, metrics_.Render());
      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
      return r;
    });
    metrics_.AddGauge("zb_http_connections", "Open HTTP connections", [this] {
      std::lock_guard lock(conns_mu_);
      return static_cast<double>(conns_.size());
    });
    metrics_.AddGauge("zb_sse_subscribers", "Open Server-Sent Events streams",
                      [this] { return static_cast<double>(events_.subscriber_count()); });
    metrics_.AddGauge("zb_sse_dropped_total", "SSE streams closed for falling behind",
                      [this] { return static_cast<double>(events_.dropped_subscribers()); });
  }

  ~Impl() {
    if (pool_) pool_->join();
  }

  zb::Status Listen() {
    if (listening_) return {};
    std::string host = opt_.listen;
    std::string port = "0";
    if (size_t colon = host.rfind(':'); colon != std::string::npos) {
      port = host.substr(colon + 1);
      host.resize(colon);
    }
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    auto fail = [&](const std::string& why) {
      return zb::Unavailable("无法监听 " + opt_.listen + "：" + why,
                             "cannot listen on " + opt_.listen + ": " + why);
    };
    beast::error_code ec;
    auto address = asio::ip::make_address(host.empty() ? "0.0.0.0" : host, ec);
    if (ec) return fail("地址无效 (invalid address)");
    unsigned long port_number = 0;
    try {
      size_t used = 0;
      port_number = std::stoul(port, &used);
      if (used != port.size() || port_number > 65535) return fail("端口无效 (invalid port)");
    } catch (const std::exception&) {
      return fail("端口无效 (invalid port)");
    }
    tcp::endpoint endpoint(address, static_cast<unsigned short>(port_number));
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      beast::error_code ignored;  // closing must not replace the error being reported
      acceptor_.close(ignored);
      if (ec == asio::error::address_in_use) return fail("端口已被占用 (address already in use)");
      return fail(ec.message());
    }
    port_ = acceptor_.local_endpoint(ec).port();
    listening_ = true;
    return {};
  }

  void Run() {
    if (auto s = Listen(); !s.ok()) {
      spdlog::error("{}", s.ToString());
      return;
    }
    for (const auto& route : router_.routes()) {
      route_stats_.push_back(&metrics_.Route(route->method, route->pattern));
    }
    static_stats_ = &metrics_.Route("GET", "(static)");
    unmatched_stats_ = &metrics_.Route("*", "(unmatched)");
    pool_ = std::make_unique<asio::thread_pool>(opt_.handler_threads);
    spdlog::info("listening on {}:{} ({} I/O threads, {} handler threads)",
                 acceptor_.local_endpoint().address().to_string(), port(), opt_.threads,
                 opt_.handler_threads);
    asio::co_spawn(control_, Accept(), asio::detached);
    std::vector<std::thread> threads;
    for (int i = 1; i < opt_.threads; ++i) threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : threads) t.join();
    pool_->join();
    spdlog::info("server stopped");
  }

  void Stop() {
    if (stop_requested_.exchange(true)) return;
    asio::co_spawn(control_, Shutdown(), asio::detached);
  }

  void StopOnSignals() {
    signals_.emplace(control_, SIGINT, SIGTERM);
    signals_->async_wait([this](const beast::error_code& ec, int signal) {
      if (ec) return;
      spdlog::info("signal {}: stopping", signal);
      Stop();
    });
  }

  int port() const { return port_.load(); }

  Router router_;
  Metrics metrics_;
  EventHub events_;

 private:
  awaitable<void> Accept() {
    for (;;) {
      beast::error_code ec;
      asio::any_io_executor strand = asio::make_strand(ioc_);
      tcp::socket socket = co_await acceptor_.async_accept(strand, Await(ec));
      if (ec) {
        if (stopping_ || ec == asio::error::operation_aborted) co_return;
        // Out of file descriptors and the like: back off instead of spinning.
        spdlog::warn("accept failed: {}", ec.message());
        asio::steady_timer pause(ioc_, std::chrono::milliseconds(50));
        co_await pause.async_wait(Await(ec));
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto conn = std::make_shared<Conn>();
      conn->executor = strand;
      {
        std::lock_guard lock(conns_mu_);
        if (stopping_) continue;  // `socket` closes as it goes out of scope
        conns_.insert(conn);
      }
      asio::co_spawn(strand, Session(std::move(socket), conn), asio::detached);
    }
  }

  awaitable<void> Session(tcp::socket socket, std::shared_ptr<Conn> conn) {
    beast::error_code ec;
    std::string client = socket.remote_endpoint(ec).address().to_string();
    auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
    conn->stream = stream.get();
    struct Unregister {
      Impl* impl;
      std::shared_ptr<Conn> conn;
      ~Unregister() {
        conn->stream = nullptr;
        conn->wake = nullptr;
        std::lock_guard lock(impl->conns_mu_);
        impl->conns_.erase(conn);
      }
    } unregister{this, conn};

    beast::flat_buffer buffer;
    for (bool keep_alive = true; keep_alive;) {
      if (buffer.size() == 0) {
        if (stopping_) break;
        conn->idle = true;
        stream->expires_after(opt_.idle_timeout);
        size_t n = co_await stream->async_read_some(buffer.prepare(4096), Await(ec));
        conn->idle = false;
        if (ec) break;
        buffer.commit(n);
      }
      keep_alive = co_await ServeOne(stream, buffer, client, *conn);
    }
    stream->socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  // Reads and answers one request. Returns whether the connection may serve another.
  awaitable<bool> ServeOne(std::shared_ptr<beast::tcp_stream> stream, beast::flat_buffer& buffer,
                           const std::string& client, Conn& conn) {
    beast::error_code ec;
    Request req;
    req.received_at = Clock::now();
    req.client_address = client;

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(32 * 1024);
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    stream->expires_after(opt_.header_timeout);
    co_await bhttp::async_read_header(*stream, buffer, parser, Await(ec));
    if (ec) {
      // Timeouts (slow-loris), resets and a closed keep-alive connection end silently.
      if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
          ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
          ec == asio::error::eof) {
        co_return false;
      }
      req.request_id = NewRequestId();
      req.method = "-";
      req.path = "-";
      Response res =
          ec == bhttp::error::header_limit
              ? HttpError(431, "invalid_argument", "请求头过大", "request headers too large")
              : HttpError(400, "bad_request", "无法解析的 HTTP 请求", "malformed HTTP request");
      Finish(req, res, unmatched_stats_);
      co_await Write(*stream, req, std::move(res), false);
      co_return false;
    }

    auto& msg = parser.get();
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    for (const auto& field : msg) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    const std::string* incoming_id = req.Header("x-request-id");
    req.request_id = incoming_id && SaneRequestId(*incoming_id) ? *incoming_id : NewRequestId();
    size_t question = req.target.find('?');
    req.path = req.target.substr(0, question);
    if (question != std::string::npos) req.query = ParseQuery(req.target.substr(question + 1));
    const bool head = msg.method() == bhttp::verb::head;
    bool keep_alive = msg.keep_alive();

    if (req.path.empty() || req.path.front() != '/') {
      Response res = HttpError(400, "bad_request", "请求路径无效", "invalid request target");
      Finish(req, res, unmatched_stats_);
      co_await Write(*stream, req, std::move(res), false);
      co_return false;
    }

    RouteMatch match = router_.Match(req.method, req.path);
    const Route* route = match.kind == RouteMatch::kFound ? match.route : nullptr;
    size_t limit = route && route->options.max_body_bytes ? route->options.max_body_bytes
                                                          : opt_.max_body_bytes;

    // The body: refuse an announced oversize body before reading it.
    if (!parser.is_done()) {
      if (auto length = parser.content_length(); length && *length > limit) {
        co_await AnswerTooLarge(*stream, buffer, req, limit);
        co_return false;
      }
      if (const std::string* expect = req.Header("expect");
          expect != nullptr && beast::iequals(*expect, "100-continue")) {
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
        stream->expires_after(opt_.write_timeout);
        co_await bhttp::async_write(*stream, cont, Await(ec));
        if (ec) co_return false;
      }
      parser.body_limit(limit);
      stream->expires_after(opt_.body_timeout);
      co_await bhttp::async_read(*stream, buffer, parser, Await(ec));
      if (ec == bhttp::error::body_limit) {
        co_await AnswerTooLarge(*stream, buffer, req, limit);
        co_return false;
      }
      if (ec) co_return false;
    }
    req.body = std::move(msg.body());

    Response res;
    Metrics::RouteStats* stats = unmatched_stats_;
    if (route != nullptr) {
      stats = route_stats_[match.index];
      req.path_params = std::move(match.params);
      if (route->stream) co_return co_await ServeStream(stream, req, *route, stats, conn);
      if (route->options.run_inline) {
        res = RunHandler(*route, req);
      } else {
        res = co_await OnPool<Response>([this, route, &req] { return RunHandler(*route, req); });
      }
    } else if (match.kind == RouteMatch::kMethodNotAllowed) {
      res = HttpError(405, "method_not_allowed", "该接口不支持此方法",
                      "method not allowed for this endpoint", {{"allow", match.allow}});
      res.SetHeader("Allow", match.allow);
    } else if (IsApiPath(req.path)) {
      res =
          HttpError(404, "not_found", "找不到该接口", "no such API endpoint", {{"path", req.path}});
    } else if (req.method == "GET" || head) {
      stats = static_stats_;
      res = statics_.Serve(req);
    } else {
      res = HttpError(405, "method_not_allowed", "该地址只支持 GET", "only GET is allowed here");
      res.SetHeader("Allow", "GET, HEAD");
    }
    Finish(req, res, stats);
    keep_alive = keep_alive && !stopping_;  // after the handler: Stop() may have come meanwhile
    if (!co_await Write(*stream, req, std::move(res), keep_alive, head)) co_return false;
    co_return keep_alive;
  }

  // Runs `f` (which must not throw) on the handler pool and resumes the calling coroutine on
  // its own executor with the result. The pending result counts as work of the io_context, so
  // Run() cannot return while a handler is still running.
  template <typename R, typename F>
  awaitable<R> OnPool(F f) {
    auto initiate = [this](auto handler, F f) {
      auto home = asio::prefer(asio::get_associated_executor(handler),
                               asio::execution::outstanding_work.tracked);
      asio::post(pool_->get_executor(), [f = std::move(f), handler = std::move(handler),
                                         home = std::move(home)]() mutable {
        R result = f();
        asio::post(home, [handler = std::move(handler), result = std::move(result)]() mutable {
          std::move(handler)(std::move(result));
        });
      });
    };
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(R)>(
        initiate, asio::use_awaitable, std::move(f));
  }

  // Middleware, then the handler; exceptions become a logged 500.
  Response RunHandler(const Route& route, Request& req) {
    try {
      if (!route.options.bypass_middleware) {
        for (const auto& middleware : router_.middleware()) {
          if (auto early = middleware(req)) return std::move(*early);
        }
      }
      return route.handler(req);
    } catch (const std::exception& e) {
      spdlog::error("{} {} {}: handler threw: {}", req.request_id, req.method, req.path, e.what());
    } catch (...) {
      spdlog::error("{} {} {}: handler threw a non-exception", req.request_id, req.method,
                    req.path);
    }
    return InternalError();
  }

  Opened OpenStream(const Route& route, Request& req) {
    try {
      if (!route.options.bypass_middleware) {
        for (const auto& middleware : router_.middleware()) {
          if (auto early = middleware(req)) return std::move(*early);
        }
      }
      zb::Result<std::shared_ptr<Subscription>> sub = route.stream(req);
      if (!sub.ok()) return Response::Error(sub.status());
      if (*sub == nullptr) return InternalError();
      return std::move(*sub);
    } catch (const std::exception& e) {
      spdlog::error("{} {} {}: stream opener threw: {}", req.request_id, req.method, req.path,
                    e.what());
    } catch (...) {
      spdlog::error("{} {} {}: stream opener threw", req.request_id, req.method, req.path);
    }
    return InternalError();
  }

  // Server-Sent Events: runs until the client goes away, the subscription closes or the
  // server stops. Holds no thread while waiting.
  awaitable<bool> ServeStream(std::shared_ptr<beast::tcp_stream> stream, Request& req,
                              const Route& route, Metrics::RouteStats* stats, Conn& conn) {
    Opened opened;
    if (route.options.run_inline) {
      opened = OpenStream(route, req);
    } else {
      opened = co_await OnPool<Opened>([this, &route, &req] { return OpenStream(route, req); });
    }
    if (auto* res = std::get_if<Response>(&opened)) {
      Finish(req, *res, stats);
      bool keep_alive = req.method == "GET" && !stopping_;
      co_return co_await Write(*stream, req, std::move(*res), keep_alive) && keep_alive;
    }
    std::shared_ptr<Subscription> sub = std::get<std::shared_ptr<Subscription>>(opened);

    std::string out =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
        "Cache-Control: no-store\r\nX-Accel-Buffering: no\r\nConnection: close\r\n"
        "X-Request-Id: " +
        req.request_id + "\r\n";
    for (const auto& [name, value] : kSecurityHeaders) {
      out += std::string(name) + ": " + value + "\r\n";
    }
    out += "\r\nretry: 3000\n: connected\n\n";

    auto timer = std::make_shared<asio::steady_timer>(stream->get_executor());
    conn.wake = timer.get();
    sub->SetNotifier(
        [timer, ex = stream->get_executor()] { asio::post(ex, [timer] { timer->cancel(); }); });
    auto peer_gone = std::make_shared<bool>(false);
    bool watching = false;
    beast::error_code ec;
    Response logged;  // the access log and metrics record the opening of the stream
    logged.status = 200;
    Finish(req, logged, stats);
    const auto opened_at = Clock::now();
    while (!stopping_ && !*peer_gone) {
      if (!out.empty()) {
        stream->expires_after(opt_.write_timeout);
        co_await asio::async_write(*stream, asio::buffer(out), Await(ec));
        if (ec) break;
        out.clear();
      }
      if (!watching) {
        // Notice a closed connection at once rather than at the next heartbeat.
        watching = true;
        stream->expires_never();
        asio::co_spawn(stream->get_executor(), WatchPeer(stream, timer, peer_gone), asio::detached);
      }
      bool closed = false;
      for (const Event& e : sub->Take(&closed)) AppendEvent(out, e);
      if (closed) break;
      if (!out.empty()) continue;
      // Stop() sets stopping_ and then cancels `timer` on this strand: a cancel that came while
      // the write above was pending found no wait to end, so look again before waiting.
      if (stopping_) break;
      timer->expires_after(opt_.sse_heartbeat);
      co_await timer->async_wait(Await(ec));
      if (!ec) out = ": heartbeat\n\n";  // expired, not woken by an event
    }
    sub->Close();
    conn.wake = nullptr;
    stream->socket().close(ec);  // ends WatchPeer
    if (opt_.access_log) {
      spdlog::info(
          "{} event stream closed after {}s", req.request_id,
          std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - opened_at).count());
    }
    co_return false;
  }

  static awaitable<void> WatchPeer(std::shared_ptr<beast::tcp_stream> stream,
                                   std::shared_ptr<asio::steady_timer> timer,
                                   std::shared_ptr<bool> peer_gone) {
    char sink[512];
    beast::error_code ec;
    while (!ec) co_await stream->async_read_some(asio::buffer(sink), Await(ec));
    *peer_gone = true;
    timer->cancel();
  }

  // 413 for a body over `limit`, then close; drains briefly so the client sees the answer
  // instead of a reset.
  awaitable<void> AnswerTooLarge(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                 Request& req, size_t limit) {
    Response res = Response::Error(
        zb::Status(zb::ErrorCode::kTooLarge,
                   "请求体过大（上限 " + std::to_string(limit) + " 字节）",
                   "request body too large (limit " + std::to_string(limit) + " bytes)"),
        {{"limit_bytes", limit}});
    Finish(req, res, unmatched_stats_);
    if (!co_await Write(stream, req, std::move(res), false)) co_return;
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.expires_after(std::chrono::seconds(2));
    size_t drained = 0;
    while (!ec && drained < (16u << 20)) {
      buffer.consume(buffer.size());
      drained += co_await stream.async_read_some(buffer.prepare(64 * 1024), Await(ec));
    }
  }

  // Metrics, after-hooks and the access log for a finished request.
  void Finish(const Request& req, const Response& res, Metrics::RouteStats* stats) {
    auto elapsed = Clock::now() - req.received_at;
    if (stats != nullptr) stats->Observe(res.status, elapsed);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(elapsed);
    for (const auto& hook : router_.after_hooks()) {
      try {
        hook(req, res, micros);
      } catch (const std::exception& e) {
        spdlog::error("{} after-hook threw: {}", req.request_id, e.what());
      } catch (...) {
        spdlog::error("{} after-hook threw", req.request_id);
      }
    }
    if (opt_.access_log) {
      spdlog::info("{} {} {} {} {:.2f}ms {}", req.request_id, req.method, req.path, res.status,
                   static_cast<double>(micros.count()) / 1000.0, req.client_address);
    }
  }

  // Writes `res` with the server's headers. Returns false if the write failed.
  awaitable<bool> Write(beast::tcp_stream& stream, const Request& req, Response res,
                        bool keep_alive, bool head = false) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), 11};
    for (auto& [name, value] : res.headers) {
      if (SafeHeader(name, value)) {
        out.insert(name, value);
      } else {
        spdlog::error("{} dropped a response header with a line break: {}", req.request_id, name);
      }
    }
    for (const auto& [name, value] : kSecurityHeaders) {
      if (out.find(name) == out.end()) out.set(name, value);
    }
    if (IsApiPath(req.path) && out.find(bhttp::field::cache_control) == out.end()) {
      out.set(bhttp::field::cache_control, "no-store");
    }
    out.set("X-Request-Id", req.request_id);
    if (!res.content_type.empty() && SafeHeader("Content-Type", res.content_type)) {
      out.set(bhttp::field::content_type, res.content_type);
    }
    out.keep_alive(keep_alive);
    const bool no_body = res.status == 204 || res.status == 304 || res.status < 200;
    if (!no_body) {
      out.body() = std::move(res.body);
      out.prepare_payload();
      if (head) out.body().clear();
    }
    beast::error_code ec;
    stream.expires_after(opt_.write_timeout);
    co_await bhttp::async_write(stream, out, Await(ec));
    co_return !ec;
  }

  awaitable<void> Shutdown() {
    stopping_ = true;
    beast::error_code ec;
    acceptor_.close(ec);
    if (signals_) signals_->cancel(ec);
    // Idle connections close now, SSE streams end; requests in progress finish.
    ForEachConn([](Conn& c) {
      if (c.stream != nullptr && c.idle) c.stream->cancel();
      if (c.wake != nullptr) c.wake->cancel();
    });
    asio::steady_timer tick(ioc_);
    auto wait_drained = [&](Clock::time_point deadline) -> awaitable<bool> {
      while (Clock::now() < deadline) {
        {
          std::lock_guard lock(conns_mu_);
          if (conns_.empty()) co_return true;
        }
        tick.expires_after(std::chrono::milliseconds(10));
        co_await tick.async_wait(Await(ec));
      }
      co_return false;
    };
    if (!co_await wait_drained(Clock::now() + opt_.shutdown_grace)) {
      spdlog::warn("shutdown: closing connections still busy after {}s",
                   opt_.shutdown_grace.count());
      ForEachConn([](Conn& c) {
        beast::error_code ignored;
        if (c.stream != nullptr) c.stream->socket().close(ignored);
        if (c.wake != nullptr) c.wake->cancel();
      });
      co_await wait_drained(Clock::now() + std::chrono::seconds(1));
    }
    ioc_.stop();
  }

  template <typename F>
  void ForEachConn(F f) {
    std::vector<std::shared_ptr<Conn>> all;
    {
      std::lock_guard lock(conns_mu_);
      all.assign(conns_.begin(), conns_.end());
    }
    for (auto& c : all) asio::post(c->executor, [c, f] { f(*c); });
  }

  ServerOptions opt_;
  StaticFiles statics_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> stop_requested_{false};
  std::atomic<int> port_{0};
  bool listening_ = false;
  std::vector<Metrics::RouteStats*> route_stats_;  // by route index; fixed once running
  Metrics::RouteStats* static_stats_ = nullptr;
  Metrics::RouteStats* unmatched_stats_ = nullptr;
  std::mutex conns_mu_;
  std::unordered_set<std::shared_ptr<Conn>> conns_;  // guarded by conns_mu_
  std::unique_ptr<asio::thread_pool> pool_;
  // Declared last so that it is destroyed first: pending coroutines (holding connections,
  // subscriptions and references to the members above) go before what they refer to.
  asio::io_context ioc_;
  // The accept loop and Shutdown run on this strand: Shutdown's close of the acceptor on
  // another I/O thread while the loop started its next accept was a data race (a crash in
  // asio's reactor, seen once in about thirty test runs).
  asio::strand<asio::io_context::executor_type> control_ = asio::make_strand(ioc_);
  tcp::acceptor acceptor_{control_};
  std::optional<asio::signal_set> signals_;
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Server::~Server() = default;
Router& Server::router() {
  return impl_->router_;
}
Metrics& Server::metrics() {
  return impl_->metrics_;
}
EventHub& Server::events() {
  return impl_->events_;
}
zb::Status Server::Listen() {
  return impl_->Listen();
}
int Server::port() const {
  return impl_->port();
}
void Server::Run() {
  impl_->Run();
}
void Server::Stop() {
  impl_->Stop();
}
void Server::StopOnSignals() {
  impl_->StopOnSignals();
}

}  // namespace zb::http
