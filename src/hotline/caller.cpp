#include "hotline/caller.h"

namespace zb::hotline {

namespace {

// Splits UTF-8 into code points.
std::vector<std::string> CodePoints(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

std::string MaskPhone(const std::string& phone) {
  if (phone.empty()) return phone;
  if (phone.size() >= 11) {
    return phone.substr(0, 3) + std::string(phone.size() - 7, '*') + phone.substr(phone.size() - 4);
  }
  if (phone.size() <= 2) return std::string(phone.size(), '*');
  return std::string(phone.size() - 2, '*') + phone.substr(phone.size() - 2);
}

std::string MaskName(const std::string& name) {
  auto cps = CodePoints(name);
  if (cps.empty()) return name;
  return cps[0] + "**";
}

bool SeesConfidentialCallers(const cases::Actor& actor, int64_t hotline_unit_id) {
  return actor.user.role == "hotline_operator" || actor.user.role == "admin" ||
         (hotline_unit_id != 0 && actor.InUnit(hotline_unit_id));
}

std::vector<Caller> CallersOf(int64_t case_id, const nlohmann::json& fields) {
  std::vector<Caller> out;
  Caller own;
  own.case_id = case_id;
  own.name = fields.value("caller_name", "");
  own.phone = fields.value("phone", "");
  own.confidential = fields.value("confidential", false);
  out.push_back(own);
  auto merged = nlohmann::json::parse(fields.value("merged_callers", "[]"), nullptr, false);
  if (merged.is_array()) {
    for (const auto& m : merged) {
      if (!m.is_object()) continue;
      Caller c;
      c.case_id = m.value("case_id", int64_t{0});
      c.name = m.value("name", "");
      c.phone = m.value("phone", "");
      c.confidential = m.value("confidential", false);
      out.push_back(c);
    }
  }
  return out;
}

nlohmann::json CallerJson(const Caller& c, bool sees) {
  bool mask = c.confidential && !sees;
  return {{"case_id", c.case_id},
          {"name", mask ? MaskName(c.name) : c.name},
          {"phone", mask ? MaskPhone(c.phone) : c.phone},
          {"confidential", c.confidential}};
}

nlohmann::json MaskFields(const nlohmann::json& fields, bool sees) {
  if (sees || !fields.is_object()) return fields;
  nlohmann::json out = fields;
  if (fields.value("confidential", false)) {
    if (out.contains("caller_name")) out["caller_name"] = MaskName(fields.value("caller_name", ""));
    if (out.contains("phone")) out["phone"] = MaskPhone(fields.value("phone", ""));
    if (out.contains("email")) out["email"] = "***";
  }
  if (out.contains("merged_callers")) {
    nlohmann::json list = nlohmann::json::array();
    auto callers = CallersOf(0, fields);
    for (size_t i = 1; i < callers.size(); ++i) list.push_back(CallerJson(callers[i], false));
    out["merged_callers"] = list.dump();
  }
  return out;
}

}  // namespace zb::hotline
