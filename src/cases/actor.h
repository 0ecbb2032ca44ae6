// Who is acting: a user with their units. Built by CaseEngine::LoadActor from the store.
#pragma once

#include <vector>

#include "store/records.h"

namespace zb::cases {

struct Actor {
  store::User user;
  std::vector<store::Id> unit_ids;  // primary unit first, then memberships
  bool in_office = false;           // works in the general office (or the leadership): supervises
  bool sees_all = false;            // may see every case

  bool InUnit(store::Id unit) const;
};

}  // namespace zb::cases
