#include "supervision/instruction.h"

#include <gtest/gtest.h>

#include "cases/test_office.h"

namespace zb::supervision {
namespace {

using cases::testing::TestOffice;

store::Id InstructedCase(TestOffice& o) {
  cases::CreateRequest cr;
  cr.kind = "instruction";
  cr.title = "春季安全生产大检查";
  cr.fields = {{"leader_id", o.user("mayor")}, {"source", "公文"}, {"matter", "开展大检查"}};
  store::Id id = *o.engine->Create(o.actor("clerk"), cr);
  cases::ActionRequest ins;
  ins.case_id = id;
  ins.action = "instruct";
  ins.set_fields = {{"instruction", "住建、交通按职责抓好落实"}};
  EXPECT_TRUE(o.engine->Perform(o.actor("secretary"), ins).ok());
  return id;
}

TEST(Instruction, SplitCreatesAssignedPartsAndRollsThemUp) {
  TestOffice o(*ParseInstant("2026-03-02 09:00"));
  store::Id parent = InstructedCase(o);
  SplitRequest req;
  req.parent_id = parent;
  req.unit_ids = {o.unit("dept.housing"), o.unit("dept.transport")};
  req.time_limit = "5 working days";
  auto ids = SplitInstruction(*o.engine, o.actor("clerk"), req);
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  ASSERT_EQ(ids->size(), 2u);
  auto p = *o.store->GetCase(parent);
  EXPECT_EQ(p.state, "split");
  auto part = *o.store->GetCase((*ids)[0]);
  EXPECT_EQ(part.state, "assigned");
  EXPECT_EQ(part.fields["parent_id"], parent);
  EXPECT_EQ(part.fields["instruction"], "住建、交通按职责抓好落实");
  EXPECT_EQ(FormatChinaMinute(*part.due_at), "2026-03-09 17:30");
  // The housing bureau sees its part only.
  EXPECT_TRUE(o.engine->CanSee(o.actor("housing"), part));
  EXPECT_FALSE(o.engine->CanSee(o.actor("transport"), part));

  auto act = [&](const std::string& who, store::Id id, const std::string& action,
                 const std::string& text = "") {
    cases::ActionRequest r;
    r.case_id = id;
    r.action = action;
    r.text = text;
    auto res = o.engine->Perform(o.actor(who), r);
    EXPECT_TRUE(res.ok()) << action << ": " << res.status().ToString();
  };
  act("housing", (*ids)[0], "accept");
  act("housing", (*ids)[0], "reply", "检查工地42个");
  act("clerk", (*ids)[0], "close_part");
  o.clock.Advance(std::chrono::hours(24 * 10));
  auto r = RollUpInstruction(*o.store, parent, o.clock.Now());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 2);
  EXPECT_EQ(r->closed, 1);
  EXPECT_EQ(r->open, 1);
  EXPECT_EQ(r->overdue, 1);  // transport's part is past 03-09
  EXPECT_FALSE(r->all_closed);
  EXPECT_EQ(RollUpJson(*r)["parts"].size(), 2u);
}

TEST(Instruction, SplitRefusalsWriteNothing) {
  TestOffice o(*ParseInstant("2026-03-02 09:00"));
  store::Id parent = InstructedCase(o);
  int64_t before = *o.store->CountCases();
  SplitRequest req;
  req.parent_id = parent;
  req.unit_ids = {o.unit("dept.housing"), o.unit("dept.housing")};
  EXPECT_EQ(SplitInstruction(*o.engine, o.actor("clerk"), req).status().code(),
            ErrorCode::kInvalidArgument);
  req.unit_ids = {o.unit("dept.housing"), 999};
  EXPECT_FALSE(SplitInstruction(*o.engine, o.actor("clerk"), req).ok());
  req.unit_ids = {o.unit("dept.housing")};
  EXPECT_EQ(SplitInstruction(*o.engine, o.actor("housing"), req).status().code(),
            ErrorCode::kNotFound);  // a unit does not see the parent
  EXPECT_EQ(*o.store->CountCases(), before);
  EXPECT_EQ(o.store->GetCase(parent)->state, "instructed");
  ASSERT_TRUE(SplitInstruction(*o.engine, o.actor("clerk"), req).ok());
  // Split once: the parent is no longer waiting to be assigned.
  EXPECT_EQ(SplitInstruction(*o.engine, o.actor("clerk"), req).status().code(),
            ErrorCode::kConflict);
}

// The parts and the parent's change are one transaction: a parent that changes between the
// split's planning and its writing refuses the split, and no part is left behind to duplicate.
TEST(Instruction, SplitOfAParentChangedMeanwhileWritesNothing) {
  TestOffice o(*ParseInstant("2026-03-02 09:00"));
  store::Id parent = InstructedCase(o);
  int64_t cases_before = *o.store->CountCases();
  size_t audit_before = o.store->ListAudit(0, 10000)->size();
  SplitRequest req;
  req.parent_id = parent;
  req.unit_ids = {o.unit("dept.housing"), o.unit("dept.transport")};
  auto plan = PlanSplitInstruction(*o.engine, o.actor("clerk"), req);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->parts.size(), 2u);
  EXPECT_EQ(*o.store->CountCases(), cases_before);  // planning writes nothing

