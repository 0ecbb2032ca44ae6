#include "hotline/import.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <sqlite3.h>

#include "cases/test_office.h"

namespace zb::hotline {
namespace {

using cases::testing::TestOffice;

std::string ReadFile(const std::string& rel) {
  std::ifstream in(cases::testing::SourceDir() / rel, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<ImportReport> Import(TestOffice& office, const std::string& bytes, bool dry_run) {
  ZB_ASSIGN_OR_RETURN(Table t, ParseTable(bytes));
  ZB_ASSIGN_OR_RETURN(ImportPlan plan, PlanImport(t, AutoMapping(t.rows[0]), {}));
  return ImportTickets(*office.engine, office.actor("operator"), std::move(plan), dry_run);
}

TEST(Import, CellTimes) {
  EXPECT_EQ(FormatChinaMinute(*ParseCellTime("2020/1/6 12:09:38")), "2020-01-06 12:09");
  EXPECT_EQ(FormatChinaMinute(*ParseCellTime("\t2019-04-25 9:32 ")), "2019-04-25 09:32");
  EXPECT_EQ(FormatChinaMinute(*ParseCellTime("2020年1月6日")), "2020-01-06 00:00");
  // Excel serial numbers: days since 1899-12-30, China time.
  EXPECT_EQ(FormatChinaMinute(*ParseCellTime("42894.730092592603")), "2017-06-08 17:31");
  EXPECT_EQ(FormatChinaMinute(*ParseCellTime("43831")), "2020-01-01 00:00");
  EXPECT_FALSE(ParseCellTime("昨天").has_value());
  EXPECT_FALSE(ParseCellTime("2020/13/40").has_value());
  EXPECT_FALSE(ParseCellTime("").has_value());
}

TEST(Import, GuessesTheRequestType) {
  EXPECT_EQ(GuessRequestType("请问新生儿医保怎么办理", ""), "inquiry");
  EXPECT_EQ(GuessRequestType("举报某餐馆", ""), "report");
  EXPECT_EQ(GuessRequestType("关于增设公交线路的建议", ""), "suggestion");
  EXPECT_EQ(GuessRequestType("工地噪音扰民", ""), "complaint");
  // Words in the text count as in the title; the stronger type wins wherever it stands.
  EXPECT_EQ(GuessRequestType("小区停车难", "我想咨询一下，另外要举报一家餐馆"), "report");
  EXPECT_EQ(GuessRequestType("ABC 123", "x帮帮忙"), "help");
  EXPECT_EQ(GuessRequestType("请", "问"), "complaint");  // not across title and text
  EXPECT_EQ(GuessRequestType("如何", "办理"), "complaint");
  EXPECT_EQ(GuessRequestType("请求帮助", "建议"), "suggestion");
  EXPECT_EQ(GuessRequestType("怎么办理居住证", "\xe5\xbb"), "inquiry");  // a cut-off character
}

TEST(Import, TheRealSampleFilesImport) {
  TestOffice office(*ParseInstant("2026-03-02 09:00"));
  for (const char* file : {"attachment2.csv", "attachment2.xlsx"}) {
    SCOPED_TRACE(file);
    auto r = Import(office, ReadFile(std::string("data/tipdm2020-sample/") + file), true);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->imported, 495);
    EXPECT_EQ(r->rejected, 0);
    EXPECT_EQ(*office.store->CountCases(), 0);  // a dry run writes nothing
  }
  auto r = Import(office, ReadFile("data/tipdm2020-sample/attachment3.xlsx"), false);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->imported, 30);
  EXPECT_EQ(*office.store->CountCases(), 30);
  // Serial-number dates become the tickets' original times; the votes are kept.
  store::CaseQuery q;
  q.keyword = "360114";
  auto page = office.store->ListCases(q);
  ASSERT_EQ(page->cases.size(), 1u);
  const auto& c = page->cases[0];
  EXPECT_EQ(FormatChinaMinute(c.created_at), "2017-06-08 17:31");
  EXPECT_EQ(c.state, "registered");
  EXPECT_TRUE(c.fields.contains("votes_up"));
  EXPECT_EQ(c.fields["content"].get<std::string>().find('\t'), std::string::npos);

  // Messages with the government's reply are closed with it, at the reply's time.
  auto replies = Import(office, ReadFile("data/tipdm2020-sample/attachment4.xlsx"), false);
  ASSERT_TRUE(replies.ok()) << replies.status().ToString();
  EXPECT_EQ(replies->imported, 120);
  store::CaseQuery closed;
  closed.state = "closed";
  closed.limit = 200;
  EXPECT_EQ(office.store->ListCases(closed)->cases.size(), 120u);
}

TEST(Import, BadRowsAreReportedAndTheRestImported) {
  TestOffice office(*ParseInstant("2026-03-02 09:00"));
  std::string csv =
      "留言编号,留言用户,留言主题,留言时间,留言详情,诉求类型\n"
      "1,A1,路灯不亮,2020/1/6 12:09:38,\t\t路灯坏了　\n"
      "2,A2,,,,\n"
      "3,A3,噪音,明天,夜间施工,\n"
      "\n"
      "4,A4,问题,2020/1/7,内容,闲聊\n"
      "5,A5,=cmd|' /C calc'!A0,2020/1/8,公式,\n";
  auto r = Import(office, csv, false);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->imported, 2);
  EXPECT_EQ(r->rejected, 3);
  EXPECT_EQ(r->blank_rows, 1);
  ASSERT_EQ(r->rows.size(), 5u);
  EXPECT_EQ(r->rows[1].line, 3);
  EXPECT_EQ(r->rows[1].reason_en, "no title and no content");
  EXPECT_EQ(r->rows[2].reason_en, "unreadable time: 明天");
  EXPECT_EQ(r->rows[3].reason_en, "unknown request type: 闲聊");
  EXPECT_EQ(*office.store->CountCases(), 2);
  auto json = ImportReportJson(*r);
  EXPECT_EQ(json["rejected"], 3);
  EXPECT_EQ(json["rows"][1]["reason"], "缺少主题和内容");
}

TEST(Import, StrictImportsNothingWhenARowFails) {
  TestOffice office(*ParseInstant("2026-03-02 09:00"));
  auto t = ParseCsv("留言主题,留言时间\n好,2020/1/1\n坏,昨天\n");
  auto plan = PlanImport(*t, AutoMapping(t->rows[0]), {});
  auto r = ImportTickets(*office.engine, office.actor("operator"), *plan, false, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->imported, 0);
  EXPECT_EQ(*office.store->CountCases(), 0);
}

// Writes of `n` tickets: rows "工单 i" on consecutive days, with `bad_line`'s time unreadable.
std::string NumberedCsv(int n, int bad_row = 0) {
  std::string csv = "留言主题,留言时间,留言详情\n";
  for (int i = 1; i <= n; ++i) {
    csv += "工单" + std::to_string(i) + "号," +
           (i == bad_row ? std::string("昨天") : "2020/1/" + std::to_string(i)) + ",小区积水第" +
           std::to_string(i) + "次\n";
  }
  return csv;
}

std::vector<store::AuditEntry> ImportAudits(TestOffice& office) {
  std::vector<store::AuditEntry> out;
  for (auto& a : *office.store->ListAudit(0, 1000)) {
    if (a.action == "hotline.import") out.push_back(a);
  }
  return out;
}

TEST(Import, WritesInBatchesEachWithItsAuditRecord) {
  TestOffice office(*ParseInstant("2026-03-02 09:00"));
  auto t = ParseCsv(NumberedCsv(7, 4));
  auto plan = PlanImport(*t, AutoMapping(t->rows[0]), {});
  ImportWrite write{"tickets.csv", 2, {}, 16u << 20};
  const auto& actor = office.actor("operator");
  auto r = ImportTickets(*office.engine, actor, *plan, false, false, write);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->imported, 6);
  EXPECT_EQ(r->rejected, 1);
  EXPECT_EQ(r->rows[3].line, 5);
  EXPECT_EQ(*office.store->CountCases(), 6);
  // Six tickets in batches of two: three transactions, three audit records naming the file;
  // the last one also the import's totals.
  auto audits = ImportAudits(office);
  ASSERT_EQ(audits.size(), 3u);
  for (size_t i = 0; i < audits.size(); ++i) {
    EXPECT_EQ(audits[i].actor_id, actor.user.id);
    EXPECT_EQ(audits[i].detail["file"], "tickets.csv");
    EXPECT_EQ(audits[i].detail["batch"], i + 1);
    EXPECT_EQ(audits[i].detail["cases"], 2);
    EXPECT_EQ(audits[i].detail.contains("batches"), i == 2);
  }
  EXPECT_EQ(audits[2].detail["batches"], 3);
  EXPECT_EQ(audits[2].detail["imported"], 6);
  EXPECT_EQ(audits[2].detail["rejected"], 1);
  // Every batch is in the keyword index, and every ticket has its events by the importer.
  store::CaseQuery q;
  q.keyword = "积水";
  q.limit = 50;
  auto page = office.store->ListCases(q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->cases.size(), 6u);
  for (const auto& c : page->cases) {
    auto events = office.store->ListEvents(c.id);
    ASSERT_FALSE(events->empty());
    EXPECT_EQ(events->front().actor_id, actor.user.id);
  }
  q.keyword = "工单7号";
  EXPECT_EQ(office.store->ListCases(q)->cases.size(), 1u);
  EXPECT_EQ(audits.back().target,
            "case:" + std::to_string(office.store->ListCases(q)->cases[0].id));
}

