#include "hotline/ticket_index.h"

#include <gtest/gtest.h>

#include "cases/test_office.h"
#include "hotline/merge.h"

namespace zb::hotline {
namespace {

using cases::testing::TestOffice;

constexpr const char* kNoise =
    "凤凰路与海陵南路交叉口的工地每天夜里十一点以后还在施工，打桩机声音很大，周边居民无法入睡";
constexpr const char* kOther = "东风小区二期的路灯坏了一个多月，晚上出行很不安全，希望尽快修好";

store::Id NewTicket(TestOffice& o, const std::string& title, const std::string& content) {
  cases::CreateRequest cr;
  cr.kind = "hotline";
  cr.title = title;
  cr.fields = {{"caller_name", "王女士"},
               {"phone", "13800000001"},
               {"channel", "phone"},
               {"request_type", "complaint"},
               {"content", content}};
  auto id = o.engine->Create(o.actor("operator"), cr);
  EXPECT_TRUE(id.ok()) << id.status().ToString();
  return *id;
}

TEST(OpenTicketIndex, FollowsTicketsAsTheyAreCreatedAndClosed) {
  TestOffice o(*ParseInstant("2026-03-02 09:00"));
  store::Id noise = NewTicket(o, "工地夜间施工噪音扰民", kNoise);
  store::Id lights = NewTicket(o, "小区路灯损坏", kOther);
  OpenTicketIndex index;
  ASSERT_TRUE(index.Sync(*o.store).ok());
  EXPECT_EQ(index.size(), 2u);
  // A repeat call in slightly different words finds the open ticket, not the other one.
  auto found = index.Find(
      "工地夜间施工噪音扰民\n凤凰路与海陵南路交叉口的工地每天夜里十一点后还在施工，打桩机声音很大，"
      "周边居民都无法入睡");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].id, static_cast<uint64_t>(noise));
  EXPECT_GT(found[0].similarity, 0.5);
  for (const auto& f : found) EXPECT_NE(f.id, static_cast<uint64_t>(lights));

  // Created in the same second as the last sync, and later: both are picked up.
  store::Id again = NewTicket(o, "又一个工地噪音", std::string(kNoise) + "，已经一个月了");
  o.clock.Advance(std::chrono::minutes(1));
  store::Id third = NewTicket(o, "路灯", std::string(kOther) + "。");
  ASSERT_TRUE(index.Sync(*o.store).ok());
  EXPECT_EQ(index.size(), 4u);
  // Merging closes the repeat: it leaves the index.
  o.clock.Advance(std::chrono::minutes(1));
  ASSERT_TRUE(MergeTickets(*o.engine, o.actor("operator"), {again, noise, "同一工地", ""}).ok());
  ASSERT_TRUE(index.Sync(*o.store).ok());
  EXPECT_EQ(index.size(), 3u);
  for (const auto& f : index.Find(kNoise)) EXPECT_NE(f.id, static_cast<uint64_t>(again));
  ASSERT_FALSE(index.Find(kOther).empty());
  (void)third;
  // A fresh index loads the same open tickets.
  OpenTicketIndex fresh;
  ASSERT_TRUE(fresh.Sync(*o.store).ok());
  EXPECT_EQ(fresh.size(), 3u);
  EXPECT_TRUE(index.Find("你好").empty());
}

}  // namespace
}  // namespace zb::hotline
