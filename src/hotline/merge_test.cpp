#include "hotline/merge.h"

#include <gtest/gtest.h>

#include "cases/test_office.h"
#include "hotline/caller.h"

namespace zb::hotline {
namespace {

using cases::testing::TestOffice;

store::Id NewTicket(TestOffice& o, const std::string& name, const std::string& phone,
                    bool confidential) {
  cases::CreateRequest cr;
  cr.kind = "hotline";
  cr.title = "凤凰路工地夜间施工噪音";
  cr.fields = {{"caller_name", name},          {"phone", phone},
               {"confidential", confidential}, {"channel", "phone"},
               {"request_type", "complaint"},  {"content", "夜间施工"}};
  return *o.engine->Create(o.actor("operator"), cr);
}

TEST(Merge, TheTargetKeepsEveryCaller) {
  TestOffice o(*ParseInstant("2026-03-02 09:00"));
  store::Id target = NewTicket(o, "王女士", "13800000001", false);
  store::Id repeat1 = NewTicket(o, "李先生", "13800000002", true);
  store::Id repeat2 = NewTicket(o, "赵先生", "13800000003", false);
  // repeat1 is merged into repeat2, then repeat2 into the target: every caller ends up there.
  auto r = MergeTickets(*o.engine, o.actor("operator"), {repeat1, repeat2, "同一工地", ""});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  r = MergeTickets(*o.engine, o.actor("operator"), {repeat2, target, "同一工地", ""});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, target);
  auto callers = CallersOf(target, r->fields);
  ASSERT_EQ(callers.size(), 3u);
  EXPECT_EQ(callers[0].name, "王女士");
  EXPECT_EQ(callers[1].case_id, repeat2);
  EXPECT_EQ(callers[2].case_id, repeat1);
  EXPECT_TRUE(callers[2].confidential);
  auto merged = *o.store->GetCase(repeat2);
  EXPECT_EQ(merged.state, "merged");
  EXPECT_EQ(merged.fields["merged_into"], target);
  EXPECT_TRUE(merged.closed_at.has_value());
  EXPECT_EQ(o.store->ListEvents(target)->back().type, "merged");
}

TEST(Merge, Refusals) {
  TestOffice o(*ParseInstant("2026-03-02 09:00"));
  store::Id a = NewTicket(o, "王女士", "13800000001", false);
  store::Id b = NewTicket(o, "李先生", "13800000002", false);
  const auto op = o.actor("operator");
  EXPECT_EQ(MergeTickets(*o.engine, op, {a, a, "", ""}).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(MergeTickets(*o.engine, op, {a, 999, "", ""}).status().code(), ErrorCode::kNotFound);
  // A unit liaison sees neither ticket.
  EXPECT_EQ(MergeTickets(*o.engine, o.actor("housing"), {a, b, "", ""}).status().code(),
            ErrorCode::kNotFound);
  ASSERT_TRUE(MergeTickets(*o.engine, op, {a, b, "", ""}).ok());
  // Merged once: neither it can be merged again nor can anything be merged into it.
  EXPECT_EQ(MergeTickets(*o.engine, op, {a, b, "", ""}).status().code(), ErrorCode::kConflict);
  store::Id c = NewTicket(o, "孙先生", "13800000004", false);
  EXPECT_EQ(MergeTickets(*o.engine, op, {c, a, "", ""}).status().code(), ErrorCode::kConflict);
  EXPECT_EQ(o.store->GetCase(c)->state, "registered");  // nothing written
}

}  // namespace
}  // namespace zb::hotline
