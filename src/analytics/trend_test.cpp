#include "analytics/trend.h"

#include <gtest/gtest.h>

#include <cmath>

namespace zb::analytics {
namespace {

TEST(TrendTest, MannKendallAndSen) {
  // Kendall's S for 1..10 is 45; var = 10·9·25/18 = 125; z = 44/sqrt(125).
  std::vector<double> rising;
  for (int i = 1; i <= 10; ++i) rising.push_back(2.0 * i);
  TrendTest t = MannKendall(rising);
  EXPECT_DOUBLE_EQ(t.s, 45);
  EXPECT_NEAR(t.z, 44 / std::sqrt(125.0), 1e-12);
  EXPECT_LT(t.p, 1e-3);
  EXPECT_DOUBLE_EQ(t.slope, 2);
  TrendTest flat = MannKendall({3, 3, 3, 3, 3, 3});
  EXPECT_EQ(flat.p, 1);
  EXPECT_EQ(MannKendall({1, 2}).p, 1);  // too short
  TrendTest falling = MannKendall({9, 7, 8, 5, 4, 4, 2, 1});
  EXPECT_LT(falling.s, 0);
  EXPECT_LT(falling.slope, 0);
}

TEST(TrendTest, SeasonalIgnoresTheSeason) {
  // A strong season with no trend: plain MK may see nothing useful, seasonal MK sees no trend.
  std::vector<double> v;
  for (int y = 0; y < 4; ++y)
    for (int m = 0; m < 12; ++m) v.push_back(m == 6 ? 50 : 5 + (m + y) % 2);
  EXPECT_GT(SeasonalMannKendall(v, 12).p, 0.05);
  // The same with a rise of 1 a year in every month.
  for (size_t i = 0; i < v.size(); ++i) v[i] += double(i / 12) * 3;
  TrendTest t = SeasonalMannKendall(v, 12);
  EXPECT_LT(t.p, 1e-4);
  EXPECT_NEAR(t.slope, 3.0 / 12, 0.1);
}

}  // namespace
}  // namespace zb::analytics
