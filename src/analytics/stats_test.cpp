#include "analytics/stats.h"

#include <gtest/gtest.h>

#include <cmath>

namespace zb::analytics {
namespace {

TEST(StatsTest, PoissonTailMatchesDirectSums) {
  EXPECT_DOUBLE_EQ(PoissonUpperTail(0, 3), 1);
  EXPECT_NEAR(PoissonUpperTail(1, 2), 1 - std::exp(-2.0), 1e-12);
  // P(X >= 10 | 2) = 4.6498e-5 (R: ppois(9, 2, lower.tail = FALSE)).
  EXPECT_NEAR(PoissonUpperTail(10, 2) / 4.649808e-5, 1, 1e-5);
  EXPECT_GT(PoissonSurprise(500, 1), 300);  // far below double's range, still finite
  EXPECT_TRUE(std::isfinite(PoissonSurprise(500, 1)));
  EXPECT_DOUBLE_EQ(PoissonUpperTail(3, 0), 0);
}

TEST(StatsTest, NormalAndF) {
  EXPECT_NEAR(NormalUpperTail(1.959964), 0.025, 1e-6);
  // The F(11, 22) density integrated numerically from 3 upwards: 0.0136029.
  EXPECT_NEAR(FUpperTail(3, 11, 22), 0.0136029, 1e-6);
  EXPECT_DOUBLE_EQ(FUpperTail(0, 3, 4), 1);
}

}  // namespace
}  // namespace zb::analytics
