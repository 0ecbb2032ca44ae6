#include "base/json_writer.h"

#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace zb {
namespace {

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(JsonWriterTest, WritesWhatNlohmannWouldForTheSameValues) {
  const std::string hostile = "引号\" 反斜杠\\ 换行\n 制表\t 回车\r \b\f \x01\x1f\x7f 😀 </script>";
  nlohmann::json data = {{"n", 1.5}, {"list", {1, "二", nullptr}}};
  JsonWriter w;
  w.BeginObject()
      .Key("id")
      .Int(-9007199254740993)
      .Key("max")
      .Int(INT64_MAX)
      .Key(hostile)
      .String(hostile)
      .Key("empty")
      .String("")
      .Key("yes")
      .Bool(true)
      .Key("no")
      .Bool(false)
      .Key("none")
      .Null()
      .Key("data")
      .Value(data)
      .Key("raw")
      .Raw(R"({"a":[1,2]})")
      .Key("events")
      .BeginArray()
      .BeginObject()
      .Key("seq")
      .Int(1)
      .EndObject()
      .BeginObject()
      .EndObject()
      .BeginArray()
      .EndArray()
      .String("末")
      .EndArray()
      .EndObject();
  nlohmann::json expected = {
      {"id", -9007199254740993},
      {"max", INT64_MAX},
      {hostile, hostile},
      {"empty", ""},
      {"yes", true},
      {"no", false},
      {"none", nullptr},
      {"data", data},
      {"raw", {{"a", {1, 2}}}},
      {"events", {{{"seq", 1}}, nlohmann::json::object(), nlohmann::json::array(), "末"}}};
  // The same text up to key order (nlohmann sorts keys; the writer keeps the order written).
  nlohmann::json parsed = nlohmann::json::parse(w.str());
  EXPECT_EQ(parsed, expected);
  EXPECT_EQ(Dump(parsed), Dump(expected));
  // Each string is escaped exactly as nlohmann escapes it.
  JsonWriter s;
  s.String(hostile);
  EXPECT_EQ(s.str(), Dump(hostile));
}

TEST(JsonWriterTest, ExtendsAnObjectWrittenElsewhere) {
  JsonWriter w;
  w.ExtendObject(R"({"id":1})").Key("events").BeginArray().Int(2).EndArray().EndObject();
  EXPECT_EQ(w.str(), R"({"id":1,"events":[2]})");
  JsonWriter empty;
  empty.BeginArray().ExtendObject("{}").Key("a").Null().EndObject().EndArray();
  EXPECT_EQ(empty.str(), R"([{"a":null}])");
}

TEST(JsonWriterTest, InvalidUtf8BecomesReplacementCharacters) {
  const std::string bad[] = {"\xff",         "a\xc3",         "\xc0\xaf",
                             "\xe0\x80\x80", "\xed\xa0\x80x", "\xf4\x90\x80\x80",
                             "ok\xe4\xb8"};
  for (const std::string& s : bad) {
    JsonWriter w;
    w.BeginArray().String(s).EndArray();
    nlohmann::json parsed = nlohmann::json::parse(w.str());  // valid JSON, valid UTF-8
    std::string out = parsed[0].get<std::string>();
    EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos) << w.str();
    EXPECT_EQ(out.find('\xff'), std::string::npos);
  }
  JsonWriter good;
  good.String("中文 ÿ 𠀀");
  EXPECT_EQ(good.str(), "\"中文 ÿ 𠀀\"");
}

TEST(JsonWriterTest, DumpJsonIsNlohmannsDump) {
  const nlohmann::json values[] = {
      nullptr,
      true,
      -0,
      INT64_MIN,
      UINT64_MAX,
      0.1,
      -1e300,
      1.0,
      std::nan(""),
      "",
      "引号\" \\ \n \x01 \x7f 😀",
      nlohmann::json::array(),
      nlohmann::json::object(),
      {{"content", "市民反映：小区门口\n积水"},
       {"votes", 3},
       {"b", {1, 2.5, nullptr, {{"z", false}}}}},
      {{"中", 1}, {"a", {{"", "x"}}}, {"A", nlohmann::json::array()}},
  };
  for (const nlohmann::json& v : values) EXPECT_EQ(DumpJson(v), Dump(v)) << Dump(v);
  // Invalid UTF-8 (which dump() without `replace` refuses) becomes U+FFFD: one for each byte
  // that starts no well-formed sequence, where nlohmann may write one for a cut-off sequence.
  nlohmann::json bad = {"\xff\xfe", {{"bad\xc3", "ok\xe4\xb8"}}};
  EXPECT_EQ(DumpJson(bad), "[\"\xEF\xBF\xBD\xEF\xBF\xBD\",{\"bad\xEF\xBF\xBD\":\"ok\xEF\xBF\xBD\xEF\xBF\xBD\"}]");
}

}  // namespace
}  // namespace zb
