#include "calendar/working_calendar.h"

#include <algorithm>

namespace zb::calendar {

using namespace std::chrono;

namespace {

constexpr int kFirstTableYear = 2000;
constexpr int kLastTableYear = 2070;
constexpr int64_t kSecondsPerDay = 86400;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}
int64_t FloorMod(int64_t a, int64_t b) {
  return a - FloorDiv(a, b) * b;
}

// Day number -3 (1969-12-29) is a Monday. Weekdays (Mon–Fri) in [that Monday, day).
int64_t WeekdaysBefore(int64_t day) {
  int64_t d = day + 3;
  return FloorDiv(d, 7) * 5 + std::min<int64_t>(FloorMod(d, 7), 5);
}
// The weekday that has `count` weekdays before it (the inverse of WeekdaysBefore on weekdays).
int64_t WeekdayAtCount(int64_t count) {
  return FloorDiv(count, 5) * 7 + FloorMod(count, 5) - 3;
}

int64_t DayNumberOf(int y, unsigned m, unsigned d) {
  return sys_days(year{y} / month{m} / day{d}).time_since_epoch().count();
}

Date DateOf(int64_t day) {
  return Date{sys_days{days{day}}};
}

Status CheckLocalDate(Date date) {
  if (!date.ok() || int(date.year()) < 1900 || int(date.year()) > 2200) {
    return Invalid("本地调整日期 " + FormatDate(date) + " 不在 1900–2200 年之间",
                   "local day " + FormatDate(date) + " is outside the years 1900-2200");
  }
  return Status::Ok();
}

}  // namespace

bool WorkingCalendar::IsWeekday(int64_t day) {
  return FloorMod(day + 3, 7) < 5;
}

WorkingCalendar::WorkingCalendar() {
  Rebuild();
}

Result<WorkingCalendar> WorkingCalendar::LoadDirectory(const std::filesystem::path& dir,
                                                       WorkingHours hours) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return NotFound("节假日目录不存在：" + dir.string(), "no such holiday folder: " + dir.string());
  }
  std::vector<std::filesystem::path> year_files;
  std::filesystem::path local_file;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    const auto& path = entry.path();
    std::string stem = path.stem().string();
    if (path.extension() != ".json") continue;
    if (stem == "local") {
      local_file = path;
    } else if (stem.size() == 4 && std::all_of(stem.begin(), stem.end(), ::isdigit)) {
      year_files.push_back(path);
    }
  }
  if (ec) {
    return Internal("无法读取节假日目录 " + dir.string() + "：" + ec.message(),
                    "cannot read holiday folder " + dir.string() + ": " + ec.message());
  }
  if (year_files.empty()) {
    return NotFound("节假日目录 " + dir.string() + " 中没有 YYYY.json 文件",
                    "holiday folder " + dir.string() + " has no YYYY.json file");
  }
  std::sort(year_files.begin(), year_files.end());
  WorkingCalendar calendar;
  calendar.hours_ = std::move(hours);
  for (const auto& path : year_files) {
    ZB_ASSIGN_OR_RETURN(HolidayYear year, ReadHolidayYearFile(path));
    std::string name = path.filename().string();
    ZB_RETURN_IF_ERROR(
        calendar.Merge(year).WithContext("节假日文件 " + name, "holiday file " + name));
  }
  if (!local_file.empty()) {
    std::string text;
    ZB_RETURN_IF_ERROR(ReadTextFile(local_file, text));
    ZB_ASSIGN_OR_RETURN(auto overrides, ParseLocalOverrides(text, local_file.filename().string()));
    for (HolidayEntry& e : overrides) {
      ZB_RETURN_IF_ERROR(CheckLocalDate(e.date).WithContext(local_file.filename().string(),
                                                            local_file.filename().string()));
      calendar.local_[DayNumber(e.date)] = Override{!e.off, std::move(e.name)};
    }
  }
  calendar.Rebuild();
  return calendar;
}

Status WorkingCalendar::Merge(const HolidayYear& year) {
  std::string y = std::to_string(year.year);
  if (years_.count(year.year)) {
    return Conflict(y + " 年的节假日数据已加载", "holiday data for " + y + " is already loaded");
  }
  for (const HolidayEntry& e : year.entries) {
    auto it = official_.find(DayNumber(e.date));
    if (it != official_.end()) {
      std::string d = FormatDate(e.date);
      std::string other = std::to_string(it->second.file_year);
      return Conflict("日期 " + d + " 同时出现在 " + y + " 年和 " + other + " 年的数据中",
                      "date " + d + " is listed by both " + y + " and " + other);
    }
  }
  years_.insert(year.year);
  for (const HolidayEntry& e : year.entries) official_[DayNumber(e.date)] = Official{e, year.year};
  return Status::Ok();
}

Status WorkingCalendar::AddYear(const HolidayYear& year) {
  ZB_RETURN_IF_ERROR(Merge(year));
  Rebuild();
  return Status::Ok();
}

void WorkingCalendar::RemoveYear(int year) {
  if (!years_.erase(year)) return;
  std::erase_if(official_, [year](const auto& item) { return item.second.file_year == year; });
  Rebuild();
}

