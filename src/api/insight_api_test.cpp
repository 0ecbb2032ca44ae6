// /api/insight tests: stored runs of hotline insight over real hotline tickets in the test
// office, findings with evidence and status between runs, a finding turned into a case, the
// leaders' report, bad input, and the daily job claimed by exactly one worker.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "api/api_fixture.h"
#include "api/insight_api.h"
#include "api/insight_run.h"
#include "http/test_client.h"
#include "store/insight_store.h"

namespace zb::api {
namespace {

using http::ClientResponse;
using nlohmann::json;

// Ordinary matters, spread over the days; none is a hot issue (different places, few repeats).
const char* const kBackground[][2] = {
    {"咨询社保缴费基数", "市民咨询今年社保缴费基数调整及个人缴费金额"},
    {"公交站台遮阳棚损坏", "站台遮阳棚被大风吹坏，等车乘客无处避雨"},
    {"咨询小孩入学政策", "外地户籍子女在本市就读小学需要哪些材料"},
    {"反映照明灯不亮", "夜间照明灯连续多日不亮，行人出行不便"},
    {"企业拖欠工资", "公司拖欠员工两个月工资，多次讨要无果"},
    {"噪音扰民", "楼下商铺音响声音很大，影响居民休息"},
    {"咨询公积金提取", "购房后如何办理住房公积金提取手续"},
    {"道路坑洼", "路面坑洼积水，车辆通行困难"},
};

class InsightApiTest : public test_support::ApiFixture {
 protected:
  ClientResponse Send(Browser& b, const std::string& method, const std::string& target,
                      std::string body) {
    return b.client->Send(
        method, target, std::move(body),
        {{"Cookie", b.cookie}, {"X-CSRF-Token", b.csrf}, {"Content-Type", "application/json"}});
  }
  ClientResponse Post(Browser& b, const std::string& target, const json& body) {
    return Send(b, "POST", target, body.dump());
  }

