#include "analytics/findings.h"

#include <cmath>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace zb::analytics {
namespace {

std::string Key(FindingType type, std::string_view a, std::string_view b = {},
                std::string_view c = {}) {
  std::string key = FindingTypeName(type);
  for (std::string_view part : {a, b, c}) {
    if (part.empty()) continue;
    key += '|';
    key += part;
  }
  return key;
}

double MinusLog10(double p) {
  return p > 0 ? -std::log10(p) : 300;
}

}  // namespace

const char* FindingTypeName(FindingType type) {
  switch (type) {
    case FindingType::kHotIssue:
      return "hot_issue";
    case FindingType::kEmerging:
      return "emerging";
    case FindingType::kTrending:
      return "trending";
    case FindingType::kPeriodic:
      return "periodic";
  }
  return "";
}

const char* FindingStatusName(FindingStatus status) {
  switch (status) {
    case FindingStatus::kNew:
      return "new";
    case FindingStatus::kContinuing:
      return "continuing";
    case FindingStatus::kSubsided:
      return "subsided";
  }
  return "";
}

FindingRecord RecordOf(const HotIssue& h) {
  return {FindingType::kHotIssue,
          Key(FindingType::kHotIssue, h.place),
          h.title,
          h.heat,
          h.first_day,
          h.last_day};
}

FindingRecord RecordOf(const EmergingFinding& f) {
  std::string lead = f.names.empty() ? std::string() : f.names.front();
  std::string title = lead;
  for (size_t k = 1; k < f.names.size() && k < 3; ++k) title += "、" + f.names[k];
  return {FindingType::kEmerging,
          Key(FindingType::kEmerging, SeriesKindName(f.kind), lead),
          title,
          f.surprise,
          f.first_day,
          f.last_day};
}

FindingRecord RecordOf(const TrendingFinding& f) {
  const char* direction = f.rising ? "rising" : "falling";
  return {FindingType::kTrending,
          Key(FindingType::kTrending, SeriesKindName(f.kind), f.name, direction),
          f.name + (f.rising ? "（上升）" : "（下降）"),
          MinusLog10(f.p),
          0,
          0};
}

FindingRecord RecordOf(const PeriodicFinding& f) {
  bool yearly = f.period == Period::kYear;
  return {FindingType::kPeriodic,
          Key(FindingType::kPeriodic, SeriesKindName(f.kind), f.name, yearly ? "year" : "week"),
          f.name + (yearly ? "（每年 " + std::to_string(f.peak_month) + " 月）" : "（周末）"),
          MinusLog10(f.p),
          0,
          0};
}

std::vector<FindingChange> CompareRuns(const std::vector<FindingRecord>& previous,
                                       const std::vector<FindingRecord>& current) {
  std::unordered_map<std::string, const FindingRecord*> before;
  for (const FindingRecord& r : previous) before.emplace(r.key, &r);
  std::vector<FindingChange> changes;
  std::unordered_set<std::string> now;
  for (const FindingRecord& r : current) {
    if (!now.insert(r.key).second) continue;
    auto it = before.find(r.key);
    if (it == before.end()) {
      changes.push_back({FindingStatus::kNew, r, 0});
    } else {
      changes.push_back({FindingStatus::kContinuing, r, it->second->score});
    }
  }
  std::unordered_set<std::string> gone;
  for (const FindingRecord& r : previous) {
    if (now.count(r.key) || !gone.insert(r.key).second) continue;
    changes.push_back({FindingStatus::kSubsided, r, r.score});
  }
  return changes;
}

}  // namespace zb::analytics
