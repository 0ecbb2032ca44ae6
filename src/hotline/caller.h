// The caller of a hotline ticket, and who may see a confidential caller's number.
//
// A caller who asks for confidentiality (field `confidential`) is shown to the hotline office's
// own staff (they call back) and to administrators; everyone else, including the units handling
// the ticket, sees a masked name and number ("王**", "138****0001"). Tickets merged into this one
// keep their callers in `merged_callers` (merge.h), masked the same way. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cases/actor.h"

namespace zb::hotline {

struct Caller {
  int64_t case_id = 0;  // the ticket the call was registered as
  std::string name, phone;
  bool confidential = false;
};

// The unit code of the hotline office.
inline constexpr const char* kHotlineUnitCode = "office.hotline";

// "13807310001" -> "138****0001"; short numbers keep only their last two digits.
std::string MaskPhone(const std::string& phone);
// "王女士" -> "王**".
std::string MaskName(const std::string& name);

// Whether `actor` may see confidential callers: hotline operators, anyone in the hotline office
// (`hotline_unit_id`), administrators.
bool SeesConfidentialCallers(const cases::Actor& actor, int64_t hotline_unit_id);

// Every caller of a ticket: its own, then those of the tickets merged into it.
std::vector<Caller> CallersOf(int64_t case_id, const nlohmann::json& fields);

// `fields` as `viewer_sees_confidential` allows: for a confidential caller the name, number and
// email are masked; merged callers are masked one by one.
nlohmann::json MaskFields(const nlohmann::json& fields, bool viewer_sees_confidential);

nlohmann::json CallerJson(const Caller& c, bool viewer_sees_confidential);

}  // namespace zb::hotline
