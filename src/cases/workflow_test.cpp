#include "cases/workflow.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "cases/calendar_deadlines.h"
#include "cases/test_office.h"
#include "cases/workflow_registry.h"

namespace zb::cases {
namespace {

const char* kMinimal = R"(
kind = "k"
label = "测试"
initial_state = "a"
[[states]]
id = "a"
label = "甲"
[[states]]
id = "b"
label = "乙"
terminal = true
[[transitions]]
action = "finish"
label = "完成"
from = "a"
to = "b"
event = "closed"
roles = ["staff"]
)";

Result<Workflow> Parse(const std::string& text) {
  return ParseWorkflow(text, "k.toml", &CheckTimeLimitExpression);
}

TEST(Workflow, ParsesAMinimalDefinition) {
  auto wf = Parse(kMinimal);
  ASSERT_TRUE(wf.ok()) << wf.status().ToString();
  EXPECT_EQ(wf->states.size(), 2u);
  ASSERT_NE(wf->FindTransition("finish", "a"), nullptr);
  EXPECT_EQ(wf->FindTransition("finish", "b"), nullptr);
  EXPECT_EQ(wf->FindTransition("finish", "a")->scopes, std::vector<std::string>{"any"});
}

// Each broken definition gives a message naming the file, the line and the problem.
TEST(Workflow, RefusesBrokenDefinitionsWithFileAndLine) {
  struct Case {
    std::string from, to, expect;
  };
  std::vector<Case> cases = {
      {"to = \"b\"", "to = \"c\"", "k.toml:16: undefined state: c"},
      {"roles = [\"staff\"]", "roles = [\"stuff\"]", "k.toml:18: unknown role: stuff"},
      {"event = \"closed\"", "event = \"finished\"", "k.toml:17: unknown event type: finished"},
      {"terminal = true", "terminal = \"yes\"", "k.toml:11: terminal must be a boolean"},
      {"label = \"乙\"", "label = \"乙\"\ntime_limit = \"3 fortnights\"",
       "k.toml:11: invalid time limit"},
      {"label = \"甲\"", "labl = \"甲\"", "k.toml:7: unknown key labl"},
      {"initial_state = \"a\"", "initial_state = \"z\"",
       "k.toml:4: initial_state is not a defined state: z"},
      {"[[transitions]]", "[[transitions]", "k.toml:12: TOML syntax error"},
      {"roles = [\"staff\"]", "roles = [\"staff\"]\nasks_fields = [\"answer\"]",
       "k.toml:19: asks_fields names an undefined field: answer"},
  };
  for (const Case& c : cases) {
    std::string text = kMinimal;
    size_t pos = text.find(c.from);
    ASSERT_NE(pos, std::string::npos) << c.from;
    text.replace(pos, c.from.size(), c.to);
    auto wf = Parse(text);
    ASSERT_FALSE(wf.ok()) << c.to;
    EXPECT_EQ(wf.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(wf.status().message_en().find(c.expect), std::string::npos)
        << "got: " << wf.status().message_en() << "\nwanted: " << c.expect;
    EXPECT_FALSE(wf.status().message().empty());
  }
}

TEST(Workflow, ShippedDefinitionsLoad) {
  auto reg = WorkflowRegistry::LoadDirectory(testing::SourceDir() / "config/workflows",
                                             &CheckTimeLimitExpression);
  ASSERT_TRUE(reg.ok()) << reg.status().ToString();
  const Workflow* a = reg->Find("assignment");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->label, "领导交办事项");
  EXPECT_NE(a->FindTransition("assign", "registered"), nullptr);
}

// Of two transitions with one action from one state (one of them from "*"), the first is taken
// and offered; a "*" transition leaves every state but a terminal one.
TEST(Workflow, TransitionsFromAStateOnePerAction) {
  std::string text = std::string(kMinimal) + R"(
[[transitions]]
action = "finish"
label = "再完成"
from = "*"
to = "a"
event = "progress"
roles = ["staff"]
[[transitions]]
action = "note"
label = "记录"
from = "*"
to = "a"
event = "progress"
roles = ["staff"]
)";
  auto wf = Parse(text);
  ASSERT_TRUE(wf.ok()) << wf.status().ToString();
  auto from_a = wf->TransitionsFrom("a");
  ASSERT_EQ(from_a.size(), 2u);
  EXPECT_EQ(from_a[0], &wf->transitions[0]);  // the first "finish"
  EXPECT_EQ(from_a[1]->action, "note");
  EXPECT_TRUE(wf->TransitionsFrom("b").empty());  // terminal
  EXPECT_TRUE(wf->TransitionsFrom("nowhere").empty());
}

// The transitions offered in a state are exactly those FindTransition takes, for every shipped
// workflow, state and action (a "*" transition included, and none from a terminal state).
TEST(Workflow, TransitionsFromAStateAreTheOnesTaken) {
  auto reg = WorkflowRegistry::LoadDirectory(testing::SourceDir() / "config/workflows",
                                             &CheckTimeLimitExpression);
  ASSERT_TRUE(reg.ok()) << reg.status().ToString();
  int offered = 0;
  for (const auto& [kind, wf] : reg->all()) {
    for (const StateDef& st : wf.states) {
      auto from = wf.TransitionsFrom(st.id);
      std::set<std::string> once;
      for (const TransitionDef* t : from) {
        EXPECT_TRUE(once.insert(t->action).second) << kind << " " << st.id << " " << t->action;
      }
      std::set<std::string> actions;
      for (const TransitionDef& t : wf.transitions) actions.insert(t.action);
      for (const std::string& action : actions) {
        const TransitionDef* taken = wf.FindTransition(action, st.id);
        auto it = std::find_if(from.begin(), from.end(),
                               [&](const TransitionDef* t) { return t->action == action; });
        EXPECT_EQ(it == from.end() ? nullptr : *it, taken) << kind << " " << st.id << " " << action;
      }
      if (st.terminal) {
        for (const TransitionDef* t : from) {
          EXPECT_EQ(std::count(t->from.begin(), t->from.end(), "*"), 0) << kind << " " << st.id;
        }
      }
      offered += static_cast<int>(from.size());
    }
  }
  EXPECT_GT(offered, 20);
}

}  // namespace
}  // namespace zb::cases
