// The findings of one analysis (src/analytics/) as stored records: each with its key, its status
// against the last run's findings, and the evidence a report shows — counts by day, week or month,
// representative tickets (number, title, case), keywords, place.
#pragma once

#include <string>
#include <vector>

#include "analytics/corpus.h"
#include "analytics/emerging.h"
#include "analytics/hot_issues.h"
#include "analytics/periodic.h"
#include "analytics/series.h"
#include "analytics/trending.h"
#include "store/insight_store.h"

namespace zb::api {

// What the corpus no longer holds: each ticket's title and case id (0 for a synthetic ticket).
struct TicketSide {
  std::vector<std::string> titles;
  std::vector<store::Id> case_ids;
};

struct Analysis {
  std::vector<analytics::HotIssue> hot_issues;
  std::vector<analytics::EmergingFinding> emerging;
  analytics::TrendingResult trending;
  analytics::PeriodicResult periodic;
};

// At most this many findings of each type are kept, best first.
inline constexpr size_t kFindingsPerType = 20;

// This run's findings (new or continuing, by type and rank), then the previous run's findings
// that were not found again (subsided), with their evidence as stored then.
std::vector<store::InsightFinding> DescribeFindings(
    const analytics::Corpus& corpus, const analytics::SeriesSet& series, const Analysis& analysis,
    const TicketSide& side, const std::vector<store::InsightFinding>& previous);

}  // namespace zb::api
