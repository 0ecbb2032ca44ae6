#include "base/time.h"

#include <charconv>
#include <cstdio>

namespace zb {

using namespace std::chrono;

Date ChinaDate(Instant t) {
  return Date{floor<days>(ToChinaLocal(t))};
}

Instant ChinaMidnight(Date d) {
  return FromChinaLocal(LocalTime{local_days{d}.time_since_epoch()});
}

std::string FormatChinaMinute(Instant t) {
  LocalTime lt = ToChinaLocal(t);
  auto day = floor<days>(lt);
  Date d{day};
  hh_mm_ss hms{lt - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d", int(d.year()), unsigned(d.month()),
                unsigned(d.day()), int(hms.hours().count()), int(hms.minutes().count()));
  return buf;
}

std::string FormatIso(Instant t) {
  LocalTime lt = ToChinaLocal(t);
  auto day = floor<days>(lt);
  Date d{day};
  hh_mm_ss hms{lt - day};
  int year = int(d.year());
  if (year < 0 || year > 9999) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+08:00", year, unsigned(d.month()),
                  unsigned(d.day()), int(hms.hours().count()), int(hms.minutes().count()),
                  int(hms.seconds().count()));
    return buf;
  }
  // Written digit by digit: every case and event shown formats several of these.
  std::string out = "0000-00-00T00:00:00+08:00";
  auto put = [&out](size_t at, unsigned v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10) out[at + i] = char('0' + v % 10);
  };
  put(0, unsigned(year), 4);
  put(5, unsigned(d.month()), 2);
  put(8, unsigned(d.day()), 2);
  put(11, unsigned(hms.hours().count()), 2);
  put(14, unsigned(hms.minutes().count()), 2);
  put(17, unsigned(hms.seconds().count()), 2);
  return out;
}

std::string FormatDate(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                unsigned(d.day()));
  return buf;
}

namespace {

bool ReadInt(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  auto r = std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return r.ec == std::errc();
}

}  // namespace

std::optional<Date> ParseDate(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!ReadInt(s, 0, 4, y) || !ReadInt(s, 5, 2, m) || !ReadInt(s, 8, 2, d)) return std::nullopt;
  Date date{year{y}, month{unsigned(m)}, day{unsigned(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::optional<Instant> ParseInstant(std::string_view s) {
  auto date = ParseDate(s.substr(0, 10));
  if (!date) return std::nullopt;
  if (s.size() == 10) return ChinaMidnight(*date);
  if (s[10] != ' ' && s[10] != 'T') return std::nullopt;
  int hh, mm, ss = 0;
  if (!ReadInt(s, 11, 2, hh) || s.size() < 16 || s[13] != ':' || !ReadInt(s, 14, 2, mm)) {
    return std::nullopt;
  }
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!ReadInt(s, pos + 1, 2, ss)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {  // fractional seconds are dropped
      ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  seconds offset = kChinaOffset;  // no zone: China time
  if (pos < s.size()) {
    if (s[pos] == 'Z' && pos + 1 == s.size()) {
      offset = seconds{0};
    } else if ((s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
      int oh, om;
      if (!ReadInt(s, pos + 1, 2, oh) || !ReadInt(s, pos + 4, 2, om)) return std::nullopt;
      offset = hours{oh} + minutes{om};
      if (s[pos] == '-') offset = -offset;
    } else {
      return std::nullopt;
    }
  }
  auto local = local_days{*date}.time_since_epoch() + hours{hh} + minutes{mm} + seconds{ss};
  return Instant{local - offset};
}

}  // namespace zb
