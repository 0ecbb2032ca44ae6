// /api/hotline and /open311 tests: the real server on an ephemeral port, spoken to over HTTP.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "api/api.h"
#include "api/api_fixture.h"
#include "base/password.h"
#include "base/sha256.h"
#include "cases/test_office.h"
#include "http/server.h"
#include "http/test_client.h"

namespace zb::api {
namespace {

using cases::testing::TestOffice;
using http::ClientResponse;
using http::TestClient;
using nlohmann::json;

constexpr const char* kPassword = test_support::kTestPassword;
constexpr const char* kForm = "application/x-www-form-urlencoded; charset=utf-8";

class HotlineApiTest : public test_support::ApiFixture {
 protected:
  ClientResponse Post(Browser& b, const std::string& target, std::string body,
                      const std::string& type = "application/json") {
    return b.client->Send("POST", target, std::move(body),
                          {{"Cookie", b.cookie}, {"X-CSRF-Token", b.csrf}, {"Content-Type", type}});
  }

  int64_t NewTicket(Browser& op, const std::string& title, const std::string& phone,
                    bool confidential) {
    auto r = Post(op, "/api/cases",
                  json{{"kind", "hotline"},
                       {"title", title},
                       {"fields",
                        {{"caller_name", "王女士"},
                         {"phone", phone},
                         {"confidential", confidential},
                         {"channel", "phone"},
                         {"request_type", "complaint"},
                         {"content", title + "，请尽快处理"}}}}
                      .dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", int64_t{0});
  }

  std::string NewApiKey(const std::string& user, std::vector<std::string> scopes) {
    std::string key = RandomHex(20);
    store::ApiToken t;
    t.name = "test client";
    t.token_hash = Sha256Hex(key);
    t.user_id = office_.user(user);
    t.scopes = std::move(scopes);
    t.created_at = office_.clock.Now();
    EXPECT_TRUE(office_.store->AddApiToken(t).ok());
    return key;
  }

  ClientResponse PostForm(const std::string& target, const std::string& form) {
    TestClient c(server_->port());
    return c.Send("POST", target, form, {{"Content-Type", kForm}});
  }
};

TEST_F(HotlineApiTest, CategoryTree) {
  Browser op = SignIn("operator");
  auto r = Get(op, "/api/hotline/categories");
  ASSERT_EQ(r.status, 200) << r.body;
  auto roots = r.Json()["categories"];
  EXPECT_EQ(roots.size(), 15u);
  EXPECT_EQ(roots[0]["name"], "城乡建设");
  EXPECT_EQ(roots[0]["children"][0]["children"][2]["path"], "城乡建设/安全生产/安全隐患");
  TestClient anonymous(server_->port());
  EXPECT_EQ(anonymous.Get("/api/hotline/categories").status, 401);
}

TEST_F(HotlineApiTest, ConfidentialCallersAreMaskedForUnits) {
  Browser op = SignIn("operator");
  int64_t id = NewTicket(op, "举报餐馆使用过期食材", "13807310001", true);
  auto d =
      Post(op, "/api/cases/" + std::to_string(id) + "/actions",
           json{{"action", "dispatch"}, {"lead_unit_id", office_.unit("dept.housing")}}.dump());
  ASSERT_EQ(d.status, 200) << d.body;
  auto mine = Get(op, "/api/hotline/tickets/" + std::to_string(id));
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.Json()["fields"]["phone"], "13807310001");
  EXPECT_EQ(mine.Json()["callers"][0]["phone"], "13807310001");
  Browser unit = SignIn("housing");
  auto theirs = Get(unit, "/api/hotline/tickets/" + std::to_string(id));
  ASSERT_EQ(theirs.status, 200);
  EXPECT_EQ(theirs.Json()["fields"]["phone"], "138****0001");
  EXPECT_EQ(theirs.Json()["fields"]["caller_name"], "王**");
  EXPECT_EQ(theirs.Json()["callers"][0]["phone"], "138****0001");
  Browser other = SignIn("transport");
  EXPECT_EQ(Get(other, "/api/hotline/tickets/" + std::to_string(id)).status, 404);
}

TEST_F(HotlineApiTest, CallerHistoryAndSimilarTickets) {
  Browser op = SignIn("operator");
  int64_t a = NewTicket(op, "凤凰路工地夜间施工噪音", "13807310001", false);
  office_.clock.Advance(std::chrono::minutes(10));
  int64_t b = NewTicket(op, "小区楼道灯损坏", "13807310001", false);
  NewTicket(op, "新生儿医保咨询", "13900000000", false);
  auto h = Get(op, "/api/hotline/callers/13807310001/tickets");
  ASSERT_EQ(h.status, 200) << h.body;
  ASSERT_EQ(h.Json()["tickets"].size(), 2u);
  EXPECT_EQ(h.Json()["tickets"][0]["id"], b);
  EXPECT_EQ(h.Json()["tickets"][1]["id"], a);
  EXPECT_EQ(Get(op, "/api/hotline/callers/12/tickets").status, 400);
  Browser unit = SignIn("housing");
  EXPECT_EQ(Get(unit, "/api/hotline/callers/13807310001/tickets").status, 403);
}

TEST_F(HotlineApiTest, MergeKeepsEveryCaller) {
  Browser op = SignIn("operator");
  int64_t target = NewTicket(op, "凤凰路工地夜间施工噪音", "13807310001", false);
  int64_t repeat = NewTicket(op, "凤凰路工地晚上施工", "13807310002", true);
  auto r = Post(op, "/api/hotline/tickets/" + std::to_string(repeat) + "/merge",
                json{{"into", target}, {"reason", "同一工地"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["id"], target);
  ASSERT_EQ(r.Json()["callers"].size(), 2u);
  EXPECT_EQ(r.Json()["callers"][1]["phone"], "13807310002");
  EXPECT_EQ(office_.store->GetCase(repeat)->state, "merged");
  auto again = Post(op, "/api/hotline/tickets/" + std::to_string(repeat) + "/merge",
                    json{{"into", target}}.dump());
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(Post(op, "/api/hotline/tickets/" + std::to_string(target) + "/merge",
                 json{{"into", "x"}}.dump())
                .status,
            400);
}

TEST_F(HotlineApiTest, ImportWithDryRunThenKpis) {
  Browser op = SignIn("operator");
  std::string csv =
      "留言编号,留言用户,留言主题,留言时间,留言详情,一级分类,答复意见,答复时间\n"
      "1,A1,路灯不亮,2026/3/2 8:00:00,\t路灯坏了,城乡建设,已修复,2026/3/2 15:00:00\n"
      "2,A2,噪音扰民,2026/3/2 8:30:00,夜间施工,环境保护,,\n"
      "3,A3,时间不对,昨天,内容,交通运输,,\n";
  auto dry = Post(op, "/api/hotline/import?dry_run=1", csv, "text/csv");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.Json()["imported"], 2);
  EXPECT_EQ(dry.Json()["rejected"], 1);
  EXPECT_EQ(dry.Json()["rows"][2]["line"], 4);
  EXPECT_EQ(dry.Json()["rows"][2]["reason_en"], "unreadable time: 昨天");
  EXPECT_EQ(dry.Json()["mapping"]["title"], "留言主题");
  EXPECT_EQ(*office_.store->CountCases(), 0);
  auto wrong = Post(op, "/api/hotline/import?map.title=主题", csv, "text/csv");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.Json()["error"]["details"]["headers"][2], "留言主题");
  // The file's name as the browser knows it goes into the import's audit record, as a plain
  // name: C:\导入\历史<newline>.csv (URL-encoded) without its folders and control characters.
  auto real =
      Post(op, "/api/hotline/import?file=C%3A%5C%E5%AF%BC%E5%85%A5%5C%E5%8E%86%E5%8F%B2%0A.csv",
           csv, "text/csv");
  ASSERT_EQ(real.status, 201) << real.body;
  EXPECT_EQ(*office_.store->CountCases(), 2);
  EXPECT_EQ(real.Json()["targets"][0], "external_id");
  bool audited = false;
  for (const auto& a : *office_.store->ListAudit(0, 1000)) {
    if (a.action != "hotline.import") continue;
    audited = true;
    EXPECT_EQ(a.detail["file"], "历史.csv");
  }
  EXPECT_TRUE(audited);
  Browser unit = SignIn("housing");
  EXPECT_EQ(Post(unit, "/api/hotline/import", csv, "text/csv").status, 403);

  auto k = Get(op, "/api/hotline/kpis?from=2026-03-01&to=2026-04-01");
  ASSERT_EQ(k.status, 200) << k.body;
  EXPECT_EQ(k.Json()["kpis"]["received"], 2);
  EXPECT_EQ(k.Json()["kpis"]["closed"], 1);
  EXPECT_EQ(k.Json()["kpis"]["close_rate"], 0.5);
  EXPECT_EQ(k.Json()["kpis"]["avg_handling_hours"], 5.0);  // 08:30-12:00 + 13:30-15:00
  EXPECT_EQ(Get(op, "/api/hotline/kpis?from=tomorrow").status, 400);
  EXPECT_EQ(Get(unit, "/api/hotline/kpis").Json()["unit"], office_.unit("dept.housing"));
  EXPECT_EQ(
      Get(unit, "/api/hotline/kpis?unit=" + std::to_string(office_.unit("dept.transport"))).status,
      403);
  EXPECT_EQ(
      Get(unit, "/api/hotline/kpis?unit=" + std::to_string(office_.unit("dept.housing"))).status,
      200);
}

TEST_F(HotlineApiTest, Open311DiscoveryAndServices) {
  TestClient c(server_->port());
  auto dj = c.Get("/open311/discovery.json");
  ASSERT_EQ(dj.status, 200) << dj.body;
  EXPECT_EQ(dj.Json()["endpoints"][0]["specification"], "http://wiki.open311.org/GeoReport_v2");
  EXPECT_NE(dj.Json()["endpoints"][0]["url"].get<std::string>().find("/open311/v2"),
            std::string::npos);
  auto dx = c.Get("/open311/discovery.xml");
  ASSERT_EQ(dx.status, 200);
  EXPECT_EQ(*dx.Header("content-type"), "text/xml; charset=utf-8");
  EXPECT_EQ(dx.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?><discovery>", 0), 0u);
  EXPECT_NE(dx.body.find("<formats><format>text/xml</format><format>application/json</format>"),
            std::string::npos);

  auto sj = c.Get("/open311/v2/services.json");
  ASSERT_EQ(sj.status, 200);
  ASSERT_GT(sj.Json().size(), 400u);
  EXPECT_EQ(sj.Json()[2]["service_code"], "01.01.03");
  EXPECT_EQ(sj.Json()[2]["service_name"], "安全隐患");
  EXPECT_EQ(sj.Json()[2]["group"], "城乡建设");
  auto sx = c.Get("/open311/v2/services.xml?jurisdiction_id=");
  ASSERT_EQ(sx.status, 200);
  size_t service = sx.body.find("<service_code>01.01.03</service_code>");
  ASSERT_NE(service, std::string::npos);
  size_t start = sx.body.rfind("<service>", service), end = sx.body.find("</service>", service);
  EXPECT_NE(sx.body.substr(start, end - start).find("<service_name>安全隐患</service_name>"),
            std::string::npos);
  auto def = c.Get("/open311/v2/services/01.01.03.json");
  ASSERT_EQ(def.status, 200) << def.body;
  EXPECT_EQ(def.Json()["attributes"][0]["code"], "request_type");
  EXPECT_TRUE(def.Json()["attributes"][0]["required"].get<bool>());
  auto defx = c.Get("/open311/v2/services/01.01.03.xml");
  EXPECT_EQ(defx.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?><service_definition>", 0),
            0u);
  EXPECT_NE(defx.body.find("<service_code>01.01.03</service_code>"), std::string::npos);
  EXPECT_NE(defx.body.find("<values><value><key>inquiry</key>"), std::string::npos);
  auto missing = c.Get("/open311/v2/services/99.json");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Json()[0]["code"], 404);
  auto missingx = c.Get("/open311/v2/services/99.xml");
  EXPECT_EQ(missingx.status, 404);
  EXPECT_NE(missingx.body.find("<errors><error><code>404</code><description>"), std::string::npos);
}

TEST_F(HotlineApiTest, Open311CreateAndReadBackInBothFormats) {
  std::string key = NewApiKey("operator", {"open311"});
  std::string wrong_scope = NewApiKey("operator", {"hotline:create"});
  const std::string base =
      "service_code=01.01.03&lat=32.45&long=119.92&description=%E4%BA%95%E7%9B%96%E7%BC%BA%E5%A4%B1"
      "&first_name=%E6%98%8E&last_name=%E6%9D%8E&phone=13800001111&attribute[request_type]=report";
  // Errors in the spec's shape and codes.
  auto no_key = PostForm("/open311/v2/requests.json", base);
  EXPECT_EQ(no_key.status, 403);
  EXPECT_EQ(no_key.Json()[0]["code"], 403);
  EXPECT_EQ(PostForm("/open311/v2/requests.json", "api_key=&" + base).status, 403);  // empty
  EXPECT_EQ(PostForm("/open311/v2/requests.json", "api_key=" + wrong_scope + "&" + base).status,
            403);
  auto no_key_xml = PostForm("/open311/v2/requests.xml", base);
  EXPECT_EQ(no_key_xml.status, 403);
  EXPECT_NE(no_key_xml.body.find("<errors><error><code>403</code>"), std::string::npos);
  auto unknown = PostForm(
      "/open311/v2/requests.json",
      "api_key=" + key + "&service_code=99&address_string=x&attribute[request_type]=report");
  EXPECT_EQ(unknown.status, 404);
  auto no_location = PostForm(
      "/open311/v2/requests.json",
      "api_key=" + key + "&service_code=01.01.03&lat=&long=&attribute[request_type]=report");
  EXPECT_EQ(no_location.status, 400);
  auto no_attribute = PostForm("/open311/v2/requests.xml",
                               "api_key=" + key + "&service_code=01.01.03&address_string=x");
  EXPECT_EQ(no_attribute.status, 400);
  EXPECT_NE(no_attribute.body.find("<code>400</code>"), std::string::npos);
  EXPECT_EQ(*office_.store->CountCases(), 0);

  // JSON round trip.
  auto created = PostForm("/open311/v2/requests.json", "api_key=" + key + "&" + base);
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.Json()[0]["service_request_id"];
  EXPECT_FALSE(created.Json()[0].contains("token"));
  auto ticket = *office_.store->GetCase(id);
  EXPECT_EQ(ticket.kind, "hotline");
  EXPECT_EQ(ticket.fields["channel"], "open311");
  EXPECT_EQ(ticket.fields["category"], "城乡建设/安全生产/安全隐患");
  EXPECT_EQ(ticket.fields["caller_name"], "李明");
  EXPECT_EQ(ticket.created_by, office_.user("operator"));
  TestClient c(server_->port());
  auto one = c.Get("/open311/v2/requests/" + std::to_string(id) + ".json");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.Json()[0]["status"], "open");
  EXPECT_EQ(one.Json()[0]["description"], "井盖缺失");
  EXPECT_EQ(one.Json()[0]["service_code"], "01.01.03");
  EXPECT_EQ(one.Json()[0]["requested_datetime"], "2026-03-02T09:00:00+08:00");
  EXPECT_EQ(one.Json()[0]["lat"], 32.45);
  EXPECT_FALSE(one.Json()[0].contains("phone"));

