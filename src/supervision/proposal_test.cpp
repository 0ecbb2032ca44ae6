#include <gtest/gtest.h>

#include "cases/test_office.h"
#include "supervision/proposal_board.h"
#include "supervision/proposal_import.h"

namespace zb::supervision {
namespace {

using cases::testing::TestOffice;

hotline::Table Csv(const std::string& text) {
  return *hotline::ParseCsv(text);
}

const char* kHeader = "编号,标题,领衔人,内容,主办单位,会办单位\n";

TEST(ProposalImport, ImportsAndAssignsAllInOneGo) {
  TestOffice o(*ParseInstant("2026-03-02 09:00"));
  auto table = Csv(std::string(kHeader) +
                   "第1号,关于加装电梯的建议,王建国,建议加大补贴,市住房和城乡建设局,市交通运输局\n"
                   "第2号,关于公交线路的建议,李梅,建议优化线路,dept.transport,\n"
                   "\n"
                   "第3号,关于停车的建议,赵强,建议建设停车场,,\n");
  ProposalImportOptions opt{"deputy_suggestion", "市十七届人大四次会议", "", true, "r1"};
  auto dry = ImportProposals(*o.engine, o.actor("clerk"), table, opt);
  ASSERT_TRUE(dry.ok()) << dry.status().ToString();
  EXPECT_TRUE(dry->problems.empty());
  EXPECT_EQ(dry->rows, 3);
  EXPECT_EQ(*o.store->CountCases(), 0);  // a dry run writes nothing
  opt.dry_run = false;
  auto rep = ImportProposals(*o.engine, o.actor("clerk"), table, opt);
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->imported, 3);
  EXPECT_EQ(rep->assigned, 2);
  auto first = *o.store->GetCase(rep->ids[0]);
  EXPECT_EQ(first.state, "assigned");
  EXPECT_EQ(first.co_unit_ids, std::vector<store::Id>{o.unit("dept.transport")});
  EXPECT_EQ(FormatChinaMinute(*first.due_at), "2026-06-02 17:30");
  EXPECT_EQ(o.store->GetCase(rep->ids[2])->state, "registered");

  auto board = SessionBoardOf(*o.store, "deputy_suggestion", "市十七届人大四次会议", o.clock.Now());
  ASSERT_TRUE(board.ok());
  EXPECT_EQ(board->total.total, 3);
  EXPECT_EQ(board->total.remaining, 3);
  EXPECT_EQ(board->total.unassigned, 1);
  EXPECT_EQ(board->by_unit.size(), 3u);

  // The same file again: every number is already registered; nothing written.
  auto again = ImportProposals(*o.engine, o.actor("clerk"), table, opt);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->problems.size(), 3u);
  EXPECT_EQ(again->imported, 0);
  EXPECT_EQ(*o.store->CountCases(), 3);
}

TEST(ProposalImport, DuplicatesAndUnknownUnitsRefuseTheWholeFile) {
  TestOffice o(*ParseInstant("2026-03-02 09:00"));
  auto table = Csv(std::string(kHeader) +
                   "第1号,关于加装电梯的建议,王建国,内容,市住房和城乡建设局,\n"
                   "第1号,关于电梯的建议,陈红,内容,市住房和城乡建设局,\n"
                   "第2号,关于公交的建议,李梅,内容,市公交总公司,市交通局\n"
                   "第3号,,,内容,,\n");
  ProposalImportOptions opt{"cppcc_proposal", "市政协十六届四次会议", "", false, ""};
  auto rep = ImportProposals(*o.engine, o.actor("clerk"), table, opt);
  ASSERT_TRUE(rep.ok());
  ASSERT_EQ(rep->problems.size(), 5u);
  EXPECT_EQ(rep->problems[0].message, "第 3 行：编号 第1号 与第 2 行重复");
  EXPECT_EQ(rep->problems[1].message, "第 4 行：未知的主办单位：市公交总公司");
  EXPECT_EQ(rep->problems[2].message, "第 4 行：未知的会办单位：市交通局");
  EXPECT_EQ(rep->problems[3].message_en, "row 5: the title is missing");
  EXPECT_EQ(*o.store->CountCases(), 0);
  EXPECT_EQ(ProposalImportJson(*rep)["problems"].size(), 5u);
}

TEST(ProposalImport, RefusesMissingColumnsSessionAndKind) {
  TestOffice o(*ParseInstant("2026-03-02 09:00"));
  auto no_author = Csv("编号,标题\n1,t\n");
  ProposalImportOptions opt{"deputy_suggestion", "s", "", false, ""};
  EXPECT_EQ(ImportProposals(*o.engine, o.actor("clerk"), no_author, opt).status().message(),
            "缺少必需的列：领衔人");
  auto table = Csv(std::string(kHeader) + "1,t,a,c,,\n");
  opt.session = "";
  EXPECT_FALSE(ImportProposals(*o.engine, o.actor("clerk"), table, opt).ok());
  opt.session = "s";
  opt.kind = "hotline";
  EXPECT_FALSE(ImportProposals(*o.engine, o.actor("clerk"), table, opt).ok());
  opt.kind = "deputy_suggestion";
  // A unit liaison may not register items: reported for the row, nothing written.
  auto rep = ImportProposals(*o.engine, o.actor("housing"), table, opt);
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->problems.size(), 1u);
  EXPECT_EQ(*o.store->CountCases(), 0);
}

TEST(ProposalBoard, CoUnitOpinionsOverdueAfterAMonth) {
  TestOffice o(*ParseInstant("2026-03-02 09:00"));
  auto table = Csv(std::string(kHeader) +
                   "第1号,关于加装电梯的建议,王建国,内容,市住房和城乡建设局,市交通运输局\n");
  auto rep = ImportProposals(*o.engine, o.actor("clerk"), table,
                             {"deputy_suggestion", "s", "", false, ""});
  ASSERT_TRUE(rep.ok() && rep->imported == 1);
  o.clock.Advance(std::chrono::hours(24 * 20));
  EXPECT_TRUE(MissingCoOpinions(*o.store, "deputy_suggestion", "s", o.clock.Now())->empty());
  o.clock.Advance(std::chrono::hours(24 * 12));
  auto missing = MissingCoOpinions(*o.store, "deputy_suggestion", "s", o.clock.Now());
  ASSERT_EQ(missing->size(), 1u);
  EXPECT_EQ((*missing)[0].co_unit_id, o.unit("dept.transport"));
  EXPECT_EQ(FormatChinaMinute((*missing)[0].due_at), "2026-04-02 09:00");
  cases::ActionRequest op;
  op.case_id = rep->ids[0];
  op.action = "co_opinion";
  op.text = "同意";
  ASSERT_TRUE(o.engine->Perform(o.actor("transport"), op).ok());
  EXPECT_TRUE(MissingCoOpinions(*o.store, "deputy_suggestion", "s", o.clock.Now())->empty());
}

}  // namespace
}  // namespace zb::supervision
