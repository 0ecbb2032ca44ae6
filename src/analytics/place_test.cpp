#include "analytics/place.h"

#include <gtest/gtest.h>

namespace zb::analytics {
namespace {

std::vector<std::string> Names(std::string_view text) {
  std::vector<std::string> names;
  for (const Place& p : ExtractPlaces(text)) names.push_back(p.name);
  return names;
}

TEST(PlaceTest, SplitsAChainOfPlaces) {
  auto places = ExtractPlaces("A5区劳动东路魅力之城小区临街门面烧烤夜宵摊");
  ASSERT_EQ(places.size(), 3u);
  EXPECT_EQ(places[0].name, "A5区");
  EXPECT_EQ(places[0].level, PlaceLevel::kDistrict);
  EXPECT_EQ(places[1].name, "劳动东路");
  EXPECT_EQ(places[1].level, PlaceLevel::kRoad);
  EXPECT_EQ(places[2].name, "魅力之城小区");
  EXPECT_EQ(places[2].level, PlaceLevel::kSite);
}

TEST(PlaceTest, KeysJoinSpellingsOfOnePlace) {
  auto a = ExtractPlaces("万科魅力之城小区底层门店深夜经营");
  auto b = ExtractPlaces("魅力之城小区临街门面油烟直排扰民");
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(b.empty());
  EXPECT_EQ(a.back().key, b.back().key);
}

TEST(PlaceTest, IgnoresWordsThatOnlyLookLikePlaces) {
  EXPECT_EQ(Names("我们小区门口积水"), std::vector<std::string>{});
  EXPECT_EQ(Names("老旧小区加装电梯"), std::vector<std::string>{});
  EXPECT_EQ(Names("超市的市民在城区"), std::vector<std::string>{});
  EXPECT_EQ(Names("K8县丁字街的商户乱摆摊"), (std::vector<std::string>{"K8县", "丁字街"}));
  EXPECT_EQ(Names("住在海陵区凤凰街道"), (std::vector<std::string>{"海陵区", "凤凰街道"}));
}

TEST(PlaceTest, AnyBytes) {
  EXPECT_TRUE(ExtractPlaces("").empty());
  EXPECT_TRUE(ExtractPlaces("\xff\xfe小区\x80路").empty());
  EXPECT_EQ(Names("\xff魅力之城小区").size(), 1u);
}

}  // namespace
}  // namespace zb::analytics
