// Accounts that act for systems rather than people (Open311 clients, file imports): hotline
// operators of the hotline office that cannot sign in (no password).
#pragma once

#include <string>

#include "store/store.h"

namespace zb::hotline {

// The id of user `username`, creating it (and the unit office.hotline, 市长公开电话办公室, if the
// office has none) when missing. An existing user of that name is returned as it is.
Result<store::Id> EnsureSystemUser(store::Store& store, const std::string& username,
                                   const std::string& display_name, Instant now);

}  // namespace zb::hotline
