#include "supervision/on_time.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "cases/closure.h"

namespace zb::supervision {

namespace {

std::optional<double> Rate(int num, int den) {
  if (den == 0) return std::nullopt;
  return std::round(1000.0 * num / den) / 1000.0;
}

}  // namespace

OnTimeStats ComputeOnTime(const std::vector<store::CaseRecord>& cases, Instant from, Instant to,
                          std::optional<store::Id> unit) {
  OnTimeStats s;
  s.unit_id = unit;
  for (const store::CaseRecord& c : cases) {
    if (unit && c.lead_unit_id != unit) continue;
    if (c.closed_at && *c.closed_at < to) {
      if (*c.closed_at < from) continue;
      ++s.closed;
      if (cases::CountsOnTime(cases::ClosureOf(*c.closed_at, c.due_at))) ++s.closed_on_time;
      if (c.due_at && ChinaDate(*c.closed_at) < ChinaDate(*c.due_at)) ++s.closed_early;
    } else if (c.created_at < to) {
      ++s.open;
      if (c.due_at && *c.due_at < to) ++s.overdue;
    }
  }
  s.on_time_rate = Rate(s.closed_on_time, s.closed);
  s.early_rate = Rate(s.closed_early, s.closed);
  return s;
}

std::vector<OnTimeStats> RankUnitsByOnTime(const std::vector<store::CaseRecord>& cases,
                                           Instant from, Instant to) {
  std::map<store::Id, std::vector<store::CaseRecord>> by_unit;
  for (const auto& c : cases) {
    if (c.lead_unit_id) by_unit[*c.lead_unit_id].push_back(c);
  }
  std::vector<OnTimeStats> out;
  for (const auto& [unit, list] : by_unit) {
    OnTimeStats s = ComputeOnTime(list, from, to, unit);
    if (s.closed + s.open > 0) out.push_back(s);
  }
  std::stable_sort(out.begin(), out.end(), [](const OnTimeStats& a, const OnTimeStats& b) {
    double ra = a.on_time_rate.value_or(-1), rb = b.on_time_rate.value_or(-1);
    if (ra != rb) return ra > rb;
    if (a.closed != b.closed) return a.closed > b.closed;
    return *a.unit_id < *b.unit_id;
  });
  return out;
}

nlohmann::json OnTimeJson(const OnTimeStats& s) {
  auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nullptr; };
  return {{"unit_id", s.unit_id ? nlohmann::json(*s.unit_id) : nullptr},
          {"closed", s.closed},
          {"closed_on_time", s.closed_on_time},
          {"closed_early", s.closed_early},
          {"open", s.open},
          {"overdue", s.overdue},
          {"on_time_rate", opt(s.on_time_rate)},
          {"early_rate", opt(s.early_rate)}};
}

}  // namespace zb::supervision
