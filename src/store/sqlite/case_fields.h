// Where a case's fields are kept. A ticket imported in bulk whose fields are those of its
// created event keeps them there only: its own `fields` column holds '' until they first change
// (every later write of the case writes them whole). A ticket's text is then stored once, not
// twice — a third of what an import writes.
#pragma once

#include "store/sqlite/event_id.h"

namespace zb::store::sqlite {

// The case's fields as JSON text, in a query over `cases` (its created event: EventId(id, 1)).
inline constexpr const char* kCaseFieldsSql =
    "CASE WHEN fields <> '' THEN fields ELSE (SELECT json_extract(data, '$.fields') FROM events "
    "WHERE id = cases.id * 16777216 + 1) END";
static_assert(kEventsPerCase == 16777216, "kCaseFieldsSql names EventId's factor");

}  // namespace zb::store::sqlite
