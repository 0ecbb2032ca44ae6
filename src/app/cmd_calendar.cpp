// `zhengban calendar ...`: check the working-day calendar and time-limit rules from the shell.
//
//   calendar is-working-day YYYY-MM-DD        prints "working" or "off"
//   calendar add "YYYY-MM-DD HH:MM" EXPR      prints the due instant "YYYY-MM-DD HH:MM" (China)
//   calendar import FILE.json                 validates a year's holiday file and installs it as
//                                             YYYY.json (replacing that year); nothing is written
//                                             when the file is refused
//   calendar show YEAR                        lists the year's days off and adjusted working days
// Each takes --calendar DIR (default: <data>/holidays-cn). Bad input exits with code 2.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "app/command.h"
#include "base/status.h"
#include "base/time.h"
#include "calendar/due.h"
#include "calendar/holiday_file.h"
#include "calendar/time_limit.h"
#include "calendar/working_calendar.h"
#include "calendar/working_hours.h"

namespace zb::app {
namespace {

namespace fs = std::filesystem;
using calendar::WorkingCalendar;

constexpr int kBadInput = 2;

struct CalendarOptions {
  std::string dir;    // empty: <data>/holidays-cn
  std::string hours;  // empty: the default working hours
  std::string date;
  std::string start;
  std::string expression;
  std::string file;
  int year = 0;
};

std::string CalendarDir(const CalendarOptions& o, const GlobalOptions& g) {
  return o.dir.empty() ? g.data_dir + "/holidays-cn" : o.dir;
}

WorkingCalendar LoadCalendar(const CalendarOptions& o, const GlobalOptions& g) {
  calendar::WorkingHours hours;
  if (!o.hours.empty()) {
    auto parsed = calendar::WorkingHours::Parse(o.hours);
    if (!parsed.ok()) Fail(parsed.status().ToString(), kBadInput);
    hours = *parsed;
  }
  auto loaded = WorkingCalendar::LoadDirectory(CalendarDir(o, g), hours);
  if (!loaded.ok()) Fail(loaded.status().ToString(), 1);
  return std::move(loaded).value();
}

void WarnIfNoData(const WorkingCalendar& cal, int year) {
  if (!cal.HasDataFor(year)) {
    std::cerr << "警告：没有 " << year
              << " 年的节假日数据，只按周末计算 (warning: no holiday data for " << year
              << "; only weekends are treated as days off)\n";
  }
}

void AddCalendarOption(CLI::App* cmd, CalendarOptions& o) {
  cmd->add_option("--calendar", o.dir,
                  "folder of YYYY.json holiday files (default: <data>/holidays-cn)");
}

void IsWorkingDay(const CalendarOptions& o, const GlobalOptions& g) {
  auto date = ParseDate(o.date);
  if (!date) {
    Fail("invalid_argument: 日期“" + o.date + "”无效，应为 YYYY-MM-DD (bad date '" + o.date +
             "', expected YYYY-MM-DD)",
         kBadInput);
  }
  WorkingCalendar cal = LoadCalendar(o, g);
  WarnIfNoData(cal, int(date->year()));
  std::cout << (cal.IsWorkingDay(*date) ? "working" : "off") << "\n";
}

void Add(const CalendarOptions& o, const GlobalOptions& g) {
  auto start = ParseInstant(o.start);
  if (!start) {
    Fail("invalid_argument: 时间“" + o.start + "”无效，应为 YYYY-MM-DD HH:MM (bad start '" +
             o.start + "', expected YYYY-MM-DD HH:MM)",
         kBadInput);
  }
  auto limit = calendar::TimeLimit::Parse(o.expression);
  if (!limit.ok()) Fail(limit.status().ToString(), kBadInput);
  WorkingCalendar cal = LoadCalendar(o, g);
  Instant due = calendar::DueAt(cal, *limit, *start);
  int first = int(ChinaDate(*start).year());
  int last = int(ChinaDate(due).year());
  for (int y = first; y <= last; ++y) WarnIfNoData(cal, y);
  std::cout << FormatChinaMinute(due) << "\n";
}

// The other years' files in `dir` must still load beside the new year: no date listed twice.
void CheckFitsFolder(const fs::path& dir, const calendar::HolidayYear& year) {
  WorkingCalendar cal;
  std::error_code ec;
  if (fs::is_directory(dir, ec)) {
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      std::string stem = entry.path().stem().string();
      bool year_file = entry.path().extension() == ".json" && stem.size() == 4 &&
                       std::all_of(stem.begin(), stem.end(), ::isdigit);
      if (!year_file || stem == std::to_string(year.year)) continue;
      auto other = calendar::ReadHolidayYearFile(entry.path());
      if (!other.ok()) Fail(other.status().ToString(), 1);
      if (Status s = cal.AddYear(*other); !s.ok()) Fail(s.ToString(), 1);
    }
  }
  if (Status s = cal.AddYear(year); !s.ok()) Fail(s.ToString(), kBadInput);
}

void Import(const CalendarOptions& o, const GlobalOptions& g) {
  auto year = calendar::ReadHolidayYearFile(o.file);
  if (!year.ok()) Fail(year.status().ToString(), kBadInput);
  fs::path dir = CalendarDir(o, g);
  CheckFitsFolder(dir, *year);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    Fail("internal: 无法创建目录 " + dir.string() + " (cannot create " + dir.string() + ")", 1);
  fs::path target = dir / (std::to_string(year->year) + ".json");
  fs::path temp = dir / ("." + std::to_string(year->year) + ".json.tmp");
  fs::copy_file(o.file, temp, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    Fail("internal: 无法写入 " + target.string() + " (cannot write " + target.string() + ")", 1);
  }
  std::cout << "imported " << year->year << " (" << year->entries.size() << " days) into "
            << target.string() << "\n";
}

void Show(const CalendarOptions& o, const GlobalOptions& g) {
  if (o.year < 1900 || o.year > 2200) {
    Fail("invalid_argument: 年份应在 1900–2200 之间 (year must be 1900-2200)", kBadInput);
  }
  WorkingCalendar cal = LoadCalendar(o, g);
  WarnIfNoData(cal, o.year);
  std::cout << "# " << o.year << " working hours " << cal.hours().ToString()
            << "; weekends are off unless listed as working\n";
  for (const calendar::SpecialDay& d : cal.SpecialDays(o.year)) {
    std::cout << FormatDate(d.date) << "  " << (d.working ? "working" : "off    ") << "  "
              << d.name;
    if (d.local) std::cout << " (local)";
    std::cout << "\n";
  }
}

void Setup(CLI::App& app, GlobalOptions& global) {
  auto options = std::make_shared<CalendarOptions>();
  CLI::App* group = app.add_subcommand("calendar", "working-day calendar and time limits");
  group->require_subcommand(1);

  CLI::App* is_working = group->add_subcommand("is-working-day", "print 'working' or 'off'");
  is_working->add_option("date", options->date, "YYYY-MM-DD")->required();
  AddCalendarOption(is_working, *options);
  is_working->callback([options, &global] { IsWorkingDay(*options, global); });

  CLI::App* add = group->add_subcommand("add", "print when a time limit ends");
  add->add_option("start", options->start, "\"YYYY-MM-DD HH:MM\" (China time)")->required();
  add->add_option("expression", options->expression, "e.g. \"5 working days\", 当日")->required();
  add->add_option("--hours", options->hours, "working hours, e.g. 08:30-12:00,13:30-17:30");
  AddCalendarOption(add, *options);
  add->callback([options, &global] { Add(*options, global); });

  CLI::App* import =
      group->add_subcommand("import", "validate a YYYY.json holiday file and install it");
  import->add_option("file", options->file, "a holiday file")->required();
  AddCalendarOption(import, *options);
  import->callback([options, &global] { Import(*options, global);
});

CLI::App* show = group->add_subcommand("show", "list a year's days off and adjusted working days");
show->add_option("year", options->year, "YYYY")->required();
AddCalendarOption(show, *options);
show->callback([options, &global] { Show(*options, global); });
}  // namespace

const CommandRegistrar kRegistrar(Setup);

}  // namespace zb::app
}  // namespace zb::app
