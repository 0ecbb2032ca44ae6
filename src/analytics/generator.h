// A synthetic hotline stream with known answers, for tests and benchmarks.
//
// Daily volume: Poisson around `tickets_per_day` × a weekday factor (Mon 1.15, Tue–Fri 1.05, Sat
// 0.75, Sun 0.7; a 调休 working weekend day counts as a weekday) × 0.45 on official days off ×
// a day-to-day log-normal factor (σ 0.1). Each ticket copies a real message (title and the first
// 80 characters of its text, and its category), with every place in it replaced by a district
// and a site drawn from 7 districts and 40,000 synthetic place names, and a fresh caller. Each
// planted signal draws from a random generator of its own, so signals do not shift one another.
//
// Planted signals, recorded in `truth`:
//  - emerging: extra tickets about a new matter (a phrase never used in the background) at
//    8–20 a day for 7–14 days;
//  - trending: a matter rising linearly from 0.3 to 5 a day over the last 26 weeks, or falling
//    from 5 to 0.3 a day (5 a day before);
//  - periodic, yearly: 0.2 a day plus a peak of up to 6 a day around a fixed day of the year
//    (6·cos⁴ of the distance, about a month wide); weekly: 2 a day on weekend rest days and 0.2
//    on working days;
//  - hot issues: 5–12 tickets from different callers about one matter at one new place within
//    10 days, as variants of one real message (greeting added, characters dropped, punctuation).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "analytics/ticket.h"
#include "calendar/working_calendar.h"

namespace zb::analytics {

enum class SignalType { kEmerging, kHotIssue, kTrending, kYearly, kWeekly };

struct PlantedSignal {
  SignalType type;
  std::string phrase;  // the matter's words (emerging) or its place (hot issue)
  int32_t first_day = 0, last_day = 0;
  std::vector<std::string> ticket_ids;  // hot issues
  bool rising = true;                   // trending
  int peak_month = 0;                   // yearly, 1–12
};

struct GeneratorOptions {
  Date start{std::chrono::year{2023}, std::chrono::January, std::chrono::day{1}};
  int days = 3 * 365;
  double tickets_per_day = 300;
  int emerging = 0;
  int hot_issues = 0;
  int trending = 0;  // alternately rising and falling
  int yearly = 0;
  int weekly = 0;
  uint64_t seed = 1;
};

struct GeneratedStream {
  std::vector<Ticket> tickets;  // in day order
  std::vector<PlantedSignal> truth;
};

// `templates`: real messages with title, content and category (e.g. attachment2); those whose
// places cannot all be replaced are not used.
GeneratedStream GenerateStream(const std::vector<Ticket>& templates,
                               const calendar::WorkingCalendar& calendar,
                               const GeneratorOptions& options);
// The same stream handed to `sink` one ticket at a time, day by day, without holding it; returns
// the planted signals.
std::vector<PlantedSignal> GenerateStream(const std::vector<Ticket>& templates,
                                          const calendar::WorkingCalendar& calendar,
                                          const GeneratorOptions& options,
                                          const std::function<void(Ticket)>& sink);

}  // namespace zb::analytics
