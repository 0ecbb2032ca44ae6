// The real server on an ephemeral port, spoken to over HTTP.
#include "http/server.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <zlib.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include "http/json_body.h"
#include "http/test_client.h"

namespace zb::http {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

struct TestUser : Principal {
  TestUser(std::string n, std::string u) : name(std::move(n)), unit(std::move(u)) {}
  std::string name;
  std::string unit;
};

void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { spdlog::set_level(spdlog::level::warn); }

  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("zb_http_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    WriteFile(dir_ / "secret.txt", "TOP-SECRET");
    WriteFile(dir_ / "dist" / "index.html", "<!doctype html><title>政办</title>");
    WriteFile(dir_ / "dist" / "assets" / "index-3f9a1c.js", "console.log(1)");
    WriteFile(dir_ / "dist" / "assets" / "index-3f9a1c.css", "body{}");
    WriteFile(dir_ / "dist" / "favicon.ico", "ico");
    WriteFile(dir_ / "dist" / "fonts" / "a.woff2", "w2");
    WriteFile(dir_ / "dist" / "data" / "sample.xlsx", "PK");
    WriteFile(dir_ / "dist" / ".env", "SECRET=1");
    options_.listen = "127.0.0.1:0";
    options_.threads = 2;
    options_.handler_threads = 4;
    options_.static_root = dir_ / "dist";
    options_.access_log = false;
  }

  void TearDown() override {
    StopServer();
    fs::remove_all(dir_);
  }

  // Creates the server with options_; add routes through router() before Serve().
  Server& server() {
    if (!server_) server_ = std::make_unique<Server>(options_);
    return *server_;
  }
  Router& router() { return server().router(); }

  void Serve() {
    ASSERT_TRUE(server().Listen().ok());
    ASSERT_GT(server().port(), 0);
    thread_ = std::thread([this] { server_->Run(); });
  }

  void StopServer() {
    if (thread_.joinable()) {
      server_->Stop();
      thread_.join();
    }
  }

  int port() { return server().port(); }

  // Adds the demo routes the tests share.
  void AddCaseRoutes() {
    router().Get("/api/cases/{id}", [](Request& r) {
      return Response::Json(200, {{"id", r.PathParam("id")}, {"q", r.Query("q").value_or("")}});
    });
    router().Get("/api/cases/export", [](Request&) {
      return Response::Bytes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                             "PK..", "案件清单.xlsx");
    });
    router().Post("/api/cases", [](Request& r) {
      auto body = ParseJsonBody(r);
      if (!body.ok()) return Response::Error(body.status());
      JsonFields f(*body);
      std::string title = f.String("title");
      std::optional<int64_t> days = f.OptInt("limit_days");
      if (zb::Status s = f.Finish(); !s.ok()) {
        return Response::Error(s, {{"field", f.error_field()}});
      }
      return Response::Json(201, {{"title", title}, {"limit_days", days.value_or(15)}});
    });
    router().Get("/api/boom", [](Request&) -> Response { throw std::runtime_error("boom"); });
  }

  ServerOptions options_;
  fs::path dir_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

void ExpectErrorShape(const ClientResponse& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  nlohmann::json j = r.Json();
  ASSERT_TRUE(j.is_object()) << r.body;
  ASSERT_TRUE(j.contains("error")) << r.body;
  EXPECT_EQ(j["error"]["code"], code) << r.body;
  EXPECT_TRUE(j["error"]["message"].is_string());
  EXPECT_TRUE(j["error"]["message_en"].is_string());
  EXPECT_TRUE(j["error"].contains("details"));
  ASSERT_NE(r.Header("content-type"), nullptr);
  EXPECT_EQ(*r.Header("content-type"), "application/json; charset=utf-8");
}

