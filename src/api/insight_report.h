// The leaders' report of hotline insight (热线热点与预警分析报告) for a week or a month: the
// findings of a stored run by type, each with its status (新出现 / 持续 / 已消退), its evidence in
// plain Chinese (counts, representative tickets, keywords, place) and the case made from it, as
// .docx (supervision/docx.h's official layout) and .pdf (supervision/pdf.h).
#pragma once

#include <string>
#include <vector>

#include "store/insight_store.h"
#include "supervision/bulletin.h"

namespace zb::api {

// Tickets received in a period, and the same count in the period before.
struct PeriodCount {
  std::string name;
  int64_t count = 0, previous = 0;
};

struct InsightReport {
  std::string period;     // "week" | "month"
  store::InsightRun run;  // the latest run of the period
  // Each matter of the period (insight_period.h) once, as the latest run had it, with its status
  // against the previous period: new, continuing or subsided.
  std::vector<store::InsightFinding> findings;
  std::string date;  // the report's date, "2026年3月2日"
  Date from{}, to{}, previous_from{}, previous_to{};
  int runs = 0;                                    // runs of the period
  bool counted = false;                            // whether the counts below were available
  PeriodCount total;                               // all hotline tickets
  std::vector<PeriodCount> categories, districts;  // busiest first, at most 5 each
};

// The report as a document of sections (one per finding type, then the notes), for
// supervision::RenderDocx and supervision::RenderBulletinPdf.
supervision::Bulletin InsightReportDocument(const InsightReport& report);

// One finding's evidence in a sentence, e.g. "3月1日至3月7日共 12 件，来电 9 人；关键词：…".
std::string EvidenceSentence(const store::InsightFinding& f);

const char* FindingTypeLabel(const std::string& type);      // 热点问题, 苗头性问题, …
const char* FindingStatusLabel(const std::string& status);  // 新出现, 持续, 已消退

}  // namespace zb::api