  // Meanwhile the leader adds a further instruction to the parent.
  cases::ActionRequest more;
  more.case_id = parent;
  more.action = "instruct";
  more.text = "交通局牵头";
  ASSERT_TRUE(o.engine->Perform(o.actor("secretary"), more).ok());
  size_t events_before = o.store->ListEvents(parent)->size();
  audit_before = o.store->ListAudit(0, 10000)->size();

  auto written = WriteSplit(*o.store, *plan);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(*o.store->CountCases(), cases_before);
  EXPECT_EQ(o.store->ListEvents(parent)->size(), events_before);
  EXPECT_EQ(o.store->ListAudit(0, 10000)->size(), audit_before);
  EXPECT_EQ(o.store->GetCase(parent)->state, "instructed");
  EXPECT_EQ(RollUpInstruction(*o.store, parent, o.clock.Now())->total, 0);

  // Split again from the parent as it is now: exactly one part per unit.
  auto ids = SplitInstruction(*o.engine, o.actor("clerk"), req);
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  EXPECT_EQ(*o.store->CountCases(), cases_before + 2);
  EXPECT_EQ(RollUpInstruction(*o.store, parent, o.clock.Now())->total, 2);
  auto events = *o.store->ListEvents(parent);
  EXPECT_EQ(events.back().data["part_ids"], nlohmann::json(*ids));
  auto audit = *o.store->ListAudit(0, 10000);
  ASSERT_EQ(audit.size(), audit_before + 3);  // two parts created, the parent split
  EXPECT_EQ(audit.back().action, "case.split");
  EXPECT_EQ(audit.back().actor_id, o.user("clerk"));
  EXPECT_EQ(audit.back().detail["part_ids"], nlohmann::json(*ids));
}

store::Id RegisteredProposal(TestOffice& o) {
  cases::CreateRequest cr;
  cr.kind = "cppcc_proposal";
  cr.title = "关于老旧小区改造的提案";
  cr.fields = {{"session", "市政协十六届四次会议"},
               {"number", "第12号"},
               {"author", "李梅"},
               {"content", "建议同步解决加装电梯和道路拥堵"}};
  return *o.engine->Create(o.actor("clerk"), cr);
}

