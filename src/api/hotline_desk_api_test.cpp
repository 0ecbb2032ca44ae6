// The hotline desk's API: dispatch suggestions on the text engine (real sample messages), the
// callback and returned-ticket queues, the KPI report as .xlsx, and retraining the model.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "api/api_fixture.h"
#include "api/hotline_suggest_api.h"
#include "hotline/table_file.h"
#include "hotline/text_clean.h"

namespace zb::api {
namespace {

using http::ClientResponse;
using nlohmann::json;

class HotlineDeskTest : public test_support::ApiFixture {
 protected:
  HotlineDeskTest() {
    model_dir_ = std::filesystem::temp_directory_path() /
                 ("zb-desk-" + std::to_string(::getpid()) + "-" + std::to_string(++counter_));
    SetHotlineModelDir(model_dir_);
    UseHotlineModel(nullptr);
  }
  ~HotlineDeskTest() override {
    UseHotlineModel(nullptr);
    std::filesystem::remove_all(model_dir_);
  }

  ClientResponse Post(Browser& b, const std::string& target, const json& body) {
    return b.client->Send(
        "POST", target, body.dump(),
        {{"Cookie", b.cookie}, {"X-CSRF-Token", b.csrf}, {"Content-Type", "application/json"}});
  }
  ClientResponse Act(Browser& b, int64_t id, json body) {
    return Post(b, "/api/cases/" + std::to_string(id) + "/actions", body);
  }
  int64_t NewTicket(Browser& op, const std::string& title, const std::string& content) {
    auto r = Post(op, "/api/cases",
                  json{{"kind", "hotline"},
                       {"title", title},
                       {"fields",
                        {{"caller_name", "王女士"},
                         {"phone", "13807310001"},
                         {"channel", "phone"},
                         {"request_type", "complaint"},
                         {"content", content}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", int64_t{0});
  }

  // The real labelled messages, the transport and housing ones labelled with the test office's
  // units, the others with units it does not have.
  static std::vector<hotline::DispatchExample> RealExamples() {
    std::ifstream in(cases::testing::SourceDir() / "data/tipdm2020-sample/attachment2.csv",
                     std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto table = hotline::ParseTable(ss.str());
    std::vector<hotline::DispatchExample> out;
    if (!table.ok()) return out;
    for (size_t i = 1; i < table->rows.size(); ++i) {
      const auto& r = table->rows[i];
      if (r.size() < 6) continue;
      std::string category = hotline::TrimCell(r[5]);
      std::string unit = category == "交通运输"   ? "dept.transport"
                         : category == "城乡建设" ? "dept.housing"
                                                  : "elsewhere." + category;
      out.push_back(
          {hotline::TrimCell(r[2]) + "\n" + hotline::CleanMultiline(r[4]), category, unit});
    }
    return out;
  }

  std::filesystem::path model_dir_;
  static inline int counter_ = 0;
};

TEST_F(HotlineDeskTest, SuggestionsByKeywordRulesBeforeAModelExists) {
  Browser op = SignIn("operator");
  auto r =
      Post(op, "/api/hotline/suggestions",
           {{"title", "小区物业乱收费"}, {"content", "我家小区物业乱收费，业主多次反映无人处理"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.Json();
  EXPECT_EQ(j["source"], "rules");
  EXPECT_EQ(j["category"]["path"].get<std::string>().rfind("城乡建设", 0), 0u);
  EXPECT_EQ(j["unit"]["id"], office_.unit("dept.housing"));
  EXPECT_EQ(j["unit"]["name"], "市住房和城乡建设局");
  EXPECT_LE(j["unit"]["confidence"].get<double>(), 0.6);
  // Nothing to go on: no suggestion, not an error.
  r = Post(op, "/api/hotline/suggestions", {{"content", "你好"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.Json()["category"].is_null());
  EXPECT_TRUE(r.Json()["unit"].is_null());
}

TEST_F(HotlineDeskTest, SuggestionsFromAModelTrainedOnRealMessages) {
  auto jieba = text::Segmenter::Load();
  ASSERT_TRUE(jieba.ok());
  auto examples = RealExamples();
  ASSERT_EQ(examples.size(), 495u);
  // Trained on four fifths of the real messages; the other fifth is asked for over HTTP.
  std::vector<hotline::DispatchExample> train, held_out;
  for (size_t i = 0; i < examples.size(); ++i) {
    (i % 5 == 0 ? held_out : train).push_back(examples[i]);
  }
  auto model = hotline::DispatchModel::Train(*jieba, train);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  UseHotlineModel(std::make_shared<const hotline::DispatchModel>(std::move(*model)));
  Browser op = SignIn("operator");
  int asked = 0, category_right = 0, unit_right = 0, other_units_suggested = 0;
  for (const auto& e : held_out) {
    auto r = Post(op, "/api/hotline/suggestions", {{"content", e.text}});
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = r.Json();
    EXPECT_EQ(j["source"], "model");
    EXPECT_EQ(j["model"]["examples"], train.size());
    category_right += j["category"]["path"].get<std::string>().rfind(e.category, 0) == 0;
    bool ours = e.unit_code.rfind("dept.", 0) == 0;
    if (!ours) {
      // A unit the test office does not have is never suggested.
      other_units_suggested += !j["unit"].is_null() && j["unit"]["code"] != "dept.housing" &&
                               j["unit"]["code"] != "dept.transport";
      continue;
    }
    ++asked;
    if (j["unit"].is_object() && j["unit"]["id"] == office_.unit(e.unit_code)) {
      ++unit_right;
      EXPECT_GT(j["unit"]["confidence"].get<double>(), 0.0);
    }
  }
  std::printf("held out %zu: category %d right; %d for the office's units: unit %d right\n",
              held_out.size(), category_right, asked, unit_right);
  ASSERT_GT(asked, 20);
  EXPECT_GT(category_right, static_cast<int>(held_out.size() * 3 / 4))
      << category_right << " of " << held_out.size();
  EXPECT_GT(unit_right, asked * 3 / 4) << unit_right << " of " << asked;
  EXPECT_EQ(other_units_suggested, 0);
}

TEST_F(HotlineDeskTest, NearDuplicatesFollowTicketsAsTheyOpenAndClose) {
  Browser op = SignIn("operator");
  std::string content =
      "凤凰路与海陵南路交叉口的工地每天夜里十一点以后还在施工，打桩机声音很大，周边居民无法入睡";
  int64_t first = NewTicket(op, "工地夜间施工噪音扰民", content);
  json repeat = {{"title", "工地夜间施工噪音扰民"},
                 {"content",
                  "凤凰路与海陵南路交叉口的工地每天夜里十一点后还在施工，打桩机声音很大，"
                  "周边居民都无法入睡"}};
  auto r = Post(op, "/api/hotline/suggestions", repeat);
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = r.Json()["duplicates"];
  ASSERT_EQ(d.size(), 1u) << r.body;
  EXPECT_EQ(d[0]["id"], first);
  EXPECT_TRUE(d[0]["repeat"].get<bool>());
  EXPECT_GT(d[0]["similarity"].get<double>(), 0.5);
  EXPECT_EQ(d[0]["callers"][0]["phone"], "13807310001");
  // A second ticket registered anyway is found too; once merged, only the first remains.
  int64_t second = NewTicket(op, repeat["title"], repeat["content"]);
  EXPECT_EQ(Post(op, "/api/hotline/suggestions", repeat).Json()["duplicates"].size(), 2u);
  office_.clock.Advance(std::chrono::minutes(1));
  ASSERT_EQ(Post(op, "/api/hotline/tickets/" + std::to_string(second) + "/merge", {{"into", first}})
                .status,
            200);
  d = Post(op, "/api/hotline/suggestions", repeat).Json()["duplicates"];
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0]["id"], first);
  // Answered and closed: no longer a duplicate.
  office_.clock.Advance(std::chrono::minutes(1));
  ASSERT_EQ(Act(op, first, {{"action", "answer"}, {"text", "已告知施工许可情况"}}).status, 200);
  EXPECT_TRUE(Post(op, "/api/hotline/suggestions", repeat).Json()["duplicates"].empty());
}

TEST_F(HotlineDeskTest, SuggestionsRefuseBadInput) {
  Browser op = SignIn("operator");
  EXPECT_EQ(Post(op, "/api/hotline/suggestions", json::object()).status, 400);
  EXPECT_EQ(Post(op, "/api/hotline/suggestions", {{"content", 42}}).status, 400);
  EXPECT_EQ(Post(op, "/api/hotline/suggestions", {{"content", "x"}, {"extra", 1}}).status, 400);
  auto big = Post(op, "/api/hotline/suggestions", {{"content", std::string(3u << 20, 'a')}});
  EXPECT_EQ(big.status, 413);
  // A long text (1 MB) is looked at in its first part, not refused.
  std::string long_text;
  while (long_text.size() < (1u << 20) - 100) long_text += "小区物业乱收费";
  auto r = Post(op, "/api/hotline/suggestions", {{"content", long_text}});
  EXPECT_EQ(r.status, 200) << r.body.substr(0, 200);
  Browser unit = SignIn("housing");
  auto denied = Post(unit, "/api/hotline/suggestions", {{"content", "小区物业乱收费"}});
  EXPECT_EQ(denied.status, 403);
  EXPECT_TRUE(denied.Json()["error"].contains("message_en"));
}

TEST_F(HotlineDeskTest, RetrainingNeedsTheRightRoleAndEnoughClosedTickets) {
  Browser op = SignIn("operator");
  EXPECT_EQ(Post(op, "/api/hotline/model", json::object()).status, 403);
  Browser unit = SignIn("housing");
  EXPECT_EQ(Post(unit, "/api/hotline/model", json::object()).status, 403);
  Browser admin = SignIn("admin");
  // The test office has no closed tickets: nothing to learn from, and nothing saved.
  auto r = Post(admin, "/api/hotline/model", json::object());
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(std::filesystem::exists(model_dir_));
}

TEST_F(HotlineDeskTest, CallbackQueueShowsTheReplyAndFailedAttempts) {
  Browser op = SignIn("operator");
  Browser unit = SignIn("housing");
  int64_t id = NewTicket(op, "小区路灯损坏", "东风小区二期的路灯坏了一个多月");
  ASSERT_EQ(
      Act(op, id, {{"action", "dispatch"}, {"lead_unit_id", office_.unit("dept.housing")}}).status,
      200);
  EXPECT_TRUE(Get(op, "/api/hotline/callbacks").Json()["tickets"].empty());
  ASSERT_EQ(Act(unit, id, {{"action", "accept"}}).status, 200);
  auto reply = Act(unit, id, {{"action", "reply"}, {"text", "路灯已于今日修复"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto q = Get(op, "/api/hotline/callbacks");
  ASSERT_EQ(q.status, 200) << q.body;
  auto t = q.Json()["tickets"];
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0]["id"], id);
  EXPECT_EQ(t[0]["reply"]["text"], "路灯已于今日修复");
  EXPECT_EQ(t[0]["reply"]["unit"], "市住房和城乡建设局");
  EXPECT_EQ(t[0]["failed_attempts"], 0);
  EXPECT_EQ(t[0]["callers"][0]["phone"], "13807310001");
  ASSERT_EQ(Act(op, id, {{"action", "callback_unreachable"}}).status, 200);
  EXPECT_EQ(Get(op, "/api/hotline/callbacks").Json()["tickets"][0]["failed_attempts"], 1);
  ASSERT_EQ(Act(op, id, {{"action", "callback_satisfied"}}).status, 200);
  EXPECT_TRUE(Get(op, "/api/hotline/callbacks").Json()["tickets"].empty());
  EXPECT_EQ(Get(unit, "/api/hotline/callbacks").status, 403);
}

TEST_F(HotlineDeskTest, ReturnedQueueSaysWhoReturnedItAndWhy) {
  Browser op = SignIn("operator");
  Browser unit = SignIn("housing");
  int64_t id = NewTicket(op, "公交站台破损", "汽车站站台顶棚破损");
  ASSERT_EQ(
      Act(op, id, {{"action", "dispatch"}, {"lead_unit_id", office_.unit("dept.housing")}}).status,
      200);
  auto r = Act(unit, id, {{"action", "return"}, {"reason", "公交站台属交通部门管理"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto q = Get(op, "/api/hotline/returned");
  ASSERT_EQ(q.status, 200) << q.body;
  auto t = q.Json()["tickets"];
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0]["return"]["reason"], "公交站台属交通部门管理");
  EXPECT_EQ(t[0]["return"]["unit"], "市住房和城乡建设局");
  EXPECT_EQ(t[0]["return"]["unit_id"], office_.unit("dept.housing"));
  EXPECT_EQ(Get(unit, "/api/hotline/returned").status, 403);
  ASSERT_EQ(
      Act(op, id, {{"action", "redispatch"}, {"lead_unit_id", office_.unit("dept.transport")}})
          .status,
      200);
  EXPECT_TRUE(Get(op, "/api/hotline/returned").Json()["tickets"].empty());
}

TEST_F(HotlineDeskTest, KpiReportAsExcel) {
  Browser op = SignIn("operator");
  NewTicket(op, "小区路灯损坏", "路灯坏了");
  auto x = Get(op, "/api/hotline/kpis.xlsx?from=2026-03-01&to=2026-04-01");
  ASSERT_EQ(x.status, 200) << x.body;
  ASSERT_NE(x.Header("content-type"), nullptr);
  EXPECT_NE(x.Header("content-type")->find("spreadsheetml"), std::string::npos);
  ASSERT_GT(x.body.size(), 4u);
  EXPECT_EQ(x.body.substr(0, 2), "PK");
  auto table = hotline::ParseXlsx(x.body);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_GE(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0][0], "单位");
  EXPECT_EQ(table->rows[1][0], "全部");
  EXPECT_EQ(table->rows[1][1], "1");  // received
  EXPECT_EQ(Get(op, "/api/hotline/kpis.xlsx?from=2026-04-01&to=2026-03-01").status, 400);
  EXPECT_EQ(Get(op, "/api/hotline/kpis.xlsx?unit=3x").status, 400);
  Browser unit = SignIn("housing");
  EXPECT_EQ(
      Get(unit, "/api/hotline/kpis.xlsx?unit=" + std::to_string(office_.unit("dept.transport")))
          .status,
      403);
  EXPECT_EQ(Get(unit, "/api/hotline/kpis.xlsx").status, 200);
}

}  // namespace
}  // namespace zb::api
