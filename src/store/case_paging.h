// What both Store implementations share when listing cases: the keyset cursor
// ("<sort key>:<id>", both integers) and the escaping of keywords for LIKE.
#pragma once

#include <cstdint>
#include <string>

#include "store/records.h"

namespace zb::store {

// Reads a cursor made by NextCaseCursor; false if it is malformed.
bool ParseCaseCursor(const std::string& cursor, int64_t& key, int64_t& id);
// The cursor that continues a listing after `last` in `sort` order.
std::string NextCaseCursor(const CaseRecord& last, SortOrder sort);
// "%keyword%" with LIKE's wildcards in user input escaped (escape character: backslash).
std::string LikePattern(const std::string& keyword);

}  // namespace zb::store
