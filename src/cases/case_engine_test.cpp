#include "cases/case_engine.h"

#include <gtest/gtest.h>

#include "cases/projection.h"
#include "cases/test_office.h"
#include "store/audit.h"

namespace zb::cases {
namespace {

using testing::TestOffice;

Instant At(const char* china_time) {
  return *ParseInstant(china_time);
}

class EngineTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  EngineTest() : office_(At("2026-03-02 09:00"), testing::UsableBackend(GetParam())) {}  // Monday

  void SetUp() override {
    if (testing::UsableBackend(GetParam()) != GetParam())
      GTEST_SKIP() << "ZB_TEST_PG_URL is not set";
  }

  store::Id NewAssignment() {
    CreateRequest req;
    req.kind = "assignment";
    req.title = "研究老旧小区加装电梯推进方案";
    req.fields = {{"leader_id", office_.user("mayor")}, {"content", "请住建局牵头提出方案"}};
    auto id = office_.engine->Create(office_.actor("clerk"), req);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return *id;
  }

  Result<store::CaseRecord> Act(const std::string& who, ActionRequest req) {
    return office_.engine->Perform(office_.actor(who), req);
  }

  ActionRequest Req(store::Id id, const std::string& action) {
    ActionRequest r;
    r.case_id = id;
    r.action = action;
    return r;
  }

  TestOffice office_;
};

INSTANTIATE_TEST_SUITE_P(Backends, EngineTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         [](const auto& info) {
                           return std::string(testing::BackendLabel(info.param));
                         });

TEST_P(EngineTest, AssignmentFromRegistrationToClosure) {
  store::Id id = NewAssignment();
  auto c = office_.store->GetCase(id);
  EXPECT_EQ(c->state, "registered");
  // 立交: the registration step is due the same working day.
  EXPECT_EQ(FormatChinaMinute(*c->step_due_at), "2026-03-02 17:30");

  auto assign = Req(id, "assign");
  assign.lead_unit_id = office_.unit("dept.housing");
  assign.co_unit_ids = {office_.unit("dept.transport")};
  auto r = Act("clerk", assign);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->state, "assigned");
  // The workflow default, 5 working days from Monday 2026-03-02: the following Monday's end.
  EXPECT_EQ(FormatChinaMinute(*r->due_at), "2026-03-09 17:30");
  EXPECT_LT(*r->yellow_at, *r->due_at);

  office_.clock.Advance(std::chrono::hours(1));
  ASSERT_TRUE(Act("housing", Req(id, "accept")).ok());
  auto progress = Req(id, "progress");
  progress.text = "已完成摸底调查";
  ASSERT_TRUE(Act("housing", progress).ok());
  auto co_progress = progress;
  co_progress.text = "交通局配合意见已提交";
  ASSERT_TRUE(Act("transport", co_progress).ok());  // a co-unit reports progress
  auto reply = Req(id, "reply");
  reply.text = "方案已报送";
  reply.set_fields = {{"result", "方案已报送市政府"}};
  ASSERT_TRUE(Act("housing", reply).ok());
  auto closed = Act("chief", Req(id, "close"));
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->state, "closed");
  EXPECT_TRUE(closed->closed_at.has_value());
  EXPECT_EQ(closed->fields["result"], "方案已报送市政府");

  // The row is exactly what the history says.
  auto events = office_.store->ListEvents(id);
  ASSERT_EQ(events->size(), 7u);
  auto replayed = Replay(*events);
  ASSERT_TRUE(replayed.ok());
  auto stored = office_.store->GetCase(id);
  EXPECT_EQ(replayed->state, stored->state);
  EXPECT_EQ(replayed->due_at, stored->due_at);
  EXPECT_EQ(replayed->lead_unit_id, stored->lead_unit_id);
  EXPECT_EQ(replayed->co_unit_ids, stored->co_unit_ids);
  EXPECT_EQ(replayed->closed_at, stored->closed_at);
  EXPECT_EQ(replayed->fields, stored->fields);
  EXPECT_EQ(replayed->version, stored->version);

  // Every change also went into the audit trail, with its real actor, and the chain verifies.
  auto audit = office_.store->ListAudit(0, 100);
  ASSERT_EQ(audit->size(), 7u);
  EXPECT_EQ(audit->front().action, "case.create");
  EXPECT_EQ(audit->back().action, "case.close");
  EXPECT_EQ(audit->back().actor_id, office_.user("chief"));
  auto verified = store::VerifyAuditChain(*office_.store);
  EXPECT_FALSE(verified->first_broken.has_value());
}

