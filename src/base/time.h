// Instants, China time and the injectable clock.
//
// An `Instant` is a UTC point in time with one-second resolution. The office works in China time
// (Asia/Shanghai). China has kept UTC+8 without daylight saving since 1991, so conversion is a
// fixed offset; time_test.cpp checks this against the system tz database (howardhinnant-date)
// for every day 1992–2040.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zb {

using Instant = std::chrono::sys_seconds;
using LocalTime = std::chrono::local_seconds;  // wall-clock time in China
using Date = std::chrono::year_month_day;

inline constexpr std::chrono::seconds kChinaOffset{8 * 3600};

inline LocalTime ToChinaLocal(Instant t) {
  return LocalTime{t.time_since_epoch() + kChinaOffset};
}
inline Instant FromChinaLocal(LocalTime t) {
  return Instant{t.time_since_epoch() - kChinaOffset};
}
// The China calendar date an instant falls on.
Date ChinaDate(Instant t);
// 00:00 China time on `d`.
Instant ChinaMidnight(Date d);

inline int64_t ToUnixSeconds(Instant t) {
  return t.time_since_epoch().count();
}
inline Instant FromUnixSeconds(int64_t s) {
  return Instant{std::chrono::seconds{s}};
}

// "2026-03-05 14:30" in China time.
std::string FormatChinaMinute(Instant t);
// "2026-03-05T14:30:00+08:00" (RFC 3339 / W3C, China offset): the API's format.
std::string FormatIso(Instant t);
// "2026-03-05"
std::string FormatDate(Date d);

// Parses "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" (China time) or RFC 3339 with Z or an offset.
// A bare date is its China midnight. Returns nullopt on anything else.
std::optional<Instant> ParseInstant(std::string_view text);
std::optional<Date> ParseDate(std::string_view text);

// The source of "now". Production uses SystemClock; tests use ManualClock and never sleep.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant Now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock that only moves when told. Not thread-safe; tests own it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : now_(start) {}
  Instant Now() const override { return now_; }
  void Set(Instant t) { now_ = t; }
  void Advance(std::chrono::seconds d) { now_ += d; }

 private:
  Instant now_;
};

}  // namespace zb