  // XML round trip.
  office_.clock.Advance(std::chrono::hours(1));
  auto created_x =
      PostForm("/open311/v2/requests.xml",
               "api_key=" + key +
                   "&service_code=01.01.03&address_string=%E4%BA%BA%E6%B0%91%E8%B7%AF1%E5%8F%B7"
                   "&description=a%3Cb&attribute[request_type]=complaint");
  ASSERT_EQ(created_x.status, 201) << created_x.body;
  size_t at = created_x.body.find("<service_request_id>");
  ASSERT_NE(at, std::string::npos);
  int64_t id_x = std::stoll(created_x.body.substr(at + 20));
  auto one_x = c.Get("/open311/v2/requests/" + std::to_string(id_x) + ".xml");
  ASSERT_EQ(one_x.status, 200);
  EXPECT_NE(one_x.body.find("<description>a&lt;b</description>"), std::string::npos);
  EXPECT_NE(one_x.body.find("<address>人民路1号</address>"), std::string::npos);
  EXPECT_NE(one_x.body.find("<status>open</status>"), std::string::npos);

  // Lists with the spec's filters; empty parameters are absent.
  auto all = c.Get("/open311/v2/requests.json?start_date=&status=");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.Json().size(), 2u);
  EXPECT_EQ(all.Json()[0]["service_request_id"], id_x);
  auto by_ids = c.Get("/open311/v2/requests.json?service_request_id=" + std::to_string(id) + "," +
                      std::to_string(id_x));
  EXPECT_EQ(by_ids.Json().size(), 2u);
  EXPECT_EQ(c.Get("/open311/v2/requests.json?status=closed").Json().size(), 0u);
  EXPECT_EQ(c.Get("/open311/v2/requests.json?service_code=02.01.01").Json().size(), 0u);
  EXPECT_EQ(c.Get("/open311/v2/requests.json?start_date=2026-03-02T09:30:00%2B08:00").Json().size(),
            1u);
  EXPECT_EQ(c.Get("/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z").Json().size(), 0u);
  EXPECT_EQ(c.Get("/open311/v2/"
                  "requests.json?start_date=2025-01-01T00:00:00Z&end_date=2026-03-03T00:00:00Z")
                .status,
            400);  // more than 90 days
  EXPECT_EQ(c.Get("/open311/v2/requests.json?status=pending").status, 400);
  auto listx = c.Get("/open311/v2/requests.xml");
  EXPECT_EQ(
      listx.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?><service_requests><request>", 0),
      0u);

