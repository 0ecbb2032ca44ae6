// The administration of the hotline's category tree and of the segmenter's user dictionary, and
// the suggestion model's state: the real server on an ephemeral port, spoken to over HTTP.
#include <gtest/gtest.h>

#include "api/api_fixture.h"
#include "api/hotline_api.h"
#include "api/text_admin_api.h"
#include "http/test_client.h"

namespace zb::api {
namespace {

using http::ClientResponse;
using nlohmann::json;

class HotlineAdminTest : public test_support::ApiFixture {
 protected:
  ClientResponse Send(Browser& b, const std::string& method, const std::string& target,
                      const std::string& body, const std::string& type = "application/json") {
    return b.client->Send(method, target, body,
                          {{"Cookie", b.cookie}, {"X-CSRF-Token", b.csrf}, {"Content-Type", type}});
  }
  ClientResponse Post(Browser& b, const std::string& target, const json& body) {
    return Send(b, "POST", target, body.dump());
  }
  ClientResponse Patch(Browser& b, int64_t id, const json& body) {
    return Send(b, "PATCH", "/api/hotline/admin/categories/" + std::to_string(id), body.dump());
  }

  // The node with this path in a tree answer, or null.
  static json Find(const json& list, const std::string& path) {
    for (const auto& c : list) {
      if (c["path"] == path) return c;
      json below = Find(c["children"], path);
      if (!below.is_null()) return below;
    }
    return nullptr;
  }
  json AdminTree(Browser& b) {
    return Get(b, "/api/hotline/admin/categories").Json()["categories"];
  }
  // Audit records other than signing in.
  size_t AuditCount() {
    size_t n = 0;
    auto audit = office_.store->ListAudit(0, 100000);
    for (const auto& e : *audit) {
      n += e.action.rfind("session.", 0) != 0;
    }
    return n;
  }

