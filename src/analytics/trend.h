// Monotonic trend tests on short series: Mann–Kendall (with the tie correction of the variance),
// its seasonal variant (Hirsch–Slack: the statistic and variance summed over seasons), and the
// Theil–Sen slope (median of pairwise slopes; per season for the seasonal variant).
#pragma once

#include <vector>

namespace zb::analytics {

struct TrendTest {
  double s = 0;      // Kendall's S
  double z = 0;      // continuity-corrected normal score
  double p = 1;      // two-sided p-value
  double slope = 0;  // Theil–Sen, per step
};

// Fewer than 4 values: no trend (p = 1).
TrendTest MannKendall(const std::vector<double>& values);
// values[i] belongs to season i % period (e.g. months with period 12).
TrendTest SeasonalMannKendall(const std::vector<double>& values, int period);

}  // namespace zb::analytics
