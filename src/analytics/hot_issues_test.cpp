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
