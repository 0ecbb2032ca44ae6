// Trending problems (倾向性问题): series with a significant monotonic rise or fall over the last
// `weeks` complete weeks (a week ends on the last day of the data).
//
// Weekly counts are adjusted for the volume of all tickets (x · mean(T) / T_week), so a holiday
// week does not read as a fall. A series is trending when Mann–Kendall gives p ≤ `max_p`, the
// Theil–Sen slope changes the level by at least `min_change` of the mean over the period
// (|slope| · (weeks − 1) ≥ min_change · mean), and the mean is at least `min_weekly_mean`.
// With less than `weeks` of data nothing is judged and `FindTrending` says so in `note`.
#pragma once

#include <string>
#include <vector>

#include "analytics/series.h"

namespace zb::analytics {

struct TrendingOptions {
  int weeks = 26;
  double max_p = 1e-5;
  double min_change = 0.75;
  double min_weekly_mean = 2;
};

struct TrendingFinding {
  SeriesKind kind;
  std::string name;
  bool rising = true;
  double slope_per_week = 0;  // adjusted tickets per week, per week
  double weekly_mean = 0;
  double p = 1;
  std::vector<double> weekly;  // the adjusted weekly counts tested, oldest first
};

struct TrendingResult {
  std::vector<TrendingFinding> findings;  // smallest p first
  std::string note;                       // why nothing could be judged, if so
};

TrendingResult FindTrending(const SeriesSet& series, const TrendingOptions& options = {});

}  // namespace zb::analytics
