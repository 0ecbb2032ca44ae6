// Tests of GET /api/dashboard and GET /api/cases/export: the real server on an ephemeral port.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <fstream>
#include <thread>

#include "api/api.h"
#include "api/api_fixture.h"
#include "api/dashboard_api.h"
#include "api/export_api.h"
#include "base/password.h"
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

class DashboardApiTest : public test_support::ApiFixture {
 protected:
  ClientResponse Post(Browser& b, const std::string& target, const json& body) {
    return b.client->Send(
        "POST", target, body.dump(),
        {{"Cookie", b.cookie}, {"X-CSRF-Token", b.csrf}, {"Content-Type", "application/json"}});
  }

  int64_t NewAssignment(Browser& b, const std::string& title) {
    auto r =
        Post(b, "/api/cases",
             {{"kind", "assignment"},
              {"title", title},
              {"fields", {{"leader_id", office_.user("mayor")}, {"content", "两周内拿出方案"}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", int64_t{0});
  }
  void Act(Browser& b, int64_t id, const json& body) {
    auto r = Post(b, "/api/cases/" + std::to_string(id) + "/actions", body);
    EXPECT_EQ(r.status, 200) << body.dump() << " → " << r.body;
  }
  void Assign(Browser& b, int64_t id, const std::string& unit, const std::string& limit) {
    Act(b, id, {{"action", "assign"}, {"lead_unit_id", office_.unit(unit)}, {"time_limit", limit}});
  }

  // The text of the first worksheet of an .xlsx body.
  static std::string SheetXml(const std::string& xlsx) {
    char path[] = "/tmp/zb-export-test-XXXXXX";
    int fd = mkstemp(path);
    EXPECT_GE(fd, 0);
    {
      std::ofstream out(path, std::ios::binary);
      out << xlsx;
    }
    std::string cmd = std::string("unzip -p ") + path + " xl/worksheets/sheet1.xml";
    std::string text;
    if (FILE* p = popen(cmd.c_str(), "r")) {
      char buf[4096];
      size_t n;
      while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
      pclose(p);
    }
    close(fd);
    std::remove(path);
    return text;
  }
};

TEST_F(DashboardApiTest, CountsRatesOverdueAndWeeks) {
  Browser clerk = SignIn("clerk");
  Browser housing = SignIn("housing");
  int64_t closed_on_time = NewAssignment(clerk, "按时办结的事项");
  int64_t overdue = NewAssignment(clerk, "超期的事项");
  int64_t transport_case = NewAssignment(clerk, "交通局的事项");
  NewAssignment(clerk, "尚未交办的事项");
  Assign(clerk, closed_on_time, "dept.housing", "5 working days");
  Assign(clerk, overdue, "dept.housing", "1 working days");
  Assign(clerk, transport_case, "dept.transport", "5 working days");
  Act(housing, closed_on_time, {{"action", "accept"}});
  Act(housing, closed_on_time, {{"action", "reply"}, {"text", "已办结"}});
  Act(clerk, closed_on_time, {{"action", "close"}});
  // A week later the one-day case is overdue; the transport case too (5 working days).
  office_.clock.Advance(std::chrono::hours(24 * 8));
  clerk = SignIn("clerk");

  auto r = Get(clerk, "/api/dashboard");
  ASSERT_EQ(r.status, 200) << r.body;
  json d = r.Json();
  EXPECT_EQ(d["total"], 4);
  EXPECT_EQ(d["open"], 3);
  EXPECT_EQ(d["lights"]["red"], 2);
  ASSERT_EQ(d["by_kind"].size(), 1u);
  EXPECT_EQ(d["by_kind"][0]["key"], "assignment");
  EXPECT_EQ(d["by_kind"][0]["label"], "领导交办事项");
  EXPECT_EQ(d["by_kind"][0]["count"], 4);
  int64_t by_state_total = 0;
  for (const auto& s : d["by_state"]) by_state_total += s["count"].get<int64_t>();
  EXPECT_EQ(by_state_total, 4);
  EXPECT_EQ(d["by_state"][0]["key"], "registered");  // the workflow's order

  // Housing: 2 cases, 1 closed on time → close rate 0.5, on-time rate 1; ranked first.
  ASSERT_EQ(d["units"].size(), 2u);
  EXPECT_EQ(d["units"][0]["unit_name"], "市住房和城乡建设局");
  EXPECT_EQ(d["units"][0]["total"], 2);
  EXPECT_DOUBLE_EQ(d["units"][0]["close_rate"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(d["units"][0]["on_time_rate"].get<double>(), 1.0);
  EXPECT_EQ(d["units"][0]["overdue_open"], 1);
  EXPECT_EQ(d["units"][1]["unit_name"], "市交通运输局");
  EXPECT_DOUBLE_EQ(d["units"][1]["close_rate"].get<double>(), 0.0);

  ASSERT_EQ(d["overdue"].size(), 2u);
  EXPECT_EQ(d["overdue"][0]["id"], overdue);  // the earliest due first
  EXPECT_EQ(d["overdue"][0]["light"], "red");

  ASSERT_EQ(d["weeks"].size(), 12u);
  EXPECT_EQ(d["weeks"][11]["week_start"], "2026-03-09");  // a Monday, the current week
  EXPECT_EQ(d["weeks"][10]["week_start"], "2026-03-02");
  EXPECT_EQ(d["weeks"][10]["created"], 4);
  EXPECT_EQ(d["weeks"][10]["closed"], 1);
  EXPECT_EQ(d["weeks"][11]["created"], 0);
}

TEST_F(DashboardApiTest, OnlyVisibleCasesCount) {
  Browser clerk = SignIn("clerk");
  Browser transport = SignIn("transport");
  Browser housing = SignIn("housing");
  int64_t a = NewAssignment(clerk, "住建局的事项");
  NewAssignment(clerk, "交通局的事项");
  Assign(clerk, a, "dept.housing", "5 working days");
  auto mine = Get(housing, "/api/dashboard").Json();
  EXPECT_EQ(mine["total"], 1);
  EXPECT_EQ(Get(transport, "/api/dashboard").Json()["total"], 0);
  EXPECT_EQ(Get(clerk, "/api/dashboard").Json()["total"], 2);
  TestClient anonymous(server_->port());
  EXPECT_EQ(anonymous.Get("/api/dashboard").status, 401);
}

TEST_F(DashboardApiTest, SpreadsheetSafeEscapesFormulas) {
  EXPECT_EQ(SpreadsheetSafe("=1+2"), "'=1+2");
  EXPECT_EQ(SpreadsheetSafe("+86 138"), "'+86 138");
  EXPECT_EQ(SpreadsheetSafe("-5"), "'-5");
  EXPECT_EQ(SpreadsheetSafe("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(SpreadsheetSafe("城区停车"), "城区停车");
  EXPECT_EQ(SpreadsheetSafe(""), "");
}

TEST_F(DashboardApiTest, ExportsTheFilteredListAsXlsx) {
  Browser clerk = SignIn("clerk");
  Browser housing = SignIn("housing");
  int64_t a = NewAssignment(clerk, "=HYPERLINK(\"http://x\")停车");
  int64_t b = NewAssignment(clerk, "垃圾分类");
  Assign(clerk, a, "dept.housing", "5 working days");
  (void)b;

  auto all = Get(clerk, "/api/cases/export");
  ASSERT_EQ(all.status, 200) << all.body;
  ASSERT_NE(all.Header("content-type"), nullptr);
  EXPECT_NE(all.Header("content-type")->find("spreadsheetml"), std::string::npos);
  ASSERT_NE(all.Header("content-disposition"), nullptr);
  EXPECT_NE(all.Header("content-disposition")->find("attachment"), std::string::npos);
  EXPECT_EQ(all.body.substr(0, 2), "PK");
  std::string sheet = SheetXml(all.body);
  EXPECT_NE(sheet.find("主办单位"), std::string::npos) << sheet.substr(0, 400);
  EXPECT_NE(sheet.find("垃圾分类"), std::string::npos);
  EXPECT_NE(sheet.find("'=HYPERLINK"), std::string::npos);  // escaped, not a formula
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);
  EXPECT_NE(sheet.find("市住房和城乡建设局"), std::string::npos);

  // The same filters as the list: a keyword, and the user's visibility.
  std::string filtered = SheetXml(Get(clerk, "/api/cases/export?q=%E5%9E%83%E5%9C%BE").body);
  EXPECT_NE(filtered.find("垃圾分类"), std::string::npos);
  EXPECT_EQ(filtered.find("HYPERLINK"), std::string::npos);
  std::string theirs = SheetXml(Get(housing, "/api/cases/export").body);
  EXPECT_NE(theirs.find("HYPERLINK"), std::string::npos);
  EXPECT_EQ(theirs.find("垃圾分类"), std::string::npos);

  auto bad = Get(clerk, "/api/cases/export?light=purple");
  EXPECT_EQ(bad.status, 400);
  EXPECT_FALSE(bad.Json()["error"]["message"].get<std::string>().empty());
}

}  // namespace
}  // namespace zb::api
