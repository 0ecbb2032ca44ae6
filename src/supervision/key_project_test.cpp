#include "supervision/key_project.h"

#include <gtest/gtest.h>

#include "cases/test_office.h"

namespace zb::supervision {
namespace {

using cases::testing::TestOffice;

TEST(KeyProject, Periods) {
  auto m = ParsePeriod("monthly", "2026-03", 25);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(FormatChinaMinute(m->starts), "2026-03-01 00:00");
  EXPECT_EQ(FormatChinaMinute(m->due), "2026-03-25 17:30");
  auto w = ParsePeriod("weekly", "2026-W10", 5);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(FormatChinaMinute(w->starts), "2026-03-02 00:00");  // Monday
  EXPECT_EQ(FormatChinaMinute(w->due), "2026-03-06 17:30");     // Friday
  EXPECT_EQ(PeriodAt("weekly", *ParseInstant("2026-01-01 10:00"), 5).id, "2026-W01");
  EXPECT_EQ(PeriodAt("weekly", *ParseInstant("2027-01-01 10:00"), 5).id, "2026-W53");
  for (const char* bad : {"2026-13", "2026-3", "March", "2026-03x"}) {
    EXPECT_FALSE(ParsePeriod("monthly", bad, 25).ok()) << bad;
  }
  EXPECT_FALSE(ParsePeriod("weekly", "2026-W54", 5).ok());
  EXPECT_EQ(LastDuePeriod("monthly", *ParseInstant("2026-03-10 09:00"), 25).id, "2026-02");
  EXPECT_EQ(LastDuePeriod("monthly", *ParseInstant("2026-03-25 17:30"), 25).id, "2026-03");
}

TEST(KeyProject, ReportsMissingReportsAndUrging) {
  TestOffice o(*ParseInstant("2026-03-02 09:00"));
  cases::CreateRequest cr;
  cr.kind = "key_project";
  cr.title = "城北污水处理厂扩建";
  cr.fields = {{"level", "project"}, {"report_day", 25}};
  store::Id id = *o.engine->Create(o.actor("clerk"), cr);
  cases::CreateRequest prog = cr;
  prog.title = "“421工程”";
  prog.fields = {{"level", "programme"}};
  ASSERT_TRUE(o.engine->Create(o.actor("clerk"), prog).ok());
  cases::ActionRequest a;
  a.case_id = id;
  a.action = "assign";
  a.lead_unit_id = o.unit("dept.housing");
  ASSERT_TRUE(o.engine->Perform(o.actor("clerk"), a).ok());
  a.action = "accept";
  ASSERT_TRUE(o.engine->Perform(o.actor("housing"), a).ok());

  ProgressReport r{id, "2026-04", 10, 0.5, "开工", ""};
  auto future = SubmitProgressReport(*o.engine, o.actor("housing"), r);
  EXPECT_EQ(future.status().message(), "报送期 2026-04 尚未开始，不能报送");
  r.period = "2026-3";
  EXPECT_EQ(SubmitProgressReport(*o.engine, o.actor("housing"), r).status().code(),
            ErrorCode::kInvalidArgument);
  r.period = "2026-03";
  r.percent = 120;
  EXPECT_EQ(SubmitProgressReport(*o.engine, o.actor("housing"), r).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(o.store->ListEvents(id)->size(), 3u);  // nothing written by the refusals

  // March 25th 17:30 passes without a report: missing, urged once.
  o.clock.Set(*ParseInstant("2026-03-26 09:00"));
  auto missing = MissingReports(*o.store, o.clock.Now());
  ASSERT_EQ(missing->size(), 1u);  // the programme itself reports through its projects
  EXPECT_EQ((*missing)[0].period, "2026-03");
  EXPECT_EQ(*UrgeMissingReports(*o.engine, o.actor("clerk"), o.clock.Now()), 1);
  EXPECT_EQ(*UrgeMissingReports(*o.engine, o.actor("clerk"), o.clock.Now()), 0);

  r.percent = 25;
  auto ok = SubmitProgressReport(*o.engine, o.actor("housing"), r);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->fields["report_period"], "2026-03");
  EXPECT_EQ(ok->fields["progress_percent"], 25);
  EXPECT_TRUE(MissingReports(*o.store, o.clock.Now())->empty());
  EXPECT_EQ(SubmitProgressReport(*o.engine, o.actor("transport"), r).status().code(),
            ErrorCode::kNotFound);
}

}  // namespace
}  // namespace zb::supervision