Status WorkingCalendar::SetLocalDay(Date date, bool working, std::string name) {
  ZB_RETURN_IF_ERROR(CheckLocalDate(date));
  local_[DayNumber(date)] = Override{working, std::move(name)};
  Rebuild();
  return Status::Ok();
}

void WorkingCalendar::SetWorkingHours(WorkingHours hours) {
  hours_ = std::move(hours);
}

void WorkingCalendar::Rebuild() {
  int first_year = kFirstTableYear;
  int last_year = kLastTableYear;
  if (!official_.empty()) {
    first_year = std::min(first_year, int(DateOf(official_.begin()->first).year()));
    last_year = std::max(last_year, int(DateOf(official_.rbegin()->first).year()));
  }
  if (!local_.empty()) {
    first_year = std::min(first_year, int(DateOf(local_.begin()->first).year()));
    last_year = std::max(last_year, int(DateOf(local_.rbegin()->first).year()));
  }
  first_day_ = DayNumberOf(first_year, 1, 1);
  int64_t end_day = DayNumberOf(last_year + 1, 1, 1);
  size_t n = size_t(end_day - first_day_);
  working_.assign(n, 0);
  for (size_t i = 0; i < n; ++i) working_[i] = IsWeekday(first_day_ + int64_t(i)) ? 1 : 0;
  for (const auto& [day, o] : official_) working_[day - first_day_] = o.entry.off ? 0 : 1;
  for (const auto& [day, o] : local_) working_[day - first_day_] = o.working ? 1 : 0;
  rank_.assign(n + 1, 0);
  working_days_.clear();
  for (size_t i = 0; i < n; ++i) {
    rank_[i + 1] = rank_[i] + working_[i];
    if (working_[i]) working_days_.push_back(int32_t(i));
  }
}

int64_t WorkingCalendar::RankOf(int64_t day) const {
  int64_t n = int64_t(working_.size());
  int64_t i = day - first_day_;
  if (i < 0) return WeekdaysBefore(day) - WeekdaysBefore(first_day_);
  if (i <= n) return rank_[i];
  return rank_[n] + WeekdaysBefore(day) - WeekdaysBefore(first_day_ + n);
}

int64_t WorkingCalendar::DayOfRank(int64_t rank) const {
  int64_t total = int64_t(working_days_.size());
  if (rank < 0) return WeekdayAtCount(WeekdaysBefore(first_day_) + rank);
  if (rank < total) return first_day_ + working_days_[rank];
  int64_t end = first_day_ + int64_t(working_.size());
  return WeekdayAtCount(WeekdaysBefore(end) + (rank - total));
}

Instant WorkingCalendar::MidnightOf(int64_t day) const {
  return Instant{seconds{day * kSecondsPerDay}} - kChinaOffset;
}

std::vector<SpecialDay> WorkingCalendar::SpecialDays(int y) const {
  int64_t from = DayNumberOf(y, 1, 1);
  int64_t to = DayNumberOf(y + 1, 1, 1);
  std::vector<SpecialDay> out;
  for (auto it = official_.lower_bound(from); it != official_.end() && it->first < to; ++it) {
    if (local_.count(it->first)) continue;
    const HolidayEntry& e = it->second.entry;
    out.push_back({e.date, e.name, !e.off, false});
  }
  for (auto it = local_.lower_bound(from); it != local_.end() && it->first < to; ++it) {
    out.push_back({DateOf(it->first), it->second.name, it->second.working, true});
  }
  std::sort(out.begin(), out.end(),
            [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; });
  return out;
}

Date WorkingCalendar::FirstWorkingDayFrom(Date date) const {
  return DateOf(DayOfRank(RankOf(DayNumber(date))));
}

Date WorkingCalendar::NthWorkingDayAfter(Date date, int n) const {
  return DateOf(DayOfRank(RankOf(DayNumber(date) + 1) + n - 1));
}

Instant WorkingCalendar::StartOfWorkingHours(Date date) const {
  return MidnightOf(DayNumber(date)) + hours_.day_start();
}

Instant WorkingCalendar::EndOfWorkingHours(Date date) const {
  return MidnightOf(DayNumber(date)) + hours_.day_end();
}

seconds WorkingCalendar::WorkingClock(Instant t) const {
  int64_t local = (t.time_since_epoch() + kChinaOffset).count();
  int64_t day = FloorDiv(local, kSecondsPerDay);
  seconds clock{RankOf(day) * hours_.per_day().count()};
  if (IsWorkingDayNumber(day)) clock += hours_.WorkedBy(seconds{local - day * kSecondsPerDay});
  return clock;
}

Instant WorkingCalendar::EarliestAtWorkingClock(seconds clock) const {
  int64_t per_day = hours_.per_day().count();
  int64_t rank = FloorDiv(clock.count() - 1, per_day);
  seconds worked{clock.count() - rank * per_day};  // in (0, per_day]
  return MidnightOf(DayOfRank(rank)) + hours_.EarliestWhenWorked(worked);
}

Instant WorkingCalendar::LatestAtWorkingClock(seconds clock) const {
  int64_t per_day = hours_.per_day().count();
  int64_t rank = FloorDiv(clock.count(), per_day);
  seconds worked{clock.count() - rank * per_day};  // in [0, per_day)
  return MidnightOf(DayOfRank(rank)) + hours_.LatestWhenWorked(worked);
}

}  // namespace zb::calendar
