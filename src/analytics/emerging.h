// Emerging problems (苗头性问题): series whose last 7 days are far above their own baseline,
// including things never seen before.
//
// For each series and each day d with at least `min_baseline_days` of history before its window:
//   x = the series' tickets in the window (d-6 … d), T = all tickets in the window,
//   b, B = the same over the baseline (the `baseline_days` days before the window),
//   E = T · (b + 0.5) / (B + 1)   — the expected count if the series kept its baseline share of
//       all tickets; using shares cancels weekends, holidays and 调休 days, which move every
//       series together. A never-seen series has b = 0 and a small, non-zero E.
// Day d is flagged when x ≥ `min_count`, x ≥ `min_ratio` · E and P(X ≥ x | Poisson(E)) ≤
// 10^-`min_surprise`. Flagged days of one series less than 7 days apart form one finding.
// Term findings whose window tickets overlap by half or more are one finding (one matter shows
// as several words); the term with the highest surprise leads.
//
// The thresholds keep false alarms on a signal-free three-year stream of 20,000 series below one
// a month (tested in insight_eval_test.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/corpus.h"
#include "analytics/series.h"

namespace zb::analytics {

struct EmergingOptions {
  int window_days = 7;
  int baseline_days = 56;
  int min_baseline_days = 28;
  int64_t min_count = 8;
  double min_ratio = 3;
  double min_surprise = 8;
};

struct EmergingFinding {
  SeriesKind kind;
  std::vector<std::string> names;       // the series; for terms, the merged terms, lead first
  int32_t first_day = 0, last_day = 0;  // first and last flagged window end
  int64_t observed = 0;                 // at the most surprising day
  double expected = 0;
  double surprise = 0;      // -log10 p at that day
  bool never_seen = false;  // no ticket in the baseline
};

// Most surprising first. Empty when the data is shorter than window + min_baseline_days.
std::vector<EmergingFinding> FindEmerging(const Corpus& corpus, const SeriesSet& series,
                                          const EmergingOptions& options = {});

}  // namespace zb::analytics
