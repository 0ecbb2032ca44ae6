// Shared by the analytics tests: the repository, jieba's data loaded once, the real messages.
#pragma once

#include <string>
#include <vector>

#include "analytics/terms.h"
#include "analytics/ticket.h"
#include "calendar/working_calendar.h"

namespace zb::analytics::testing {

std::string SourceDir();  // $ZB_SOURCE_DIR, else "."
const TermExtractor& SharedExtractor();
const calendar::WorkingCalendar& RealCalendar();
// data/tipdm2020-sample/attachment3.csv as tickets.
const std::vector<Ticket>& Attachment3();

}  // namespace zb::analytics::testing