  // Closing the ticket shows in its status; the token resolves to the request.
  cases::ActionRequest answer;
  answer.case_id = id;
  answer.action = "answer";
  answer.text = "已安排补装井盖";
  answer.set_fields = {{"reply", "已安排补装井盖"}};
  ASSERT_TRUE(office_.engine->Perform(office_.actor("operator"), answer).ok());
  auto closed = c.Get("/open311/v2/requests.json?status=closed");
  ASSERT_EQ(closed.Json().size(), 1u);
  EXPECT_EQ(closed.Json()[0]["status_notes"], "已安排补装井盖");
  std::string token = office_.store->GetCase(id)->fields["open311_token"];
  auto t = c.Get("/open311/v2/tokens/" + token + ".json");
  ASSERT_EQ(t.status, 200);
  EXPECT_EQ(t.Json()[0]["service_request_id"], id);
  EXPECT_EQ(c.Get("/open311/v2/tokens/" + std::string(32, 'a') + ".xml").status, 404);
  EXPECT_EQ(c.Get("/open311/v2/requests/999.json").status, 404);
  EXPECT_EQ(c.Get("/open311/v2/requests/1.txt").status, 404);
}

TEST_F(HotlineApiTest, Open311HidesConfidentialAndOtherTickets) {
  Browser op = SignIn("operator");
  int64_t phone_ticket = NewTicket(op, "电话来电", "13800000000", false);
  std::string key = NewApiKey("operator", {"open311"});
  auto r = PostForm("/open311/v2/requests.json",
                    "api_key=" + key +
                        "&service_code=01.01.03&address_string=x&attribute[request_type]=report"
                        "&attribute[confidential]=yes");
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t secret = r.Json()[0]["service_request_id"];
  TestClient c(server_->port());
  EXPECT_EQ(c.Get("/open311/v2/requests/" + std::to_string(phone_ticket) + ".json").status, 404);
  EXPECT_EQ(c.Get("/open311/v2/requests/" + std::to_string(secret) + ".json").status, 404);
  EXPECT_EQ(c.Get("/open311/v2/requests.json").Json().size(), 0u);
  // A unit liaison's key cannot create tickets: the engine refuses, in the spec's shape.
  std::string unit_key = NewApiKey("housing", {"open311"});
  auto denied =
      PostForm("/open311/v2/requests.json",
               "api_key=" + unit_key +
                   "&service_code=01.01.03&address_string=x&attribute[request_type]=report");
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.Json()[0]["code"], 403);
}

}  // namespace
}  // namespace zb::api
