#include "api/calendar_api.h"

#include <charconv>
#include <map>

#include "api/handler_support.h"
#include "cases/calendar_deadlines.h"

namespace zb::api {

namespace {

using http::Request;
using http::Response;

constexpr int kFirstYear = 1901;
constexpr int kLastYear = 2199;

// The `year` query parameter, or the current China year when absent.
Result<int> YearParam(const Request& r, Instant now) {
  auto text = r.Query("year");
  if (!text) return static_cast<int>(ChinaDate(now).year());
  int year = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, year);
  if (text->empty() || text->size() > 4 || ec != std::errc() || ptr != end || year < kFirstYear ||
      year > kLastYear) {
    return Invalid("年份应为 " + std::to_string(kFirstYear) + " 至 " + std::to_string(kLastYear) +
                       " 之间的数字",
                   "year must be a number from " + std::to_string(kFirstYear) + " to " +
                       std::to_string(kLastYear));
  }
  return year;
}

// What a day is. A weekend day that works is a 调休 working day; a weekday off is a holiday, and so
// is a weekend day that the holiday data names (the weekend inside a holiday).
std::string DayType(bool working, bool weekend, const calendar::SpecialDay* special) {
  if (working) return weekend ? "adjusted_working_day" : "working_day";
  if (!weekend || special) return "holiday";
  return "weekend";
}

nlohmann::json YearJson(const calendar::WorkingCalendar& cal, int year) {
  std::map<Date, calendar::SpecialDay> special;
  for (auto& d : cal.SpecialDays(year)) special.emplace(d.date, d);
  nlohmann::json days = nlohmann::json::array();
  int working_days = 0;
  using std::chrono::sys_days;
  sys_days first = Date{std::chrono::year{year}, std::chrono::January, std::chrono::day{1}};
  sys_days last = Date{std::chrono::year{year}, std::chrono::December, std::chrono::day{31}};
  for (sys_days d = first; d <= last; d += std::chrono::days{1}) {
    Date date{d};
    std::chrono::weekday wd{d};
    bool weekend = wd == std::chrono::Saturday || wd == std::chrono::Sunday;
    bool working = cal.IsWorkingDay(date);
    auto it = special.find(date);
    const calendar::SpecialDay* s = it == special.end() ? nullptr : &it->second;
    nlohmann::json day = {
        {"date", FormatDate(date)}, {"working", working}, {"type", DayType(working, weekend, s)}};
    if (s && !s->name.empty()) day["name"] = s->name;
    if (s && s->local) day["local"] = true;
    days.push_back(std::move(day));
    if (working) ++working_days;
  }
  nlohmann::json years = nlohmann::json::array();
  for (int y : cal.years()) years.push_back(y);
  return {{"year", year},
          {"has_data", cal.HasDataFor(year)},
          {"data_years", years},
          {"working_hours", cal.hours().ToString()},
          {"working_days", working_days},
          {"days", days}};
}

}  // namespace

void RegisterCalendarRoutes(http::Router& router, ApiContext& ctx) {
  router.Get("/api/calendar", [&ctx](Request& r) {
    auto year = YearParam(r, ctx.clock.Now());
    if (!year.ok()) return Response::Error(year.status());
    // The engine's deadlines are evaluated on this calendar (app_context.cpp, test_office.cpp).
    const auto* deadlines = dynamic_cast<const cases::CalendarDeadlines*>(&ctx.engine.deadlines());
    if (!deadlines) {
      return Response::Error(
          Unavailable("本系统未配置工作日历", "no working calendar is configured"));
    }
    return Response::Json(200, YearJson(deadlines->calendar(), *year));
  });
}

}  // namespace zb::api
