#include "hotline/kpi.h"

#include <algorithm>
#include <cmath>

#include "calendar/working_time.h"
#include "cases/calendar_deadlines.h"
#include "cases/closure.h"

namespace zb::hotline {

namespace {

std::optional<double> Ratio(int64_t num, int64_t den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

nlohmann::json Opt(const std::optional<double>& v) {
  if (!v) return nullptr;
  return std::round(*v * 10000) / 10000;
}

}  // namespace

Kpis ComputeKpis(const std::vector<TicketFacts>& tickets, Instant from, Instant to,
                 std::optional<store::Id> unit, const WorkingHoursBetween& working_hours) {
  Kpis k;
  double handling_hours = 0;
  for (const TicketFacts& t : tickets) {
    if (t.created_at < from || t.created_at >= to) continue;
    if (unit && t.lead_unit_id != unit &&
        std::find(t.co_unit_ids.begin(), t.co_unit_ids.end(), *unit) == t.co_unit_ids.end()) {
      continue;
    }
    if (t.state == "merged") {
      ++k.merged;
      continue;
    }
    ++k.received;
    if (t.dispatched) ++k.dispatched;
    if (t.returned) ++k.returned;
    if (t.replied) ++k.replied;
    if (t.closed_at) {
      ++k.closed;
      if (cases::CountsOnTime(cases::ClosureOf(*t.closed_at, t.due_at))) ++k.closed_on_time;
      handling_hours += working_hours(t.created_at, *t.closed_at);
    }
    const std::string& s = t.satisfaction;
    if (s == "satisfied") ++k.satisfied;
    if (s == "basically_satisfied") ++k.basically_satisfied;
    if (s == "dissatisfied") ++k.dissatisfied;
    if (s == "unreachable") ++k.unreachable;
  }
  k.reached = k.satisfied + k.basically_satisfied + k.dissatisfied;
  k.called_back = k.reached + k.unreachable;
  k.close_rate = Ratio(k.closed, k.received);
  k.on_time_rate = Ratio(k.closed_on_time, k.closed);
  k.callback_rate = Ratio(k.called_back, k.replied);
  k.satisfaction_rate = Ratio(k.satisfied + k.basically_satisfied, k.reached);
  k.return_rate = Ratio(k.returned, k.dispatched);
  if (k.closed > 0) k.avg_handling_hours = handling_hours / static_cast<double>(k.closed);
  return k;
}

nlohmann::json KpisJson(const Kpis& k) {
  return {{"received", k.received},
          {"merged", k.merged},
          {"closed", k.closed},
          {"closed_on_time", k.closed_on_time},
          {"dispatched", k.dispatched},
          {"returned", k.returned},
          {"replied", k.replied},
          {"called_back", k.called_back},
          {"reached", k.reached},
          {"satisfied", k.satisfied},
          {"basically_satisfied", k.basically_satisfied},
          {"dissatisfied", k.dissatisfied},
          {"unreachable", k.unreachable},
          {"close_rate", Opt(k.close_rate)},
          {"on_time_rate", Opt(k.on_time_rate)},
          {"callback_rate", Opt(k.callback_rate)},
          {"satisfaction_rate", Opt(k.satisfaction_rate)},
          {"return_rate", Opt(k.return_rate)},
          {"avg_handling_hours", Opt(k.avg_handling_hours)}};
}

WorkingHoursBetween CalendarWorkingHours(const cases::Deadlines& deadlines) {
  static const calendar::WorkingCalendar fallback;
  const auto* cd = dynamic_cast<const cases::CalendarDeadlines*>(&deadlines);
  const calendar::WorkingCalendar* cal = cd ? &cd->calendar() : &fallback;
  return [cal](Instant a, Instant b) {
    return static_cast<double>(calendar::WorkingMinutesBetween(*cal, a, b).count()) / 60.0;
  };
}

TicketFacts FactsOf(const store::CaseRecord& c, const std::vector<store::EventRecord>& events) {
  TicketFacts f;
  f.id = c.id;
  f.created_at = c.created_at;
  f.closed_at = c.closed_at;
  f.due_at = c.due_at;
  f.state = c.state;
  f.lead_unit_id = c.lead_unit_id;
  f.co_unit_ids = c.co_unit_ids;
  f.satisfaction = c.fields.value("satisfaction", "");
  for (const store::EventRecord& e : events) {
    if (e.type == "assigned") f.dispatched = true;
    if (e.type == "returned") f.returned = true;
    if (e.type == "replied") f.replied = true;
  }
  return f;
}

Result<std::vector<TicketFacts>> CollectTicketFacts(store::Store& store, Instant from, Instant to) {
  std::vector<TicketFacts> out;
  store::CaseQuery q;
  q.kind = "hotline";
  q.limit = 200;
  q.sort = store::SortOrder::kCreatedDesc;
  for (;;) {
    ZB_ASSIGN_OR_RETURN(store::CasePage page, store.ListCases(q));
    bool older = false;
    for (const store::CaseRecord& c : page.cases) {
      if (c.created_at >= to) continue;
      if (c.created_at < from) {
        older = true;
        break;
      }
      ZB_ASSIGN_OR_RETURN(auto events, store.ListEvents(c.id));
      out.push_back(FactsOf(c, events));
    }
    if (older || !page.next_cursor) break;
    q.cursor = page.next_cursor;
  }
  return out;
}

}  // namespace zb::hotline
