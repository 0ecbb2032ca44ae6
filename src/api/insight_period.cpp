#include "api/insight_period.h"

#include <algorithm>
#include <map>
#include <set>

#include "analytics/ticket.h"
#include "analytics/ticket_features.h"
#include "api/insight_run.h"

namespace zb::api {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

Date Plus(Date d, int n) {
  return Date{sys_days(d) + days{n}};
}

// The busiest `n` of `counts` (name → {this period, the one before}), by this period's count.
std::vector<PeriodCount> Top(const std::map<std::string, PeriodCount>& counts, size_t n) {
  std::vector<PeriodCount> out;
  for (const auto& [name, c] : counts) {
    if (c.count > 0) out.push_back(c);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.count > b.count; });
  if (out.size() > n) out.resize(n);
  return out;
}

Status Count(store::Store& store, InsightReport& r) {
  ZB_ASSIGN_OR_RETURN(auto rows,
                      store::ListInsightTicketFeatures(store, analytics::DayNumber(r.previous_from),
                                                       analytics::DayNumber(r.to)));
  std::map<std::string, PeriodCount> categories, districts;
  int32_t current = analytics::DayNumber(r.from);
  for (const auto& row : rows) {
    std::string_view category, district;
    if (!analytics::TicketFeatureLabels(StampedLine(row.features), &category, &district)) continue;
    bool now = row.day >= current;
    for (auto [map, name] : {std::pair{&categories, category}, std::pair{&districts, district}}) {
      if (name.empty()) continue;
      PeriodCount& c = (*map)[std::string(name)];
      c.name = name;
      (now ? c.count : c.previous)++;
    }
    (now ? r.total.count : r.total.previous)++;
  }
  r.counted = !rows.empty();
  r.categories = Top(categories, 5);
  r.districts = Top(districts, 5);
  return Status();
}

}  // namespace

Date PeriodStart(const std::string& period, Date to) {
  if (period == "week") return Plus(to, -6);
  // The day after the same day a month before (2026-03-31 → 2026-03-01 after 2026-02-28).
  auto ym = std::chrono::year_month{to.year(), to.month()} - std::chrono::months{1};
  std::chrono::year_month_day before{ym.year(), ym.month(), to.day()};
  if (!before.ok()) before = std::chrono::year_month_day{ym / std::chrono::last};
  return Plus(before, 1);
}

Result<InsightReport> BuildPeriodReport(store::Store& store, const std::string& period,
                                        const store::InsightRun& reference) {
  InsightReport r;
  r.period = period;
  r.run = reference;
  r.to = reference.period_to;
  r.from = PeriodStart(period, r.to);
  r.previous_to = Plus(r.from, -1);
  r.previous_from = PeriodStart(period, r.previous_to);
  // The runs of the reference's kind that end in this period or the one before, newest first.
  ZB_ASSIGN_OR_RETURN(auto runs, store::ListInsightRuns(store, 200, reference.kind, true));
  std::map<std::string, store::InsightFinding> latest;  // key → as the period's latest run has it
  std::set<std::string> active_before, active_now, seen_now;
  bool newest = true;  // the period's newest run says what is still active
  for (const store::InsightRun& run : runs) {
    if (run.id > reference.id || run.period_to > r.to || run.period_to < r.previous_from) continue;
    bool now = run.period_to >= r.from;
    ZB_ASSIGN_OR_RETURN(auto findings, store::ListInsightFindings(store, run.id));
    if (now && r.runs++ == 0) r.run = run;
    for (store::InsightFinding& f : findings) {
      bool active = f.status != "subsided";
      if (active) (now ? seen_now : active_before).insert(f.key);
      if (now && newest && active) active_now.insert(f.key);
      latest.emplace(f.key, std::move(f));  // runs come newest first: the first record stays
    }
    if (now) newest = false;
  }
  for (auto& [key, f] : latest) {
    if (active_now.count(key)) {
      f.status = active_before.count(key) ? "continuing" : "new";
    } else if (active_before.count(key) || seen_now.count(key)) {
      f.status = "subsided";
    } else {
      continue;  // subsided before this period
    }
    r.findings.push_back(f);
  }
  // By type, then the newest run's order (rank), subsided last.
  static const char* const kTypes[] = {"hot_issue", "emerging", "trending", "periodic"};
  auto type_order = [](const std::string& t) {
    return int(std::find(std::begin(kTypes), std::end(kTypes), t) - std::begin(kTypes));
  };
  std::stable_sort(r.findings.begin(), r.findings.end(), [&](const auto& a, const auto& b) {
    if (a.type != b.type) return type_order(a.type) < type_order(b.type);
    if ((a.status == "subsided") != (b.status == "subsided")) return b.status == "subsided";
    return a.rank < b.rank;
  });
  ZB_RETURN_IF_ERROR(Count(store, r));
  return r;
}

}  // namespace zb::api
