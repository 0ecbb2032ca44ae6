// The stored results of hotline insight (docs/insight.md): each run of the analysis over a period
// (insight_runs) and its findings (insight_findings), each with its status against the last run
// of the same kind (new / continuing / subsided), its evidence as JSON and, once it was turned
// into a leader's instruction or an assigned matter, that case's id. Both databases; every write
// is one transaction with its audit record.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace zb::store {

struct InsightRun {
  Id id = 0;
  std::string kind;  // "daily" | "weekly" | "monthly" | "on_demand"
  Date period_from{}, period_to{};
  Id actor_id = 0;
  Instant started_at{}, finished_at{};
  int64_t tickets = 0;             // tickets analysed
  std::string status;              // "done" | "failed"
  std::string source = "hotline";  // "hotline" (the stored tickets) | "synthetic" (the demo)
  nlohmann::json notes = nlohmann::json::array();  // e.g. "not enough history …", in zh and en
};

struct InsightFinding {
  Id id = 0;
  Id run_id = 0;
  int rank = 0;        // order within the run's findings of its type, best first
  std::string type;    // "hot_issue" | "emerging" | "trending" | "periodic"
  std::string key;     // the same matter has the same key in every run (analytics/findings.h)
  std::string status;  // "new" | "continuing" | "subsided"
  std::string title;
  double score = 0;
  std::optional<double> previous_score;
  nlohmann::json evidence = nlohmann::json::object();
  bool evidence_ok = true;  // false when the stored evidence could not be read (corrupted)
  std::optional<Id> case_id;
};

// Writes a run and its findings, and `audit` (action "insight.run", target "insight_run:ID", the
// run's actor) in one transaction. Each finding takes the case id of the latest earlier finding
// with its key, so a matter turned into a case stays linked in later runs. Returns the run's id.
Result<Id> SaveInsightRun(Store& store, const InsightRun& run,
                          const std::vector<InsightFinding>& findings, AuditEntry audit);
// Newest first; `kind` empty for every kind; only "done" runs when `done_only`.
Result<std::vector<InsightRun>> ListInsightRuns(Store& store, int limit,
                                                const std::string& kind = "",
                                                bool done_only = false);
Result<InsightRun> GetInsightRun(Store& store, Id id);  // kNotFound
// In type order (hot_issue, emerging, trending, periodic), then rank.
Result<std::vector<InsightFinding>> ListInsightFindings(Store& store, Id run_id);
Result<InsightFinding> GetInsightFinding(Store& store, Id id);  // kNotFound
// Links a finding to the case made from it, with `audit` in the same transaction. kConflict when
// the finding already has a case.
Status SetInsightFindingCase(Store& store, Id finding_id, Id case_id, AuditEntry audit);

// The features of analysed hotline tickets (analytics/ticket_features.h, table
// insight_ticket_features), kept so a run segments only the tickets new or changed since the
// last (docs/insight.md). A derived cache: written by runs, whose audit record covers it.
struct InsightTicketFeatures {
  Id case_id = 0;
  int32_t day = 0;       // China day of the case's creation (analytics/ticket.h)
  int64_t version = 0;   // the case's version when analysed
  std::string features;  // one encoded line
};

// The hotline cases created in [begin, end) that have no stored features, or features of another
// version of the case, oldest first.
Result<std::vector<Id>> ListUnanalysedInsightTickets(Store& store, Instant begin, Instant end);
// The stored features of the days [from_day, to_day].
Result<std::vector<InsightTicketFeatures>> ListInsightTicketFeatures(Store& store, int32_t from_day,
                                                                     int32_t to_day);
// Inserts or replaces each row, in one transaction.
Status SaveInsightTicketFeatures(Store& store, const std::vector<InsightTicketFeatures>& rows);

}  // namespace zb::store
