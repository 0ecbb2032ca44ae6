#include "cases/role.h"

namespace zb::cases {

const std::vector<RoleInfo>& AllRoles() {
  static const std::vector<RoleInfo> roles = {
      {"city_leader", "市领导", "City leader"},
      {"office_leader", "办公室领导", "Office leader"},
      {"section_chief", "科室负责人", "Section chief"},
      {"staff", "工作人员", "Staff"},
      {"unit_liaison", "单位联络员", "Unit liaison"},
      {"hotline_operator", "话务员", "Hotline operator"},
      {"admin", "系统管理员", "Administrator"},
  };
  return roles;
}

bool IsKnownRole(std::string_view role) {
  for (const RoleInfo& r : AllRoles()) {
    if (role == r.id) return true;
  }
  return false;
}

std::string RoleLabel(std::string_view role) {
  for (const RoleInfo& r : AllRoles()) {
    if (role == r.id) return r.label;
  }
  return std::string(role);
}

bool RoleSeesAllCases(std::string_view role) {
  return role == "city_leader" || role == "office_leader" || role == "admin";
}

}  // namespace zb::cases
