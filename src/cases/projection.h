// The case row is derived from its events: ApplyEvent folds one event into a case record, and
// Replay rebuilds a record from the whole history. Pure functions, no I/O.
//
// Every value an event changes (due instants, units, fields) is carried in the event's `data`,
// so replay needs neither the calendar nor the store.
#pragma once

#include <vector>

#include "base/status.h"
#include "store/records.h"

namespace zb::cases {

// A case field the engine keeps while an extension request awaits a decision: the deadline asked
// for (unix seconds). Field ids defined by workflows never start with '_'.
inline constexpr const char* kPendingExtensionField = "_extension_due_at";
// Kept while the case's time limit was computed without holiday data for some year (the warning
// text); cleared when a limit is set again with full data.
inline constexpr const char* kCalendarWarningField = "_calendar_warning";

// Applies `e` to `c` (state, units, time limits, fields, closed/paused, updated_at, version).
void ApplyEvent(store::CaseRecord& c, const store::EventRecord& e);

// Rebuilds a case from its events; the first must be "created".
Result<store::CaseRecord> Replay(const std::vector<store::EventRecord>& events);

}  // namespace zb::cases
