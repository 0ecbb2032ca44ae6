#include "cases/deadline_monitor.h"

#include <gtest/gtest.h>

#include "cases/test_office.h"
#include "store/audit.h"

namespace zb::cases {
namespace {

using testing::TestOffice;

class MonitorTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  MonitorTest()
      : office_(*ParseInstant("2026-03-02 09:00"), testing::UsableBackend(GetParam())),
        monitor_(*office_.store, office_.workflows) {
    CreateRequest req;
    req.kind = "assignment";
    req.title = "防汛物资储备情况检查";
    req.fields = {{"leader_id", office_.user("mayor")}, {"content", "请检查并报告"}};
    id_ = *office_.engine->Create(office_.actor("clerk"), req);
    ActionRequest assign;
    assign.case_id = id_;
    assign.action = "assign";
    assign.lead_unit_id = office_.unit("dept.housing");
    assign.time_limit = "3 working days";  // due Thursday 2026-03-05 17:30
    case_ = *office_.engine->Perform(office_.actor("clerk"), assign);
  }

  void SetUp() override {
    if (testing::UsableBackend(GetParam()) != GetParam())
      GTEST_SKIP() << "ZB_TEST_PG_URL is not set";
  }

  std::vector<store::Notification> Inbox(const std::string& who) {
    return *office_.store->ListNotifications(office_.user(who), false, 100);
  }

  TestOffice office_;
  DeadlineMonitor monitor_;
  store::Id id_ = 0;
  store::CaseRecord case_;
};

INSTANTIATE_TEST_SUITE_P(Backends, MonitorTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         [](const auto& info) {
                           return std::string(testing::BackendLabel(info.param));
                         });

TEST_P(MonitorTest, ReminderAtYellowThenEscalationWhenOverdueEachOnce) {
  Instant yellow = *case_.yellow_at, due = *case_.due_at;
  EXPECT_EQ(FormatChinaMinute(due), "2026-03-05 17:30");
  // The scheduler wakes exactly when the light changes.
  EXPECT_EQ(**monitor_.NextAlertAt(office_.clock.Now()), yellow);
  std::vector<store::Id> announced;
  monitor_.on_raised = [&announced](store::Id id) { announced.push_back(id); };
  EXPECT_EQ(*monitor_.RaiseDueAlerts(yellow - std::chrono::seconds(1)), 0);
  EXPECT_TRUE(announced.empty());
  EXPECT_EQ(*monitor_.RaiseDueAlerts(yellow), 1);
  EXPECT_EQ(announced, std::vector<store::Id>{id_});                         // for the live stream
  EXPECT_EQ(*monitor_.RaiseDueAlerts(yellow + std::chrono::minutes(5)), 0);  // not twice
  EXPECT_EQ(announced.size(), 1u);

  auto events = *office_.store->ListEvents(id_);
  EXPECT_EQ(events.back().type, "urged");
  EXPECT_EQ(events.back().data["stage"], "yellow");
  EXPECT_EQ(events.back().actor_id, *monitor_.SystemUser());
  ASSERT_EQ(Inbox("housing").size(), 1u);
  EXPECT_EQ(Inbox("housing")[0].kind, "reminder");
  EXPECT_NE(Inbox("housing")[0].title.find("防汛物资"), std::string::npos);
  EXPECT_TRUE(Inbox("transport").empty());  // not its case
  EXPECT_TRUE(Inbox("chief").empty());      // no escalation yet

  EXPECT_EQ(**monitor_.NextAlertAt(yellow), due);
  EXPECT_EQ(*monitor_.RaiseDueAlerts(due), 1);
  EXPECT_EQ(office_.store->ListEvents(id_)->back().data["stage"], "overdue");
  EXPECT_EQ(Inbox("housing").size(), 2u);
  // Escalated to the office's supervisors.
  ASSERT_EQ(Inbox("chief").size(), 1u);
  EXPECT_EQ(Inbox("chief")[0].kind, "escalation");
  EXPECT_EQ(Inbox("secgen").size(), 1u);
  EXPECT_TRUE(Inbox("clerk").empty());
  EXPECT_EQ(office_.store->ListOutbox(100)->size(), 4u);  // an SMS with each notification
  EXPECT_EQ(*monitor_.RaiseDueAlerts(due + std::chrono::hours(24)), 0);
  EXPECT_FALSE(store::VerifyAuditChain(*office_.store)->first_broken.has_value());
}

TEST_P(MonitorTest, ASweepStopsWhenTheServerStops) {
  Instant due = *case_.due_at;
  std::atomic<bool> stop{true};
  EXPECT_EQ(*monitor_.RaiseDueAlerts(due, &stop), 0);  // stopped before the first batch
  EXPECT_TRUE(Inbox("housing").empty());
  stop = false;
  EXPECT_EQ(*monitor_.RaiseDueAlerts(due, &stop), 1);  // the next sweep raises it
  EXPECT_FALSE(Inbox("housing").empty());
}

TEST_P(MonitorTest, AnApprovedExtensionGivesNewAlertsAndClosedCasesNone) {
  office_.clock.Advance(std::chrono::hours(1));
  ActionRequest accept;
  accept.case_id = id_;
  accept.action = "accept";
  ASSERT_TRUE(office_.engine->Perform(office_.actor("housing"), accept).ok());
  EXPECT_EQ(*monitor_.RaiseDueAlerts(*case_.due_at), 1);  // overdue (yellow skipped)
  ActionRequest ext;
  ext.case_id = id_;
  ext.action = "request_extension";
  ext.reason = "需要现场核查";
  ext.due_at = *ParseInstant("2026-03-12 17:30");
  office_.clock.Set(*case_.due_at + std::chrono::minutes(10));
  ASSERT_TRUE(office_.engine->Perform(office_.actor("housing"), ext).ok());
  ActionRequest approve;
  approve.case_id = id_;
  approve.action = "approve_extension";
  auto extended = office_.engine->Perform(office_.actor("secgen"), approve);
  ASSERT_TRUE(extended.ok());
  EXPECT_EQ(*monitor_.RaiseDueAlerts(*extended->yellow_at), 1);  // the new limit's reminder
  ActionRequest reply;
  reply.case_id = id_;
  reply.action = "reply";
  reply.text = "已核查完毕";
  ASSERT_TRUE(office_.engine->Perform(office_.actor("housing"), reply).ok());
  ActionRequest close;
  close.case_id = id_;
  close.action = "close";
  ASSERT_TRUE(office_.engine->Perform(office_.actor("clerk"), close).ok());
  EXPECT_EQ(*monitor_.RaiseDueAlerts(*ParseInstant("2026-04-01 09:00")), 0);
  EXPECT_FALSE(monitor_.NextAlertAt(*ParseInstant("2026-03-06 09:00"))->has_value());
}

}  // namespace
}  // namespace zb::cases
