// Hotline KPIs per period and unit (docs: glossary 办结率 / 按时办结率 / 满意率):
//
//   received            tickets registered in the period (merged repeats are counted apart)
//   close_rate          closed / received
//   on_time_rate        closed by their time limit (or with none) / closed
//   callback_rate       called back (any outcome, unreachable included) / replied to
//   satisfaction_rate   (satisfied + basically_satisfied) / callbacks that reached the citizen
//   return_rate         returned at least once / dispatched
//   avg_handling_hours  working hours from registration to closing, over closed tickets
//
// A rate with a zero denominator is absent (null), not 0. ComputeKpis is pure: the facts are
// gathered from the store by CollectTicketFacts and working time is measured by the function
// given, so tests construct a month by hand.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cases/deadlines.h"
#include "store/store.h"

namespace zb::hotline {

// What the KPIs need to know about one ticket.
struct TicketFacts {
  store::Id id = 0;
  Instant created_at{};
  std::optional<Instant> closed_at;
  std::optional<Instant> due_at;
  std::string state;
  std::optional<store::Id> lead_unit_id;
  std::vector<store::Id> co_unit_ids;
  std::string satisfaction;  // "" | satisfied | basically_satisfied | dissatisfied | unreachable
  bool dispatched = false;
  bool returned = false;  // returned (退单) at least once
  bool replied = false;   // a reply reached the citizen at least once
};

struct Kpis {
  int64_t received = 0, merged = 0, closed = 0, closed_on_time = 0, dispatched = 0, returned = 0,
          replied = 0, called_back = 0, reached = 0, satisfied = 0, basically_satisfied = 0,
          dissatisfied = 0, unreachable = 0;
  std::optional<double> close_rate, on_time_rate, callback_rate, satisfaction_rate, return_rate,
      avg_handling_hours;
};

using WorkingHoursBetween = std::function<double(Instant from, Instant to)>;

// KPIs over the tickets registered in [from, to); with `unit`, only those whose lead unit (or a
// co-unit) it is.
Kpis ComputeKpis(const std::vector<TicketFacts>& tickets, Instant from, Instant to,
                 std::optional<store::Id> unit, const WorkingHoursBetween& working_hours);

nlohmann::json KpisJson(const Kpis& k);

// Working hours between two instants on the calendar behind `deadlines` (CalendarDeadlines);
// weekdays 08:30–12:00, 13:30–17:30 without holidays for any other implementation.
WorkingHoursBetween CalendarWorkingHours(const cases::Deadlines& deadlines);

// The facts of every hotline ticket registered in [from, to) (reads each ticket's events).
Result<std::vector<TicketFacts>> CollectTicketFacts(store::Store& store, Instant from, Instant to);
// The facts of one ticket from its record and events. Pure.
TicketFacts FactsOf(const store::CaseRecord& c, const std::vector<store::EventRecord>& events);

}  // namespace zb::hotline
