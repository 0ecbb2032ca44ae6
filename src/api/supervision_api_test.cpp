// /api/supervision tests: the real server on an ephemeral port, spoken to over HTTP.
#include <gtest/gtest.h>

#include "api/api_fixture.h"
#include "http/test_client.h"

namespace zb::api {
namespace {

using http::ClientResponse;
using nlohmann::json;

class SupervisionApiTest : public test_support::ApiFixture {
 protected:
  ClientResponse Send(Browser& b, const std::string& method, const std::string& target,
                      std::string body, const std::string& type = "application/json") {
    return b.client->Send(method, target, std::move(body),
                          {{"Cookie", b.cookie}, {"X-CSRF-Token", b.csrf}, {"Content-Type", type}});
  }
  ClientResponse Post(Browser& b, const std::string& target, const json& body) {
    return Send(b, "POST", target, body.dump());
  }
  ClientResponse Act(Browser& b, int64_t id, json body) {
    return Post(b, "/api/cases/" + std::to_string(id) + "/actions", body);
  }
  int64_t Version(int64_t id) { return office_.store->GetCase(id)->version; }
  std::string State(int64_t id) { return office_.store->GetCase(id)->state; }

  // An instruction the mayor has instructed on, ready to be assigned or split.
  int64_t InstructedInstruction(Browser& clerk, Browser& mayor) {
    auto r = Post(clerk, "/api/cases",
                  {{"kind", "instruction"},
                   {"title", "春季安全生产大检查"},
                   {"fields",
                    {{"leader_id", office_.user("mayor")},
                     {"source", "公文"},
                     {"matter", "开展春季安全生产大检查"}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    int64_t id = r.Json()["id"];
    EXPECT_EQ(Act(mayor, id,
                  {{"action", "instruct"},
                   {"fields", {{"instruction", "各有关部门按职责抓好落实，件件有回音"}}}})
                  .status,
              200);
    return id;
  }

  // A key project assigned to the housing bureau and accepted: in progress, monthly reports.
  int64_t ProjectInProgress(Browser& clerk, Browser& housing) {
    auto r = Post(clerk, "/api/cases",
                  {{"kind", "key_project"},
                   {"title", "“421工程”：城北污水处理厂扩建"},
                   {"fields",
                    {{"level", "project"},
                     {"programme_code", "421"},
                     {"indicator", "完成投资（亿元）"},
                     {"target_value", 3.2},
                     {"report_cycle", "monthly"},
                     {"report_day", 25}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    int64_t id = r.Json()["id"];
    EXPECT_EQ(Act(clerk, id, {{"action", "assign"}, {"lead_unit_id", office_.unit("dept.housing")}})
                  .status,
              200);
    EXPECT_EQ(Act(housing, id, {{"action", "accept"}}).status, 200);
    return id;
  }
};

TEST_F(SupervisionApiTest, SplitsAnInstructionAndRollsItUp) {
  Browser clerk = SignIn("clerk");
  Browser mayor = SignIn("mayor");
  Browser housing = SignIn("housing");
  int64_t id = InstructedInstruction(clerk, mayor);
  std::string split = "/api/supervision/instructions/" + std::to_string(id) + "/split";
  int64_t before = *office_.store->CountCases();
  // Refused, nothing written: repeated units, an unknown unit, not ids, a unit splitting.
  int64_t h = office_.unit("dept.housing"), t = office_.unit("dept.transport");
  EXPECT_EQ(Post(clerk, split, {{"unit_ids", {h, h}}}).status, 400);
  EXPECT_EQ(Post(clerk, split, {{"unit_ids", {h, 999999}}}).status, 400);
  EXPECT_EQ(Post(clerk, split, {{"unit_ids", {"住建局"}}}).status, 400);
  EXPECT_EQ(Post(clerk, split, {{"unit_ids", json::array()}}).status, 400);
  EXPECT_EQ(Post(clerk, split, {{"unit_ids", {h}}, {"hostile", "<script>"}}).status, 400);
  EXPECT_NE(Post(housing, split, {{"unit_ids", {h, t}}}).status / 100, 2);
  EXPECT_EQ(*office_.store->CountCases(), before);
  EXPECT_EQ(State(id), "instructed");

  auto r = Post(clerk, split, {{"unit_ids", {h, t}}, {"time_limit", "5 working days"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["part_ids"].size(), 2u);
  EXPECT_EQ(State(id), "split");
  int64_t housing_part = r.Json()["part_ids"][0];

  auto roll = Get(clerk, "/api/supervision/instructions/" + std::to_string(id) + "/roll-up");
  ASSERT_EQ(roll.status, 200) << roll.body;
  EXPECT_EQ(roll.Json()["total"], 2);
  EXPECT_EQ(roll.Json()["open"], 2);
  EXPECT_EQ(roll.Json()["all_closed"], false);
  // The list shows the instruction once, with its roll-up; a unit sees its own part only.
  auto list = Get(clerk, "/api/supervision/instructions").Json()["instructions"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["roll_up"]["total"], 2);
  auto theirs = Get(housing, "/api/supervision/instructions").Json()["instructions"];
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0]["id"], housing_part);
  EXPECT_EQ(Get(housing, "/api/supervision/instructions/" + std::to_string(id) + "/roll-up").status,
            404);

  // The unit works its part to closure; the roll-up follows.
  EXPECT_EQ(Act(housing, housing_part, {{"action", "accept"}}).status, 200);
  EXPECT_EQ(Act(housing, housing_part, {{"action", "reply"}, {"text", "整改隐患17处"}}).status,
            200);
  EXPECT_EQ(Act(clerk, housing_part, {{"action", "close_part"}}).status, 200);
  roll = Get(clerk, "/api/supervision/instructions/" + std::to_string(id) + "/roll-up");
  EXPECT_EQ(roll.Json()["closed"], 1);
  EXPECT_EQ(roll.Json()["open"], 1);
}

TEST_F(SupervisionApiTest, AReportForAPeriodNotStartedIsRefusedOnEveryRoute) {
  Browser clerk = SignIn("clerk");
  Browser housing = SignIn("housing");
  int64_t id = ProjectInProgress(clerk, housing);
  std::string reports = "/api/supervision/key-projects/" + std::to_string(id) + "/reports";
  int64_t v = Version(id);
  // April has not started on 2 March: refused by the module's route and the generic one alike.
  auto r = Post(housing, reports, {{"period", "2026-04"}, {"percent", 30}, {"text", "提前报"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.Json()["error"]["message"].get<std::string>().find("尚未开始"), std::string::npos);
  r = Act(housing, id,
          {{"action", "report"},
           {"text", "提前报"},
           {"fields", {{"report_period", "2026-04"}, {"progress_percent", 30}}}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.Json()["error"]["message"].get<std::string>().find("尚未开始"), std::string::npos);
  r = Act(housing, id,
          {{"action", "report"},
           {"text", "进度"},
           {"fields", {{"report_period", "2026-03"}, {"progress_percent", 130}}}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Post(housing, reports, {{"period", "三月"}, {"percent", 30}, {"text", "x"}}).status,
            400);
  EXPECT_EQ(
      Post(housing, reports, {{"period", "2026-03"}, {"percent", "30"}, {"text", "x"}}).status,
      400);
  EXPECT_EQ(Version(id), v);  // nothing written

  r = Post(housing, reports,
           {{"period", "2026-03"}, {"percent", 25}, {"actual_value", 0.8}, {"text", "主体施工中"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["fields"]["report_period"], "2026-03");
  EXPECT_EQ(Version(id), v + 1);
  // Another unit's project does not exist for it.
  Browser transport = SignIn("transport");
  EXPECT_EQ(
      Post(transport, reports, {{"period", "2026-03"}, {"percent", 30}, {"text", "x"}}).status,
      404);

  // The tree shows the project; April's report falls due on 25 April and is then missing.
  auto tree = Get(housing, "/api/supervision/key-projects");
  ASSERT_EQ(tree.status, 200);
  EXPECT_EQ(tree.Json()["programmes"].size(), 1u);
  EXPECT_EQ(Get(transport, "/api/supervision/key-projects").Json()["programmes"].size(), 0u);
  office_.clock.Advance(std::chrono::hours(24 * 55));  // 26 April
  clerk = SignIn("clerk");                             // the sessions expired meanwhile
  housing = SignIn("housing");
  transport = SignIn("transport");
  auto missing = Get(clerk, "/api/supervision/key-projects/missing-reports").Json()["missing"];
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0]["period"], "2026-04");
  EXPECT_EQ(missing[0]["unit_name"], "市住房和城乡建设局");
  EXPECT_EQ(
      Get(transport, "/api/supervision/key-projects/missing-reports").Json()["missing"].size(), 0u);
  EXPECT_EQ(Post(housing, "/api/supervision/key-projects/urge", json::object()).status, 403);
  auto urged = Post(clerk, "/api/supervision/key-projects/urge", json::object());
  EXPECT_EQ(urged.Json()["urged"], 1);
  EXPECT_EQ(Post(clerk, "/api/supervision/key-projects/urge", json::object()).Json()["urged"], 0);
}

TEST_F(SupervisionApiTest, ImportsASessionAllOrNothingAndKeepsTheReturnWindow) {
  Browser clerk = SignIn("clerk");
  Browser housing = SignIn("housing");
  const std::string header = "编号,标题,领衔人,内容,主办单位,会办单位\n";
  std::string bad = header +
                    "第1号,关于加装电梯的建议,王建国,建议加大补贴,市住房和城乡建设局,\n"
                    "第1号,关于公交线路的建议,李梅,建议优化线路,市交通运输局,\n"
                    "第3号,关于停车的建议,赵强,建议建设停车场,市停车管理局,\n";
  std::string target =
      "/api/supervision/proposals/"
      "import?kind=deputy_suggestion&session=%E5%8D%81%E4%B8%83%E5%B1%8A";
  auto r = Send(clerk, "POST", target, bad, "text/csv");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_GE(r.Json()["error"]["details"]["problems"].size(), 2u) << r.body;
  EXPECT_EQ(*office_.store->CountCases(), 0);
  EXPECT_EQ(Send(housing, "POST", target, bad, "text/csv").status, 403);
  EXPECT_EQ(Send(clerk, "POST", "/api/supervision/proposals/import?kind=hotline&session=x", bad,
                 "text/csv")
                .status,
            400);

  std::string good =
      header +
      "第1号,关于加装电梯的建议,王建国,建议加大补贴,市住房和城乡建设局,市交通运输局\n"
      "第2号,关于公交线路的建议,李梅,建议优化线路,市交通运输局,\n";
  r = Send(clerk, "POST", target + "&dry_run=1", good, "text/csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["rows"], 2);
  EXPECT_EQ(*office_.store->CountCases(), 0);
  r = Send(clerk, "POST", target, good, "text/csv");
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t first = r.Json()["ids"][0];

  auto board = Get(clerk, "/api/supervision/proposals/board?kind=deputy_suggestion");
  ASSERT_EQ(board.status, 200);
  EXPECT_EQ(board.Json()["total"]["remaining"], 2);
  EXPECT_EQ(board.Json()["by_unit"].size(), 2u);
  EXPECT_EQ(board.Json()["sessions"][0], "十七届");
  auto own = Get(housing, "/api/supervision/proposals/board?kind=deputy_suggestion").Json();
  ASSERT_EQ(own["by_unit"].size(), 1u);
  EXPECT_EQ(own["by_unit"][0]["unit_name"], "市住房和城乡建设局");
  EXPECT_FALSE(own.contains("missing_opinions"));

  // Eleven days after the assignment the unit can no longer return it, by any route.
  office_.clock.Advance(std::chrono::hours(24 * 11));
  clerk = SignIn("clerk");
  housing = SignIn("housing");
  int64_t v = Version(first);
  r = Act(housing, first, {{"action", "return"}, {"reason", "不属于本单位职责"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.Json()["error"]["message"].get<std::string>().find("10 日内"), std::string::npos);
  EXPECT_EQ(Version(first), v);
  // The reply needs an answer class; with one, the author's view closes it.
  EXPECT_EQ(Act(housing, first, {{"action", "accept"}}).status, 200);
  // The case screen is told which fields the reply records (the answer class, with its options).
  json reply_action;
  json detail = Get(housing, "/api/cases/" + std::to_string(first)).Json();
  for (const auto& a : detail["actions"]) {
    if (a["action"] == "reply") reply_action = a;
  }
  ASSERT_EQ(reply_action["fields"].size(), 1u) << detail["actions"] << detail["state"];
  EXPECT_EQ(reply_action["fields"][0]["id"], "answer_class");
  EXPECT_EQ(reply_action["fields"][0]["options"].size(), 4u);
  EXPECT_EQ(Act(housing, first, {{"action", "reply"}, {"text", "已加大补贴"}}).status, 400);
  EXPECT_EQ(Act(housing, first,
                {{"action", "reply"}, {"text", "已加大补贴"}, {"fields", {{"answer_class", "A"}}}})
                .status,
            200);
  EXPECT_EQ(
      Act(clerk, first, {{"action", "satisfied"}, {"fields", {{"satisfaction_from", "李梅"}}}})
          .status,
      400);
  EXPECT_EQ(
      Act(clerk, first, {{"action", "satisfied"}, {"fields", {{"satisfaction_from", "王建国"}}}})
          .status,
      200);
  board = Get(clerk, "/api/supervision/proposals/board?kind=deputy_suggestion");
  EXPECT_EQ(board.Json()["total"]["closed"], 1);
  EXPECT_EQ(board.Json()["total"]["remaining"], 1);
}

TEST_F(SupervisionApiTest, ReturnWithinTenDaysIsAllowed) {
  Browser clerk = SignIn("clerk");
  Browser housing = SignIn("housing");
  std::string csv =
      "编号,标题,领衔人,内容,主办单位\n第9号,关于河道保洁的建议,周敏,建议加强保洁,"
      "市住房和城乡建设局\n";
  auto r = Send(clerk, "POST", "/api/supervision/proposals/import?kind=cppcc_proposal&session=s1",
                csv, "text/csv");
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t id = r.Json()["ids"][0];
  office_.clock.Advance(std::chrono::hours(24 * 9));
  housing = SignIn("housing");
  r = Act(housing, id, {{"action", "return"}, {"reason", "河道保洁属水利局职责"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(State(id), "returned");
}

TEST_F(SupervisionApiTest, OnTimeStatisticsRankUnitsAndUnitsSeeTheirOwn) {
  Browser clerk = SignIn("clerk");
  Browser housing = SignIn("housing");
  Browser transport = SignIn("transport");
  auto assign = [&](const std::string& unit, const std::string& title) {
    auto r = Post(clerk, "/api/cases",
                  {{"kind", "assignment"},
                   {"title", title},
                   {"fields", {{"leader_id", office_.user("mayor")}, {"content", title}}}});
    int64_t id = r.Json()["id"];
    EXPECT_EQ(Act(clerk, id,
                  {{"action", "assign"},
                   {"lead_unit_id", office_.unit(unit)},
                   {"time_limit", "5 working days"}})
                  .status,
              200);
    return id;
  };
  int64_t early = assign("dept.transport", "研究停车难问题");
  int64_t late = assign("dept.housing", "研究加装电梯补贴");
  EXPECT_EQ(Act(transport, early, {{"action", "accept"}}).status, 200);
  EXPECT_EQ(Act(transport, early, {{"action", "reply"}, {"text", "方案已形成"}}).status, 200);
  EXPECT_EQ(Act(clerk, early, {{"action", "close"}}).status, 200);  // the same day: early
  office_.clock.Advance(std::chrono::hours(24 * 14));
  clerk = SignIn("clerk");
  housing = SignIn("housing");
  EXPECT_EQ(Act(housing, late, {{"action", "accept"}}).status, 200);
  EXPECT_EQ(Act(housing, late, {{"action", "reply"}, {"text", "已研究"}}).status, 200);
  EXPECT_EQ(Act(clerk, late, {{"action", "close"}}).status, 200);  // after the limit

  auto r = Get(clerk, "/api/supervision/on-time?kind=assignment");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = r.Json();
  EXPECT_EQ(j["total"]["closed"], 2);
  EXPECT_EQ(j["total"]["closed_on_time"], 1);
  EXPECT_EQ(j["total"]["closed_early"], 1);
  ASSERT_EQ(j["by_unit"].size(), 2u);
  EXPECT_EQ(j["by_unit"][0]["unit_name"], "市交通运输局");
  EXPECT_EQ(j["by_unit"][0]["rank"], 1);
  EXPECT_EQ(j["by_unit"][1]["rank"], 2);
  json own = Get(housing, "/api/supervision/on-time?kind=assignment").Json();
  ASSERT_EQ(own["by_unit"].size(), 1u);
  EXPECT_EQ(own["by_unit"][0]["rank"], 2);
  EXPECT_EQ(own["total"]["closed"], 1);
  EXPECT_EQ(own["total"]["closed_on_time"], 0);
  EXPECT_EQ(Get(clerk, "/api/supervision/on-time?kind=hotline").status, 400);
  EXPECT_EQ(Get(clerk, "/api/supervision/on-time?from=yesterday").status, 400);
  EXPECT_EQ(Get(clerk, "/api/supervision/on-time?from=2026-04-01&to=2026-03-01").status, 400);
}

TEST_F(SupervisionApiTest, BulletinIsDraftedEditedIssuedAndDownloaded) {
  Browser clerk = SignIn("clerk");
  Browser chief = SignIn("chief");
  Browser housing = SignIn("housing");
  EXPECT_EQ(Post(housing, "/api/supervision/bulletins", {{"month", "2026-02"}}).status, 403);
  EXPECT_EQ(Post(clerk, "/api/supervision/bulletins", {{"month", "2026-13"}}).status, 400);
  EXPECT_EQ(Post(clerk, "/api/supervision/bulletins", json::object()).status, 400);
  auto r = Post(clerk, "/api/supervision/bulletins", {{"month", "2026-02"}});
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t id = r.Json()["id"];
  std::string path = "/api/supervision/bulletins/" + std::to_string(id);
  json doc = r.Json()["document"];
  EXPECT_EQ(r.Json()["state"], "draft");
  EXPECT_EQ(doc["month"], "2026-02");
  EXPECT_FALSE(doc["sections"].empty());
  // A draft is the office's: a unit does not see it.
  EXPECT_EQ(Get(housing, "/api/supervision/bulletins").Json()["bulletins"].size(), 0u);
  EXPECT_EQ(Get(housing, path).status, 404);
  EXPECT_EQ(Get(housing, path + "/docx").status, 404);
  EXPECT_EQ(Get(housing, path + "/pdf").status, 404);

  // Edits: a document without a title is refused and nothing is written.
  int64_t v = Version(id);
  json broken = doc;
  broken.erase("title");
  EXPECT_EQ(Send(clerk, "PUT", path, json{{"document", broken}}.dump()).status, 400);
  EXPECT_EQ(Send(clerk, "PUT", path, json{{"document", "text"}}.dump()).status, 400);
  EXPECT_EQ(Send(housing, "PUT", path, json{{"document", doc}}.dump()).status, 404);
  EXPECT_EQ(Version(id), v);
  doc["sections"][0]["paragraphs"].push_back("各单位要对照通报，认真整改。");
  r = Send(clerk, "PUT", path, json{{"document", doc}, {"expected_version", v}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["document"]["sections"][0]["paragraphs"].back(),
            "各单位要对照通报，认真整改。");
  EXPECT_EQ(
      Send(clerk, "PUT", path, json{{"document", doc}, {"expected_version", v}}.dump()).status,
      409);

  // Staff may not issue; the section chief does, and every other user is notified.
  EXPECT_EQ(Post(clerk, path + "/issue", json::object()).status, 403);
  EXPECT_EQ(State(id), "draft");
  r = Post(chief, path + "/issue", json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["state"], "issued");
  auto inbox = Get(housing, "/api/notifications").Json()["notifications"];
  ASSERT_FALSE(inbox.empty());
  EXPECT_EQ(inbox[0]["kind"], "bulletin");
  EXPECT_EQ(Send(clerk, "PUT", path, json{{"document", doc}}.dump()).status, 409);

  EXPECT_EQ(Get(housing, "/api/supervision/bulletins").Json()["bulletins"].size(), 1u);
  auto docx = Get(housing, path + "/docx");
  ASSERT_EQ(docx.status, 200);
  EXPECT_EQ(docx.body.substr(0, 2), "PK");
  auto pdf = Get(housing, path + "/pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(pdf.headers.size() > 0, true);
  bool is_pdf = false;
  for (const auto& [k, v] : pdf.headers) is_pdf |= v == "application/pdf";
  EXPECT_TRUE(is_pdf);
  EXPECT_EQ(Get(housing, "/api/supervision/bulletins/abc").status, 400);
  EXPECT_EQ(Get(housing, "/api/supervision/bulletins/abc/pdf").status, 400);
}

TEST_F(SupervisionApiTest, LedgersAreWorkbooks) {
  Browser clerk = SignIn("clerk");
  Browser housing = SignIn("housing");
  for (const char* kind :
       {"instruction", "assignment", "deputy_suggestion", "cppcc_proposal", "key_project"}) {
    auto r = Get(clerk, std::string("/api/supervision/ledgers/") + kind);
    ASSERT_EQ(r.status, 200) << kind << r.body;
    EXPECT_EQ(r.body.substr(0, 2), "PK") << kind;
  }
  EXPECT_EQ(Get(housing, "/api/supervision/ledgers/instruction").status, 200);
  EXPECT_EQ(Get(clerk, "/api/supervision/ledgers/hotline").status, 400);
  EXPECT_EQ(Get(clerk, "/api/supervision/ledgers/..%2F..%2Fetc").status, 400);
}

// 分办 of a proposal: one case per unit, each answering the author for its own part.
TEST_F(SupervisionApiTest, SplitsAProposalBetweenUnitsAllOrNothing) {
  Browser clerk = SignIn("clerk");
  Browser mayor = SignIn("mayor");
  Browser housing = SignIn("housing");
  auto created = Post(clerk, "/api/cases",
                      {{"kind", "deputy_suggestion"},
                       {"title", "关于老旧小区改造的建议"},
                       {"fields",
                        {{"session", "市十七届人大四次会议"},
                         {"number", "第7号"},
                         {"author", "王建国"},
                         {"content", "建议同步解决加装电梯和停车难"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.Json()["id"];
  std::string split = "/api/supervision/proposals/" + std::to_string(id) + "/split";
  int64_t h = office_.unit("dept.housing"), t = office_.unit("dept.transport");
  int64_t before = *office_.store->CountCases();
  size_t audit_before = office_.store->ListAudit(0, 10000)->size();
  auto refused = [&](Browser& b, const json& body, int status, const std::string& message_en) {
    auto r = Post(b, split, body);
    EXPECT_EQ(r.status, status) << body.dump() << r.body;
    EXPECT_EQ(r.Json()["error"]["message_en"], message_en) << body.dump();
    EXPECT_FALSE(r.Json()["error"]["message"].get<std::string>().empty());
  };
  refused(clerk, json::object(), 400, "give 1 to 200 unit_ids");
  refused(clerk, {{"unit_ids", json::array()}}, 400, "give 1 to 200 unit_ids");
  refused(clerk, {{"unit_ids", {h, h}}}, 400, "a unit is named twice: " + std::to_string(h));
  refused(clerk, {{"unit_ids", {h, 999999}}}, 400, "unknown unit: 999999");
  refused(clerk, {{"unit_ids", {"住建局"}}}, 400, "unit_ids must be ids");
  refused(clerk, {{"unit_ids", json(std::vector<int64_t>(201, h))}}, 400, "give 1 to 200 unit_ids");
  EXPECT_EQ(Post(clerk, split, {{"unit_ids", {h}}, {"hostile", "<script>"}}).status, 400);
  EXPECT_EQ(Post(clerk, split, {{"unit_ids", {h}}, {"due_at", "明天"}}).status, 400);
  EXPECT_EQ(Post(housing, split, {{"unit_ids", {h, t}}}).status, 404);  // not theirs to see
  EXPECT_EQ(Post(mayor, split, {{"unit_ids", {h, t}}}).status, 403);    // not the office's staff
  EXPECT_EQ(Post(clerk, "/api/supervision/proposals/999999/split", {{"unit_ids", {h}}}).status,
            404);
  EXPECT_EQ(Send(clerk, "POST", split, "{\"unit_ids\": [").status, 400);
  EXPECT_EQ(*office_.store->CountCases(), before);
  EXPECT_EQ(office_.store->ListAudit(0, 10000)->size(), audit_before);
  EXPECT_EQ(State(id), "registered");

  auto r = Post(clerk, split, {{"unit_ids", {h, t}}});
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(r.Json()["part_ids"].size(), 2u);
  EXPECT_EQ(r.Json()["roll_up"]["total"], 2);
  EXPECT_EQ(State(id), "split");
  int64_t housing_part = r.Json()["part_ids"][0];
  // Each action is an event by its real actor, with an audit record.
  auto events = *office_.store->ListEvents(housing_part);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().actor_id, office_.user("clerk"));
  bool audited = false;
  for (const auto& a : *office_.store->ListAudit(0, 10000)) {
    audited |= a.action == "case.split" && a.target == "case:" + std::to_string(id);
  }
  EXPECT_TRUE(audited);
  // Split once: the original is no longer waiting to be assigned; nothing more is written.
  before = *office_.store->CountCases();
  EXPECT_EQ(Post(clerk, split, {{"unit_ids", {h}}}).status, 409);
  EXPECT_EQ(*office_.store->CountCases(), before);

  std::string roll = "/api/supervision/proposals/" + std::to_string(id) + "/roll-up";
  auto all = Get(clerk, roll);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.Json()["part_cases"].size(), 2u);
  EXPECT_EQ(all.Json()["proposal"]["state"], "split");
  EXPECT_EQ(Get(housing, roll).status, 404);  // the original is the office's
  EXPECT_EQ(Get(clerk, "/api/supervision/instructions/" + std::to_string(id) + "/roll-up").status,
            404);

  // The housing bureau answers its part; the author's view is on that part alone.
  EXPECT_EQ(Act(housing, housing_part, {{"action", "accept"}}).status, 200);
  EXPECT_EQ(
      Act(housing, housing_part,
          {{"action", "reply"}, {"text", "已加装电梯12部"}, {"fields", {{"answer_class", "A"}}}})
          .status,
      200);
  EXPECT_EQ(Act(clerk, housing_part,
                {{"action", "satisfied"}, {"fields", {{"satisfaction_from", "王建国"}}}})
                .status,
            200);
  all = Get(clerk, roll);
  EXPECT_EQ(all.Json()["closed"], 1);
  EXPECT_EQ(all.Json()["open"], 1);
  // The board counts the parts, not the original.
  auto board = Get(clerk, "/api/supervision/proposals/board?kind=deputy_suggestion");
  EXPECT_EQ(board.Json()["total"]["total"], 2);
  EXPECT_EQ(board.Json()["total"]["closed"], 1);
}

// A dissatisfied item is answered again with its answer class asked again: the new class is the
// case's, the history keeps both.
TEST_F(SupervisionApiTest, AReAnswerAsksTheAnswerClassAgain) {
  Browser clerk = SignIn("clerk");
  Browser housing = SignIn("housing");
  auto created = Post(clerk, "/api/cases",
                      {{"kind", "cppcc_proposal"},
                       {"title", "关于校园周边交通安全的提案"},
                       {"fields",
                        {{"session", "市政协十六届四次会议"},
                         {"number", "第88号"},
                         {"author", "李梅"},
                         {"content", "建议增设护学岗"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.Json()["id"];
  ASSERT_EQ(
      Act(clerk, id, {{"action", "assign"}, {"lead_unit_id", office_.unit("dept.housing")}}).status,
      200);
  ASSERT_EQ(Act(housing, id, {{"action", "accept"}}).status, 200);
  ASSERT_EQ(Act(housing, id, {{"action", "reply"}, {"text", "列入明年计划"}}).status, 400);
  ASSERT_EQ(
      Act(housing, id,
          {{"action", "reply"}, {"text", "列入明年计划"}, {"fields", {{"answer_class", "C"}}}})
          .status,
      200);
  ASSERT_EQ(Act(clerk, id,
                {{"action", "dissatisfied"},
                 {"text", "希望今年解决"},
                 {"fields", {{"satisfaction_from", "李梅"}}}})
                .status,
            200);
  EXPECT_EQ(State(id), "rehandling");
  auto reply_fields = [&]() {
    json detail = Get(housing, "/api/cases/" + std::to_string(id)).Json();
    for (const auto& a : detail["actions"]) {
      if (a["action"] == "reply") return a["fields"];
    }
    return json();
  };
  ASSERT_EQ(reply_fields().size(), 1u);  // the dialog asks for the class again
  EXPECT_EQ(reply_fields()[0]["id"], "answer_class");
  int64_t v = Version(id);
  auto r = Act(housing, id, {{"action", "reply"}, {"text", "已增设护学岗"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Json()["error"]["message_en"], "reply needs answer_class");
  EXPECT_EQ(Version(id), v);
  ASSERT_EQ(
      Act(housing, id,
          {{"action", "reply"}, {"text", "已增设护学岗"}, {"fields", {{"answer_class", "A"}}}})
          .status,
      200);
  auto detail = Get(clerk, "/api/cases/" + std::to_string(id)).Json();
  EXPECT_EQ(detail["fields"]["answer_class"], "A");
  std::vector<std::string> classes;
  for (const auto& e : detail["events"]) {
    if (e["type"] == "replied") classes.push_back(e["data"]["set_fields"]["answer_class"]);
  }
  EXPECT_EQ(classes, (std::vector<std::string>{"C", "A"}));
}

}  // namespace
}  // namespace zb::api
