#include "hotline/system_user.h"

#include "hotline/caller.h"

namespace zb::hotline {

Result<store::Id> EnsureSystemUser(store::Store& store, const std::string& username,
                                   const std::string& display_name, Instant now) {
  auto existing = store.FindUserByName(username);
  if (existing.ok()) return existing->id;
  if (existing.status().code() != ErrorCode::kNotFound) return existing.status();
  store::Id unit_id = 0;
  auto unit = store.FindUnitByCode(kHotlineUnitCode);
  if (unit.ok()) {
    unit_id = unit->id;
  } else if (unit.status().code() == ErrorCode::kNotFound) {
    ZB_ASSIGN_OR_RETURN(
        unit_id, store.AddUnit({0, kHotlineUnitCode, "市长公开电话办公室", "office", {}, 0}));
  } else {
    return unit.status();
  }
  store::User u;
  u.username = username;
  u.display_name = display_name;
  u.role = "hotline_operator";
  u.unit_id = unit_id;
  u.created_at = now;
  return store.AddUser(u);
}

}  // namespace zb::hotline
