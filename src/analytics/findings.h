// Findings between runs: each finding reduced to a record that can be stored, with a key that
// names the same matter from one run to the next, and the comparison of a run's records with the
// last run's, so a report can say what is new, what continues and what subsided (issue 9: "later
// reports show whether it subsided").
//
// Keys: a hot issue by its place; an emerging finding by its series kind and lead name; a trending
// finding by kind, name and direction (a matter that turns from rising to falling is a new
// finding); a periodic one by kind, name and period.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/emerging.h"
#include "analytics/hot_issues.h"
#include "analytics/periodic.h"
#include "analytics/trending.h"

namespace zb::analytics {

enum class FindingType { kHotIssue, kEmerging, kTrending, kPeriodic };
const char* FindingTypeName(FindingType type);  // "hot_issue", "emerging", "trending", "periodic"

struct FindingRecord {
  FindingType type;
  std::string key;                      // the same matter has the same key in every run
  std::string title;                    // as a report shows it
  double score = 0;                     // heat; or -log10 p (emerging: the surprise)
  int32_t first_day = 0, last_day = 0;  // hot issues and emerging; 0 otherwise
};

FindingRecord RecordOf(const HotIssue& h);
FindingRecord RecordOf(const EmergingFinding& f);
FindingRecord RecordOf(const TrendingFinding& f);
FindingRecord RecordOf(const PeriodicFinding& f);

enum class FindingStatus { kNew, kContinuing, kSubsided };
const char* FindingStatusName(FindingStatus status);  // "new", "continuing", "subsided"

struct FindingChange {
  FindingStatus status;
  FindingRecord record;       // this run's; the last run's when it subsided
  double previous_score = 0;  // continuing and subsided: the last run's score
};

// This run's records, each new or continuing, in their order, then the last run's records that
// are not found again (subsided), in theirs. A key repeated within one run counts once (its first
// record).
std::vector<FindingChange> CompareRuns(const std::vector<FindingRecord>& previous,
                                       const std::vector<FindingRecord>& current);

}  // namespace zb::analytics
