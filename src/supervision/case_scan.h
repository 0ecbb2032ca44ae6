// Reading every case of a kind, page by page, for the module's summaries. Not for request paths
// that must stay small: it reads the whole kind.
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace zb::supervision {

// Every case of `kind` (open and closed), oldest first.
Result<std::vector<store::CaseRecord>> AllCasesOf(store::Store& store, const std::string& kind);

// The case's integer field `name`, or 0 when absent or not a number.
int64_t IntField(const store::CaseRecord& c, const char* name);
// The case's string field `name`, or "".
std::string StrField(const store::CaseRecord& c, const char* name);

}  // namespace zb::supervision
