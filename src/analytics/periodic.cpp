#include "analytics/periodic.h"

#include <algorithm>
#include <cmath>

#include "analytics/stats.h"

namespace zb::analytics {
namespace {

using namespace std::chrono;

// Month index (year * 12 + month - 1) of a corpus-relative day.
int MonthIndex(int32_t day) {
  Date d = DateOfDay(day);
  return int(d.year()) * 12 + int(unsigned(d.month())) - 1;
}

// The month effect of an additive month + cycle model of `y` (month i is month-of-year i % 12 of
// cycle i / 12; the last cycle may be partial): the F statistic of the month terms over a model of
// cycle levels alone, and its degrees of freedom. Fitted by backfitting, which for whole cycles
// gives the two-way analysis of variance without replication in one pass.
struct MonthEffect {
  double f = 0, df1 = 11, df2 = 0;
};

MonthEffect MonthF(const std::vector<double>& y) {
  int n = int(y.size()), cycles = (n + 11) / 12;
  std::vector<double> cycle_mean(cycles, 0), in_cycle(cycles, 0), in_month(12, 0);
  for (int i = 0; i < n; ++i) cycle_mean[i / 12] += y[i], ++in_cycle[i / 12], ++in_month[i % 12];
  for (int c = 0; c < cycles; ++c) cycle_mean[c] /= in_cycle[c];
  double sse_cycles = 0;
  for (int i = 0; i < n; ++i)
    sse_cycles += (y[i] - cycle_mean[i / 12]) * (y[i] - cycle_mean[i / 12]);
  std::vector<double> a(12, 0), b(cycles, 0);
  for (int iteration = 0; iteration < (n % 12 == 0 ? 2 : 50); ++iteration) {
    std::fill(a.begin(), a.end(), 0);
    for (int i = 0; i < n; ++i) a[i % 12] += (y[i] - b[i / 12]) / in_month[i % 12];
    std::fill(b.begin(), b.end(), 0);
    for (int i = 0; i < n; ++i) b[i / 12] += (y[i] - a[i % 12]) / in_cycle[i / 12];
  }
  double sse = 0;
  for (int i = 0; i < n; ++i)
    sse += (y[i] - a[i % 12] - b[i / 12]) * (y[i] - a[i % 12] - b[i / 12]);
  MonthEffect e;
  e.df2 = n - 12 - (cycles - 1);
  e.f = sse > 0 ? ((sse_cycles - sse) / e.df1) / (sse / e.df2) : 1e9;
  return e;
}

std::optional<PeriodicFinding> Yearly(const Series& s, const std::vector<double>& totals,
                                      int first_month, const std::vector<double>& raw,
                                      const PeriodicOptions& o) {
  int n = int(raw.size()), cycles = n / 12;
  double mean_total = 0;
  for (int i = 0; i < n; ++i) mean_total += totals[i] / n;
  std::vector<double> adjusted(n), y(n);
  double mean = 0;
  for (int i = 0; i < n; ++i) {
    adjusted[i] = totals[i] > 0 ? raw[i] * mean_total / totals[i] : 0;
    y[i] = std::sqrt(adjusted[i] + 0.375);
    mean += adjusted[i] / n;
  }
  if (mean <= 0) return std::nullopt;
  std::vector<double> season(12, 0), in_month(12, 0);
  for (int i = 0; i < n; ++i) season[i % 12] += adjusted[i], ++in_month[i % 12];
  for (int m = 0; m < 12; ++m) season[m] /= in_month[m];
  int peak = int(std::max_element(season.begin(), season.end()) - season.begin());
  if (season[peak] < o.min_peak_ratio * mean || season[peak] < o.min_peak_count)
    return std::nullopt;
  for (int c = 0; c < cycles; ++c) {
    auto begin = adjusted.begin() + c * 12;
    int busiest = int(std::max_element(begin, begin + 12) - begin);
    int distance = std::abs(busiest - peak);
    if (std::min(distance, 12 - distance) > 1) return std::nullopt;
  }
  MonthEffect effect = MonthF(y);
  double p = FUpperTail(effect.f, effect.df1, effect.df2);
  if (p > o.max_p) return std::nullopt;
  PeriodicFinding finding{s.kind, s.name, Period::kYear};
  finding.peak_month = (first_month + peak) % 12 + 1;
  finding.ratio = season[peak] / mean;
  finding.p = p;
  finding.expected_at_peak = season[peak];
  return finding;
}

}  // namespace

PeriodicResult FindPeriodic(const SeriesSet& set, const calendar::WorkingCalendar& calendar,
                            const PeriodicOptions& o) {
  PeriodicResult result;
  int days = int(set.total_daily.size());
  if (days == 0) {
    result.note = "没有数据 / no data";
    return result;
  }
  int32_t first_day = set.first_day, last_day = set.first_day + days - 1;
  // Whole months only.
  int first_month = MonthIndex(first_day) + (unsigned(DateOfDay(first_day).day()) == 1 ? 0 : 1);
  Date last = DateOfDay(last_day);
  bool last_whole =
      year_month_day_last(last.year(), month_day_last(last.month())).day() == last.day();
  int end_month = MonthIndex(last_day) + (last_whole ? 1 : 0);
  int months = std::max(0, end_month - first_month);
  int cycles = months / 12;
  auto day_of_month = [&](int m) {
    return DayNumber(Date{year{m / 12}, month{unsigned(m % 12 + 1)}, day{1}}) - first_day;
  };
  if (cycles < o.min_cycles) {
    result.note = "数据不足以判断周期性：" + std::to_string(months) +
                  " 个月 / not enough history to judge periodicity: " + std::to_string(months) +
                  " months";
  } else {
    int n = months;
    std::vector<double> totals(n, 0);
    std::vector<int> bounds(n + 1);
    for (int i = 0; i <= n; ++i) bounds[i] = day_of_month(first_month + i);
    for (int i = 0; i < n; ++i)
      for (int d = bounds[i]; d < bounds[i + 1]; ++d) totals[i] += set.total_daily[d];
    for (const Series& s : set.series) {
      std::vector<double> raw(n, 0);
      for (int i = 0; i < n; ++i)
        for (int d = bounds[i]; d < bounds[i + 1]; ++d) raw[i] += s.daily[d];
      auto finding = Yearly(s, totals, first_month % 12, raw, o);
      if (!finding) continue;
      int next = MonthIndex(last_day) + 1;
      while ((next % 12) + 1 != finding->peak_month) ++next;
      finding->next_peak = Date{year{next / 12}, month{unsigned(next % 12 + 1)}, day{1}};
      result.findings.push_back(*finding);
    }
  }
  // Weekly: rest weekend days against working days.
  if (days >= 56) {
    std::vector<int8_t> kind(days);  // 1 rest weekend day, 0 working day, -1 left out
    double t_rest = 0, t_work = 0;
    for (int d = 0; d < days; ++d) {
      Date date = DateOfDay(first_day + d);
      unsigned wd = weekday(sys_days(date)).c_encoding();
      bool weekend = wd == 0 || wd == 6, working = calendar.IsWorkingDay(date);
      kind[d] = working ? 0 : weekend ? 1 : -1;
      if (kind[d] == 1) t_rest += set.total_daily[d];
      if (kind[d] == 0) t_work += set.total_daily[d];
    }
    double share = t_rest + t_work > 0 ? t_rest / (t_rest + t_work) : 0;
    for (const Series& s : set.series) {
      double x_rest = 0, x_work = 0;
      for (int d = 0; d < days; ++d) {
        if (kind[d] == 1) x_rest += s.daily[d];
        if (kind[d] == 0) x_work += s.daily[d];
      }
      double n = x_rest + x_work;
      if (n < 20 || share <= 0 || share >= 1) continue;
      double z = (x_rest - n * share) / std::sqrt(n * share * (1 - share));
      double p = 2 * NormalUpperTail(std::fabs(z));
      double ratio = (x_rest / n) / share;
      if (p > o.max_p || (ratio < o.min_week_ratio && ratio > 1 / o.min_week_ratio)) continue;
      PeriodicFinding f{s.kind, s.name, Period::kWeek};
      f.more_on_rest_days = ratio > 1;
      f.ratio = ratio;
      f.p = p;
      result.findings.push_back(f);
    }
  }
  std::sort(result.findings.begin(), result.findings.end(),
            [](const PeriodicFinding& a, const PeriodicFinding& b) { return a.p < b.p; });
  return result;
}

}  // namespace zb::analytics
