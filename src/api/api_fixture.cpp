#include "api/api_fixture.h"

#include <spdlog/spdlog.h>

#include "base/password.h"

namespace zb::api::test_support {

ApiFixture::ApiFixture()
    : office_(*ParseInstant("2026-03-02 09:00"), cases::testing::BackendFromEnvironment()) {
  spdlog::set_level(spdlog::level::warn);
  std::string hash = *HashPassword(kTestPassword);
  for (auto u : *office_.store->ListUsers()) {
    u.password_hash = hash;
    (void)office_.store->UpdateUser(u);
  }
  http::ServerOptions so;
  so.listen = "127.0.0.1:0";
  so.threads = 2;
  so.access_log = false;
  so.static_root = office_.dir / "no-web";
  server_ = std::make_unique<http::Server>(so);
  attachments_ = std::make_unique<cases::AttachmentStore>(office_.dir / "attachments", 1 << 20);
  ctx_ = std::make_unique<ApiContext>(ApiContext{
      *office_.store, *office_.engine, *attachments_, office_.clock, server_->events(), {}});
  RegisterApi(server_->router(), *ctx_);
  EXPECT_TRUE(server_->Listen().ok());
  thread_ = std::thread([this] { server_->Run(); });
}

ApiFixture::~ApiFixture() {
  server_->Stop();
  thread_.join();
}

ApiFixture::Browser ApiFixture::SignIn(const std::string& username) {
  Browser b;
  b.client = std::make_unique<http::TestClient>(server_->port());
  auto r = b.client->Post(
      "/api/session", nlohmann::json{{"username", username}, {"password", kTestPassword}}.dump());
  EXPECT_EQ(r.status, 200) << r.body;
  const std::string* set_cookie = r.Header("set-cookie");
  EXPECT_NE(set_cookie, nullptr);
  if (set_cookie) {
    EXPECT_NE(set_cookie->find("HttpOnly"), std::string::npos);
    EXPECT_NE(set_cookie->find("SameSite=Strict"), std::string::npos);
    b.cookie = set_cookie->substr(0, set_cookie->find(';'));
  }
  b.csrf = r.Json().value("csrf_token", "");
  b.user = r.Json()["user"];
  return b;
}

http::ClientResponse ApiFixture::Get(Browser& b, const std::string& target) {
  return b.client->Get(target, {{"Cookie", b.cookie}});
}

}  // namespace zb::api::test_support
