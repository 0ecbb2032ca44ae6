// Tests of GET /api/calendar: the real server on an ephemeral port, the real holiday data.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "api/api_fixture.h"
#include "http/test_client.h"

namespace zb::api {
namespace {

using http::TestClient;
using nlohmann::json;

class CalendarApiTest : public test_support::ApiFixture {
 protected:
  // The year's days by date, after checking the list is complete and in order.
  static std::map<std::string, json> DaysByDate(const json& body, size_t expected_days) {
    std::map<std::string, json> out;
    EXPECT_EQ(body["days"].size(), expected_days);
    std::string previous;
    for (const auto& d : body["days"]) {
      std::string date = d["date"];
      EXPECT_LT(previous, date);
      previous = date;
      out[date] = d;
    }
    return out;
  }
};

TEST_F(CalendarApiTest, ListsTheYearsHolidaysAndAdjustedWorkingDays) {
  Browser housing = SignIn("housing");  // any signed-in user may read the calendar
  auto r = Get(housing, "/api/calendar?year=2026");
  ASSERT_EQ(r.status, 200) << r.body;
  json body = r.Json();
  EXPECT_EQ(body["year"], 2026);
  EXPECT_TRUE(body["has_data"]);
  auto days = DaysByDate(body, 365);
  EXPECT_EQ(days.begin()->first, "2026-01-01");
  EXPECT_EQ(days.rbegin()->first, "2026-12-31");

  EXPECT_EQ(days["2026-01-01"]["type"], "holiday");  // 元旦, a Thursday
  EXPECT_EQ(days["2026-01-01"]["name"], "元旦");
  EXPECT_FALSE(days["2026-01-01"]["working"]);
  EXPECT_EQ(days["2026-01-04"]["type"], "adjusted_working_day");  // a Sunday worked (调休)
  EXPECT_TRUE(days["2026-01-04"]["working"]);
  EXPECT_EQ(days["2026-02-21"]["type"], "holiday");  // a Saturday inside 春节
  EXPECT_EQ(days["2026-02-21"]["name"], "春节");
  EXPECT_EQ(days["2026-03-07"]["type"], "weekend");
  EXPECT_EQ(days["2026-03-07"].count("name"), 0u);
  EXPECT_EQ(days["2026-03-09"]["type"], "working_day");
  EXPECT_EQ(days["2026-10-10"]["type"], "adjusted_working_day");  // Saturday after 国庆

  // The same calendar the time limits use, day by day.
  const auto& cal = office_.deadlines->calendar();
  int working = 0;
  for (const auto& [date, d] : days) {
    bool expected = cal.IsWorkingDay(*ParseDate(date));
    EXPECT_EQ(d["working"].get<bool>(), expected) << date;
    working += expected ? 1 : 0;
  }
  EXPECT_EQ(body["working_days"], working);
  EXPECT_GT(working, 240);
  EXPECT_LT(working, 260);
}

TEST_F(CalendarApiTest, DefaultsToTheCurrentChinaYear) {
  office_.clock.Set(*ParseInstant("2026-12-31 23:30"));  // China time: still 2026 (UTC 15:30)
  Browser clerk = SignIn("clerk");
  EXPECT_EQ(Get(clerk, "/api/calendar").Json()["year"], 2026);
  office_.clock.Advance(std::chrono::hours(1));  // 00:30 in China: 2027, though UTC is in 2026
  EXPECT_EQ(Get(clerk, "/api/calendar").Json()["year"], 2027);
}

TEST_F(CalendarApiTest, AYearWithoutHolidayDataHasOnlyWeekendsOff) {
  Browser clerk = SignIn("clerk");
  auto r = Get(clerk, "/api/calendar?year=2040");
  ASSERT_EQ(r.status, 200) << r.body;
  json body = r.Json();
  EXPECT_FALSE(body["has_data"]);
  auto days = DaysByDate(body, 366);  // a leap year
  for (const auto& [date, d] : days) {
    EXPECT_TRUE(d["type"] == "working_day" || d["type"] == "weekend") << date;
  }
  EXPECT_EQ(body["working_days"], 261);  // 2040: 52 weeks + 2 weekdays (Sun 1 Jan .. Mon 31 Dec)
  bool lists_2026 = false;
  for (const auto& y : body["data_years"]) lists_2026 = lists_2026 || y == 2026;
  EXPECT_TRUE(lists_2026);
}

TEST_F(CalendarApiTest, RefusesMalformedYearsAndAnonymousReaders) {
  Browser clerk = SignIn("clerk");
  for (const char* bad : {"abc", "", "2026x", "-1", "1800", "2200", "20260", "99999999999999999999",
                          "2026%00", "%E5%B9%B4"}) {
    auto r = Get(clerk, std::string("/api/calendar?year=") + bad);
    EXPECT_EQ(r.status, 400) << bad;
    json e = r.Json()["error"];
    EXPECT_EQ(e["code"], "invalid_argument") << bad;
    EXPECT_NE(e["message"].get<std::string>().find("年份"), std::string::npos) << bad;
    EXPECT_FALSE(e["message_en"].get<std::string>().empty()) << bad;
  }
  TestClient anon(server_->port());
  EXPECT_EQ(anon.Get("/api/calendar?year=2026").status, 401);
}

}  // namespace
}  // namespace zb::api
