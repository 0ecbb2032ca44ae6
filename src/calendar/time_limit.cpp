#include "calendar/time_limit.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <optional>

namespace zb::calendar {

namespace {

using Unit = TimeLimit::Unit;

// Lower-cases ASCII, maps full-width digits, hyphen, slash and space to ASCII, trims and collapses
// runs of spaces into one.
std::string Normalize(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  auto push = [&out](char c) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
      return;
    }
    out += c;
  };
  for (size_t i = 0; i < in.size(); ++i) {
    unsigned char c = in[i];
    if (c == 0xEF && i + 2 < in.size() && (unsigned char)in[i + 1] == 0xBC) {
      unsigned char c3 = in[i + 2];
      if (c3 >= 0x90 && c3 <= 0x99) {  // ０–９
        push(char('0' + (c3 - 0x90)));
        i += 2;
        continue;
      }
      if (c3 == 0x8D || c3 == 0x8F) {  // －, ／
        push(c3 == 0x8D ? '-' : '/');
        i += 2;
        continue;
      }
    }
    if (c == 0xE3 && i + 2 < in.size() && (unsigned char)in[i + 1] == 0x80 &&
        (unsigned char)in[i + 2] == 0x80) {  // ideographic space
      push(' ');
      i += 2;
      continue;
    }
    push(c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : char(c));
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool ConsumePrefix(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

bool ConsumeSuffix(std::string_view& s, std::string_view suffix) {
  if (s.size() < suffix.size() || s.substr(s.size() - suffix.size()) != suffix) return false;
  s.remove_suffix(suffix.size());
  return true;
}

// Reads a non-negative number written in ASCII digits or Chinese numerals (up to the hundreds) at
// the front of `s`, consuming it.
std::optional<int> ConsumeNumber(std::string_view& s) {
  if (!s.empty() && s[0] >= '0' && s[0] <= '9') {
    long value = 0;
    size_t i = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      value = value * 10 + (s[i] - '0');
      if (value > 1000000) return std::nullopt;
      ++i;
    }
    s.remove_prefix(i);
    return int(value);
  }
  static constexpr std::array<std::pair<std::string_view, int>, 14> kNumerals{{
      {"零", 0},
      {"〇", 0},
      {"一", 1},
      {"二", 2},
      {"两", 2},
      {"三", 3},
      {"四", 4},
      {"五", 5},
      {"六", 6},
      {"七", 7},
      {"八", 8},
      {"九", 9},
      {"十", 10},
      {"百", 100},
  }};
  int total = 0;
  int current = 0;
  bool any = false;
  while (true) {
    bool matched = false;
    for (const auto& [text, value] : kNumerals) {
      if (!ConsumePrefix(s, text)) continue;
      matched = any = true;
      if (value >= 10) {
        total += (current == 0 ? 1 : current) * value;
        current = 0;
      } else {
        current = value;
      }
      break;
    }
    if (!matched) break;
  }
  if (!any) return std::nullopt;
  return total + current;
}

// "MM-DD", "M-D", "MM/DD" (the whole of `s`).
std::optional<std::pair<int, int>> ParseMonthDay(std::string_view s) {
  auto m = ConsumeNumber(s);
  if (!m || s.empty() || (s[0] != '-' && s[0] != '/')) return std::nullopt;
  s.remove_prefix(1);
  auto d = ConsumeNumber(s);
  if (!d || !s.empty()) return std::nullopt;
  return std::pair{*m, *d};
}

struct UnitWord {
  std::string_view word;
  Unit unit;
};

constexpr std::array<UnitWord, 12> kEnglishUnits{{
    {"working days", Unit::kWorkingDays},
    {"working day", Unit::kWorkingDays},
    {"workdays", Unit::kWorkingDays},
    {"workday", Unit::kWorkingDays},
    {"working hours", Unit::kWorkingHours},
    {"working hour", Unit::kWorkingHours},
    {"calendar days", Unit::kCalendarDays},
    {"calendar day", Unit::kCalendarDays},
    {"days", Unit::kCalendarDays},
    {"day", Unit::kCalendarDays},
    {"months", Unit::kMonths},
    {"month", Unit::kMonths},
}};

constexpr std::array<UnitWord, 10> kChineseUnits{{
    {"个工作日", Unit::kWorkingDays},
    {"工作日", Unit::kWorkingDays},
    {"个工作小时", Unit::kWorkingHours},
    {"工作小时", Unit::kWorkingHours},
    {"个自然日", Unit::kCalendarDays},
    {"自然日", Unit::kCalendarDays},
    {"天", Unit::kCalendarDays},
    {"日", Unit::kCalendarDays},
    {"个月", Unit::kMonths},
    {"个日历月", Unit::kMonths},
}};

int MaxCount(Unit unit) {
  switch (unit) {
    case Unit::kCalendarDays:
      return 3650;
    case Unit::kWorkingDays:
      return 2000;
    case Unit::kWorkingHours:
      return 10000;
    case Unit::kMonths:
      return 120;
    default:
      return 0;
  }
}

bool ValidMonthDay(int m, int d) {
  using namespace std::chrono;
  return m >= 1 && m <= 12 && d >= 1 &&
         year_month_day{year{2000}, month{unsigned(m)}, day{unsigned(d)}}.ok();
}

}  // namespace

TimeLimit TimeLimit::FixedDate(unsigned month, unsigned day) {
  TimeLimit t(Unit::kFixedDate, 0);
  t.month_ = month;
  t.day_ = day;
  return t;
}

Result<TimeLimit> TimeLimit::Parse(std::string_view expression) {
  std::string normalized = Normalize(expression);
  std::string_view s = normalized;
  std::string quoted(expression);
  auto unknown = [&] {
    return Invalid("无法识别的时限表达式“" + quoted +
                       "”；可用：N天、N个工作日、N个工作小时、当日、连夜、N个月、M月D日前",
                   "unknown time-limit expression '" + quoted +
                       "'; use N days, N working days, N working hours, same working day, "
                       "overnight, N months or by MM-DD");
  };
  auto counted = [&](Unit unit, int n) -> Result<TimeLimit> {
    if (n < 1 || n > MaxCount(unit)) {
      std::string max = std::to_string(MaxCount(unit));
      return Invalid("时限表达式“" + quoted + "”中的数量应在 1 到 " + max + " 之间",
                     "the count in time-limit expression '" + quoted + "' must be 1 to " + max);
    }
    return TimeLimit(unit, n);
  };
  auto fixed = [&](int m, int d) -> Result<TimeLimit> {
    if (!ValidMonthDay(m, d)) {
      return Invalid("时限表达式“" + quoted + "”中的日期无效",
                     "time-limit expression '" + quoted + "' names an invalid date");
    }
    return FixedDate(unsigned(m), unsigned(d));
  };
  if (s.empty()) return unknown();

  // English.
  ConsumePrefix(s, "within ");
  if (s == "same working day" || s == "same day") return SameWorkingDay();
  if (s == "overnight") return Overnight();
  if (ConsumePrefix(s, "by ")) {
    auto md = ParseMonthDay(s);
    if (!md) return unknown();
    return fixed(md->first, md->second);
  }
  {
    std::string_view rest = s;
    if (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') {
      auto n = ConsumeNumber(rest);
      if (!n) return unknown();
      std::string_view word = rest;
      ConsumePrefix(word, " ");
      for (const UnitWord& u : kEnglishUnits) {
        if (word == u.word) return counted(u.unit, *n);
      }
    }
  }

  // Chinese: spaces carry no meaning.
  std::string compact;
  for (char c : s) {
    if (c != ' ') compact += c;
  }
  std::string_view z = compact;
  if (!ConsumeSuffix(z, "以内") && !ConsumeSuffix(z, "之内")) ConsumeSuffix(z, "内");
  if (z == "当日" || z == "当天") return SameWorkingDay();
  if (z == "连夜") return Overnight();
  bool before = ConsumeSuffix(z, "前");
  if (before) {
    if (auto md = ParseMonthDay(z)) return fixed(md->first, md->second);
  }
  {
    std::string_view rest = z;
    auto m = ConsumeNumber(rest);
    if (m && ConsumePrefix(rest, "月")) {
      auto d = ConsumeNumber(rest);
      if (d && (rest == "日" || rest == "号")) return fixed(*m, *d);
      return unknown();
    }
  }
  if (before) return unknown();
  auto n = ConsumeNumber(z);
  if (!n) return unknown();
  for (const UnitWord& u : kChineseUnits) {
    if (z == u.word) return counted(u.unit, *n);
  }
  return unknown();
}

std::string TimeLimit::ToString() const {
  auto plural = [this](const char* one, const char* many) {
    return std::to_string(count_) + " " + (count_ == 1 ? one : many);
  };
  switch (unit_) {
    case Unit::kCalendarDays:
      return plural("day", "days");
    case Unit::kWorkingDays:
      return plural("working day", "working days");
    case Unit::kWorkingHours:
      return plural("working hour", "working hours");
    case Unit::kSameWorkingDay:
      return "same working day";
    case Unit::kOvernight:
      return "overnight";
    case Unit::kMonths:
      return plural("month", "months");
    case Unit::kFixedDate: {
      char buf[16];
      std::snprintf(buf, sizeof buf, "by %02u-%02u", month_, day_);
      return buf;
    }
  }
  return "";
}

std::string TimeLimit::ToChinese() const {
  std::string n = std::to_string(count_);
  switch (unit_) {
    case Unit::kCalendarDays:
      return n + "天";
    case Unit::kWorkingDays:
      return n + "个工作日";
    case Unit::kWorkingHours:
      return n + "个工作小时";
    case Unit::kSameWorkingDay:
      return "当日";
    case Unit::kOvernight:
      return "连夜";
    case Unit::kMonths:
      return n + "个月";
    case Unit::kFixedDate:
      return std::to_string(month_) + "月" + std::to_string(day_) + "日前";
  }
  return "";
}

TimeLimit::Basis TimeLimit::basis() const {
  switch (unit_) {
    case Unit::kWorkingDays:
    case Unit::kWorkingHours:
    case Unit::kSameWorkingDay:
      return Basis::kWorkingTime;
    default:
      return Basis::kCalendarTime;
  }
}

}  // namespace zb::calendar