TEST_P(EngineTest, RefusalsSayWhy) {
  store::Id id = NewAssignment();
  auto assign = Req(id, "assign");
  assign.lead_unit_id = office_.unit("dept.housing");
  // A department cannot assign.
  auto r = Act("housing", assign);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound);  // it cannot even see the case yet
  // An operator in the office has the wrong role.
  r = Act("operator", assign);
  EXPECT_EQ(r.status().code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(r.status().message().find("话务员"), std::string::npos);
  // Accepting before assignment: wrong state.
  r = Act("clerk", Req(id, "accept"));
  EXPECT_EQ(r.status().code(), ErrorCode::kConflict);
  // No such action.
  EXPECT_EQ(Act("clerk", Req(id, "teleport")).status().code(), ErrorCode::kInvalidArgument);
  // Unknown unit.
  assign.lead_unit_id = 9999;
  EXPECT_EQ(Act("clerk", assign).status().code(), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(Act("clerk",
                  [&] {
                    auto a = Req(id, "assign");
                    a.lead_unit_id = office_.unit("dept.housing");
                    return a;
                  }())
                  .ok());
  // Another department may not accept the housing bureau's case (and cannot see it).
  EXPECT_EQ(Act("transport", Req(id, "accept")).status().code(), ErrorCode::kNotFound);
  // Returning needs a reason.
  r = Act("housing", Req(id, "return"));
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("理由"), std::string::npos);
  // Nothing was written by the refusals.
  EXPECT_EQ(office_.store->ListEvents(id)->size(), 2u);
}

TEST_P(EngineTest, MissingRequiredFieldAndBadValues) {
  CreateRequest req;
  req.kind = "assignment";
  req.title = "无内容";
  req.fields = {{"leader_id", office_.user("mayor")}};
  auto r = office_.engine->Create(office_.actor("clerk"), req);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("交办内容"), std::string::npos);
  req.fields["content"] = "x";
  req.fields["source"] = "托梦交办";
  EXPECT_FALSE(office_.engine->Create(office_.actor("clerk"), req).ok());
  req.fields.erase("source");
  req.fields["unknown"] = 1;
  EXPECT_FALSE(office_.engine->Create(office_.actor("clerk"), req).ok());
  req.fields.erase("unknown");
  req.fields["leader_id"] = 424242;
  EXPECT_FALSE(office_.engine->Create(office_.actor("clerk"), req).ok());
  req.fields["leader_id"] = office_.user("mayor");
  req.title = "   ";
  EXPECT_FALSE(office_.engine->Create(office_.actor("clerk"), req).ok());
  req.title = "ok";
  req.kind = "nonsense";
  EXPECT_FALSE(office_.engine->Create(office_.actor("clerk"), req).ok());
  // Departments do not register leader-assigned matters.
  req.kind = "assignment";
  EXPECT_EQ(office_.engine->Create(office_.actor("housing"), req).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(*office_.store->CountCases(), 0);
}

TEST_P(EngineTest, LeaderDecisionsOnlyByTheLeaderOrADelegate) {
  store::Id id = NewAssignment();
  auto instruct = Req(id, "instruct");
  instruct.text = "请抓紧办理，月底前报结果";
  // The office leader is not the case's leader and holds no delegation.
  auto r = Act("secgen", instruct);
  EXPECT_EQ(r.status().code(), ErrorCode::kPermissionDenied);
  // The mayor's secretary holds the mayor's delegation: the event names both.
  r = Act("secretary", instruct);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto events = office_.store->ListEvents(id);
  const store::EventRecord& e = events->back();
  EXPECT_EQ(e.type, "instructed");
  EXPECT_EQ(e.actor_id, office_.user("secretary"));
  EXPECT_EQ(e.on_behalf_of, office_.user("mayor"));
  auto audit = office_.store->ListAudit(0, 100);
  EXPECT_EQ(audit->back().actor_id, office_.user("secretary"));
  EXPECT_EQ(audit->back().on_behalf_of, office_.user("mayor"));
  // The mayor acts in person: no on_behalf_of.
  ASSERT_TRUE(Act("mayor", instruct).ok());
  EXPECT_FALSE(office_.store->ListEvents(id)->back().on_behalf_of.has_value());
  // Claiming to act for someone without a delegation is refused.
  auto forged = Req(id, "comment");
  forged.text = "x";
  forged.on_behalf_of = office_.user("mayor");
  EXPECT_EQ(Act("clerk", forged).status().code(), ErrorCode::kPermissionDenied);
  // A revoked delegation no longer works.
  auto delegations = office_.store->ListDelegations();
  ASSERT_TRUE(office_.store->RevokeDelegation(delegations->front().id, office_.clock.Now()).ok());
  EXPECT_EQ(Act("secretary", instruct).status().code(), ErrorCode::kPermissionDenied);
}

