// A test fixture for API tests: the test office (src/cases/test_office.h) served by the real
// server on a free loopback port, and browsers that sign in and talk HTTP to it. Test-only.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>

#include "api/api.h"
#include "cases/test_office.h"
#include "http/server.h"
#include "http/test_client.h"

namespace zb::api::test_support {

// Every user of the test office has this password.
inline constexpr const char* kTestPassword = "correct horse";

class ApiFixture : public ::testing::Test {
 protected:
  ApiFixture();  // the office's clock starts on Monday 2026-03-02 09:00
  ~ApiFixture() override;

  // A signed-in browser: its connection, the session cookie and the CSRF token.
  struct Browser {
    std::unique_ptr<http::TestClient> client;
    std::string cookie, csrf;
    nlohmann::json user;
  };

  // Signs in (expecting success and a HttpOnly, SameSite=Strict cookie).
  Browser SignIn(const std::string& username);
  http::ClientResponse Get(Browser& b, const std::string& target);

  cases::testing::TestOffice office_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<cases::AttachmentStore> attachments_;
  std::unique_ptr<ApiContext> ctx_;
  std::thread thread_;
};

}  // namespace zb::api::test_support
