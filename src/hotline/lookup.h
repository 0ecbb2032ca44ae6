// What the operator sees while registering a call: the caller's earlier tickets (by phone
// number). Open tickets that look like the one being typed come from the MinHash index of
// hotline/ticket_index.h.
#pragma once

#include <string_view>
#include <vector>

#include "store/store.h"

namespace zb::hotline {

// The hotline tickets whose caller (or a merged caller) has this number, newest first, at most
// `limit`. The number is compared digits only.
Result<std::vector<store::CaseRecord>> CallerHistory(store::Store& store, std::string_view phone,
                                                     int limit);

}  // namespace zb::hotline
