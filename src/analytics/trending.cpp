#include "analytics/trending.h"

#include <algorithm>
#include <cmath>

#include "analytics/trend.h"

namespace zb::analytics {

TrendingResult FindTrending(const SeriesSet& set, const TrendingOptions& o) {
  TrendingResult result;
  int days = int(set.total_daily.size());
  int weeks = o.weeks;
  if (days < 7 * weeks) {
    result.note = "数据不足以判断趋势：" + std::to_string(days) +
                  " 天 / not enough history to judge trends: " + std::to_string(days) +
                  " days (need " + std::to_string(7 * weeks) + ")";
    return result;
  }
  int first = days - 7 * weeks;
  std::vector<double> totals(weeks, 0);
  for (int d = first; d < days; ++d) totals[(d - first) / 7] += set.total_daily[d];
  double mean_total = 0;
  for (double t : totals) mean_total += t / weeks;
  for (const Series& s : set.series) {
    std::vector<double> weekly(weeks, 0);
    for (int d = first; d < days; ++d) weekly[(d - first) / 7] += s.daily[d];
    double mean = 0;
    for (int w = 0; w < weeks; ++w) {
      weekly[w] = totals[w] > 0 ? weekly[w] * mean_total / totals[w] : 0;
      mean += weekly[w] / weeks;
    }
    if (mean < o.min_weekly_mean) continue;
    TrendTest t = MannKendall(weekly);
    if (t.p > o.max_p || std::fabs(t.slope) * (weeks - 1) < o.min_change * mean) continue;
    result.findings.push_back({s.kind, s.name, t.slope > 0, t.slope, mean, t.p, weekly});
  }
  std::sort(result.findings.begin(), result.findings.end(),
            [](const TrendingFinding& a, const TrendingFinding& b) { return a.p < b.p; });
  return result;
}

}  // namespace zb::analytics
