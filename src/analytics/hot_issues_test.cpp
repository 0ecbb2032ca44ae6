#include "analytics/hot_issues.h"

#include <gtest/gtest.h>

#include <set>

#include "analytics/test_support.h"

namespace zb::analytics {
namespace {

std::set<std::string> Ids(const Corpus& c, const HotIssue& h) {
  std::set<std::string> ids;
  for (size_t i : h.tickets) ids.insert(std::string(c.IdOf(i)));
  return ids;
}

TEST(HotIssuesTest, Attachment3MeiLiZhiChengIsTheHottest) {
  Corpus c = BuildCorpus(testing::Attachment3(), testing::SharedExtractor());
  auto issues = FindHotIssues(c);
  ASSERT_FALSE(issues.empty());
  const HotIssue& top = issues[0];
  EXPECT_NE(top.title.find("魅力之城"), std::string::npos) << top.title;
  std::set<std::string> ids = Ids(c, top);
  // The messages about the shops under 魅力之城 (smoke, noise) in Jul–Sep 2019. 360107 and
  // 360108, one caller's long letter about 柴火 and 灶台, share fewer than two top terms with the
  // others and stay apart.
  for (const char* id :
       {"360100", "360101", "360102", "360103", "360104", "360105", "360106", "360109"})
    EXPECT_TRUE(ids.count(id)) << id << " missing from " << top.title;
  for (const HotIssue& h : issues)
    for (const std::string& id : Ids(c, h)) EXPECT_NE(id, "336608");  // unrelated matter
}

// Four callers at one place on one day whose tickets share exactly two terms, with ids 3 and
// 67: the same bit of the 64-bit term signature. The prefilter must not take them for one shared
// term and lose the group.
TEST(HotIssuesTest, TermsOnTheSameSignatureBitStillCount) {
  Corpus c;
  for (int t = 0; t < 100; ++t) c.terms.push_back("词" + std::to_string(t));
  c.places = {"春华小区"};
  c.place_key = {0};
  c.place_level = {PlaceLevel::kSite};
  c.place_keys = {"春华小区"};
  c.districts = {"海陵区"};
  c.categories = {"城乡建设"};
  c.term_offsets = {0};
  c.place_offsets = {0};
  for (uint32_t i = 0; i < 4; ++i) {
    for (uint32_t t : {3u, 10u + i, 67u}) {  // sorted: the two shared terms and one of its own
      c.term_ids.push_back(t);
      c.term_weights.push_back(1.0f);
    }
    c.term_offsets.push_back(uint32_t(c.term_ids.size()));
    c.place_ids.push_back(0);
    c.place_offsets.push_back(uint32_t(c.place_ids.size()));
    c.district_of.push_back(0);
    c.category_of.push_back(0);
    c.day_of.push_back(20000);
    c.caller_of.push_back(1000 + i);
    c.likes_of.push_back(0);
    c.id_chars += std::to_string(i + 1);
    c.id_ends.push_back(c.id_chars.size());
  }
  c.first_day = c.last_day = 20000;
  auto issues = FindHotIssues(c);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].tickets.size(), 4u);
  EXPECT_EQ(issues[0].callers, 4u);
  // One shared term is not enough: the same tickets without term 67 form no group.
  for (uint32_t& t : c.term_ids) {
    if (t == 67) t = 70 + uint32_t(&t - c.term_ids.data());
  }
  EXPECT_TRUE(FindHotIssues(c).empty());
}

TEST(HotIssuesTest, BadInput) {
  std::vector<Ticket> none;
  Corpus empty = BuildCorpus(none, testing::SharedExtractor());
  EXPECT_TRUE(FindHotIssues(empty).empty());
  Ticket ticket;
  ticket.id = "1";
  ticket.caller = "a";
  ticket.title = "魅力之城小区油烟扰民";
  std::vector<Ticket> one = {ticket};
  Corpus single = BuildCorpus(one, testing::SharedExtractor());
  EXPECT_TRUE(FindHotIssues(single).empty());
  // One caller repeating the same message is not a hot issue.
  std::vector<Ticket> same(5, one[0]);
  Corpus repeated = BuildCorpus(same, testing::SharedExtractor());
  EXPECT_TRUE(FindHotIssues(repeated).empty());
}

}  // namespace
}  // namespace zb::analytics
