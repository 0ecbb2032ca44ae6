// How a closed case ended against its time limit. One rule for the whole office: the case list's
// tag, the hotline's 按时办结率 and the supervision's on-time rate.
#pragma once

#include <optional>

#include "base/time.h"

namespace zb::cases {

enum class Closure {
  kOnTime,   // closed by its time limit (the instant itself included)
  kLate,     // closed after it
  kNoLimit,  // closed, never having had one
};

Closure ClosureOf(Instant closed_at, const std::optional<Instant>& due_at);

// Rates count a case closed without a time limit as closed on time: nothing was late.
inline bool CountsOnTime(Closure c) {
  return c != Closure::kLate;
}

// "on_time", "late" or "closed" (the API's and the web's name).
const char* ClosureName(Closure c);

}  // namespace zb::cases
