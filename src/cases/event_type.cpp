#include "cases/event_type.h"

#include <array>

namespace zb::cases {

bool IsKnownEventType(std::string_view type) {
  static constexpr std::array<std::string_view, 19> kTypes = {"created",
                                                              "assigned",
                                                              "accepted",
                                                              "progress",
                                                              "replied",
                                                              "returned",
                                                              "reassigned",
                                                              "extension_requested",
                                                              "extension_approved",
                                                              "extension_refused",
                                                              "urged",
                                                              "supervised",
                                                              "closed",
                                                              "reopened",
                                                              "comment",
                                                              "attached",
                                                              "instructed",
                                                              "callback",
                                                              "merged"};
  for (std::string_view t : kTypes) {
    if (t == type) return true;
  }
  return false;
}

}  // namespace zb::cases