TEST(Import, StrictWithABadRowInTheSecondBatchWritesNothing) {
  TestOffice office(*ParseInstant("2026-03-02 09:00"));
  auto t = ParseCsv(NumberedCsv(5, 4));
  auto plan = PlanImport(*t, AutoMapping(t->rows[0]), {});
  auto r = ImportTickets(*office.engine, office.actor("operator"), *plan, false, true,
                         ImportWrite{"tickets.csv", 2, {}, 16u << 20});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->imported, 0);
  EXPECT_EQ(r->rejected, 1);
  EXPECT_EQ(r->rows[3].reason_en, "unreadable time: 昨天");
  EXPECT_EQ(*office.store->CountCases(), 0);
  EXPECT_TRUE(ImportAudits(office).empty());
}

TEST(Import, WrongColumnsAndWrongActors) {
  TestOffice office(*ParseInstant("2026-03-02 09:00"));
  auto t = ParseCsv("name,age\nx,1\n");
  auto plan = PlanImport(*t, AutoMapping(t->rows[0]), {});
  EXPECT_EQ(plan.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(PlanImport(*t, {{"title", "标题"}}, {}).ok());
  // A unit liaison may not register tickets: every row says so.
  auto ok = ParseCsv("留言主题,留言时间\n好,2020/1/1\n");
  auto p = PlanImport(*ok, AutoMapping(ok->rows[0]), {});
  auto r = ImportTickets(*office.engine, office.actor("housing"), *p, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rejected, 1);
  EXPECT_EQ(*office.store->CountCases(), 0);
}

// The command line's CSV import reads the file a part at a time and writes while it reads: the
// same tickets, reasons and line numbers as the whole-file import, a broken row rejected (not
// the file), and dry and strict runs writing nothing.
TEST(Import, ACsvFileReadAPartAtATime) {
  TestOffice office(*ParseInstant("2026-03-02 09:00"));
  auto path = std::filesystem::temp_directory_path() / "zb_import_parts_test.csv";
  std::string csv = NumberedCsv(7, 4);
  csv.insert(csv.find("工单6号"), "坏\xff行,2020/1/9,x\n");  // line 7: not UTF-8
  csv += "末行,2020/2/1,\"引号没有闭合\n";                   // line 10 to the end
  std::ofstream(path, std::ios::binary) << csv;
  ImportWrite write{"tickets.csv", 2, {}, 16u << 20};
  write.part_bytes = 64;
  std::vector<int64_t> progress;
  write.progress = [&](int64_t n) { progress.push_back(n); };
  const auto& actor = office.actor("operator");
  ColumnMapping mapping;
  auto dry = ImportCsvFile(*office.engine, actor, path.string(), mapping, {}, true, false, write);
  ASSERT_TRUE(dry.ok()) << dry.status().ToString();
  EXPECT_EQ(dry->imported, 6);
  EXPECT_EQ(dry->rejected, 3);
  EXPECT_EQ(mapping.at("title"), "留言主题");
  auto strict =
      ImportCsvFile(*office.engine, actor, path.string(), mapping, {}, false, true, write);
  ASSERT_TRUE(strict.ok());
  EXPECT_EQ(strict->imported, 0);
  EXPECT_EQ(*office.store->CountCases(), 0);
  EXPECT_TRUE(progress.empty());

  auto r = ImportCsvFile(*office.engine, actor, path.string(), mapping, {}, false, false, write);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->imported, 6);
  EXPECT_EQ(r->rejected, 3);
  std::map<int, std::string> rejected;
  for (const ImportRow& row : r->rows) {
    if (!row.ok) rejected[row.line] = row.reason_en;
  }
  EXPECT_EQ(rejected, (std::map<int, std::string>{{5, "unreadable time: 昨天"},
                                                  {7, "not valid UTF-8"},
                                                  {10,
                                                   "a quote is never closed (to the end of "
                                                   "the file)"}}));
  EXPECT_EQ(*office.store->CountCases(), 6);
  EXPECT_EQ(progress, (std::vector<int64_t>{2, 4, 6}));
  auto audits = ImportAudits(office);
  ASSERT_EQ(audits.size(), 3u);
  EXPECT_EQ(audits[2].detail["imported"], 6);
  EXPECT_EQ(audits[2].detail["rejected"], 3);
  store::CaseQuery q;
  q.keyword = "工单7号";
  EXPECT_EQ(office.store->ListCases(q)->cases.size(), 1u);

  // Wrong columns refuse the file before anything is written.
  std::ofstream(path, std::ios::binary) << "name,age\nx,1\n";
  ColumnMapping none;
  auto wrong = ImportCsvFile(*office.engine, actor, path.string(), none, {}, false, false, write);
  EXPECT_EQ(wrong.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(*office.store->CountCases(), 6);
  std::filesystem::remove(path);
}

// An imported ticket's text is stored once, in its created event; the case reads its fields
// from there until they first change, and then keeps its own.
TEST(Import, ATicketsTextIsStoredOnce) {
  TestOffice office(*ParseInstant("2026-03-02 09:00"));
  auto path = std::filesystem::temp_directory_path() / "zb_import_once_test.csv";
  std::ofstream(path, std::ios::binary) << NumberedCsv(3, 0);
  ImportWrite write{"tickets.csv", 2, {}, 16u << 20};
  ColumnMapping mapping;
  const auto& actor = office.actor("operator");
  auto r = ImportCsvFile(*office.engine, actor, path.string(), mapping, {}, false, false, write);
  std::filesystem::remove(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->imported, 3);
  auto raw_fields = [&](store::Id id) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open((office.dir / "office.db").c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT fields FROM cases WHERE id=?", -1, &st, nullptr);
    sqlite3_bind_int64(st, 1, id);
    std::string text = sqlite3_step(st) == SQLITE_ROW
                           ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0))
                           : "(none)";
    sqlite3_finalize(st);
    sqlite3_close(db);
    return text;
  };
  store::CaseQuery q;
  q.keyword = "工单2号";
  auto page = office.store->ListCases(q);
  ASSERT_EQ(page->cases.size(), 1u);
  const store::CaseRecord& listed = page->cases[0];
  EXPECT_EQ(raw_fields(listed.id), "");
  EXPECT_EQ(listed.fields["content"], "小区积水第2次");
  EXPECT_EQ(listed.fields["request_type"], "complaint");
  auto history = office.store->GetCaseHistory(listed.id);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->record.fields, listed.fields);
  EXPECT_EQ(nlohmann::json::parse(history->events.front().data_json)["fields"], listed.fields);

  cases::ActionRequest answer;
  answer.case_id = listed.id;
  answer.action = "answer";
  answer.text = "已答复";
  answer.set_fields = {{"reply", "已答复"}};
  auto answered = office.engine->Perform(actor, answer);
  ASSERT_TRUE(answered.ok()) << answered.status().ToString();
  nlohmann::json own = nlohmann::json::parse(raw_fields(listed.id));
  EXPECT_EQ(own["content"], "小区积水第2次");
  EXPECT_EQ(own["reply"], "已答复");
  EXPECT_EQ(office.store->GetCase(listed.id)->fields, own);
  auto events = office.store->ListEvents(listed.id);
  EXPECT_FALSE(events->front().data["fields"].contains("reply"));  // as created
  q.keyword = "已答复";
  EXPECT_EQ(office.store->ListCases(q)->cases.size(), 1u);
}