TEST_F(ServerTest, HealthzAnswersWithoutMiddleware) {
  router().Use([](Request&) -> std::optional<Response> {
    return Response::Error(zb::Status(ErrorCode::kUnauthenticated, "请先登录", "sign in first"));
  });
  Serve();
  TestClient c(port());
  ClientResponse r = c.Get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Json(), nlohmann::json({{"status", "ok"}}));
  ExpectErrorShape(c.Get("/metrics"), 401, "unauthenticated");  // middleware applies there
}

TEST_F(ServerTest, RoutesWithPathAndQueryParameters) {
  AddCaseRoutes();
  Serve();
  TestClient c(port());
  ClientResponse r = c.Get("/api/cases/%E7%83%AD%E7%BA%BF-42?q=%E7%A7%AF%E6%B0%B4+%E8%B7%AF");
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.Json()["id"], "热线-42");
  EXPECT_EQ(r.Json()["q"], "积水 路");
  EXPECT_EQ(*r.Header("cache-control"), "no-store");

  r = c.Get("/api/cases/export");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(*r.Header("content-disposition"),
            "attachment; filename=\"____.xlsx\"; "
            "filename*=UTF-8''%E6%A1%88%E4%BB%B6%E6%B8%85%E5%8D%95.xlsx");

  r = c.Post("/api/cases", R"({"title":"路灯不亮","limit_days":5})");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.Json()["limit_days"], 5);
  // The same connection served all three (keep-alive) and serves HEAD without a body.
  r = c.Send("HEAD", "/api/cases/1");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(ServerTest, UnknownPathsAndWrongMethods) {
  AddCaseRoutes();
  Serve();
  TestClient c(port());
  ClientResponse r = c.Get("/api/nothing/here");
  ExpectErrorShape(r, 404, "not_found");
  EXPECT_EQ(r.Json()["error"]["details"]["path"], "/api/nothing/here");

  r = c.Send("DELETE", "/api/cases/7");
  ExpectErrorShape(r, 405, "method_not_allowed");
  ASSERT_NE(r.Header("allow"), nullptr);
  EXPECT_EQ(*r.Header("allow"), "GET, HEAD");

  r = c.Send("POST", "/index.html", "x");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(*r.Header("allow"), "GET, HEAD");
}

TEST_F(ServerTest, BadJsonAndBadFieldsAre400) {
  AddCaseRoutes();
  Serve();
  TestClient c(port());
  ClientResponse r = c.Post("/api/cases", R"({"title": "路灯)");
  ExpectErrorShape(r, 400, "invalid_argument");
  EXPECT_NE(r.Json()["error"]["message_en"].get<std::string>().find("malformed JSON"),
            std::string::npos);

  r = c.Post("/api/cases", R"({"title": 5})");
  ExpectErrorShape(r, 400, "invalid_argument");
  EXPECT_EQ(r.Json()["error"]["details"]["field"], "title");
  EXPECT_EQ(r.Json()["error"]["message"], "字段 \"title\" 应为字符串");

  r = c.Post("/api/cases", R"({"title": "x", "limit_days": "5"})");
  EXPECT_EQ(r.Json()["error"]["details"]["field"], "limit_days");
  r = c.Post("/api/cases", R"({"title": "x", "owner": "me"})");
  EXPECT_EQ(r.Json()["error"]["message_en"], "unknown field \"owner\"");
  EXPECT_EQ(c.Get("/healthz").status, 200);
}

TEST_F(ServerTest, AThrowingHandlerIs500AndTheServerGoesOn) {
  AddCaseRoutes();
  Serve();
  TestClient c(port());
  ClientResponse r = c.Get("/api/boom");
  ExpectErrorShape(r, 500, "internal");
  EXPECT_EQ(r.Json()["error"]["message_en"], "internal server error");  // no internals leak
  EXPECT_EQ(c.Get("/api/cases/1").status, 200);
}

