#include "analytics/ticket_features.h"

#include <gtest/gtest.h>

#include "analytics/hot_issues.h"
#include "analytics/test_support.h"

namespace zb::analytics {
namespace {

// The corpus rebuilt from the lines of another: every ticket's words, weights, places (with
// level and key), district, category, day, caller, 点赞数 and number the same.
TEST(TicketFeaturesTest, ACorpusRebuiltFromItsLinesIsTheSame) {
  const std::vector<Ticket>& tickets = testing::Attachment3();
  Corpus a = BuildCorpus(tickets, testing::SharedExtractor());
  ASSERT_GE(a.size(), 20u);
  FeatureCorpusBuilder builder;
  for (size_t i = 0; i < a.size(); ++i) {
    std::string title;
    std::string line = EncodeTicketFeatures(a, i, "标题 " + std::to_string(i));
    ASSERT_TRUE(builder.Add(line, &title)) << line;
    EXPECT_EQ(title, "标题 " + std::to_string(i));
  }
  Corpus b = builder.Finish();
  ASSERT_EQ(b.size(), a.size());
  EXPECT_EQ(b.first_day, a.first_day);
  EXPECT_EQ(b.last_day, a.last_day);
  size_t terms = 0, places = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(b.IdOf(i), a.IdOf(i));
    EXPECT_EQ(b.day_of[i], a.day_of[i]);
    EXPECT_EQ(b.caller_of[i], a.caller_of[i]);
    EXPECT_EQ(b.likes_of[i], a.likes_of[i]);
    auto name = [](const std::vector<std::string>& names, uint32_t id) {
      return id == kNoDistrict ? std::string("-") : names[id];
    };
    EXPECT_EQ(name(b.districts, b.district_of[i]), name(a.districts, a.district_of[i]));
    EXPECT_EQ(name(b.categories, b.category_of[i]), name(a.categories, a.category_of[i]));
    ASSERT_EQ(b.TermsOf(i).size(), a.TermsOf(i).size());
    for (size_t k = 0; k < a.TermsOf(i).size(); ++k) {
      EXPECT_EQ(b.terms[b.TermsOf(i)[k]], a.terms[a.TermsOf(i)[k]]);
      EXPECT_EQ(b.WeightsOf(i)[k], a.WeightsOf(i)[k]);  // bit for bit
      ++terms;
    }
    ASSERT_EQ(b.PlacesOf(i).size(), a.PlacesOf(i).size());
    for (size_t k = 0; k < a.PlacesOf(i).size(); ++k) {
      uint32_t pa = a.PlacesOf(i)[k], pb = b.PlacesOf(i)[k];
      EXPECT_EQ(b.places[pb], a.places[pa]);
      EXPECT_EQ(b.place_level[pb], a.place_level[pa]);
      EXPECT_EQ(b.place_keys[b.place_key[pb]], a.place_keys[a.place_key[pa]]);
      ++places;
    }
  }
  EXPECT_GT(terms, a.size() * 5);
  EXPECT_GT(places, a.size() / 2);
  // So the detectors see the same tickets.
  auto ha = FindHotIssues(a), hb = FindHotIssues(b);
  ASSERT_EQ(ha.size(), hb.size());
  ASSERT_FALSE(ha.empty());
  EXPECT_EQ(hb[0].title, ha[0].title);
  EXPECT_EQ(hb[0].tickets, ha[0].tickets);
}

TEST(TicketFeaturesTest, MalformedLinesAddNothing) {
  Ticket t;
  t.id = "7";
  t.caller = "13800000000";
  t.title = "魅力之城小区\x1f油烟扰民";  // a separator in the text becomes a space
  t.content = "A5区劳动东路魅力之城小区楼下餐馆油烟扰民";
  t.category = "城乡建设";
  t.day = 20000;
  t.likes = 3;
  Corpus a = BuildCorpus({t}, testing::SharedExtractor());
  std::string good = EncodeTicketFeatures(a, 0, t.title);
  FeatureCorpusBuilder builder;
  for (std::string bad : {std::string(), std::string("garbage"), good.substr(0, good.size() / 2),
                          "f2" + good.substr(2), good + "\x1f" + "extra"}) {
    std::string title = "unchanged";
    EXPECT_FALSE(builder.Add(bad, &title)) << bad;
    EXPECT_EQ(title, "unchanged");
  }
  std::string bad_weight = good;
  bad_weight.replace(bad_weight.find('\x1d') + 1, 1, "x");
  EXPECT_FALSE(builder.Add(bad_weight, nullptr));
  std::string title;
  ASSERT_TRUE(builder.Add(good, &title));
  EXPECT_EQ(title, "魅力之城小区 油烟扰民");
  Corpus b = builder.Finish();
  ASSERT_EQ(b.size(), 1u);  // only the good line
  EXPECT_EQ(b.likes_of[0], 3);
  EXPECT_EQ(b.TermsOf(0).size(), a.TermsOf(0).size());
  EXPECT_EQ(b.term_ids.size(), a.term_ids.size());  // nothing left of the bad lines
  EXPECT_EQ(b.place_ids.size(), a.place_ids.size());
}

}  // namespace
}  // namespace zb::analytics
