#include "cases/actor.h"

#include <algorithm>

namespace zb::cases {

bool Actor::InUnit(store::Id unit) const {
  return std::find(unit_ids.begin(), unit_ids.end(), unit) != unit_ids.end();
}

}  // namespace zb::cases
