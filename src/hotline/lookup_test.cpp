#include "hotline/lookup.h"

#include <gtest/gtest.h>

#include "cases/test_office.h"

namespace zb::hotline {
namespace {

using cases::testing::TestOffice;

store::Id NewTicket(TestOffice& o, const std::string& title, const std::string& phone,
                    const std::string& content) {
  cases::CreateRequest cr;
  cr.kind = "hotline";
  cr.title = title;
  cr.fields = {{"caller_name", "市民"},
               {"phone", phone},
               {"channel", "phone"},
               {"request_type", "complaint"},
               {"content", content}};
  auto id = o.engine->Create(o.actor("operator"), cr);
  EXPECT_TRUE(id.ok()) << id.status().ToString();
  o.clock.Advance(std::chrono::minutes(5));
  return *id;
}

TEST(Lookup, TextSimilarity) {
  EXPECT_DOUBLE_EQ(TextSimilarity("工地夜间施工噪音", "工地夜间施工噪音"), 1.0);
  EXPECT_GT(TextSimilarity("凤凰路工地晚上施工噪音扰民", "凤凰路工地夜间施工噪音"), 0.4);
  EXPECT_LT(TextSimilarity("新生儿医保办理", "凤凰路工地夜间施工噪音"), 0.1);
  EXPECT_DOUBLE_EQ(TextSimilarity("", "噪音"), 0.0);
  EXPECT_GT(TextSimilarity("Bus 12 late", "bus 12 is always late"), 0.5);
}

TEST(Lookup, CallerHistoryMatchesTheNumberExactly) {
  TestOffice o(*ParseInstant("2026-03-02 09:00"));
  store::Id a = NewTicket(o, "路灯不亮", "138-0731-0001", "路灯坏了");
  NewTicket(o, "噪音", "13907310001", "夜间施工");  // same last digits, another number
  store::Id c = NewTicket(o, "井盖缺失", "13807310001", "井盖丢了");
  auto h = CallerHistory(*o.store, "13807310001", 10);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].id, c);  // newest first
  EXPECT_EQ((*h)[1].id, a);
  EXPECT_EQ(CallerHistory(*o.store, "12", 10).status().code(), ErrorCode::kInvalidArgument);
}

TEST(Lookup, SimilarOpenTickets) {
  TestOffice o(*ParseInstant("2026-03-02 09:00"));
  store::Id noise = NewTicket(o, "凤凰路工地夜间施工噪音", "13800000001", "每晚十一点后施工");
  NewTicket(o, "新生儿医保咨询", "13800000002", "怎么办理医保");
  store::Id closed = NewTicket(o, "凤凰路工地夜间施工噪音扰民", "13800000003", "同上");
  cases::ActionRequest answer;
  answer.case_id = closed;
  answer.action = "answer";
  answer.text = "已答复";
  ASSERT_TRUE(o.engine->Perform(o.actor("operator"), answer).ok());
  auto s = SimilarOpenTickets(*o.store, "凤凰路有工地晚上施工，噪音很大", 0.3, 5);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 1u);  // the closed one is not offered
  EXPECT_EQ((*s)[0].ticket.id, noise);
  EXPECT_TRUE(SimilarOpenTickets(*o.store, "  ", 0.3, 5)->empty());
}

}  // namespace
}  // namespace zb::hotline