TEST(Proposal, SplitGivesEachUnitItsPartAndEachPartItsOwnReply) {
  TestOffice o(*ParseInstant("2026-03-02 09:00"));
  store::Id parent = RegisteredProposal(o);
  SplitRequest req;
  req.parent_id = parent;
  req.unit_ids = {o.unit("dept.housing"), o.unit("dept.transport")};
  auto ids = SplitProposal(*o.engine, o.actor("clerk"), req);
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  ASSERT_EQ(ids->size(), 2u);
  EXPECT_EQ(o.store->GetCase(parent)->state, "split");
  EXPECT_EQ(o.store->ListEvents(parent)->back().data["part_ids"], nlohmann::json(*ids));
  for (store::Id id : *ids) {
    auto part = *o.store->GetCase(id);
    EXPECT_EQ(part.kind, "cppcc_proposal");
    EXPECT_EQ(part.state, "assigned");
    EXPECT_EQ(part.fields["parent_id"], parent);
    EXPECT_EQ(part.fields["author"], "李梅");
    EXPECT_EQ(part.fields["number"], "第12号");
    EXPECT_EQ(FormatChinaMinute(*part.due_at), "2026-06-02 17:30");  // 3 months, the policy's
  }
  auto housing = *o.store->GetCase((*ids)[0]);
  EXPECT_EQ(housing.title,
            "关于老旧小区改造的提案（" + o.store->GetUnit(o.unit("dept.housing"))->name + "）");
  EXPECT_TRUE(o.engine->CanSee(o.actor("housing"), housing));
  EXPECT_FALSE(o.engine->CanSee(o.actor("transport"), housing));

  // Each part is answered, and the author gives a view on each answer.
  auto act = [&](const std::string& who, store::Id id, const std::string& action,
                 nlohmann::json fields = nlohmann::json::object(), std::string text = "") {
    cases::ActionRequest r;
    r.case_id = id;
    r.action = action;
    r.text = std::move(text);
    r.set_fields = std::move(fields);
    auto res = o.engine->Perform(o.actor(who), r);
    EXPECT_TRUE(res.ok()) << action << ": " << res.status().ToString();
  };
  act("housing", (*ids)[0], "accept");
  act("housing", (*ids)[0], "reply", {{"answer_class", "A"}}, "已完成加装电梯12部");
  act("clerk", (*ids)[0], "satisfied", {{"satisfaction_from", "李梅"}});
  auto r = RollUpParts(*o.store, "cppcc_proposal", parent, o.clock.Now());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 2);
  EXPECT_EQ(r->closed, 1);
  EXPECT_FALSE(r->all_closed);
  act("transport", (*ids)[1], "accept");
  act("transport", (*ids)[1], "reply", {{"answer_class", "B"}}, "正在实施道路微循环改造");
  act("clerk", (*ids)[1], "basically_satisfied", {{"satisfaction_from", "李梅"}});
  EXPECT_TRUE(RollUpParts(*o.store, "cppcc_proposal", parent, o.clock.Now())->all_closed);
  EXPECT_EQ(o.store->GetCase((*ids)[0])->fields["satisfaction"], "satisfied");
  EXPECT_EQ(o.store->GetCase((*ids)[1])->fields["answer_class"], "B");
}

TEST(Proposal, SplitRefusalsWriteNothing) {
  TestOffice o(*ParseInstant("2026-03-02 09:00"));
  store::Id parent = RegisteredProposal(o);
  store::Id instruction = InstructedCase(o);
  int64_t before = *o.store->CountCases();
  SplitRequest req;
  req.parent_id = parent;
  auto code = [&](const char* who) {
    return SplitProposal(*o.engine, o.actor(who), req).status().code();
  };
  EXPECT_EQ(code("clerk"), ErrorCode::kInvalidArgument);  // no units
  req.unit_ids = {o.unit("dept.housing"), o.unit("dept.housing")};
  EXPECT_EQ(code("clerk"), ErrorCode::kInvalidArgument);
  req.unit_ids = {o.unit("dept.housing"), 999};
  EXPECT_EQ(code("clerk"), ErrorCode::kInvalidArgument);
  req.unit_ids = {o.unit("dept.housing"), o.unit("dept.transport")};
  EXPECT_EQ(code("housing"), ErrorCode::kNotFound);  // a unit does not see it
  req.parent_id = instruction;                       // not a proposal
  EXPECT_EQ(code("clerk"), ErrorCode::kNotFound);
  req.parent_id = parent;
  EXPECT_EQ(*o.store->CountCases(), before);
  EXPECT_EQ(o.store->GetCase(parent)->state, "registered");
  ASSERT_TRUE(SplitProposal(*o.engine, o.actor("clerk"), req).ok());
  EXPECT_EQ(code("clerk"), ErrorCode::kConflict);  // split once: no longer waiting
  EXPECT_EQ(*o.store->CountCases(), before + 2);
}

}  // namespace
}  // namespace zb::supervision
