#include "cases/closure.h"

namespace zb::cases {

Closure ClosureOf(Instant closed_at, const std::optional<Instant>& due_at) {
  if (!due_at) return Closure::kNoLimit;
  return closed_at <= *due_at ? Closure::kOnTime : Closure::kLate;
}

const char* ClosureName(Closure c) {
  switch (c) {
    case Closure::kOnTime:
      return "on_time";
    case Closure::kLate:
      return "late";
    case Closure::kNoLimit:
      return "closed";
  }
  return "closed";
}

}  // namespace zb::cases
