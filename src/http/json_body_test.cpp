#include "http/json_body.h"

#include <gtest/gtest.h>

#include "http/error.h"
#include "http/response.h"

namespace zb::http {
namespace {

Request JsonRequest(std::string body) {
  Request r;
  r.headers = {{"content-type", "application/json"}};
  r.body = std::move(body);
  return r;
}

TEST(JsonBodyTest, ParsesAndRejectsMalformedInput) {
  auto ok = ParseJsonBody(JsonRequest(R"({"title":"路面积水","n":3})"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)["title"], "路面积水");

  auto bad = ParseJsonBody(JsonRequest(R"({"title": )"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.status().message_en().find("malformed JSON"), std::string::npos);

  EXPECT_FALSE(ParseJsonBody(JsonRequest("")).ok());
  EXPECT_FALSE(ParseJsonBody(JsonRequest(std::string(1000, '[') + std::string(1000, ']'))).ok());
  Request form = JsonRequest("{}");
  form.headers = {{"content-type", "application/x-www-form-urlencoded"}};
  EXPECT_FALSE(ParseJsonBody(form).ok());
  // Brackets inside strings do not count as nesting.
  EXPECT_TRUE(ParseJsonBody(JsonRequest("{\"s\":\"" + std::string(100, '[') + "\\\"\"}")).ok());
}

TEST(JsonFieldsTest, ReadsTypedFields) {
  nlohmann::json body = {{"title", "噪音扰民"}, {"days", 5},       {"urgent", true},
                         {"score", 2.5},        {"note", nullptr}, {"tags", {"a"}}};
  JsonFields f(body);
  EXPECT_EQ(f.String("title"), "噪音扰民");
  EXPECT_EQ(f.Int("days"), 5);
  EXPECT_TRUE(f.Bool("urgent"));
  EXPECT_DOUBLE_EQ(f.Number("score"), 2.5);
  EXPECT_EQ(f.OptString("note"), std::nullopt);  // null is absent
  EXPECT_NE(f.OptArray("tags"), nullptr);
  EXPECT_EQ(f.OptInt("missing"), std::nullopt);
  EXPECT_TRUE(f.Finish().ok());
}

TEST(JsonFieldsTest, NamesTheFieldInErrors) {
  nlohmann::json body = {{"title", 12}};
  JsonFields wrong(body);
  wrong.String("title");
  zb::Status s = wrong.Finish();
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "字段 \"title\" 应为字符串");
  EXPECT_EQ(s.message_en(), "field \"title\" must be a string");
  EXPECT_EQ(wrong.error_field(), "title");

  nlohmann::json extra = {{"title", "x"}, {"titel", "typo"}};
  JsonFields unknown(extra);
  unknown.String("title");
  EXPECT_EQ(unknown.Finish().message_en(), "unknown field \"titel\"");
  JsonFields lenient(extra);
  lenient.String("title");
  EXPECT_TRUE(lenient.Finish(/*reject_unknown=*/false).ok());

  nlohmann::json empty = nlohmann::json::object();
  JsonFields missing(empty);
  missing.Int("days");
  EXPECT_EQ(missing.Finish().message_en(), "missing required field \"days\"");

  nlohmann::json frac = {{"days", 1.5}};
  JsonFields fraction(frac);
  fraction.Int("days");
  EXPECT_EQ(fraction.Finish().message_en(), "field \"days\" must be an integer");

  nlohmann::json array = nlohmann::json::array();
  JsonFields not_object(array);
  EXPECT_FALSE(not_object.Finish().ok());
}

TEST(ErrorTest, OneMappingFromErrorCodeToHttpStatus) {
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kTooManyRequests), 429);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);

  Response r = Response::Error(zb::NotFound("案件不存在", "no such case"), {{"id", "42"}});
  EXPECT_EQ(r.status, 404);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["code"], "not_found");
  EXPECT_EQ(j["error"]["message"], "案件不存在");
  EXPECT_EQ(j["error"]["message_en"], "no such case");
  EXPECT_EQ(j["error"]["details"]["id"], "42");
  EXPECT_TRUE(
      nlohmann::json::parse(Response::Error(zb::Internal("a", "b")).body)["error"]["details"]
          .is_null());
}

TEST(ResponseTest, DownloadNamesUseRfc5987) {
  Response r = Response::Bytes("application/pdf", "%PDF", "督办通知 2026\".pdf");
  EXPECT_EQ(*r.Header("content-disposition"),
            "attachment; filename=\"____ 2026_.pdf\"; "
            "filename*=UTF-8''%E7%9D%A3%E5%8A%9E%E9%80%9A%E7%9F%A5%202026%22.pdf");
  EXPECT_EQ(r.status, 200);
}

}  // namespace
}  // namespace zb::http
