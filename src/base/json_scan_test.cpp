#include "base/json_scan.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/json_writer.h"

namespace zb {
namespace {

TEST(JsonScanTest, FindsAnObjectsMembersAsWritten) {
  std::vector<JsonMember> m;
  const std::string text = R"( {"a" : [1, {"x": "}"}], "b\n\"": "值\u00e9", "c":-0.5e+3,)"
                           R"("d":true,"e":null,"f":{}} )";
  ASSERT_TRUE(ScanJsonObject(text, &m));
  ASSERT_EQ(m.size(), 6u);
  EXPECT_EQ(m[0].key, R"("a")");
  EXPECT_EQ(m[0].value, R"([1, {"x": "}"}])");
  EXPECT_EQ(m[1].key, R"("b\n\"")");
  EXPECT_EQ(m[1].value, R"("值\u00e9")");
  EXPECT_EQ(m[2].value, "-0.5e+3");
  EXPECT_EQ(m[3].value, "true");
  EXPECT_EQ(m[4].value, "null");
  EXPECT_EQ(m[5].value, "{}");
  ASSERT_TRUE(ScanJsonObject("{}", &m));
  EXPECT_TRUE(m.empty());
}

TEST(JsonScanTest, WritingTheMembersBackGivesTheSameValue) {
  nlohmann::json v = {{"fields", {{"content", "小区积水\n\"严重\""}, {"n", {1, 2.5, nullptr}}}},
                      {"due_at", 1767225600},
                      {"empty", nlohmann::json::object()}};
  std::vector<JsonMember> m;
  std::string text = v.dump(2);
  ASSERT_TRUE(ScanJsonObject(text, &m));
  JsonWriter w;
  w.BeginObject();
  for (const JsonMember& x : m) w.RawMember(x.key, x.value);
  w.EndObject();
  EXPECT_EQ(nlohmann::json::parse(w.str()), v);
}

TEST(JsonScanTest, RefusesWhatIsNotOneWellFormedObject) {
  std::vector<JsonMember> m;
  for (std::string bad : {"",
                          "[]",
                          "1",
                          "\"a\"",
                          "{",
                          "{\"a\"}",
                          "{\"a\":}",
                          "{\"a\":1,}",
                          "{\"a\":1}{}",
                          "{\"a\":01}",
                          "{\"a\":1.}",
                          "{\"a\":1e}",
                          "{\"a\":-}",
                          "{\"a\":tru}",
                          "{\"a\":nul}",
                          "{\"a\":[1,]}",
                          "{\"a\":[1 2]}",
                          "{\"a\":\"x}",
                          "{\"a\":\"\\x\"}",
                          "{\"a\":\"\\u12g4\"}",
                          "{\"a\":\"tab\there\"}",
                          "{a:1}",
                          "{\"a\":1 \"b\":2}",
                          "{\"a\":\"\xe4\xb8\"}",
                          "{\"a\":\"\xed\xa0\x80\"}",
                          "{'a':1}"}) {
    EXPECT_FALSE(ScanJsonObject(bad, &m)) << bad;
    EXPECT_TRUE(nlohmann::json::parse(bad, nullptr, false).is_discarded() ||
                !nlohmann::json::parse(bad, nullptr, false).is_object())
        << bad;  // the same judgement as a full parse
  }
}

TEST(JsonScanTest, RefusesNestingTooDeepWithoutExhaustingTheStack) {
  std::vector<JsonMember> m;
  std::string deep = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_FALSE(ScanJsonObject(deep, &m));
  std::string fine = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_TRUE(ScanJsonObject(fine, &m));
}

}  // namespace
}  // namespace zb
