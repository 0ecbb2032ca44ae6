#include "analytics/emerging.h"

#include <algorithm>

#include "analytics/stats.h"

namespace zb::analytics {
namespace {

struct Run {
  size_t series;
  EmergingFinding finding;
};

std::vector<uint64_t> Prefix(const std::vector<uint32_t>& daily) {
  std::vector<uint64_t> sum(daily.size() + 1, 0);
  for (size_t i = 0; i < daily.size(); ++i) sum[i + 1] = sum[i] + daily[i];
  return sum;
}

// Tickets in the days [from, to] (corpus-relative) that carry term `id`.
std::vector<uint32_t> TicketsWithTerm(const Corpus& c,
                                      const std::vector<std::vector<uint32_t>>& by_day, uint32_t id,
                                      int32_t from, int32_t to) {
  std::vector<uint32_t> out;
  for (int32_t d = std::max(from, 0); d <= to && d < int32_t(by_day.size()); ++d)
    for (uint32_t i : by_day[d]) {
      auto terms = c.TermsOf(i);
      if (std::find(terms.begin(), terms.end(), id) != terms.end()) out.push_back(i);
    }
  return out;
}

}  // namespace

std::vector<EmergingFinding> FindEmerging(const Corpus& c, const SeriesSet& set,
                                          const EmergingOptions& o) {
  const int w = o.window_days;
  const int days = int(set.total_daily.size());
  std::vector<Run> runs;
  if (days < w + o.min_baseline_days) return {};
  std::vector<uint64_t> total = Prefix(set.total_daily);
  for (size_t s = 0; s < set.series.size(); ++s) {
    std::vector<uint64_t> sum = Prefix(set.series[s].daily);
    Run* open = nullptr;
    for (int d = w - 1 + o.min_baseline_days; d < days; ++d) {
      int win_begin = d - w + 1, base_begin = std::max(0, win_begin - o.baseline_days);
      int64_t x = int64_t(sum[d + 1] - sum[win_begin]);
      if (x < o.min_count) continue;
      double t = double(total[d + 1] - total[win_begin]);
      double b = double(sum[win_begin] - sum[base_begin]);
      double bt = double(total[win_begin] - total[base_begin]);
      double expected = t * (b + 0.5) / (bt + 1);
      if (double(x) < o.min_ratio * expected) continue;
      double surprise = PoissonSurprise(x, expected);
      if (surprise < o.min_surprise) continue;
      int32_t day = set.first_day + d;
      if (open == nullptr || day - open->finding.last_day > w) {
        runs.push_back(
            {s,
             {set.series[s].kind, {set.series[s].name}, day, day, x, expected, surprise, b == 0}});
        open = &runs.back();
      }
      EmergingFinding& f = open->finding;
      f.last_day = day;
      if (surprise > f.surprise) f.observed = x, f.expected = expected, f.surprise = surprise;
    }
    open = nullptr;
  }
  std::sort(runs.begin(), runs.end(),
            [](const Run& a, const Run& b) { return a.finding.surprise > b.finding.surprise; });

  // Merge term findings that are one matter.
  std::vector<std::vector<uint32_t>> by_day(days);
  for (size_t i = 0; i < c.size(); ++i) by_day[c.day_of[i] - c.first_day].push_back(uint32_t(i));
  std::vector<EmergingFinding> findings;
  std::vector<std::vector<uint32_t>> lead_tickets;  // for term findings, else empty
  for (Run& run : runs) {
    EmergingFinding& f = run.finding;
    if (f.kind != SeriesKind::kTerm) {
      findings.push_back(std::move(f));
      lead_tickets.emplace_back();
      continue;
    }
    std::vector<uint32_t> mine =
        TicketsWithTerm(c, by_day, set.series[run.series].id, f.first_day - w + 1 - c.first_day,
                        f.last_day - c.first_day);
    std::sort(mine.begin(), mine.end());
    bool merged = false;
    for (size_t k = 0; k < findings.size() && !merged; ++k) {
      EmergingFinding& lead = findings[k];
      if (lead.kind != SeriesKind::kTerm || f.first_day > lead.last_day + w ||
          lead.first_day > f.last_day + w)
        continue;
      size_t shared = 0;
      for (uint32_t i : mine)
        shared += std::binary_search(lead_tickets[k].begin(), lead_tickets[k].end(), i);
      if (2 * shared >= std::min(mine.size(), lead_tickets[k].size())) {
        lead.names.push_back(f.names[0]);
        lead.first_day = std::min(lead.first_day, f.first_day);
        lead.last_day = std::max(lead.last_day, f.last_day);
        merged = true;
      }
    }
    if (!merged) {
      findings.push_back(std::move(f));
      lead_tickets.push_back(std::move(mine));
    }
  }
  return findings;
}

}  // namespace zb::analytics
