// Key projects (重点工程): report periods, progress reports and missing reports.
//
// A project's report cycle is "monthly" (default; periods "2026-03", the report due on
// `report_day` of that month, default the 25th) or "weekly" (ISO weeks "2026-W10", due on weekday
// `report_day`, 1 = Monday … 7, default Friday), at 17:30 China time. A report names its period,
// which must have started; it records the percentage (0–100), the figure reached and the text.
// Missing: an open project or task (not a programme) registered before a period's due time with
// no report for that period once it is due. UrgeMissingReports records an "urge" on each.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cases/case_engine.h"

namespace zb::supervision {

struct ReportPeriod {
  std::string id;    // "2026-03" | "2026-W10"
  Instant starts{};  // 00:00 China time of its first day
  Instant due{};     // the report's due time
};

// The cycle and due day a case asks for (defaults for absent fields).
std::string CycleOf(const store::CaseRecord& c);
int ReportDayOf(const store::CaseRecord& c);

// InvalidArgument for an id that does not fit the cycle ("2026-13", "2026-W54", "March").
Result<ReportPeriod> ParsePeriod(const std::string& cycle, const std::string& id, int report_day);
// The period `t` falls in.
ReportPeriod PeriodAt(const std::string& cycle, Instant t, int report_day);
// The latest period whose report is due at or before `now`.
ReportPeriod LastDuePeriod(const std::string& cycle, Instant now, int report_day);

struct ProgressReport {
  store::Id case_id = 0;
  std::string period;  // e.g. "2026-03"
  double percent = 0;  // 0–100
  std::optional<double> actual_value;
  std::string text;
  std::string request_id;
};

// The rule every "report" action on a key project obeys (whichever route it comes by): the
// period in `set_fields.report_period` fits the project's cycle and has started at `now`, and
// `set_fields.progress_percent` is between 0 and 100. InvalidArgument otherwise.
Status CheckProgressReport(const store::CaseRecord& c, const nlohmann::json& set_fields,
                           Instant now);

// Refuses, writing nothing: a period that does not fit the project's cycle or has not started, a
// percentage outside 0–100, an empty text, and whatever the workflow refuses (not in progress,
// not the responsible unit).
Result<store::CaseRecord> SubmitProgressReport(const cases::CaseEngine& engine,
                                               const cases::Actor& actor,
                                               const ProgressReport& report);

struct MissingReport {
  store::Id case_id = 0;
  std::string title;
  std::optional<store::Id> unit_id;
  std::string period;
  Instant due{};
  std::string last_period;  // the latest period reported, "" if none
};

// Pure over the given key_project cases.
std::vector<MissingReport> FindMissingReports(const std::vector<store::CaseRecord>& cases,
                                              Instant now);
Result<std::vector<MissingReport>> MissingReports(store::Store& store, Instant now);
// Urges each missing report once per period (a case already urged for the period is skipped).
// Returns how many were urged.
Result<int> UrgeMissingReports(const cases::CaseEngine& engine, const cases::Actor& actor,
                               Instant now);
nlohmann::json MissingReportJson(const MissingReport& m);

}  // namespace zb::supervision