// A batch that cannot be written ends the import: the batches before it stay, it and the ones
// after it are not written at all, and the error says how far the import got.
TEST(Import, AFailedBatchStopsTheImportAndKeepsTheBatchesBeforeIt) {
  TestOffice office(*ParseInstant("2026-03-02 09:00"));
  auto path = std::filesystem::temp_directory_path() / "zb_import_fail_test.csv";
  std::ofstream(path, std::ios::binary) << NumberedCsv(9, 0);
  // Another connection makes the database refuse ticket 5 (as a full disk would its batch).
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((office.dir / "office.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TRIGGER refuse_five BEFORE INSERT ON cases "
                         "WHEN NEW.title LIKE '%工单5号%' "
                         "BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  ImportWrite write{"tickets.csv", 2, {}, 16u << 20};
  write.part_bytes = 64;
  std::vector<int64_t> progress;
  write.progress = [&](int64_t n) { progress.push_back(n); };
  ColumnMapping mapping;
  auto r = ImportCsvFile(*office.engine, office.actor("operator"), path.string(), mapping, {},
                         false, false, write);
  std::filesystem::remove(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message_en().find("writing failed after 4 tickets (2 batches)"),
            std::string::npos)
      << r.status().ToString();
  EXPECT_EQ(*office.store->CountCases(), 4);
  EXPECT_EQ(progress, (std::vector<int64_t>{2, 4}));
  EXPECT_EQ(ImportAudits(office).size(), 2u);
  store::CaseQuery q;
  for (int n : {5, 6, 9}) {
    q.keyword = "工单" + std::to_string(n) + "号";
    EXPECT_TRUE(office.store->ListCases(q)->cases.empty()) << n;
  }
}

}  // namespace
}  // namespace zb::hotline
