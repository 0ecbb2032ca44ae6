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

}  // namespace
}  // namespace zb::hotline
