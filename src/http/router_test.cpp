#include "http/router.h"

#include <gtest/gtest.h>

namespace zb::http {
namespace {

Handler Named(std::string name) {
  return [name](Request&) { return Response::Text(200, name); };
}

TEST(RouterTest, MatchesLiteralsAndDecodesParameters) {
  Router r;
  r.Get("/api/cases/{id}", Named("case"));
  r.Get("/api/cases/{id}/events/{seq}", Named("event"));
  RouteMatch m = r.Match("GET", "/api/cases/%E7%83%AD%E7%BA%BF-1");
  ASSERT_EQ(m.kind, RouteMatch::kFound);
  EXPECT_EQ(m.route->pattern, "/api/cases/{id}");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "id");
  EXPECT_EQ(m.params[0].second, "热线-1");
  m = r.Match("GET", "/api/cases/7/events/3");
  ASSERT_EQ(m.kind, RouteMatch::kFound);
  EXPECT_EQ(m.params[1].second, "3");
  EXPECT_EQ(r.Match("GET", "/api/cases/").kind, RouteMatch::kNotFound);  // empty parameter
  EXPECT_EQ(r.Match("GET", "/api/cases").kind, RouteMatch::kNotFound);
  EXPECT_EQ(r.Match("GET", "/api/cases/1/").kind, RouteMatch::kNotFound);
}

TEST(RouterTest, LiteralSegmentsWinOverParameters) {
  Router r;
  r.Get("/api/cases/{id}", Named("case"));
  r.Get("/api/cases/export", Named("export"));
  r.Get("/api/{kind}/export", Named("kind-export"));
  EXPECT_EQ(r.Match("GET", "/api/cases/export").route->pattern, "/api/cases/export");
  EXPECT_EQ(r.Match("GET", "/api/cases/42").route->pattern, "/api/cases/{id}");
  EXPECT_EQ(r.Match("GET", "/api/units/export").route->pattern, "/api/{kind}/export");
}

TEST(RouterTest, WrongMethodListsAllowedMethods) {
  Router r;
  r.Get("/api/cases/{id}", Named("get"));
  r.Patch("/api/cases/{id}", Named("patch"));
  RouteMatch m = r.Match("DELETE", "/api/cases/1");
  EXPECT_EQ(m.kind, RouteMatch::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, PATCH, HEAD");
  m = r.Match("HEAD", "/api/cases/1");  // HEAD falls back to GET
  ASSERT_EQ(m.kind, RouteMatch::kFound);
  EXPECT_EQ(m.route->method, "GET");
}

TEST(RouterTest, ListsRoutesInOrder) {
  Router r;
  r.Post("/api/cases", Named("create"));
  r.AddStream("/api/events", [](Request&) -> zb::Result<std::shared_ptr<Subscription>> {
    return zb::Internal("x", "x");
  });
  auto routes = r.Routes();
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0], (std::pair<std::string, std::string>("POST", "/api/cases")));
  EXPECT_EQ(routes[1], (std::pair<std::string, std::string>("GET", "/api/events")));
}

TEST(RouterDeathTest, RejectsBadPatterns) {
  Router r;
  r.Get("/api/cases/{id}", Named("a"));
  EXPECT_DEATH(r.Get("/api/cases/{other}", Named("b")), "duplicate");
  EXPECT_DEATH(r.Get("api/x", Named("b")), "start with");
  EXPECT_DEATH(r.Get("/api/x{id}", Named("b")), "whole segment");
}

TEST(RequestTest, HeadersQueryAndCookies) {
  Request q;
  q.headers = {{"content-type", "application/json"}, {"cookie", "a=1; zb_session=\"xyz\"; b=2"}};
  q.query = ParseQuery("keyword=%E7%A7%AF%E6%B0%B4+%E8%B7%AF&limit=20&flag&bad=%zz");
  EXPECT_EQ(*q.Header("Content-Type"), "application/json");
  EXPECT_EQ(q.Header("x-missing"), nullptr);
  EXPECT_EQ(q.Query("keyword"), "积水 路");
  EXPECT_EQ(q.Query("limit"), "20");
  EXPECT_EQ(q.Query("flag"), "");
  EXPECT_EQ(q.Query("bad"), "%zz");
  EXPECT_EQ(q.Query("none"), std::nullopt);
  EXPECT_EQ(q.Cookie("zb_session"), "xyz");
  EXPECT_EQ(q.Cookie("b"), "2");
  EXPECT_EQ(q.Cookie("c"), std::nullopt);
  EXPECT_EQ(PercentDecode("%2", false), std::nullopt);
  EXPECT_EQ(PercentDecode("a+b%2Fc", false), "a+b/c");
}

}  // namespace
}  // namespace zb::http