  std::string Segment(Browser& b, const std::string& text) {
    auto r = Post(b, "/api/text/segment", {{"text", text}});
    EXPECT_EQ(r.status, 200) << r.body;
    std::string out;
    json tokens = r.Json()["tokens"];
    for (const auto& t : tokens) out += (out.empty() ? "" : " ") + t.get<std::string>();
    return out;
  }
};

TEST_F(HotlineAdminTest, TheTreeIsSeededFromTheFileAndServedFromTheDatabase) {
  auto stored = office_.store->ListHotlineCategories();
  ASSERT_TRUE(stored.ok());
  EXPECT_GT(stored->size(), 500u);  // the real tree of attachment1.csv
  Browser admin = SignIn("admin");
  json tree = AdminTree(admin);
  ASSERT_EQ(tree.size(), 15u);
  json node = Find(tree, "城乡建设/安全生产/安全隐患");
  ASSERT_FALSE(node.is_null());
  EXPECT_EQ(node["code"], "01.01.03");
  EXPECT_EQ(node["disabled"], false);
  EXPECT_GT(node["id"].get<int64_t>(), 0);
  auto audit = office_.store->ListAudit(0, 1000);
  bool seeded = false;
  for (const auto& e : *audit) seeded = seeded || e.action == "hotline.category.seed";
  EXPECT_TRUE(seeded);
}

TEST_F(HotlineAdminTest, AddRenameMoveDisableAndDefaultUnit) {
  Browser admin = SignIn("admin");
  Browser op = SignIn("operator");
  json tree = AdminTree(admin);
  int64_t parent = Find(tree, "城乡建设/安全生产")["id"];
  auto added = Post(admin, "/api/hotline/admin/categories",
                    {{"name", "燃气安全"}, {"parent_id", parent}, {"unit_code", "dept.housing"}});
  ASSERT_EQ(added.status, 201) << added.body;
  json c = added.Json()["category"];
  EXPECT_EQ(c["path"], "城乡建设/安全生产/燃气安全");
  EXPECT_EQ(c["unit_code"], "dept.housing");
  int64_t id = c["id"];
  // The operator screen's tree has it at once.
  auto ops = Get(op, "/api/hotline/categories");
  ASSERT_EQ(ops.status, 200);
  EXPECT_FALSE(Find(ops.Json()["categories"], "城乡建设/安全生产/燃气安全").is_null());
  EXPECT_TRUE(ops.Json()["categories"][0].contains("unit_code"));
  EXPECT_FALSE(ops.Json()["categories"][0].contains("disabled"));

  auto renamed = Patch(admin, id, {{"name", "燃气管道安全"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.Json()["category"]["path"], "城乡建设/安全生产/燃气管道安全");
  int64_t env = Find(tree, "环境保护")["id"];
  auto moved = Patch(admin, id, {{"parent_id", env}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json()["category"]["path"], "环境保护/燃气管道安全");
  EXPECT_EQ(moved.Json()["category"]["level"], 2);
  auto top = Patch(admin, id, {{"parent_id", nullptr}});
  ASSERT_EQ(top.status, 200) << top.body;
  EXPECT_EQ(top.Json()["category"]["level"], 1);

  // Suggestions take the default unit of the category or of the nearest category above it.
  int64_t urban = Find(tree, "城乡建设")["id"];
  auto before = Post(op, "/api/hotline/suggestions", {{"title", "小区物业不管电梯"}});
  ASSERT_EQ(before.status, 200) << before.body;
  ASSERT_EQ(before.Json()["category"]["path"].get<std::string>().rfind("城乡建设", 0), 0u);
  EXPECT_NE(before.Json()["unit"]["code"], "dept.transport");
  ASSERT_EQ(Patch(admin, urban, {{"unit_code", "dept.transport"}}).status, 200);
  auto after = Post(op, "/api/hotline/suggestions", {{"title", "小区物业不管电梯"}});
  EXPECT_EQ(after.Json()["unit"]["code"], "dept.transport") << after.body;
  EXPECT_EQ(after.Json()["unit_source"], "category");

  auto off = Patch(admin, id, {{"disabled", true}, {"unit_code", nullptr}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.Json()["category"]["disabled"], true);
  EXPECT_TRUE(off.Json()["category"]["unit_code"].is_null());
  EXPECT_TRUE(
      Find(Get(op, "/api/hotline/categories").Json()["categories"], "燃气管道安全").is_null());
  EXPECT_FALSE(Find(AdminTree(admin), "燃气管道安全").is_null());

  // Every change has its actor in the audit trail.
  std::vector<std::string> actions;
  auto audit = office_.store->ListAudit(0, 100000);
  for (const auto& e : *audit) {
    if (e.action.rfind("hotline.category.", 0) == 0 && e.action != "hotline.category.seed") {
      EXPECT_EQ(e.actor_id, office_.user("admin"));
      actions.push_back(e.action);
    }
  }
  EXPECT_EQ(actions.size(), 6u);
  EXPECT_EQ(actions.front(), "hotline.category.add");

  // A category no ticket uses can be deleted; then it is gone.
  auto del = Send(admin, "DELETE", "/api/hotline/admin/categories/" + std::to_string(id), "");
  ASSERT_EQ(del.status, 200) << del.body;
  EXPECT_TRUE(Find(del.Json()["categories"], "燃气管道安全").is_null());
}

TEST_F(HotlineAdminTest, ACategoryInUseIsDisabledNotDeleted) {
  Browser admin = SignIn("admin");
  Browser op = SignIn("operator");
  auto t = Post(op, "/api/cases",
                {{"kind", "hotline"},
                 {"title", "小区燃气管道老化"},
                 {"fields",
                  {{"caller_name", "王女士"},
                   {"phone", "13807310001"},
                   {"channel", "phone"},
                   {"request_type", "complaint"},
                   {"category", "城乡建设/安全生产/安全隐患"},
                   {"content", "小区燃气管道老化，请尽快处理"}}}});
  ASSERT_EQ(t.status, 201) << t.body;
  int64_t id = Find(AdminTree(admin), "城乡建设/安全生产/安全隐患")["id"];
  size_t audits = AuditCount();
  auto del = Send(admin, "DELETE", "/api/hotline/admin/categories/" + std::to_string(id), "");
  EXPECT_EQ(del.status, 409) << del.body;
  int64_t parent = Find(AdminTree(admin), "城乡建设/安全生产")["id"];
  EXPECT_EQ(
      Send(admin, "DELETE", "/api/hotline/admin/categories/" + std::to_string(parent), "").status,
      409);  // has subcategories
  EXPECT_EQ(AuditCount(), audits);
  EXPECT_FALSE(Find(AdminTree(admin), "城乡建设/安全生产/安全隐患").is_null());
}

TEST_F(HotlineAdminTest, BadEditsAreRefusedAndWriteNothing) {
  Browser admin = SignIn("admin");
  json tree = AdminTree(admin);
  int64_t level1 = Find(tree, "城乡建设")["id"];
  int64_t level2 = Find(tree, "城乡建设/安全生产")["id"];
  int64_t level3 = Find(tree, "城乡建设/安全生产/安全隐患")["id"];
  size_t stored = office_.store->ListHotlineCategories()->size();
  size_t audits = AuditCount();
  struct Case {
    std::string method;
    int64_t id;
    json body;
    int status;
  };
  std::vector<Case> cases = {
      {"POST", 0, {{"name", "安全隐患"}, {"parent_id", level2}}, 409},  // duplicate under a parent
      {"PATCH", level1, {{"parent_id", level2}}, 400},                  // cycle
      {"PATCH", level1, {{"parent_id", level1}}, 400},                  // under itself
      {"POST", 0, {{"name", "新分类"}, {"parent_id", 999999}}, 400},    // unknown parent
      {"POST", 0, {{"name", ""}}, 400},                                 // empty name
      {"POST", 0, {{"name", "   "}}, 400},
      {"POST", 0, {{"name", "甲/乙"}}, 400},
      {"POST", 0, {{"name", std::string(3000, 'x')}}, 400},
      {"POST", 0, {{"name", "第四级"}, {"parent_id", level3}}, 400},  // 4 levels
      {"POST", 0, {{"name", "x"}, {"parent_id", "1"}}, 400},          // wrong type
      {"POST", 0, {{"name", "x"}, {"unit_code", "no.such.unit"}}, 400},
      {"POST", 0, {{"name", "x"}, {"colour", "red"}}, 400},  // unknown field
      {"POST", 0, json::array(), 400},
      {"PATCH", 999999, {{"name", "x"}}, 404},
      {"PATCH", level3, {{"name", "事故处理"}}, 409},  // a sibling's name
  };
  for (const auto& c : cases) {
    std::string target = "/api/hotline/admin/categories";
    if (c.id) target += "/" + std::to_string(c.id);
    auto r = Send(admin, c.method, target, c.body.dump());
    EXPECT_EQ(r.status, c.status) << c.method << " " << c.body.dump() << ": " << r.body;
    json j = r.Json();
    EXPECT_TRUE(j["error"].contains("message") && j["error"].contains("message_en")) << r.body;
  }
  auto garbage = Send(admin, "POST", "/api/hotline/admin/categories", "{not json");
  EXPECT_EQ(garbage.status, 400);
  EXPECT_EQ(office_.store->ListHotlineCategories()->size(), stored);
  EXPECT_EQ(AuditCount(), audits);
}

TEST_F(HotlineAdminTest, OnlyAdministratorsEdit) {
  Browser admin = SignIn("admin");
  int64_t id = Find(AdminTree(admin), "城乡建设")["id"];
  size_t audits = AuditCount();
  for (const char* who : {"operator", "chief", "secgen", "housing", "mayor"}) {
    Browser b = SignIn(who);
    EXPECT_EQ(Get(b, "/api/hotline/admin/categories").status, 403) << who;
    EXPECT_EQ(Post(b, "/api/hotline/admin/categories", {{"name", "x"}}).status, 403) << who;
    EXPECT_EQ(Patch(b, id, {{"name", "x"}}).status, 403) << who;
    EXPECT_EQ(Send(b, "DELETE", "/api/hotline/admin/categories/" + std::to_string(id), "").status,
              403);
    EXPECT_EQ(Get(b, "/api/text/dictionary").status, 403) << who;
    EXPECT_EQ(Post(b, "/api/text/dictionary", {{"word", "凤凰路"}}).status, 403) << who;
    EXPECT_EQ(Send(b, "POST", "/api/text/dictionary/import", "凤凰路\n", "text/plain").status, 403);
  }
  EXPECT_EQ(AuditCount(), audits);
  EXPECT_EQ(AdminTree(admin)[0]["name"], "城乡建设");
}

TEST_F(HotlineAdminTest, DictionaryWordsChangeTheSegmentationAtOnce) {
  if (!OfficeSegmenter()) GTEST_SKIP() << "jieba's dictionary is not installed";
  Browser admin = SignIn("admin");
  Browser op = SignIn("operator");
  auto list = Get(admin, "/api/text/dictionary");
  ASSERT_EQ(list.status, 200);
  size_t seeded = list.Json()["count"];
  EXPECT_GE(seeded, 30u);  // the office's local names, from the migration
  EXPECT_EQ(Segment(op, "海陵区凤凰路积水"), "海陵区 凤凰 路 积水");

  auto added = Post(admin, "/api/text/dictionary", {{"word", "凤凰路"}, {"tag", "ns"}});
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.Json()["count"], seeded + 1);
  EXPECT_EQ(added.Json()["applied"], true);
  EXPECT_EQ(Segment(op, "海陵区凤凰路积水"), "海陵区 凤凰路 积水");

  auto removed = Send(admin, "DELETE", "/api/text/dictionary/%E5%87%A4%E5%87%B0%E8%B7%AF", "");
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(Segment(op, "海陵区凤凰路积水"), "海陵区 凤凰 路 积水");
  EXPECT_EQ(Send(admin, "DELETE", "/api/text/dictionary/%E5%87%A4%E5%87%B0%E8%B7%AF", "").status,
            404);

  auto imported = Send(admin, "POST", "/api/text/dictionary/import",
                       "\xEF\xBB\xBF凤凰路 ns\n稻河古街区 30 ns\n\n", "text/plain");
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(imported.Json()["count"], seeded + 2);
  EXPECT_EQ(Segment(op, "稻河古街区凤凰路"), "稻河古街区 凤凰路");
  int actions = 0;
  auto audit = office_.store->ListAudit(0, 100000);
  for (const auto& e : *audit) {
    if (e.action.rfind("dictionary.", 0) == 0) {
      EXPECT_EQ(e.actor_id, office_.user("admin"));
      ++actions;
    }
  }
  EXPECT_EQ(actions, 3);
}

TEST_F(HotlineAdminTest, BadDictionaryInputIsRefusedWithLineNumbers) {
  Browser admin = SignIn("admin");
  size_t words = office_.store->ListDictionaryWords()->size();
  size_t audits = AuditCount();
  auto bad = Send(admin, "POST", "/api/text/dictionary/import",
                  "好词 3 n\n泰州 NS\n\xff\xfe\n词\t5\n", "text/plain");
  ASSERT_EQ(bad.status, 400) << bad.body;
  json j = bad.Json();
  ASSERT_EQ(j["error"]["details"]["lines"].size(), 3u);
  EXPECT_EQ(j["error"]["details"]["lines"][0]["line"], 2);
  EXPECT_EQ(j["error"]["details"]["lines"][1]["line"], 3);
  EXPECT_EQ(j["error"]["details"]["lines"][2]["line"], 4);
  EXPECT_FALSE(j["error"]["message_en"].get<std::string>().empty());
  EXPECT_EQ(Send(admin, "POST", "/api/text/dictionary/import", "", "text/plain").status, 400);
  EXPECT_EQ(Send(admin, "POST", "/api/text/dictionary/import", "\n \n", "text/plain").status, 400);
  EXPECT_EQ(
      Send(admin, "POST", "/api/text/dictionary/import", std::string(2 << 20, 'a'), "text/plain")
          .status,
      413);
  for (const json& body :
       {json{{"word", ""}}, json{{"word", "泰州 ns"}}, json{{"word", "a\tb"}},
        json{{"word", std::string(65, 'x')}}, json{{"word", "好词"}, {"freq", -1}},
        json{{"word", "好词"}, {"freq", 1000000000}}, json{{"word", "好词"}, {"tag", "NS"}},
        json{{"word", "好词"}, {"tag", 5}}, json{{"freq", 3}}, json::array()}) {
    auto r = Post(admin, "/api/text/dictionary", body);
    EXPECT_EQ(r.status, 400) << body.dump() << ": " << r.body;
  }
  EXPECT_EQ(office_.store->ListDictionaryWords()->size(), words);
  EXPECT_EQ(AuditCount(), audits);
  Browser unit = SignIn("housing");
  EXPECT_EQ(Post(unit, "/api/text/segment", {{"text", "积水"}}).status, 403);
  EXPECT_EQ(Post(admin, "/api/text/segment", {{"text", std::string(20000, 'a')}}).status, 400);
  EXPECT_EQ(Post(admin, "/api/text/segment", {{"txt", "a"}}).status, 400);
}

TEST_F(HotlineAdminTest, ModelStateForTheAdminTab) {
  Browser admin = SignIn("admin");
  auto m = Get(admin, "/api/hotline/model");
  ASSERT_EQ(m.status, 200) << m.body;
  json j = m.Json();
  EXPECT_TRUE(j.contains("source"));
  EXPECT_TRUE(j["training"].is_null());
  Browser unit = SignIn("housing");
  EXPECT_EQ(Get(unit, "/api/hotline/model").status, 403);
  // No closed tickets: the training fails, and the state says why.
  EXPECT_EQ(Post(admin, "/api/hotline/model", json::object()).status, 400);
  j = Get(admin, "/api/hotline/model").Json();
  EXPECT_TRUE(j["training"].is_null());
  ASSERT_FALSE(j["last_failure"].is_null());
  EXPECT_FALSE(j["last_failure"]["message"].get<std::string>().empty());
}

}  // namespace
}  // namespace zb::api