  store::Id Ticket(const std::string& title, const std::string& content, const std::string& phone) {
    cases::CreateRequest req;
    req.kind = "hotline";
    req.title = title;
    req.fields = {{"channel", "phone"},   {"request_type", "complaint"},
                  {"district", "海陵区"}, {"category", "城乡建设/住房保障"},
                  {"phone", phone},       {"content", content}};
    auto id = office_.engine->Create(office_.actor("operator"), req);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  // 40 days of background tickets before the fixture's start (2026-03-02), and in the last week
  // six callers about sewage at one estate: a hot issue.
  void History() {
    Instant start = office_.clock.Now();
    for (int day = 40; day >= 1; --day) {
      for (int k = 0; k < 3; ++k) {
        office_.clock.Set(start - std::chrono::hours(24 * day) + std::chrono::minutes(30 * k));
        const auto& m = kBackground[(day * 3 + k) % 8];
        Ticket(m[0], m[1], "1390000" + std::to_string(1000 + day * 3 + k));
      }
    }
    for (int k = 0; k < 6; ++k) {
      office_.clock.Set(start - std::chrono::hours(24 * (6 - k)) + std::chrono::hours(2));
      hot_.push_back(Ticket("东方花园小区门口污水外溢",
                            "海陵区凤凰路东方花园小区门口污水井堵塞，污水外溢，臭味很大，"
                            "居民出行要绕道",
                            "1381111000" + std::to_string(k)));
    }
    office_.clock.Set(start);
  }

  json Run(Browser& b, const std::string& from, const std::string& to, int expect = 201) {
    auto r = Post(b, "/api/insight/runs", {{"from", from}, {"to", to}});
    EXPECT_EQ(r.status, expect) << r.body;
    return r.Json();
  }

  static const json* FindingOf(const json& findings, const std::string& type) {
    for (const auto& f : findings) {
      if (f["type"] == type) return &f;
    }
    return nullptr;
  }

  size_t RunCount() { return store::ListInsightRuns(*office_.store, 1000)->size(); }

  std::vector<store::Id> hot_;
};

TEST_F(InsightApiTest, RunFindsTheHotIssueWithEvidenceAndAnAuditRecord) {
  History();
  Browser clerk = SignIn("clerk");
  json out = Run(clerk, "2026-01-01", "2026-03-01");
  EXPECT_EQ(out["run"]["tickets"], 126);
  EXPECT_EQ(out["run"]["kind"], "on_demand");
  EXPECT_EQ(out["run"]["actor"]["id"], office_.user("clerk"));
  const json* hot = FindingOf(out["findings"], "hot_issue");
  ASSERT_NE(hot, nullptr) << out.dump(1);
  EXPECT_EQ((*hot)["status"], "new");
  EXPECT_NE((*hot)["title"].get<std::string>().find("东方花园"), std::string::npos);
  const json& e = (*hot)["evidence"];
  EXPECT_EQ(e["tickets"], 6);
  EXPECT_EQ(e["callers"], 6);
  ASSERT_FALSE(e["representative"].empty());
  // The representative tickets are the real cases.
  for (const auto& t : e["representative"]) {
    EXPECT_NE(std::find(hot_.begin(), hot_.end(), t["case_id"].get<int64_t>()), hot_.end());
  }
  int64_t daily_total = 0;
  for (const auto& d : e["daily"]) daily_total += d["count"].get<int64_t>();
  EXPECT_EQ(daily_total, 6);
  // 41 days: enough for emerging problems to be judged, not for trends or periodicity.
  std::string notes = out["run"]["notes"].dump();
  EXPECT_NE(notes.find("趋势"), std::string::npos);
  EXPECT_NE(notes.find("周期性"), std::string::npos);
  EXPECT_EQ(FindingOf(out["findings"], "trending"), nullptr);
  EXPECT_EQ(FindingOf(out["findings"], "periodic"), nullptr);

  auto audit = office_.store->ListAudit(0, 100000);
  ASSERT_TRUE(audit.ok());
  auto it = std::find_if(audit->rbegin(), audit->rend(),
                         [](const auto& a) { return a.action == "insight.run"; });
  ASSERT_NE(it, audit->rend());
  EXPECT_EQ(it->actor_id, office_.user("clerk"));
  EXPECT_EQ(it->target, "insight_run:" + std::to_string(out["run"]["id"].get<int64_t>()));

  // The current findings are this run's.
  auto current = Send(clerk, "GET", "/api/insight/findings", "");
  ASSERT_EQ(current.status, 200);
  EXPECT_EQ(current.Json()["run"]["id"], out["run"]["id"]);
  EXPECT_EQ(current.Json()["findings"].size(), out["findings"].size());
}

TEST_F(InsightApiTest, LaterRunsSayContinuingAndSubsidedAndKeepTheCase) {
  History();
  Browser clerk = SignIn("clerk");
  json first = Run(clerk, "2026-01-01", "2026-03-01");
  const json* hot = FindingOf(first["findings"], "hot_issue");
  ASSERT_NE(hot, nullptr);
  auto made =
      Post(clerk, "/api/insight/findings/" + std::to_string((*hot)["id"].get<int64_t>()) + "/case",
           {{"as", "instruction"}, {"leader_id", office_.user("mayor")}});
  ASSERT_EQ(made.status, 201) << made.body;
  int64_t case_id = made.Json()["case_id"];
  auto c = office_.store->GetCase(case_id);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->kind, "instruction");
  EXPECT_EQ(c->fields["source"], "热线发现");
  EXPECT_EQ(c->fields["leader_id"], office_.user("mayor"));
  EXPECT_EQ(c->created_by, office_.user("clerk"));
  EXPECT_EQ(made.Json()["finding"]["case"]["state"], "registered");
  // Once only.
  auto again =
      Post(clerk, "/api/insight/findings/" + std::to_string((*hot)["id"].get<int64_t>()) + "/case",
           {{"as", "instruction"}});
  EXPECT_EQ(again.status, 409);

  json second = Run(clerk, "2026-01-01", "2026-03-01");
  hot = FindingOf(second["findings"], "hot_issue");
  ASSERT_NE(hot, nullptr);
  EXPECT_EQ((*hot)["status"], "continuing");
  EXPECT_EQ((*hot)["case_id"], case_id);