TEST_F(ServerTest, MalformedHttpIs400) {
  Serve();
  RawConnection raw(port());
  ASSERT_TRUE(raw.Send("GARBAGE\r\n\r\n"));
  auto [text, closed] = raw.ReadUntilClosed(3s);
  EXPECT_EQ(text.rfind("HTTP/1.1 400", 0), 0u) << text;
  EXPECT_TRUE(closed);
  RawConnection absolute(port());
  ASSERT_TRUE(absolute.Send("GET http://evil/x HTTP/1.1\r\nHost: a\r\n\r\n"));
  EXPECT_EQ(absolute.ReadUntilClosed(3s).first.rfind("HTTP/1.1 400", 0), 0u);
}

TEST_F(ServerTest, OversizeBodiesAre413AndTheServerKeepsServing) {
  AddCaseRoutes();
  RouteOptions small;
  small.max_body_bytes = 1024;
  router().Post(
      "/api/small", [](Request& r) { return Response::Text(200, r.body); }, small);
  Serve();
  {
    TestClient c(port());
    ClientResponse r = c.Post("/api/cases", std::string(10 << 20, 'x'));
    ExpectErrorShape(r, 413, "too_large");
    EXPECT_EQ(r.Json()["error"]["details"]["limit_bytes"], 8 << 20);
    EXPECT_EQ(*r.Header("connection"), "close");
  }
  {
    // Refused from the headers alone: the body is never sent.
    RawConnection raw(port());
    ASSERT_TRUE(
        raw.Send("POST /api/cases HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                 "Content-Length: 10485760\r\n\r\n"));
    auto [text, closed] = raw.ReadUntilClosed(5s);
    EXPECT_EQ(text.rfind("HTTP/1.1 413", 0), 0u) << text;
  }
  {
    // A chunked body has no length up front: refused once it passes the route's limit.
    RawConnection raw(port());
    std::string chunk(1000, 'y');
    ASSERT_TRUE(
        raw.Send("POST /api/small HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "3e8\r\n" +
                 chunk + "\r\n3e8\r\n" + chunk + "\r\n0\r\n\r\n"));
    auto [text, closed] = raw.ReadUntilClosed(5s);
    EXPECT_EQ(text.rfind("HTTP/1.1 413", 0), 0u) << text;
    TestClient c(port());
    EXPECT_EQ(c.Post("/api/small", std::string(1024, 'z')).status, 200);
  }
  TestClient after(port());
  EXPECT_EQ(after.Get("/healthz").status, 200);
}

TEST_F(ServerTest, SlowHeadersAreCutOffAfterTheTimeout) {
  options_.header_timeout = 1s;
  Serve();
  RawConnection raw(port());
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(raw.Send("GET /healthz HTTP/1.1\r\n"));
  bool closed = false;
  for (int i = 0; i < 30 && !closed; ++i) {
    raw.Send("X-Slow-" + std::to_string(i) + ": 1\r\n");
    closed = raw.ReadUntilClosed(100ms).second;
  }
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(closed);
  EXPECT_GE(took, 900ms);
  EXPECT_LT(took, 2500ms);
  TestClient c(port());
  EXPECT_EQ(c.Get("/healthz").status, 200);
}

TEST_F(ServerTest, IdleKeepAliveConnectionsAreClosed) {
  options_.idle_timeout = 1s;
  Serve();
  RawConnection raw(port());
  auto [text, closed] = raw.ReadUntilClosed(3s);
  EXPECT_TRUE(closed);
  EXPECT_TRUE(text.empty());
}

TEST_F(ServerTest, NoPathTraversal) {
  Serve();
  TestClient c(port());
  for (std::string target :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
        "/assets/..%2F..%2Fsecret.txt", "/..%5Csecret.txt", "/assets\\..\\..\\secret.txt",
        "/index.html%00.png", "/%00", "/./index.html", "/.env", "/%2e%65nv", "//etc/passwd",
        "/assets/%2e%2e%2f%2e%2e%2fsecret.txt", "/%252e%252e/secret.txt", "/%"}) {
    ClientResponse r = c.Get(target);
    bool spa_fallback = r.status == 200 && r.body.find("<title>政办</title>") != std::string::npos;
    EXPECT_TRUE(r.status == 400 || r.status == 404 || spa_fallback) << target << " -> " << r.status;
    EXPECT_EQ(r.body.find("TOP-SECRET"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("SECRET=1"), std::string::npos) << target;
  }
  // A symlink inside the root that points outside it is not followed.
  fs::create_symlink(dir_ / "secret.txt", dir_ / "dist" / "link.txt");
  ClientResponse r = c.Get("/link.txt");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("TOP-SECRET"), std::string::npos);
}

TEST_F(ServerTest, StaticFilesMimeCachingAndSpaFallback) {
  Serve();
  TestClient c(port());
  ClientResponse r = c.Get("/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(*r.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(*r.Header("cache-control"), "no-cache");
  EXPECT_NE(r.body.find("政办"), std::string::npos);

  r = c.Get("/assets/index-3f9a1c.js");
  EXPECT_EQ(*r.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(*r.Header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(r.body, "console.log(1)");
  EXPECT_EQ(*c.Get("/assets/index-3f9a1c.css").Header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(*c.Get("/favicon.ico").Header("content-type"), "image/x-icon");
  EXPECT_EQ(*c.Get("/fonts/a.woff2").Header("content-type"), "font/woff2");
  EXPECT_EQ(*c.Get("/data/sample.xlsx").Header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

  // ETag revalidation.
  r = c.Get("/index.html");
  ASSERT_NE(r.Header("etag"), nullptr);
  ClientResponse again = c.Get("/index.html", {{"If-None-Match", *r.Header("etag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());

  // Client-side routes get index.html; missing files with an extension and API paths do not.
  r = c.Get("/cases/123/detail");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("政办"), std::string::npos);
  EXPECT_EQ(*r.Header("cache-control"), "no-cache");
  EXPECT_EQ(c.Get("/assets/missing-abc.js").status, 404);
  ExpectErrorShape(c.Get("/api/cases"), 404, "not_found");
}

// Text files of 1 kB or more go out gzipped to clients that accept it, with their own ETag.
TEST_F(ServerTest, StaticTextFilesAreGzippedForClientsThatAcceptIt) {
  std::string script;
  for (int i = 0; i < 2000; ++i) script += "console.log('政办 " + std::to_string(i) + "');\n";
  WriteFile(dir_ / "dist" / "assets" / "big-1a2b.js", script);
  WriteFile(dir_ / "dist" / "fonts" / "big.woff2", std::string(4096, 'w'));
  Serve();
  TestClient c(port());
  auto gunzip = [](const std::string& in) {
    z_stream z{};
    EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
    std::string out(1 << 20, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(z.total_out);
    inflateEnd(&z);
    return out;
  };

  ClientResponse packed = c.Get("/assets/big-1a2b.js", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_EQ(packed.status, 200);
  ASSERT_NE(packed.Header("content-encoding"), nullptr);
  EXPECT_EQ(*packed.Header("content-encoding"), "gzip");
  EXPECT_EQ(*packed.Header("vary"), "Accept-Encoding");
  EXPECT_LT(packed.body.size(), script.size() / 4);
  EXPECT_EQ(gunzip(packed.body), script);
  // The second request is served from the compressed copy: the same bytes.
  EXPECT_EQ(c.Get("/assets/big-1a2b.js", {{"Accept-Encoding", "gzip"}}).body, packed.body);

  ClientResponse plain = c.Get("/assets/big-1a2b.js");
  EXPECT_EQ(plain.Header("content-encoding"), nullptr);
  EXPECT_EQ(plain.body, script);
  EXPECT_NE(*plain.Header("etag"), *packed.Header("etag"));
  EXPECT_EQ(c.Get("/assets/big-1a2b.js", {{"Accept-Encoding", "gzip;q=0"}}).body, script);
  // Revalidation answers for the representation the client holds.
  EXPECT_EQ(c.Get("/assets/big-1a2b.js",
                  {{"Accept-Encoding", "gzip"}, {"If-None-Match", *packed.Header("etag")}})
                .status,
            304);
  EXPECT_EQ(c.Get("/assets/big-1a2b.js", {{"If-None-Match", *packed.Header("etag")}}).status, 200);
  // Small files and formats that are compressed already go as they are.
  EXPECT_EQ(c.Get("/assets/index-3f9a1c.js", {{"Accept-Encoding", "gzip"}}).body, "console.log(1)");
  ClientResponse font = c.Get("/fonts/big.woff2", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(font.Header("content-encoding"), nullptr);
  EXPECT_EQ(font.body.size(), 4096u);
}

TEST_F(ServerTest, WithoutABuiltFrontEndRootSaysSo) {
  options_.static_root = dir_ / "no-such-dir";
  Serve();
  TestClient c(port());
  ClientResponse r = c.Get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("网页界面尚未构建"), std::string::npos);
  EXPECT_EQ(*r.Header("content-type"), "text/html; charset=utf-8");
}

TEST_F(ServerTest, SecurityHeadersAndRequestIdOnEveryResponse) {
  AddCaseRoutes();
  Serve();
  TestClient c(port());
  for (std::string target : {"/healthz", "/api/cases/1", "/api/nope", "/", "/../x", "/api/boom"}) {
    ClientResponse r = c.Get(target);
    ASSERT_NE(r.status, 0) << target;
    ASSERT_NE(r.Header("content-security-policy"), nullptr) << target;
    EXPECT_NE(r.Header("content-security-policy")->find("frame-ancestors 'none'"),
              std::string::npos);
    EXPECT_NE(r.Header("content-security-policy")->find("default-src 'self'"), std::string::npos);
    EXPECT_NE(r.Header("content-security-policy")->find("style-src 'self' 'unsafe-inline'"),
              std::string::npos);
    EXPECT_EQ(*r.Header("x-content-type-options"), "nosniff") << target;
    EXPECT_EQ(*r.Header("x-frame-options"), "DENY") << target;
    EXPECT_EQ(*r.Header("referrer-policy"), "same-origin") << target;
    ASSERT_NE(r.Header("x-request-id"), nullptr) << target;
    EXPECT_EQ(r.Header("x-request-id")->size(), 16u);
  }
  EXPECT_EQ(*c.Get("/healthz", {{"X-Request-Id", "lb-7f3a.01"}}).Header("x-request-id"),
            "lb-7f3a.01");
  std::string forged = *c.Get("/healthz", {{"X-Request-Id", "a b<script>"}}).Header("x-request-id");
  EXPECT_EQ(forged.size(), 16u);
}

TEST_F(ServerTest, MiddlewareAuthenticatesAndHandlersSeeThePrincipal) {
  std::vector<std::string> log;
  std::mutex log_mu;
  router().Use([](Request& r) -> std::optional<Response> {
    if (const std::string* user = r.Header("x-test-user")) {
      r.principal = std::make_shared<TestUser>(*user, "水务局");
      return std::nullopt;
    }
    return Response::Error(zb::Status(ErrorCode::kUnauthenticated, "请先登录", "sign in first"));
  });
  router().After([&](const Request& r, const Response& res, std::chrono::microseconds) {
    std::lock_guard lock(log_mu);
    log.push_back(r.method + " " + r.path + " " + std::to_string(res.status));
  });
  router().Get("/api/me", [](Request& r) {
    const TestUser* u = r.principal_as<TestUser>();
    Response res = Response::Json(200, {{"name", u->name}, {"unit", u->unit}});
    res.AddHeader("Set-Cookie", "zb_session=abc; HttpOnly; SameSite=Strict; Path=/");
    res.AddHeader("Set-Cookie", "zb_csrf=def; SameSite=Strict; Path=/");
    return res;
  });
  Serve();
  TestClient c(port());
  ExpectErrorShape(c.Get("/api/me"), 401, "unauthenticated");
  ClientResponse r = c.Get("/api/me", {{"X-Test-User", "张三"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json()["name"], "张三");
  EXPECT_EQ(r.Json()["unit"], "水务局");
  int cookies = 0;
  for (const auto& [name, value] : r.headers) cookies += name == "Set-Cookie";
  EXPECT_EQ(cookies, 2);
  std::lock_guard lock(log_mu);
  EXPECT_EQ(log, (std::vector<std::string>{"GET /api/me 401", "GET /api/me 200"}));
}

TEST_F(ServerTest, ASlowHandlerDoesNotBlockOtherConnections) {
  options_.threads = 1;
  options_.handler_threads = 4;
  router().Get("/api/slow", [](Request&) {
    std::this_thread::sleep_for(800ms);
    return Response::Text(200, "slow");
  });
  Serve();
  std::vector<std::future<int>> slow;
  for (int i = 0; i < 3; ++i) {
    slow.push_back(std::async(std::launch::async,
                              [p = port()] { return TestClient(p).Get("/api/slow").status; }));
  }
  std::this_thread::sleep_for(100ms);
  auto start = std::chrono::steady_clock::now();
  TestClient c(port());
  EXPECT_EQ(c.Get("/healthz").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 300ms);
  for (auto& f : slow) EXPECT_EQ(f.get(), 200);
}

TEST_F(ServerTest, MetricsCountRequestsByRoute) {
  AddCaseRoutes();
  server().metrics().AddGauge("zb_cases_open", "Open cases by light", [] {
    return Metrics::Samples{{{{"light", "red"}}, 3}};
  });
  Serve();
  TestClient c(port());
  c.Get("/api/cases/1");
  c.Get("/api/cases/2");
  c.Get("/api/nope");
  ClientResponse r = c.Get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(*r.Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(
      r.body.find(
          "zb_http_requests_total{method=\"GET\",route=\"/api/cases/{id}\",code=\"2xx\"} 2\n"),
      std::string::npos)
      << r.body;
  EXPECT_NE(
      r.body.find("zb_http_requests_total{method=\"*\",route=\"(unmatched)\",code=\"4xx\"} 1"),
      std::string::npos);
  EXPECT_NE(r.body.find("zb_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/"
                        "cases/{id}\",le=\"+Inf\"} 2"),
            std::string::npos);
  EXPECT_NE(r.body.find("zb_cases_open{light=\"red\"} 3\n"), std::string::npos);
  EXPECT_NE(r.body.find("zb_http_connections "), std::string::npos);
}

TEST_F(ServerTest, RoutesListsBuiltInsAndAddedRoutes) {
  AddCaseRoutes();
  auto routes = router().Routes();
  auto has = [&](const char* m, const char* p) {
    return std::find(routes.begin(), routes.end(), std::pair<std::string, std::string>(m, p)) !=
           routes.end();
  };
  EXPECT_TRUE(has("GET", "/healthz"));
  EXPECT_TRUE(has("GET", "/metrics"));
  EXPECT_TRUE(has("GET", "/api/cases/{id}"));
  EXPECT_TRUE(has("POST", "/api/cases"));
}

class SseTest : public ServerTest {
 protected:
  void AddEventRoutes() {
    router().Use([](Request& r) -> std::optional<Response> {
      if (const std::string* unit = r.Header("x-test-unit")) {
        r.principal = std::make_shared<TestUser>("user", *unit);
      }
      return std::nullopt;
    });
    router().AddStream(
        "/api/events", [this](Request& r) -> zb::Result<std::shared_ptr<Subscription>> {
          if (!r.principal) {
            return zb::Status(ErrorCode::kUnauthenticated, "请先登录", "sign in first");
          }
          return server().events().Subscribe(r.principal, r.Header("last-event-id"));
        });
  }

  static Visibility ForUnit(std::string unit) {
    return [unit](const Principal& p) {
      const auto* u = p.As<TestUser>();
      return u != nullptr && u->unit == unit;
    };
  }

  // Waits until the hub has `n` subscribers.
  bool WaitSubscribers(size_t n) {
    for (int i = 0; i < 300; ++i) {
      if (server().events().subscriber_count() == n) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
};

TEST_F(SseTest, EachSubscriberReceivesOnlyWhatItMaySee) {
  AddEventRoutes();
  Serve();
  SseClient water(port(), "/api/events", {{"X-Test-Unit", "水务局"}});
  SseClient traffic(port(), "/api/events", {{"X-Test-Unit", "交通局"}});
  ASSERT_EQ(water.status(), 200);
  ASSERT_EQ(traffic.status(), 200);
  EXPECT_EQ(*water.Header("content-type"), "text/event-stream; charset=utf-8");
  ASSERT_NE(water.Header("content-security-policy"), nullptr);
  ASSERT_TRUE(WaitSubscribers(2));

  EventHub& hub = server().events();
  hub.Publish("case.updated", {{"id", 1}, {"state", "办理中"}}, ForUnit("水务局"));
  hub.Publish("case.updated", {{"id", 2}}, ForUnit("交通局"));
  hub.Publish("notice", {{"text", "全体"}});

  auto e1 = water.Next(3s);
  ASSERT_TRUE(e1);
  EXPECT_EQ(e1->type, "case.updated");
  EXPECT_EQ(nlohmann::json::parse(e1->data)["state"], "办理中");
  auto e2 = water.Next(3s);
  ASSERT_TRUE(e2);
  EXPECT_EQ(e2->type, "notice");
  EXPECT_LT(std::stoull(e1->id), std::stoull(e2->id));
  EXPECT_FALSE(water.Next(200ms));

  auto t1 = traffic.Next(3s);
  ASSERT_TRUE(t1);
  EXPECT_EQ(nlohmann::json::parse(t1->data)["id"], 2);
  EXPECT_EQ(traffic.Next(3s)->type, "notice");

  // Resume after the first event with Last-Event-ID.
  SseClient resumed(port(), "/api/events", {{"X-Test-Unit", "水务局"}, {"Last-Event-ID", e1->id}});
  auto r1 = resumed.Next(3s);
  ASSERT_TRUE(r1);
  EXPECT_EQ(r1->id, e2->id);
}

TEST_F(SseTest, RefusedWithoutPrincipalAndOtherRequestsStillServed) {
  AddEventRoutes();
  Serve();
  SseClient anonymous(port(), "/api/events");
  EXPECT_EQ(anonymous.status(), 401);
  TestClient c(port());
  EXPECT_EQ(c.Get("/healthz").status, 200);
}

TEST_F(SseTest, DisconnectUnsubscribesAndHeartbeatsFlow) {
  options_.sse_heartbeat = 1s;
  AddEventRoutes();
  Serve();
  {
    SseClient client(port(), "/api/events", {{"X-Test-Unit", "水务局"}});
    ASSERT_EQ(client.status(), 200);
    ASSERT_TRUE(WaitSubscribers(1));
    EXPECT_FALSE(client.Next(1500ms));  // only comments arrive
    EXPECT_GE(client.comments(), 2);    // ": connected" and at least one heartbeat
  }
  EXPECT_TRUE(WaitSubscribers(0));
  // Many streams at once cost no threads: all are served by the two I/O threads.
  std::vector<std::unique_ptr<SseClient>> many;
  for (int i = 0; i < 100; ++i) {
    many.push_back(
        std::make_unique<SseClient>(port(), "/api/events", ClientHeaders{{"X-Test-Unit", "u"}}));
    ASSERT_EQ(many.back()->status(), 200);
  }
  ASSERT_TRUE(WaitSubscribers(100));
  server().events().Publish("ping", {{"n", 1}});
  for (auto& c : many) {
    auto e = c->Next(3s);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->type, "ping");
  }
  TestClient c(port());
  EXPECT_EQ(c.Get("/healthz").status, 200);
  many.clear();
  EXPECT_TRUE(WaitSubscribers(0));
}

TEST_F(ServerTest, StopLetsInFlightRequestsFinish) {
  std::atomic<bool> started{false};
  router().Get("/api/slow", [&](Request&) {
    started = true;
    std::this_thread::sleep_for(500ms);
    return Response::Text(200, "done");
  });
  Serve();
  TestClient idle(port());
  ASSERT_EQ(idle.Get("/healthz").status, 200);  // an idle keep-alive connection stays open
  auto slow =
      std::async(std::launch::async, [p = port()] { return TestClient(p).Get("/api/slow"); });
  while (!started) std::this_thread::sleep_for(5ms);
  auto start = std::chrono::steady_clock::now();
  server().Stop();
  thread_.join();  // Run() returns once the slow request is answered
  auto took = std::chrono::steady_clock::now() - start;
  ClientResponse r = slow.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "done");
  ASSERT_NE(r.Header("connection"), nullptr);
  EXPECT_EQ(*r.Header("connection"), "close");
  EXPECT_LT(took, 2s);
  EXPECT_EQ(TestClient(port(), 1s).Get("/healthz").status, 0);  // no longer accepting
}

// Stopping while connections keep arriving: the acceptor is closed on the accept loop's own
// strand, never under a next accept another I/O thread is starting (a data race before).
TEST(ServerStop, WhileConnectionsArriveOnManyThreads) {
  for (int round = 0; round < 300; ++round) {
    ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.threads = 4;
    options.handler_threads = 1;
    options.access_log = false;
    Server server(options);
    ASSERT_TRUE(server.Listen().ok());
    std::thread run([&] { server.Run(); });
    std::atomic<bool> done{false};
    std::atomic<int> connected{0};
    auto knock = [&, port = server.port()] {
      while (!done) {
        boost::asio::io_context ioc;
        boost::asio::ip::tcp::socket s(ioc);
        boost::system::error_code ec;
        s.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)},
                  ec);
        if (!ec) ++connected;
      }
    };
    std::thread a(knock), b(knock);
    while (connected < 20) std::this_thread::yield();
    server.Stop();
    run.join();  // Run() returns: the server stopped cleanly under the knocking
    done = true;
    a.join();
    b.join();
  }
}

TEST_F(SseTest, StopEndsOpenStreams) {
  AddEventRoutes();
  Serve();
  SseClient client(port(), "/api/events", {{"X-Test-Unit", "水务局"}});
  ASSERT_EQ(client.status(), 200);
  ASSERT_TRUE(WaitSubscribers(1));
  auto start = std::chrono::steady_clock::now();
  StopServer();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_FALSE(client.Next(1s));
  EXPECT_TRUE(client.closed());
}

TEST(ServerListenTest, ReportsAnAddressInUse) {
  ServerOptions o;
  o.listen = "127.0.0.1:0";
  Server a(o);
  ASSERT_TRUE(a.Listen().ok());
  o.listen = "127.0.0.1:" + std::to_string(a.port());
  Server b(o);
  zb::Status s = b.Listen();
  EXPECT_EQ(s.code(), ErrorCode::kUnavailable);
  // Says why (the error was once replaced by closing's own, "Success").
  EXPECT_NE(s.message().find("端口已被占用"), std::string::npos) << s.message();
  EXPECT_NE(s.message_en().find("address already in use"), std::string::npos) << s.message_en();
  o.listen = "not-an-address:80";
  EXPECT_FALSE(Server(o).Listen().ok());
}

}  // namespace
}  // namespace zb::http
