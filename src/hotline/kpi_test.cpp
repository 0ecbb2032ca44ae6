#include "hotline/kpi.h"

#include <gtest/gtest.h>

namespace zb::hotline {
namespace {

Instant At(const char* s) {
  return *ParseInstant(s);
}

// A constructed March 2026: 10 tickets registered, one merged, one in April (outside).
std::vector<TicketFacts> March() {
  std::vector<TicketFacts> v;
  auto add = [&](const char* created, const char* closed, const char* due, const char* state,
                 store::Id unit, const char* satisfaction, bool returned, bool replied) {
    TicketFacts f;
    f.id = static_cast<store::Id>(v.size() + 1);
    f.created_at = At(created);
    if (closed) f.closed_at = At(closed);
    if (due) f.due_at = At(due);
    f.state = state;
    if (unit) {
      f.lead_unit_id = unit;
      f.dispatched = true;
    }
    f.satisfaction = satisfaction;
    f.returned = returned;
    f.replied = replied;
    v.push_back(f);
  };
  // unit 1: four closed (one late), one open
  add("2026-03-02 09:00", "2026-03-03 09:00", "2026-03-05 17:30", "closed", 1, "satisfied", false,
      true);
  add("2026-03-03 09:00", "2026-03-04 09:00", "2026-03-05 17:30", "closed", 1,
      "basically_satisfied", false, true);
  add("2026-03-04 09:00", "2026-03-20 09:00", "2026-03-10 17:30", "closed", 1, "dissatisfied", true,
      true);
  add("2026-03-05 09:00", "2026-03-06 09:00", "2026-03-12 17:30", "closed", 1, "unreachable", false,
      true);
  add("2026-03-06 09:00", nullptr, "2026-03-20 17:30", "handling", 1, "", false, false);
  // unit 2: one returned and still open, one replied and not yet called back
  add("2026-03-09 09:00", nullptr, "2026-03-20 17:30", "returned", 2, "", true, false);
  add("2026-03-10 09:00", nullptr, "2026-03-20 17:30", "replied", 2, "", false, true);
  // answered directly by the operator: closed, no unit, no limit
  add("2026-03-11 09:00", "2026-03-11 09:10", nullptr, "closed", 0, "", false, false);
  add("2026-03-12 09:00", nullptr, nullptr, "registered", 0, "", false, false);
  add("2026-03-31 23:59", nullptr, nullptr, "registered", 0, "", false, false);
  add("2026-03-13 09:00", "2026-03-13 10:00", nullptr, "merged", 1, "", false, false);
  add("2026-04-01 00:00", nullptr, nullptr, "registered", 0, "", false, false);
  return v;
}

double Hours(Instant a, Instant b) {
  return std::chrono::duration<double, std::ratio<3600>>(b - a).count() / 3;  // fake calendar
}

TEST(Kpi, AConstructedMonth) {
  Kpis k = ComputeKpis(March(), At("2026-03-01"), At("2026-04-01"), std::nullopt, Hours);
  EXPECT_EQ(k.received, 10);
  EXPECT_EQ(k.merged, 1);
  EXPECT_EQ(k.closed, 5);
  EXPECT_DOUBLE_EQ(*k.close_rate, 0.5);
  EXPECT_EQ(k.closed_on_time, 4);  // the one closed on 03-20 was late
  EXPECT_DOUBLE_EQ(*k.on_time_rate, 0.8);
  EXPECT_EQ(k.replied, 5);
  EXPECT_EQ(k.called_back, 4);
  EXPECT_DOUBLE_EQ(*k.callback_rate, 0.8);
  EXPECT_EQ(k.reached, 3);  // unreachable does not count
  EXPECT_DOUBLE_EQ(*k.satisfaction_rate, 2.0 / 3.0);
  EXPECT_EQ(k.dispatched, 7);
  EXPECT_DOUBLE_EQ(*k.return_rate, 2.0 / 7.0);
  // (24 + 24 + 384 + 24 + 1/6) / 3 / 5
  EXPECT_NEAR(*k.avg_handling_hours, (456 + 1.0 / 6) / 3 / 5, 1e-9);
}

TEST(Kpi, PerUnitAndEmptyPeriods) {
  Kpis u2 = ComputeKpis(March(), At("2026-03-01"), At("2026-04-01"), 2, Hours);
  EXPECT_EQ(u2.received, 2);
  EXPECT_DOUBLE_EQ(*u2.close_rate, 0);
  EXPECT_FALSE(u2.on_time_rate.has_value());  // nothing closed: no rate, not 0
  EXPECT_FALSE(u2.satisfaction_rate.has_value());
  EXPECT_DOUBLE_EQ(*u2.return_rate, 0.5);
  Kpis none = ComputeKpis(March(), At("2025-01-01"), At("2025-02-01"), std::nullopt, Hours);
  EXPECT_EQ(none.received, 0);
  EXPECT_FALSE(none.close_rate.has_value());
  auto j = KpisJson(none);
  EXPECT_TRUE(j["close_rate"].is_null());
  EXPECT_EQ(KpisJson(u2)["return_rate"], 0.5);
}

}  // namespace
}  // namespace zb::hotline