  // A period before the sewage calls: the hot issue has subsided, still linked to its case.
  json third = Run(clerk, "2026-01-01", "2026-02-20");
  hot = FindingOf(third["findings"], "hot_issue");
  ASSERT_NE(hot, nullptr) << third.dump(1);
  EXPECT_EQ((*hot)["status"], "subsided");
  EXPECT_EQ((*hot)["case_id"], case_id);
}

TEST_F(InsightApiTest, AssignmentToAUnitWithOneAction) {
  History();
  Browser clerk = SignIn("clerk");
  json out = Run(clerk, "2026-01-01", "2026-03-01");
  const json* hot = FindingOf(out["findings"], "hot_issue");
  ASSERT_NE(hot, nullptr);
  std::string target =
      "/api/insight/findings/" + std::to_string((*hot)["id"].get<int64_t>()) + "/case";
  EXPECT_EQ(Post(clerk, target, {{"as", "assignment"}}).status, 400);  // no unit
  EXPECT_EQ(Post(clerk, target, {{"as", "letter"}, {"unit_id", 1}}).status, 400);
  auto made =
      Post(clerk, target, {{"as", "assignment"}, {"unit_id", office_.unit("dept.housing")}});
  ASSERT_EQ(made.status, 201) << made.body;
  auto c = office_.store->GetCase(made.Json()["case_id"].get<int64_t>());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->kind, "assignment");
  EXPECT_EQ(c->state, "assigned");
  EXPECT_EQ(c->lead_unit_id, office_.unit("dept.housing"));
  EXPECT_TRUE(c->due_at.has_value());
}

TEST_F(InsightApiTest, BadPeriodsAreRefusedAndWriteNothing) {
  History();
  Browser clerk = SignIn("clerk");
  size_t audit_before = office_.store->ListAudit(0, 100000)->size();
  auto expect_400 = [&](const json& body, const std::string& words) {
    auto r = Post(clerk, "/api/insight/runs", body);
    EXPECT_EQ(r.status, 400) << body.dump() << " " << r.body;
    EXPECT_NE(r.body.find(words), std::string::npos) << r.body;
  };
  expect_400({{"from", "2026-03-01"}, {"to", "2026-03-09"}}, "未来");  // today is 03-02
  expect_400({{"from", "2026-02-20"}, {"to", "2026-02-01"}}, "不早于");
  expect_400({{"from", "2025-06-01"}, {"to", "2025-06-30"}}, "没有热线工单");
  expect_400({{"from", "2026-02-30"}, {"to", "2026-03-01"}}, "无效");
  expect_400({{"from", "yesterday"}, {"to", "2026-03-01"}}, "无效");
  expect_400({{"to", "2026-03-01"}}, "缺少");
  expect_400({{"from", "2020-01-01"}, {"to", "2026-03-01"}}, "最长");
  expect_400({{"from", "2026-02-01"}, {"to", "2026-03-01"}, {"kind", "daily"}}, "kind");
  expect_400({{"from", "2026-02-01"}, {"to", "2026-03-01"}, {"extra", 1}}, "extra");
  EXPECT_EQ(Send(clerk, "POST", "/api/insight/runs", "{\"from\":").status, 400);
  EXPECT_EQ(Send(clerk, "POST", "/api/insight/runs", "[1,2]").status, 400);
  EXPECT_EQ(RunCount(), 0u);
  EXPECT_EQ(office_.store->ListAudit(0, 100000)->size(), audit_before);
  // Nothing run yet: no current findings, no report.
  auto none = Send(clerk, "GET", "/api/insight/findings", "");
  EXPECT_EQ(none.status, 200);
  EXPECT_TRUE(none.Json()["run"].is_null());
  EXPECT_EQ(Send(clerk, "GET", "/api/insight/report?period=week", "").status, 404);
  EXPECT_EQ(Send(clerk, "GET", "/api/insight/findings?run=abc", "").status, 400);
  EXPECT_EQ(Send(clerk, "GET", "/api/insight/findings?run=999999", "").status, 404);
}

TEST_F(InsightApiTest, ASingleDayGivesNotesNotFabricatedFindings) {
  History();
  Browser clerk = SignIn("clerk");
  json out = Run(clerk, "2026-02-25", "2026-02-25");
  EXPECT_EQ(out["run"]["tickets"], 4);  // three background tickets and one sewage call
  EXPECT_TRUE(out["findings"].empty()) << out.dump(1);
  std::string notes = out["run"]["notes"].dump();
  EXPECT_NE(notes.find("苗头性"), std::string::npos);
  EXPECT_NE(notes.find("趋势"), std::string::npos);
  EXPECT_NE(notes.find("周期性"), std::string::npos);
}

TEST_F(InsightApiTest, CorruptedStoredEvidenceIsReportedNotFatal) {
  if (cases::testing::BackendFromEnvironment() == cases::testing::Backend::kPostgres)
    GTEST_SKIP() << "damages the SQLite file directly";
  History();
  Browser clerk = SignIn("clerk");
  json out = Run(clerk, "2026-01-01", "2026-03-01");
  ASSERT_FALSE(out["findings"].empty());
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((office_.dir / "office.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE insight_findings SET evidence = '{\"daily\": [1, 2'",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  auto r = Send(clerk, "GET", "/api/insight/findings", "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.Json()["findings"][0]["evidence_ok"].get<bool>());
  EXPECT_NE(r.Json()["warning"]["message"].get<std::string>().find("损坏"), std::string::npos);
  auto report = Send(clerk, "GET", "/api/insight/report?period=month", "");
  EXPECT_EQ(report.status, 200);
  // A later run compares against the damaged one without failing.
  json later = Run(clerk, "2026-01-01", "2026-03-01");
  EXPECT_EQ(FindingOf(later["findings"], "hot_issue")->at("status"), "continuing");
}

TEST_F(InsightApiTest, ReportsAsDocxAndPdf) {
  History();
  Browser secgen = SignIn("secgen");
  Run(secgen, "2026-01-01", "2026-03-01");
  auto docx = Send(secgen, "GET", "/api/insight/report?period=week", "");
  ASSERT_EQ(docx.status, 200) << docx.body;
  EXPECT_EQ(docx.body.substr(0, 2), "PK");
  auto pdf = Send(secgen, "GET", "/api/insight/report?period=month&format=pdf", "");
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(Send(secgen, "GET", "/api/insight/report?period=year", "").status, 400);
  EXPECT_EQ(Send(secgen, "GET", "/api/insight/report?period=week&format=odt", "").status, 400);
}

TEST_F(InsightApiTest, UnitsCannotSeeOrRunInsight) {
  History();
  Browser housing = SignIn("housing");
  EXPECT_EQ(Send(housing, "GET", "/api/insight/findings", "").status, 403);
  EXPECT_EQ(Send(housing, "GET", "/api/insight/runs", "").status, 403);
  EXPECT_EQ(
      Post(housing, "/api/insight/runs", {{"from", "2026-01-01"}, {"to", "2026-03-01"}}).status,
      403);
  EXPECT_EQ(Send(housing, "GET", "/api/insight/report?period=week", "").status, 403);
  EXPECT_EQ(RunCount(), 0u);
}

TEST_F(InsightApiTest, TheDailyRunIsClaimedByExactlyOneWorker) {
  History();
  const auto& calendar = InsightCalendar(*office_.engine);
  ManualClock clock(office_.clock.Now());
  InsightDaily a(InsightRunner::Shared(), *office_.store, clock, calendar, "node-a", 60);
  InsightDaily b(InsightRunner::Shared(), *office_.store, clock, calendar, "node-b", 60);
  // 2026-03-03 00:30 China time: not due before 01:00.
  Instant day =
      ChinaMidnight(Date{std::chrono::year{2026}, std::chrono::March, std::chrono::day{3}});
  clock.Set(day + std::chrono::minutes(30));
  EXPECT_EQ(*a.RunDueDaily(clock.Now()), 0);
  clock.Set(day + std::chrono::minutes(65));
  auto ran = a.RunDueDaily(clock.Now());
  ASSERT_TRUE(ran.ok()) << ran.status().ToString();
  EXPECT_GT(*ran, 0);
  EXPECT_EQ(*b.RunDueDaily(clock.Now()), 0);
  EXPECT_EQ(*a.RunDueDaily(clock.Now() + std::chrono::hours(3)), 0);
  auto runs = store::ListInsightRuns(*office_.store, 10);
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->front().kind, "daily");
  EXPECT_EQ(FormatDate(runs->front().period_to), "2026-03-02");
  EXPECT_EQ(FormatDate(runs->front().period_from), "2026-01-02");
  auto system = office_.store->FindUserByName("system");
  ASSERT_TRUE(system.ok());
  EXPECT_EQ(runs->front().actor_id, system->id);
  // The next day, the other node may take it.
  clock.Set(day + std::chrono::hours(24 + 2));
  EXPECT_GT(*b.RunDueDaily(clock.Now()), 0);
  EXPECT_EQ(store::ListInsightRuns(*office_.store, 10)->size(), 2u);
}

// The stored runs on both databases (PostgreSQL when ZB_TEST_PG_URL is set): a run over stored
// tickets, its findings and audit record, the case link carried to the next run.
class InsightStoreTest : public ::testing::TestWithParam<cases::testing::Backend> {};

TEST_P(InsightStoreTest, RunsFindingsAndCaseLinksOnEveryBackend) {
  if (GetParam() == cases::testing::Backend::kPostgres && cases::testing::TestPostgresUrl().empty())
    GTEST_SKIP() << "ZB_TEST_PG_URL is not set";
  Instant start =
      ChinaMidnight(Date{std::chrono::year{2026}, std::chrono::March, std::chrono::day{2}}) +
      std::chrono::hours(9);
  cases::testing::TestOffice office(start, GetParam());
  cases::Actor op = office.actor("operator");
  for (int k = 0; k < 6; ++k) {
    office.clock.Set(start - std::chrono::hours(24 * (6 - k)));
    cases::CreateRequest req;
    req.kind = "hotline";
    req.title = "东方花园小区门口污水外溢";
    req.fields = {{"channel", "phone"},
                  {"request_type", "complaint"},
                  {"district", "海陵区"},
                  {"phone", "1381111000" + std::to_string(k)},
                  {"content", "海陵区凤凰路东方花园小区门口污水井堵塞，污水外溢，臭味很大"}};
    ASSERT_TRUE(office.engine->Create(op, req).ok());
  }
  office.clock.Set(start);
  InsightRequest req;
  req.from = Date{std::chrono::year{2026}, std::chrono::February, std::chrono::day{1}};
  req.to = Date{std::chrono::year{2026}, std::chrono::March, std::chrono::day{1}};
  req.actor_id = office.user("clerk");
  const auto& calendar = InsightCalendar(*office.engine);
  auto first = InsightRunner::Shared().Run(*office.store, req, office.clock, calendar);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto run = store::GetInsightRun(*office.store, *first);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->tickets, 6);
  EXPECT_EQ(FormatDate(run->period_to), "2026-03-01");
  EXPECT_EQ(run->actor_id, office.user("clerk"));
  EXPECT_FALSE(run->notes.empty());
  auto findings = store::ListInsightFindings(*office.store, *first);
  ASSERT_TRUE(findings.ok());
  ASSERT_EQ(findings->size(), 1u);
  const store::InsightFinding& hot = findings->front();
  EXPECT_EQ(hot.type, "hot_issue");
  EXPECT_EQ(hot.status, "new");
  EXPECT_EQ(hot.evidence["tickets"], 6);
  EXPECT_GT(hot.score, 0);
  store::AuditEntry audit;
  audit.at = start;
  audit.actor_id = office.user("clerk");
  store::CaseQuery hotline;
  hotline.kind = "hotline";
  auto cases = office.store->ListCases(hotline);
  ASSERT_TRUE(cases.ok());
  store::Id case_id = cases->cases.front().id;
  ASSERT_TRUE(store::SetInsightFindingCase(*office.store, hot.id, case_id, audit).ok());
  EXPECT_EQ(store::SetInsightFindingCase(*office.store, hot.id, case_id, audit).code(),
            ErrorCode::kConflict);
  auto second = InsightRunner::Shared().Run(*office.store, req, office.clock, calendar);
  ASSERT_TRUE(second.ok());
  auto again = store::ListInsightFindings(*office.store, *second);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ(again->front().status, "continuing");
  EXPECT_EQ(again->front().case_id, case_id);
  EXPECT_EQ(again->front().previous_score, hot.score);
  auto runs = store::ListInsightRuns(*office.store, 10, "on_demand", true);
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ(runs->front().id, *second);  // newest first
  EXPECT_EQ(store::GetInsightRun(*office.store, 999999).status().code(), ErrorCode::kNotFound);
  auto trail = office.store->ListAudit(0, 100000);
  int recorded = 0;
  for (const auto& a : *trail) {
    if (a.action == "insight.run" || a.action == "insight.finding.case") ++recorded;
  }
  EXPECT_EQ(recorded, 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, InsightStoreTest,
                         ::testing::Values(cases::testing::Backend::kSqlite,
                                           cases::testing::Backend::kPostgres));

}  // namespace
}  // namespace zb::api
