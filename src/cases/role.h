// The roles a user can have. A user has exactly one role; what it allows is decided by each
// workflow transition (`roles`) and by visibility rules (CanSeeAllCases).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zb::cases {

struct RoleInfo {
  const char* id;        // "city_leader"
  const char* label;     // 市领导
  const char* label_en;  // City leader
};

const std::vector<RoleInfo>& AllRoles();
bool IsKnownRole(std::string_view role);
// The role's Chinese label, or the id itself when unknown.
std::string RoleLabel(std::string_view role);
// City leaders, office leaders and admins see every case; other roles see the cases their units
// are involved in (staff of the office's own sections see all, see Actor::sees_all).
bool RoleSeesAllCases(std::string_view role);

}  // namespace zb::cases
