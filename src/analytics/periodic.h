// Periodic problems (周期性问题): series that come back at the same time of year or of the week.
//
// Yearly. Monthly counts, adjusted for the volume of all tickets, are cut into consecutive
// 12-month cycles from the first whole month (the last cycle may be partial); at least
// `min_cycles` whole cycles (24 months) are needed, otherwise nothing is judged and `note` says
// "not enough history to judge periodicity: N months". An additive month + cycle model of
// sqrt(count + 3/8) over all whole months (the two-way analysis of variance without replication,
// fitted by backfitting when the last cycle is partial) must give p ≤ `max_p` for the month
// effect; the peak month's mean must be at least `min_peak_ratio` times the series mean; every
// whole cycle's busiest month must lie within one month of the peak month; and the peak month must
// average at least `min_peak_count` tickets. The forecast is the next start of the
// peak month after the data ends, with the peak month's mean count.
//
// Weekly. Days are classed by the working calendar: working days (including 调休 weekend days)
// and weekend rest days; official holidays on weekdays are left out, so a holiday is not read as
// a weekend effect. With at least 8 weeks of data, the series' share of tickets on rest days is
// compared with all tickets' share (binomial z-test): p ≤ `max_p` and a ratio of at least
// `min_week_ratio` (or at most its inverse) make a finding.
#pragma once

#include <string>
#include <vector>

#include "analytics/series.h"
#include "calendar/working_calendar.h"

namespace zb::analytics {

struct PeriodicOptions {
  int min_cycles = 2;
  double max_p = 1e-8;
  double min_peak_ratio = 2;
  double min_peak_count = 5;
  double min_week_ratio = 1.5;
};

enum class Period { kYear, kWeek };

struct PeriodicFinding {
  SeriesKind kind;
  std::string name;
  Period period;
  int peak_month = 0;              // 1–12, yearly
  bool more_on_rest_days = false;  // weekly
  double ratio = 0;                // peak month / mean, or rest-day share / overall share
  double p = 1;
  Date next_peak{};             // yearly: the first day of the next peak month
  double expected_at_peak = 0;  // yearly: tickets expected in that month
};

struct PeriodicResult {
  std::vector<PeriodicFinding> findings;  // smallest p first
  std::string note;  // e.g. "not enough history to judge periodicity: 3 months"
};

PeriodicResult FindPeriodic(const SeriesSet& series, const calendar::WorkingCalendar& calendar,
                            const PeriodicOptions& options = {});

}  // namespace zb::analytics
