#include "supervision/key_project.h"

#include <cmath>
#include <cstdio>

#include "supervision/case_scan.h"

namespace zb::supervision {

namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr auto kDueTime = hours(17) + minutes(30);

Instant DayStart(Date d) {
  return ChinaMidnight(d);
}

// Monday of ISO week `week` of `year`.
Date IsoWeekMonday(int year, int week) {
  std::chrono::sys_days jan4 =
      Date{std::chrono::year{year}, std::chrono::January, std::chrono::day{4}};
  std::chrono::weekday wd{jan4};
  std::chrono::sys_days monday1 = jan4 - days((wd.c_encoding() + 6) % 7);
  return Date{monday1 + days(7 * (week - 1))};
}

// The ISO (year, week) of a date.
std::pair<int, int> IsoWeekOf(Date d) {
  std::chrono::sys_days sd = d;
  std::chrono::weekday wd{sd};
  std::chrono::sys_days thursday = sd - days((wd.c_encoding() + 6) % 7) + days(3);
  Date th{thursday};
  int year = static_cast<int>(th.year());
  std::chrono::sys_days jan1 = Date{th.year(), std::chrono::January, std::chrono::day{1}};
  int week = static_cast<int>((thursday - jan1).count() / 7) + 1;
  return {year, week};
}

std::string MonthId(int y, unsigned m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", y, m);
  return buf;
}

std::string WeekId(int y, int w) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", y, w);
  return buf;
}

ReportPeriod Monthly(int y, unsigned m, int report_day) {
  Date first{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{1}};
  Date due_day{first.year(), first.month(), std::chrono::day{static_cast<unsigned>(report_day)}};
  return {MonthId(y, m), DayStart(first), DayStart(due_day) + kDueTime};
}

ReportPeriod Weekly(int y, int w, int report_day) {
  Date monday = IsoWeekMonday(y, w);
  Date due_day{std::chrono::sys_days(monday) + days(report_day - 1)};
  return {WeekId(y, w), DayStart(monday), DayStart(due_day) + kDueTime};
}

}  // namespace

std::string CycleOf(const store::CaseRecord& c) {
  std::string s = StrField(c, "report_cycle");
  return s.empty() ? "monthly" : s;
}

int ReportDayOf(const store::CaseRecord& c) {
  int64_t d = IntField(c, "report_day");
  bool weekly = CycleOf(c) == "weekly";
  if (weekly) return d >= 1 && d <= 7 ? static_cast<int>(d) : 5;
  return d >= 1 && d <= 28 ? static_cast<int>(d) : 25;
}

Result<ReportPeriod> ParsePeriod(const std::string& cycle, const std::string& id, int report_day) {
  int y = 0, n = 0;
  char tail = 0;
  if (cycle == "weekly") {
    if (std::sscanf(id.c_str(), "%4d-W%2d%c", &y, &n, &tail) == 2 && y >= 2000 && y <= 2100 &&
        n >= 1 && n <= 53 && IsoWeekOf(IsoWeekMonday(y, n)).second == n) {
      return Weekly(y, n, report_day);
    }
    return Invalid("报送期应为“年-W周”，如 2026-W10：" + id,
                   "a weekly period looks like 2026-W10: " + id);
  }
  if (std::sscanf(id.c_str(), "%4d-%2d%c", &y, &n, &tail) == 2 && y >= 2000 && y <= 2100 &&
      n >= 1 && n <= 12 && id.size() == 7) {
    return Monthly(y, static_cast<unsigned>(n), report_day);
  }
  return Invalid("报送期应为“年-月”，如 2026-03：" + id,
                 "a monthly period looks like 2026-03: " + id);
}

ReportPeriod PeriodAt(const std::string& cycle, Instant t, int report_day) {
  Date d = ChinaDate(t);
  if (cycle == "weekly") {
    auto [y, w] = IsoWeekOf(d);
    return Weekly(y, w, report_day);
  }
  return Monthly(static_cast<int>(d.year()), static_cast<unsigned>(d.month()), report_day);
}

ReportPeriod LastDuePeriod(const std::string& cycle, Instant now, int report_day) {
  ReportPeriod p = PeriodAt(cycle, now, report_day);
  if (p.due <= now) return p;
  return PeriodAt(cycle, p.starts - std::chrono::seconds(1), report_day);
}

