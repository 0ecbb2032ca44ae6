#include "calendar/working_hours.h"

#include <algorithm>
#include <cstdio>

namespace zb::calendar {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

WorkingHours::WorkingHours()
    : WorkingHours(std::vector<WorkingPeriod>{{hours{8} + minutes{30}, hours{12}},
                                              {hours{13} + minutes{30}, hours{17} + minutes{30}}}) {
}

WorkingHours::WorkingHours(std::vector<WorkingPeriod> periods) : periods_(std::move(periods)) {
  for (const WorkingPeriod& p : periods_) {
    worked_before_.push_back(per_day_);
    per_day_ += p.end - p.start;
  }
}

Result<WorkingHours> WorkingHours::FromPeriods(std::vector<WorkingPeriod> periods) {
  if (periods.empty()) {
    return Invalid("工作时间至少需要一个时段", "working hours need at least one period");
  }
  seconds previous_end{0};
  for (const WorkingPeriod& p : periods) {
    if (p.start < previous_end || p.start >= p.end || p.end > hours{24}) {
      return Invalid("工作时段必须按时间顺序排列、互不重叠且在 00:00–24:00 之内",
                     "working periods must be in order, not overlap and lie within 00:00-24:00");
    }
    previous_end = p.end;
  }
  return WorkingHours(std::move(periods));
}

namespace {

// Parses "HH:MM" (00:00–24:00) at the front of `s`, consuming it.
bool ParseClock(std::string_view& s, seconds& out) {
  if (s.size() < 5 || s[2] != ':') return false;
  for (int i : {0, 1, 3, 4}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int h = (s[0] - '0') * 10 + (s[1] - '0');
  int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return false;
  out = hours{h} + minutes{m};
  s.remove_prefix(5);
  return true;
}

void SkipSpaces(std::string_view& s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
}

bool ConsumeAny(std::string_view& s, std::initializer_list<std::string_view> tokens) {
  for (std::string_view t : tokens) {
    if (s.substr(0, t.size()) == t) {
      s.remove_prefix(t.size());
      return true;
    }
  }
  return false;
}

}  // namespace

Result<WorkingHours> WorkingHours::Parse(std::string_view text) {
  std::vector<WorkingPeriod> periods;
  std::string_view s = text;
  auto bad = [&] {
    return Invalid("无法识别的工作时间“" + std::string(text) + "”，应写作 08:30-12:00,13:30-17:30",
                   "unrecognised working hours '" + std::string(text) +
                       "'; write e.g. 08:30-12:00,13:30-17:30");
  };
  while (true) {
    WorkingPeriod p;
    SkipSpaces(s);
    if (!ParseClock(s, p.start)) return bad();
    SkipSpaces(s);
    if (!ConsumeAny(s, {"-", "~", "\xE2\x80\x93", "\xEF\xBD\x9E", "\xE8\x87\xB3"})) return bad();
    SkipSpaces(s);
    if (!ParseClock(s, p.end)) return bad();
    periods.push_back(p);
    SkipSpaces(s);
    if (s.empty()) break;
    if (!ConsumeAny(s, {",", ";", "\xEF\xBC\x8C", "\xEF\xBC\x9B"})) return bad();
  }
  return FromPeriods(std::move(periods));
}

std::string WorkingHours::ToString() const {
  std::string out;
  for (const WorkingPeriod& p : periods_) {
    char buf[16];
    auto s = std::chrono::duration_cast<minutes>(p.start).count();
    auto e = std::chrono::duration_cast<minutes>(p.end).count();
    std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", int(s / 60), int(s % 60), int(e / 60),
                  int(e % 60));
    if (!out.empty()) out += ',';
    out += buf;
  }
  return out;
}

seconds WorkingHours::WorkedBy(seconds time_of_day) const {
  seconds worked{0};
  for (const WorkingPeriod& p : periods_) {
    if (time_of_day <= p.start) break;
    worked += std::min(time_of_day, p.end) - p.start;
  }
  return worked;
}

seconds WorkingHours::EarliestWhenWorked(seconds worked) const {
  for (size_t i = 0; i < periods_.size(); ++i) {
    const WorkingPeriod& p = periods_[i];
    if (worked <= worked_before_[i] + (p.end - p.start))
      return p.start + (worked - worked_before_[i]);
  }
  return periods_.back().end;
}

seconds WorkingHours::LatestWhenWorked(seconds worked) const {
  for (size_t i = 0; i < periods_.size(); ++i) {
    const WorkingPeriod& p = periods_[i];
    if (worked < worked_before_[i] + (p.end - p.start))
      return p.start + (worked - worked_before_[i]);
  }
  return periods_.back().end;
}

}  // namespace zb::calendar
