// API tests: the real server on an ephemeral port, spoken to over HTTP.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <set>
#include <thread>

#include "api/api.h"
#include "api/api_fixture.h"
#include "base/password.h"
#include "cases/deadline_monitor.h"
#include "cases/test_office.h"
#include "http/server.h"
#include "http/test_client.h"
#include "store/audit.h"

namespace zb::api {
namespace {

using cases::testing::TestOffice;
using http::ClientHeaders;
using http::ClientResponse;
using http::TestClient;
using nlohmann::json;

constexpr const char* kPassword = test_support::kTestPassword;

class ApiTest : public test_support::ApiFixture {
 protected:
  ClientResponse Send(Browser& b, const std::string& method, const std::string& target,
                      const json& body) {
    return b.client->Send(
        method, target, body.is_null() ? "" : body.dump(),
        {{"Cookie", b.cookie}, {"X-CSRF-Token", b.csrf}, {"Content-Type", "application/json"}});
  }

  int64_t NewAssignment(Browser& b) {
    auto r =
        Send(b, "POST", "/api/cases",
             {{"kind", "assignment"},
              {"title", "研究解决城区停车难问题"},
              {"fields", {{"leader_id", office_.user("mayor")}, {"content", "两周内拿出方案"}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", int64_t{0});
  }

  size_t EventCount(int64_t id) { return office_.store->ListEvents(id)->size(); }
};

TEST_F(ApiTest, HealthzNeedsNoSignInButTheApiDoes) {
  TestClient c(server_->port());
  EXPECT_EQ(c.Get("/healthz").status, 200);
  auto r = c.Get("/api/cases");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Json()["error"]["code"], "unauthenticated");
  EXPECT_FALSE(r.Json()["error"]["message"].get<std::string>().empty());
  EXPECT_FALSE(r.Json()["error"]["message_en"].get<std::string>().empty());
  EXPECT_EQ(c.Get("/api/cases", {{"Cookie", "zb_session=forged"}}).status, 401);
}

TEST_F(ApiTest, SignInThrottlesRepeatedFailures) {
  TestClient c(server_->port());
  for (int i = 0; i < 5; ++i) {
    auto r = c.Post("/api/session", json{{"username", "clerk"}, {"password", "wrong"}}.dump());
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.Json()["error"]["message"], "用户名或密码错误");
  }
  auto locked = c.Post("/api/session", json{{"username", "clerk"}, {"password", kPassword}}.dump());
  EXPECT_EQ(locked.status, 429);
  // Another user is not affected; an unknown user gets the same answer as a wrong password.
  auto other = c.Post("/api/session", json{{"username", "nobody"}, {"password", "x"}}.dump());
  EXPECT_EQ(other.status, 401);
  // After the lockout period, the right password works again.
  office_.clock.Advance(std::chrono::minutes(16));
  EXPECT_EQ(
      c.Post("/api/session", json{{"username", "clerk"}, {"password", kPassword}}.dump()).status,
      200);
  // Malformed sign-in bodies are 400s.
  EXPECT_EQ(c.Post("/api/session", "{not json").status, 400);
  EXPECT_EQ(c.Post("/api/session", json{{"username", 5}, {"password", "x"}}.dump()).status, 400);
}

TEST_F(ApiTest, CsrfTokenRequiredForChanges) {
  Browser clerk = SignIn("clerk");
  json body = {{"kind", "assignment"},
               {"title", "t"},
               {"fields", {{"leader_id", office_.user("mayor")}, {"content", "c"}}}};
  auto no_csrf = clerk.client->Post(
      "/api/cases", body.dump(), {{"Cookie", clerk.cookie}, {"Content-Type", "application/json"}});
  EXPECT_EQ(no_csrf.status, 403);
  auto forged = clerk.client->Post(
      "/api/cases", body.dump(),
      {{"Cookie", clerk.cookie}, {"X-CSRF-Token", "forged"}, {"Content-Type", "application/json"}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(*office_.store->CountCases(), 0);
  EXPECT_EQ(Send(clerk, "POST", "/api/cases", body).status, 201);
}

TEST_F(ApiTest, AssignmentWorkflowOverHttp) {
  Browser clerk = SignIn("clerk");
  Browser housing = SignIn("housing");
  Browser transport = SignIn("transport");
  int64_t id = NewAssignment(clerk);
  auto detail = Get(clerk, "/api/cases/" + std::to_string(id));
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.Json()["state_label"], "已登记") << detail.body;
  std::set<std::string> actions;
  json detail_json = detail.Json();
  for (auto& a : detail_json["actions"]) actions.insert(a["action"]);
  EXPECT_EQ(actions, (std::set<std::string>{"assign", "urge", "comment"})) << detail.body;

  // Not yet assigned: the housing bureau cannot see it.
  EXPECT_EQ(Get(housing, "/api/cases/" + std::to_string(id)).status, 404);
  auto assigned = Send(clerk, "POST", "/api/cases/" + std::to_string(id) + "/actions",
                       {{"action", "assign"},
                        {"lead_unit_id", office_.unit("dept.housing")},
                        {"time_limit", "5 working days"},
                        {"expected_version", 1}});
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(assigned.Json()["due_at"], "2026-03-09T17:30:00+08:00");
  EXPECT_EQ(assigned.Json()["light"], "green");
  EXPECT_EQ(assigned.Json()["step_light"], "green");  // accept within one working day

  // A double click: the same request again is refused, nothing written twice.
  auto again = Send(clerk, "POST", "/api/cases/" + std::to_string(id) + "/actions",
                    {{"action", "assign"},
                     {"lead_unit_id", office_.unit("dept.housing")},
                     {"expected_version", 1}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(EventCount(id), 2u);

  auto list = Get(housing, "/api/cases?scope=unit&light=green");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.Json()["cases"].size(), 1u);
  EXPECT_EQ(Get(transport, "/api/cases").Json()["cases"].size(), 0u);
  EXPECT_EQ(Get(transport, "/api/cases/" + std::to_string(id)).status, 404);

  EXPECT_EQ(
      Send(housing, "POST", "/api/cases/" + std::to_string(id) + "/actions", {{"action", "accept"}})
          .status,
      200);
  auto reply = Send(housing, "POST", "/api/cases/" + std::to_string(id) + "/actions",
                    {{"action", "reply"}, {"text", "方案已报送"}});
  EXPECT_EQ(reply.status, 200);
  // The light turns red once the time passes (the clock is injected).
  office_.clock.Set(*ParseInstant("2026-03-10 09:00"));
  clerk = SignIn("clerk");  // the old session expired meanwhile
  EXPECT_EQ(Get(clerk, "/api/cases/" + std::to_string(id)).Json()["light"], "red");
  auto closed =
      Send(clerk, "POST", "/api/cases/" + std::to_string(id) + "/actions", {{"action", "close"}});
  EXPECT_EQ(closed.status, 200);
  EXPECT_EQ(closed.Json()["state"], "closed");
  EXPECT_EQ(closed.Json()["light"], "");
  EXPECT_EQ(closed.Json()["events"].size(), 5u);
  EXPECT_EQ(closed.Json()["events"][1]["actor_name"], "clerk");
  // The events' data as recorded, its instants in China time (stored as Unix seconds).
  json assigned_data = closed.Json()["events"][1]["data"];
  EXPECT_EQ(assigned_data["due_at"], "2026-03-09T17:30:00+08:00");
  EXPECT_EQ(assigned_data["lead_unit_id"], office_.unit("dept.housing"));
  EXPECT_EQ(assigned_data["time_limit"], "5 working days");
  EXPECT_TRUE(closed.Json()["events"][2]["data"]["step_due_at"].is_null());  // accepted
  EXPECT_EQ(closed.Json()["events"][3]["data"]["text"], "方案已报送");
}

TEST_F(ApiTest, StepLightTurnsRedWhenAStepIsLate) {
  Browser clerk = SignIn("clerk");
  int64_t id = NewAssignment(clerk);
  ASSERT_EQ(Send(clerk, "POST", "/api/cases/" + std::to_string(id) + "/actions",
                 {{"action", "assign"}, {"lead_unit_id", office_.unit("dept.housing")}})
                .status,
            200);
  // Assigned Monday 09:00; acceptance is due by Tuesday 17:30. Wednesday 09:00 it is late,
  // while the case's own limit (5 working days) is still green.
  office_.clock.Set(*ParseInstant("2026-03-04 09:00"));
  clerk = SignIn("clerk");
  json c = Get(clerk, "/api/cases/" + std::to_string(id)).Json();
  EXPECT_EQ(c["step_light"], "red");
  EXPECT_EQ(c["light"], "green");
}

TEST_F(ApiTest, BadInputIsA4xxAndWritesNothing) {
  Browser clerk = SignIn("clerk");
  int64_t id = NewAssignment(clerk);
  std::string target = "/api/cases/" + std::to_string(id) + "/actions";
  auto bad_json = clerk.client->Post(target, "{\"action\": ",
                                     {{"Cookie", clerk.cookie},
                                      {"X-CSRF-Token", clerk.csrf},
                                      {"Content-Type", "application/json"}});
  EXPECT_EQ(bad_json.status, 400);
  EXPECT_EQ(Send(clerk, "POST", target, {{"action", 42}}).status, 400);
  EXPECT_EQ(Send(clerk, "POST", target, {{"action", "assign"}, {"surprise", 1}}).status, 400);
  EXPECT_EQ(Send(clerk, "POST", target, {{"action", "assign"}, {"lead_unit_id", "x"}}).status, 400);
  EXPECT_EQ(Send(clerk, "POST", target, {{"action", "assign"}, {"lead_unit_id", 99999}}).status,
            400);
  EXPECT_EQ(Send(clerk, "POST", target,
                 {{"action", "assign"},
                  {"lead_unit_id", office_.unit("dept.housing")},
                  {"due_at", "tomorrow"}})
                .status,
            400);
  EXPECT_EQ(Send(clerk, "POST", "/api/cases/abc/actions", {{"action", "assign"}}).status, 400);
  EXPECT_EQ(Send(clerk, "POST", "/api/cases/999999/actions", {{"action", "assign"}}).status, 404);
  EXPECT_EQ(Get(clerk, "/api/cases?light=purple").status, 400);
  EXPECT_EQ(Get(clerk, "/api/cases?cursor=zzz").status, 400);
  EXPECT_EQ(Get(clerk, "/api/cases?limit=100000").status, 400);
  auto huge = Send(clerk, "POST", "/api/cases",
                   {{"kind", "assignment"}, {"title", std::string(10 << 20, 'x')}});
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(EventCount(id), 1u);
  EXPECT_EQ(*office_.store->CountCases(), 1);
}

TEST_F(ApiTest, DelegatedInstructionNamesBoth) {
  Browser clerk = SignIn("clerk");
  Browser secretary = SignIn("secretary");
  int64_t id = NewAssignment(clerk);
  auto detail = Get(secretary, "/api/cases/" + std::to_string(id));
  bool offered = false;
  json detail_json = detail.Json();
  for (auto& a : detail_json["actions"]) {
    if (a["action"] == "instruct") offered = a["on_behalf_of"] == office_.user("mayor");
  }
  EXPECT_TRUE(offered);
  auto r = Send(secretary, "POST", "/api/cases/" + std::to_string(id) + "/actions",
                {{"action", "instruct"}, {"text", "请抓紧办理"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json e = r.Json()["events"].back();
  EXPECT_EQ(e["actor_id"], office_.user("secretary"));
  EXPECT_EQ(e["on_behalf_of"], office_.user("mayor"));
  EXPECT_EQ(e["on_behalf_of_name"], "mayor");
  // Someone without the delegation cannot claim it.
  auto forged =
      Send(clerk, "POST", "/api/cases/" + std::to_string(id) + "/actions",
           {{"action", "comment"}, {"text", "x"}, {"on_behalf_of", office_.user("mayor")}});
  EXPECT_EQ(forged.status, 403);
}

// The actions a case offers follow a delegation recorded or revoked at once (the server keeps
// the delegations it read for a few seconds, and forgets them when it records a change).
TEST_F(ApiTest, ARevokedDelegationIsNoLongerOffered) {
  Browser clerk = SignIn("clerk");
  Browser secretary = SignIn("secretary");
  Browser mayor = SignIn("mayor");
  std::string path = "/api/cases/" + std::to_string(NewAssignment(clerk));
  auto offers_instruct = [&] {
    json detail = Get(secretary, path).Json();
    for (auto& a : detail["actions"]) {
      if (a["action"] == "instruct") return true;
    }
    return false;
  };
  EXPECT_TRUE(offers_instruct());
  json list = Get(mayor, "/api/delegations").Json()["delegations"];
  ASSERT_EQ(list.size(), 1u);
  auto revoked =
      Send(mayor, "DELETE", "/api/delegations/" + std::to_string(list[0]["id"].get<int64_t>()), {});
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_FALSE(offers_instruct());
  auto added =
      Send(mayor, "POST", "/api/delegations",
           {{"leader_id", office_.user("mayor")}, {"delegate_id", office_.user("secretary")}});
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_TRUE(offers_instruct());
}

TEST_F(ApiTest, AttachmentsUploadAndDownload) {
  Browser clerk = SignIn("clerk");
  Browser transport = SignIn("transport");
  int64_t id = NewAssignment(clerk);
  std::string base = "/api/cases/" + std::to_string(id) + "/attachments";
  auto up = clerk.client->Send(
      "POST", base + "?name=%E6%96%B9%E6%A1%88.txt", "方案全文",
      {{"Cookie", clerk.cookie}, {"X-CSRF-Token", clerk.csrf}, {"Content-Type", "text/plain"}});
  ASSERT_EQ(up.status, 201) << up.body;
  int64_t att = up.Json()["id"];
  auto down = Get(clerk, base + "/" + std::to_string(att));
  EXPECT_EQ(down.status, 200);
  EXPECT_EQ(down.body, "方案全文");
  EXPECT_EQ(Get(transport, base + "/" + std::to_string(att)).status, 404);
  auto detail = Get(clerk, "/api/cases/" + std::to_string(id)).Json();
  EXPECT_EQ(detail["attachments"][0]["name"], "方案.txt");
  EXPECT_EQ(detail["events"].back()["type"], "attached");
  auto too_big = clerk.client->Send("POST", base + "?name=big.bin", std::string(2 << 20, 'x'),
                                    {{"Cookie", clerk.cookie}, {"X-CSRF-Token", clerk.csrf}});
  EXPECT_EQ(too_big.status, 413);
}

TEST_F(ApiTest, ApiTokensAndAuditVerification) {
  Browser admin = SignIn("admin");
  Browser clerk = SignIn("clerk");
  EXPECT_EQ(Send(clerk, "POST", "/api/tokens", {{"name", "x"}, {"user_id", 1}}).status, 403);
  auto t = Send(admin, "POST", "/api/tokens",
                {{"name", "电话系统"}, {"user_id", office_.user("operator")}, {"scopes", {"api"}}});
  ASSERT_EQ(t.status, 201) << t.body;
  std::string token = t.Json()["token"];
  TestClient system(server_->port());
  // A token without the "api" scope (e.g. an Open311 key) does not reach /api.
  auto narrow =
      Send(admin, "POST", "/api/tokens",
           {{"name", "open311"}, {"user_id", office_.user("operator")}, {"scopes", {"open311"}}});
  ASSERT_EQ(narrow.status, 201);
  EXPECT_EQ(system
                .Get("/api/session",
                     {{"Authorization", "Bearer " + narrow.Json()["token"].get<std::string>()}})
                .status,
            403);
  auto me = system.Get("/api/session", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.Json()["user"]["username"], "operator");
  ASSERT_EQ(
      Send(admin, "DELETE", "/api/tokens/" + std::to_string(t.Json()["id"].get<int>()), nullptr)
          .status,
      200);
  EXPECT_EQ(system.Get("/api/session", {{"Authorization", "Bearer " + token}}).status, 401);

  NewAssignment(clerk);
  EXPECT_EQ(Get(clerk, "/api/audit/verify").status, 403);
  auto v = Get(admin, "/api/audit/verify");
  ASSERT_EQ(v.status, 200);
  EXPECT_TRUE(v.Json()["ok"].get<bool>());
  // sign-ins, token add/revoke, case create
  EXPECT_GE(v.Json()["records"].get<int>(), 5);
  auto audit = office_.store->ListAudit(0, 100);
  bool create_by_clerk = false;
  for (auto& a : *audit) {
    create_by_clerk |=
        a.action == "case.create" && a.actor_id == office_.user("clerk") && !a.request_id.empty();
  }
  EXPECT_TRUE(create_by_clerk);
}

TEST_F(ApiTest, LiveUpdatesOnlyForThoseWhoMaySee) {
  Browser clerk = SignIn("clerk");
  Browser housing = SignIn("housing");
  Browser transport = SignIn("transport");
  http::SseClient housing_stream(server_->port(), "/api/events", {{"Cookie", housing.cookie}});
  http::SseClient transport_stream(server_->port(), "/api/events", {{"Cookie", transport.cookie}});
  ASSERT_EQ(housing_stream.status(), 200);
  int64_t id = NewAssignment(clerk);
  ASSERT_EQ(Send(clerk, "POST", "/api/cases/" + std::to_string(id) + "/actions",
                 {{"action", "assign"}, {"lead_unit_id", office_.unit("dept.housing")}})
                .status,
            200);
  auto ev = housing_stream.Next(std::chrono::seconds(3));
  ASSERT_TRUE(ev.has_value());
  EXPECT_EQ(ev->type, "case.updated");
  EXPECT_EQ(json::parse(ev->data)["id"], id);
  EXPECT_FALSE(transport_stream.Next(std::chrono::milliseconds(300)).has_value());
}

TEST_F(ApiTest, LogoutAndPasswordChange) {
  Browser clerk = SignIn("clerk");
  auto bad = Send(clerk, "POST", "/api/password",
                  {{"old_password", "wrong"}, {"new_password", "new password 1"}});
  EXPECT_EQ(bad.status, 400);
  auto weak = Send(clerk, "POST", "/api/password",
                   {{"old_password", kPassword}, {"new_password", "short"}});
  EXPECT_EQ(weak.status, 400);
  auto ok = Send(clerk, "POST", "/api/password",
                 {{"old_password", kPassword}, {"new_password", "new password 1"}});
  ASSERT_EQ(ok.status, 200);
  // The old session ended; the response started a new one.
  EXPECT_EQ(Get(clerk, "/api/session").status, 401);
  const std::string* set_cookie = ok.Header("set-cookie");
  ASSERT_NE(set_cookie, nullptr);
  clerk.cookie = set_cookie->substr(0, set_cookie->find(';'));
  clerk.csrf = ok.Json()["csrf_token"];
  EXPECT_EQ(Get(clerk, "/api/session").status, 200);
  EXPECT_EQ(Send(clerk, "DELETE", "/api/session", nullptr).status, 200);
  EXPECT_EQ(Get(clerk, "/api/session").status, 401);
}

TEST_F(ApiTest, SessionsExpire) {
  Browser clerk = SignIn("clerk");
  office_.clock.Advance(std::chrono::hours(9));
  auto r = Get(clerk, "/api/cases");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Json()["error"]["message_en"], "your session has expired; sign in again");
}

// Every route × every role: the expected allow (2xx/4xx from validation) or deny (401/403).
TEST_F(ApiTest, EveryRouteForEveryRole) {
  const std::set<std::string> admin_only = {"POST /api/users",
                                            "POST /api/tokens",
                                            "DELETE /api/tokens/{id}",
                                            "GET /api/audit/verify",
                                            "GET /api/hotline/admin/categories",
                                            "POST /api/hotline/admin/categories",
                                            "PATCH /api/hotline/admin/categories/{id}",
                                            "DELETE /api/hotline/admin/categories/{id}",
                                            "GET /api/text/dictionary",
                                            "POST /api/text/dictionary",
                                            "DELETE /api/text/dictionary/{word}",
                                            "POST /api/text/dictionary/import"};
  const std::set<std::string> office_only = {"GET /api/users",
                                             "GET /api/hotline/callers/{phone}/tickets",
                                             "POST /api/hotline/import",
                                             "POST /api/hotline/suggestions",
                                             "GET /api/hotline/model",
                                             "POST /api/text/segment",
                                             "GET /api/hotline/callbacks",
                                             "GET /api/hotline/returned",
                                             "POST /api/supervision/proposals/import",
                                             "POST /api/supervision/key-projects/urge",
                                             "POST /api/supervision/bulletins",
                                             "GET /api/insight/runs",
                                             "POST /api/insight/runs",
                                             "GET /api/insight/findings",
                                             "POST /api/insight/findings/{id}/case",
                                             "GET /api/insight/report"};
  // Retraining the dispatch-suggestion model: office section chiefs and leaders, admins.
  const std::set<std::string> model_trainers = {"secgen", "chief", "admin"};
  // /metrics answers loopback clients only, and the tests run on loopback.
  const std::set<std::string> public_routes = {"GET /healthz", "POST /api/session", "GET /metrics"};
  const std::vector<std::string> roles = {"mayor",   "secgen",   "chief", "clerk",
                                          "housing", "operator", "admin"};
  std::vector<std::pair<std::string, std::string>> routes;
  for (const auto& [method, pattern] : server_->router().Routes())
    routes.emplace_back(method, pattern);
  ASSERT_GE(routes.size(), 18u);
  std::map<std::string, Browser> browsers;
  for (const auto& who : roles) browsers.emplace(who, SignIn(who));
  for (const auto& [method, pattern] : routes) {
    std::string key = method + " " + pattern;
    if (pattern == "/api/events") continue;  // a stream; covered above
    std::string target = pattern;
    for (const char* p : {"{id}", "{attachment_id}"}) {
      if (auto pos = target.find(p); pos != std::string::npos)
        target.replace(pos, strlen(p), "999999");
    }
    // Anonymous.
    TestClient anon(server_->port());
    int anon_status = anon.Send(method, target, method == "GET" ? "" : "{}",
                                {{"Content-Type", "application/json"}})
                          .status;
    if (public_routes.count(key) || pattern.rfind("/open311/", 0) == 0) {  // api_key, not session
      EXPECT_NE(anon_status, 401) << key;
    } else {
      EXPECT_EQ(anon_status, 401) << key;
    }
    for (const auto& who : roles) {
      Browser& b = browsers.at(who);
      if (key == "DELETE /api/session") continue;        // would sign this browser out
      if (pattern.rfind("/open311/", 0) == 0) continue;  // api_key, not roles: hotline_api_test
      int status = b.client
                       ->Send(method, target, method == "GET" ? "" : "{}",
                              {{"Cookie", b.cookie},
                               {"X-CSRF-Token", b.csrf},
                               {"Content-Type", "application/json"}})
                       .status;
      bool is_admin = who == "admin";
      bool in_office = who != "housing";
      bool denied = (admin_only.count(key) && !is_admin) ||
                    (office_only.count(key) && !in_office) ||
                    (key == "POST /api/hotline/model" && !model_trainers.count(who));
      if (denied) {
        EXPECT_EQ(status, 403) << key << " as " << who;
      } else {
        EXPECT_TRUE(status != 401 && status != 403 && status != 0 && status < 500)
            << key << " as " << who << " gave " << status;
      }
    }
  }
}

TEST_F(ApiTest, InboxShowsRemindersAndMarksThemRead) {
  Browser clerk = SignIn("clerk");
  Browser housing = SignIn("housing");
  int64_t id = NewAssignment(clerk);
  auto assigned = Send(clerk, "POST", "/api/cases/" + std::to_string(id) + "/actions",
                       {{"action", "assign"},
                        {"lead_unit_id", office_.unit("dept.housing")},
                        {"time_limit", "2 working hours"}});
  ASSERT_EQ(assigned.status, 200);
  cases::DeadlineMonitor monitor(*office_.store, office_.workflows);
  office_.clock.Advance(std::chrono::hours(2));  // 11:00: due at 11:00 (09:00 + 2 working hours)
  EXPECT_EQ(*monitor.RaiseDueAlerts(office_.clock.Now()), 1);
  auto inbox = Get(housing, "/api/notifications");
  ASSERT_EQ(inbox.status, 200);
  json body = inbox.Json();
  EXPECT_EQ(body["unread"], 1);
  ASSERT_EQ(body["notifications"].size(), 1u);
  EXPECT_EQ(body["notifications"][0]["case_id"], id);
  EXPECT_EQ(body["notifications"][0]["kind"], "overdue");
  int64_t nid = body["notifications"][0]["id"];
  EXPECT_EQ(
      Send(housing, "POST", "/api/notifications/" + std::to_string(nid) + "/read", nullptr).status,
      200);
  EXPECT_EQ(Get(housing, "/api/notifications").Json()["unread"], 0);
  // Marking read is the user's own recorded act.
  bool audited = false;
  for (const auto& a : *office_.store->ListAudit(0, 1000)) {
    audited |= a.action == "notification.read" && a.actor_id == office_.user("housing") &&
               a.target == "notification:" + std::to_string(nid);
  }
  EXPECT_TRUE(audited);
  // Another user's notification ids do nothing to theirs.
  EXPECT_TRUE(Get(clerk, "/api/notifications").Json()["notifications"].empty());
}

// A caller who asked for confidentiality: the number is masked for the handling unit in the
// generic case views and in the history, and shown to the hotline office.
TEST_F(ApiTest, ConfidentialCallersAreMaskedInCaseViews) {
  Browser operator_ = SignIn("operator");
  Browser housing = SignIn("housing");
  auto created = Send(operator_, "POST", "/api/cases",
                      {{"kind", "hotline"},
                       {"title", "小区门口积水"},
                       {"fields",
                        {{"caller_name", "王女士"},
                         {"phone", "13807310001"},
                         {"confidential", true},
                         {"channel", "phone"},
                         {"request_type", "complaint"},
                         {"content", "小区门口下雨积水严重"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.Json()["id"];
  EXPECT_EQ(created.Json()["fields"]["phone"], "13807310001");  // the operator sees it
  ASSERT_EQ(Send(operator_, "POST", "/api/cases/" + std::to_string(id) + "/actions",
                 {{"action", "dispatch"}, {"lead_unit_id", office_.unit("dept.housing")}})
                .status,
            200);
  // The operator sees the number in the history as recorded; the unit, masked there too.
  auto own = Get(operator_, "/api/cases/" + std::to_string(id));
  EXPECT_EQ(own.Json()["events"][0]["data"]["fields"]["phone"], "13807310001");
  auto seen = Get(housing, "/api/cases/" + std::to_string(id));
  ASSERT_EQ(seen.status, 200);
  EXPECT_EQ(seen.Json()["events"][0]["data"]["fields"]["phone"], "138****0001");
  EXPECT_EQ(seen.body.find("13807310001"), std::string::npos) << seen.body;
  EXPECT_EQ(seen.body.find("王女士"), std::string::npos);
  EXPECT_EQ(seen.Json()["fields"]["phone"], "138****0001");
  auto listed = Get(housing, "/api/cases?kind=hotline");
  EXPECT_EQ(listed.body.find("13807310001"), std::string::npos);
}

// docs/openapi.yaml documents exactly the routes the server has.
TEST_F(ApiTest, OpenApiDocumentsEveryRoute) {
  std::ifstream in(cases::testing::SourceDir() / "docs/openapi.yaml");
  ASSERT_TRUE(in) << "docs/openapi.yaml";
  std::set<std::string> documented, served;
  std::string line, path;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (line == "paths:") {
      in_paths = true;
      continue;
    }
    if (in_paths && !line.empty() && line[0] != ' ') break;  // the next top-level key
    if (!in_paths) continue;
    if (line.rfind("  /", 0) == 0 && line.back() == ':') {
      path = line.substr(2, line.size() - 3);
    } else if (line.size() > 5 && line.rfind("    ", 0) == 0 && line[4] != ' ') {
      std::string method = line.substr(4, line.find(':') - 4);
      for (char& ch : method) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      documented.insert(method + " " + path);
    }
  }
  for (const auto& [method, pattern] : server_->router().Routes())
    served.insert(method + " " + pattern);
  for (const auto& r : served)
    EXPECT_TRUE(documented.count(r)) << "not in docs/openapi.yaml: " << r;
  for (const auto& d : documented)
    EXPECT_TRUE(served.count(d)) << "documented but not served: " << d;
}

}  // namespace
}  // namespace zb::api
