// The types of event in a case's history. A workflow transition names the event it produces.
#pragma once

#include <string_view>

namespace zb::cases {

// created, assigned, accepted, progress, replied, returned, reassigned, extension_requested,
// extension_approved, extension_refused, urged, supervised, closed, reopened, comment, attached,
// instructed (a leader's decision), callback.
bool IsKnownEventType(std::string_view type);

}  // namespace zb::cases