TEST_P(EngineTest, ExtensionMovesTheDeadline) {
  store::Id id = NewAssignment();
  auto assign = Req(id, "assign");
  assign.lead_unit_id = office_.unit("dept.housing");
  assign.time_limit = "3 working days";
  auto assigned = Act("clerk", assign);
  ASSERT_TRUE(assigned.ok());
  EXPECT_EQ(FormatChinaMinute(*assigned->due_at), "2026-03-05 17:30");
  ASSERT_TRUE(Act("housing", Req(id, "accept")).ok());
  // Approving with nothing pending is refused, and not offered.
  EXPECT_EQ(Act("secgen", Req(id, "approve_extension")).status().code(), ErrorCode::kConflict);
  auto ext = Req(id, "request_extension");
  ext.reason = "需征求多个部门意见";
  ext.due_at = At("2026-03-13 17:30");
  ASSERT_TRUE(Act("housing", ext).ok());
  EXPECT_EQ(Act("housing", ext).status().code(), ErrorCode::kConflict);  // one at a time
  // The unit cannot approve its own extension.
  EXPECT_EQ(Act("housing", Req(id, "approve_extension")).status().code(),
            ErrorCode::kPermissionDenied);
  auto approved = Act("secgen", Req(id, "approve_extension"));
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(FormatChinaMinute(*approved->due_at), "2026-03-13 17:30");
  EXPECT_FALSE(approved->fields.contains(kPendingExtensionField));
}

TEST_P(EngineTest, AvailableActionsFollowRoleScopeAndState) {
  store::Id id = NewAssignment();
  auto names = [&](const std::string& who) {
    auto c = office_.store->GetCase(id);
    std::vector<std::string> out;
    for (auto& a : office_.engine->AvailableActions(office_.actor(who), *c))
      out.push_back(a.action);
    return out;
  };
  EXPECT_EQ(names("clerk"), (std::vector<std::string>{"assign", "urge", "comment"}));
  EXPECT_EQ(names("mayor"), (std::vector<std::string>{"instruct", "comment"}));
  auto secretary =
      office_.engine->AvailableActions(office_.actor("secretary"), *office_.store->GetCase(id));
  ASSERT_FALSE(secretary.empty());
  bool instruct_delegated = false;
  for (auto& a : secretary) {
    if (a.action == "instruct") instruct_delegated = a.on_behalf_of == office_.user("mayor");
  }
  EXPECT_TRUE(instruct_delegated);
  auto assign = Req(id, "assign");
  assign.lead_unit_id = office_.unit("dept.housing");
  ASSERT_TRUE(Act("clerk", assign).ok());
  EXPECT_EQ(names("housing"),
            (std::vector<std::string>{"accept", "return", "request_extension", "comment"}));
  EXPECT_TRUE(names("transport").empty() ||
              names("transport") == std::vector<std::string>{"comment"});
}

TEST_P(EngineTest, AYearWithoutHolidayDataIsFlagged) {
  office_.clock.Set(*ParseInstant("2026-12-28 09:00"));
  store::Id id = NewAssignment();
  auto assign = Req(id, "assign");
  assign.lead_unit_id = office_.unit("dept.housing");
  assign.time_limit = "10 working days";
  ASSERT_TRUE(Act("clerk", assign).ok());
  auto e = office_.store->ListEvents(id)->back();
  ASSERT_TRUE(e.data.contains("calendar_warning"));
  EXPECT_NE(e.data["calendar_warning"].get<std::string>().find("2027"), std::string::npos);
  // The case itself carries the warning while that limit stands.
  EXPECT_TRUE(office_.store->GetCase(id)->fields.contains(kCalendarWarningField));
  // Within known years there is no warning.
  office_.clock.Set(*ParseInstant("2026-03-02 09:00"));
  store::Id known = NewAssignment();
  auto assign2 = Req(known, "assign");
  assign2.lead_unit_id = office_.unit("dept.housing");
  ASSERT_TRUE(Act("clerk", assign2).ok());
  EXPECT_FALSE(office_.store->ListEvents(known)->back().data.contains("calendar_warning"));
  EXPECT_FALSE(office_.store->GetCase(known)->fields.contains(kCalendarWarningField));
}

TEST_P(EngineTest, StaleVersionIsAConflict) {
  store::Id id = NewAssignment();
  auto c = *office_.store->GetCase(id);
  auto comment = Req(id, "comment");
  comment.text = "first";
  comment.expected_version = c.version;
  ASSERT_TRUE(Act("clerk", comment).ok());
  comment.text = "second, from a stale screen";
  EXPECT_EQ(Act("clerk", comment).status().code(), ErrorCode::kConflict);
}

}  // namespace
}  // namespace zb::cases
