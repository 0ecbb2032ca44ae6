// PolicySet: which time limit applies to a case, from config/time_limits.toml.
//
// The file maps (kind, urgency, request_type) to a time-limit expression:
//   [hotline]
//   default = "5 working days"
//   [hotline.urgency]
//   urgent = "2 working hours"
//   [hotline.request_type]
//   inquiry = "3 working days"
// Resolve() takes the first that exists: the kind's urgency entry, its request_type entry, its
// default. Two reserved tables configure the rest: [working_hours] periods = ["08:30-12:00", ...]
// and [lights] yellow_fraction / yellow_working_minutes. docs/time-limits.md describes the file.
//
// Immutable after loading; safe to share across threads.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "calendar/light.h"
#include "calendar/time_limit.h"
#include "calendar/working_hours.h"

namespace zb::calendar {

class PolicySet {
 public:
  // Errors (bad TOML, an unknown key, a bad expression or value) name the file and the line.
  static Result<PolicySet> LoadFile(const std::filesystem::path& path);
  // `source` names the text in error messages.
  static Result<PolicySet> Parse(std::string_view toml, const std::string& source);

  // NotFound when the kind has no policy, or neither the urgency, the request type nor a default
  // matches. An empty urgency or request type is skipped.
  Result<TimeLimit> Resolve(std::string_view kind, std::string_view urgency,
                            std::string_view request_type) const;

  std::vector<std::string> kinds() const;
  const WorkingHours& working_hours() const { return working_hours_; }
  const LightPolicy& light_policy() const { return light_policy_; }

 private:
  struct KindPolicy {
    std::optional<TimeLimit> fallback;
    std::map<std::string, TimeLimit, std::less<>> by_urgency;
    std::map<std::string, TimeLimit, std::less<>> by_request_type;
  };

  std::map<std::string, KindPolicy, std::less<>> kinds_;
  WorkingHours working_hours_;
  LightPolicy light_policy_;
};

}  // namespace zb::calendar
