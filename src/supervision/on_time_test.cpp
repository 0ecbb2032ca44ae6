#include "supervision/on_time.h"

#include <gtest/gtest.h>

namespace zb::supervision {
namespace {

store::CaseRecord Case(store::Id unit, const char* due, const char* closed) {
  store::CaseRecord c;
  c.lead_unit_id = unit;
  c.created_at = *ParseInstant("2026-03-01 09:00");
  c.due_at = ParseInstant(due);
  if (closed) c.closed_at = ParseInstant(closed);
  return c;
}

TEST(OnTime, CountsOnTimeEarlyOverdueAndRanksUnits) {
  Instant from = *ParseInstant("2026-03-01"), to = *ParseInstant("2026-04-01");
  std::vector<store::CaseRecord> cases = {
      Case(1, "2026-03-10 17:30", "2026-03-08 10:00"),  // early
      Case(1, "2026-03-10 17:30", "2026-03-10 16:00"),  // on time, not early
      Case(1, "2026-03-10 17:30", "2026-03-12 09:00"),  // late
      Case(2, "2026-03-10 17:30", "2026-03-09 09:00"),  // early
      Case(2, "2026-03-20 17:30", nullptr),             // open, overdue at the month's end
      Case(3, "2026-04-20 17:30", nullptr),             // open, in time
      Case(3, "2026-02-10 17:30", "2026-02-09 09:00"),  // closed before the month
  };
  OnTimeStats all = ComputeOnTime(cases, from, to);
  EXPECT_EQ(all.closed, 4);
  EXPECT_EQ(all.closed_on_time, 3);
  EXPECT_EQ(all.closed_early, 2);
  EXPECT_EQ(all.open, 2);
  EXPECT_EQ(all.overdue, 1);
  EXPECT_DOUBLE_EQ(*all.on_time_rate, 0.75);
  auto ranked = RankUnitsByOnTime(cases, from, to);
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(*ranked[0].unit_id, 2);  // 100%
  EXPECT_EQ(*ranked[1].unit_id, 1);  // 66.7%
  EXPECT_EQ(*ranked[2].unit_id, 3);  // nothing closed this month: last, rate null
  EXPECT_FALSE(ranked[2].on_time_rate);
  EXPECT_TRUE(OnTimeJson(ranked[2])["on_time_rate"].is_null());
}

}  // namespace
}  // namespace zb::supervision