Status CheckProgressReport(const store::CaseRecord& c, const nlohmann::json& set_fields,
                           Instant now) {
  const nlohmann::json* period =
      set_fields.contains("report_period") ? &set_fields["report_period"] : nullptr;
  if (period && period->is_string()) {
    ZB_ASSIGN_OR_RETURN(ReportPeriod p,
                        ParsePeriod(CycleOf(c), period->get<std::string>(), ReportDayOf(c)));
    if (p.starts > now) {
      return Invalid("报送期 " + p.id + " 尚未开始，不能报送",
                     "the period " + p.id + " has not started yet");
    }
  }
  if (set_fields.contains("progress_percent")) {
    const nlohmann::json& v = set_fields["progress_percent"];
    double percent = v.is_number() ? v.get<double>() : -1;
    if (!std::isfinite(percent) || percent < 0 || percent > 100) {
      return Invalid("完成进度应在 0 到 100 之间", "the percentage must be between 0 and 100");
    }
  }
  return Status();
}

Result<store::CaseRecord> SubmitProgressReport(const cases::CaseEngine& engine,
                                               const cases::Actor& actor, const ProgressReport& r) {
  ZB_ASSIGN_OR_RETURN(store::CaseRecord c, engine.store().GetCase(r.case_id));
  if (c.kind != "key_project" || !engine.CanSee(actor, c)) {
    return NotFound("重点工程不存在：" + std::to_string(r.case_id),
                    "no key project " + std::to_string(r.case_id));
  }
  ZB_ASSIGN_OR_RETURN(ReportPeriod p, ParsePeriod(CycleOf(c), r.period, ReportDayOf(c)));
  // The period named is checked here; the one recorded may be a later one already reported.
  ZB_RETURN_IF_ERROR(CheckProgressReport(
      c, {{"report_period", p.id}, {"progress_percent", r.percent}}, engine.clock().Now()));
  cases::ActionRequest req;
  req.case_id = c.id;
  req.action = "report";
  req.expected_version = c.version;
  req.text = r.text;
  req.request_id = r.request_id;
  std::string last = StrField(c, "report_period");
  req.set_fields = {{"progress_percent", r.percent}, {"report_period", last > p.id ? last : p.id}};
  if (r.actual_value) req.set_fields["actual_value"] = *r.actual_value;
  return engine.Perform(actor, req);
}

std::vector<MissingReport> FindMissingReports(const std::vector<store::CaseRecord>& cases,
                                              Instant now) {
  std::vector<MissingReport> out;
  for (const auto& c : cases) {
    if (c.kind != "key_project" || c.closed_at || !c.lead_unit_id) continue;
    if (StrField(c, "level") == "programme") continue;
    if (c.state != "in_progress" && c.state != "assigned") continue;
    std::string cycle = CycleOf(c);
    ReportPeriod p = LastDuePeriod(cycle, now, ReportDayOf(c));
    if (c.created_at >= p.due) continue;  // registered after the report fell due
    std::string last = StrField(c, "report_period");
    if (last >= p.id) continue;
    out.push_back({c.id, c.title, c.lead_unit_id, p.id, p.due, last});
  }
  return out;
}

Result<std::vector<MissingReport>> MissingReports(store::Store& store, Instant now) {
  ZB_ASSIGN_OR_RETURN(auto cases, AllCasesOf(store, "key_project"));
  return FindMissingReports(cases, now);
}

Result<int> UrgeMissingReports(const cases::CaseEngine& engine, const cases::Actor& actor,
                               Instant now) {
  ZB_ASSIGN_OR_RETURN(auto missing, MissingReports(engine.store(), now));
  int urged = 0;
  for (const auto& m : missing) {
    ZB_ASSIGN_OR_RETURN(auto events, engine.store().ListEvents(m.case_id));
    bool done = false;
    for (const auto& e : events) {
      done = done ||
             (e.type == "urged" && e.data.value("text", "").find(m.period) != std::string::npos);
    }
    if (done) continue;
    cases::ActionRequest req;
    req.case_id = m.case_id;
    req.action = "urge";
    req.text = "请报送 " + m.period + " 期进展情况（截止 " + FormatChinaMinute(m.due) + "）";
    ZB_RETURN_IF_ERROR(engine.Perform(actor, req).status());
    ++urged;
  }
  return urged;
}

nlohmann::json MissingReportJson(const MissingReport& m) {
  return {{"case_id", m.case_id},
          {"title", m.title},
          {"unit_id", m.unit_id ? nlohmann::json(*m.unit_id) : nullptr},
          {"period", m.period},
          {"due", FormatIso(m.due)},
          {"last_period", m.last_period}};
}

}  // namespace zb::supervision
