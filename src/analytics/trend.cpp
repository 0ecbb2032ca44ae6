#include "analytics/trend.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "analytics/stats.h"

namespace zb::analytics {
namespace {

struct Partial {
  double s = 0, variance = 0;
  std::vector<double> slopes;
};

Partial Accumulate(const std::vector<double>& v) {
  Partial r;
  size_t n = v.size();
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j) {
      double d = v[j] - v[i];
      r.s += d > 0 ? 1 : d < 0 ? -1 : 0;
      r.slopes.push_back(d / double(j - i));
    }
  std::map<double, int> ties;
  for (double x : v) ++ties[x];
  double nn = double(n);
  r.variance = nn * (nn - 1) * (2 * nn + 5);
  for (auto [value, t] : ties) r.variance -= double(t) * (t - 1) * (2 * t + 5);
  r.variance /= 18;
  return r;
}

TrendTest Finish(double s, double variance, std::vector<double>& slopes) {
  TrendTest t;
  t.s = s;
  if (variance <= 0 || slopes.empty()) return t;
  t.z = s > 0 ? (s - 1) / std::sqrt(variance) : s < 0 ? (s + 1) / std::sqrt(variance) : 0;
  t.p = std::min(1.0, 2 * NormalUpperTail(std::fabs(t.z)));
  size_t mid = slopes.size() / 2;
  std::nth_element(slopes.begin(), slopes.begin() + mid, slopes.end());
  t.slope = slopes[mid];
  if (slopes.size() % 2 == 0) {
    double lower = *std::max_element(slopes.begin(), slopes.begin() + mid);
    t.slope = (t.slope + lower) / 2;
  }
  return t;
}

}  // namespace

TrendTest MannKendall(const std::vector<double>& values) {
  if (values.size() < 4) return {};
  Partial r = Accumulate(values);
  return Finish(r.s, r.variance, r.slopes);
}

TrendTest SeasonalMannKendall(const std::vector<double>& values, int period) {
  if (period <= 1) return MannKendall(values);
  double s = 0, variance = 0;
  std::vector<double> slopes;
  for (int season = 0; season < period; ++season) {
    std::vector<double> v;
    for (size_t i = season; i < values.size(); i += period) v.push_back(values[i]);
    if (v.size() < 2) continue;
    Partial r = Accumulate(v);
    s += r.s;
    variance += r.variance;
    for (double x : r.slopes) slopes.push_back(x / period);  // per step, not per cycle
  }
  return Finish(s, variance, slopes);
}

}  // namespace zb::analytics
