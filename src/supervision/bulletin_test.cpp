#include "supervision/bulletin.h"

#include <gtest/gtest.h>
#include <zip.h>

#include "supervision/docx.h"
#include "supervision/ledger.h"

namespace zb::supervision {
namespace {

BulletinOptions Month(const std::string& m) {
  BulletinOptions o;
  o.month = m;
  return o;
}

store::CaseRecord Case(store::Id id, const std::string& kind, const std::string& title,
                       store::Id unit, const char* due, const char* closed) {
  store::CaseRecord c;
  c.id = id;
  c.kind = kind;
  c.title = title;
  c.state = closed ? "closed" : "handling";
  c.lead_unit_id = unit;
  c.created_at = *ParseInstant("2026-03-02 09:00");
  c.due_at = ParseInstant(due);
  c.yellow_at =
      c.due_at ? std::optional<Instant>(*c.due_at - std::chrono::hours(24)) : std::nullopt;
  if (closed) c.closed_at = ParseInstant(closed);
  return c;
}

BulletinInput Input() {
  BulletinInput in;
  in.unit_names = {{1, "市住房和城乡建设局"}, {2, "市交通运输局"}};
  in.cases = {Case(1, "instruction", "积水点整治", 1, "2026-03-10 17:30", "2026-03-09 10:00"),
              Case(2, "assignment", "停车难问题", 2, "2026-03-20 17:30", nullptr),
              Case(3, "assignment", "供暖保障", 1, "2026-04-20 17:30", nullptr),
              Case(4, "key_project", "污水处理厂扩建", 1, "2026-12-31 17:30", nullptr)};
  in.cases[3].fields = {
      {"level", "project"}, {"progress_percent", 40}, {"report_period", "2026-03"}};
  in.cases[3].state = "in_progress";
  return in;
}

TEST(Bulletin, BuiltFromTheData) {
  auto b = BuildBulletin(Input(), Month("2026-03"), *ParseInstant("2026-04-03 10:00"));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->number, "泰政办督〔2026〕3号");
  EXPECT_EQ(b->title, "关于2026年3月份督查工作情况的通报");
  EXPECT_EQ(b->date, "2026年4月3日");
  ASSERT_EQ(b->sections.size(), 7u);
  EXPECT_EQ(b->sections[1].heading, "一、重点工程推进情况");
  EXPECT_EQ(b->sections[1].table->rows[0][4], "40%");
  EXPECT_NE(b->sections[2].paragraphs[1].find("月末未办结 2 件，其中超期 1 件"), std::string::npos)
      << b->sections[2].paragraphs[1];
  const auto& red = *b->sections[4].table;
  ASSERT_EQ(red.rows.size(), 1u);
  EXPECT_EQ(red.rows[0][0], "市交通运输局");
  EXPECT_EQ(red.rows[0][3], "停车难问题");
  const auto& rank = *b->sections[5].table;
  EXPECT_EQ(rank.rows[0][1], "市住房和城乡建设局");
  EXPECT_EQ(rank.rows[0][5], "100.0%");
  EXPECT_FALSE(BuildBulletin(Input(), Month("2026-13"), Instant{}).ok());
}

TEST(Bulletin, JsonRoundTripAndDocx) {
  auto b = BuildBulletin(Input(), Month("2026-03"), *ParseInstant("2026-04-03 10:00"));
  nlohmann::json j = BulletinJson(*b);
  j["sections"][0]["paragraphs"][0] = "经编辑的导语 <A&B>";
  auto edited = BulletinFromJson(j);
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(BulletinJson(*edited), j);
  j.erase("number");
  EXPECT_EQ(BulletinFromJson(j).status().message_en(), "the bulletin needs number");
  nlohmann::json bad = BulletinJson(*b);
  bad["sections"][1]["table"]["rows"][0][0] = 5;
  EXPECT_FALSE(BulletinFromJson(bad).ok());

  std::string xml = DocumentXml(*edited);
  EXPECT_NE(xml.find("经编辑的导语 &lt;A&amp;B&gt;"), std::string::npos);
  EXPECT_NE(xml.find("泰政办督〔2026〕3号"), std::string::npos);
  EXPECT_NE(xml.find("FF0000"), std::string::npos);
  auto docx = RenderDocx(*edited);
  ASSERT_TRUE(docx.ok());
  zip_error_t err;
  zip_source_t* src = zip_source_buffer_create(docx->data(), docx->size(), 0, &err);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  ASSERT_NE(z, nullptr);
  EXPECT_GE(zip_name_locate(z, "word/document.xml", 0), 0);
  EXPECT_GE(zip_name_locate(z, "[Content_Types].xml", 0), 0);
  zip_close(z);
}

TEST(Ledger, ColumnsPerKind) {
  LedgerNames names;
  names.units = {{1, "市住房和城乡建设局"}};
  names.state_labels = {{"closed", "已办结"}};
  auto in = Input();
  auto t = BuildLedger("assignment", {in.cases[0]}, names, *ParseInstant("2026-04-03 10:00"));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->sheet_name, "领导交办事项台账");
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(t->rows[0].size(), t->header.size());
  EXPECT_EQ(t->rows[0][9], "已办结");
  EXPECT_EQ(t->rows[0][12], "提前完成");
  for (const char* kind : {"instruction", "deputy_suggestion", "cppcc_proposal", "key_project"}) {
    auto k = BuildLedger(kind, in.cases, names, Instant{});
    ASSERT_TRUE(k.ok()) << kind;
    for (const auto& row : k->rows) EXPECT_EQ(row.size(), k->header.size()) << kind;
  }
  EXPECT_FALSE(BuildLedger("hotline", {}, names, Instant{}).ok());
}

}  // namespace
}  // namespace zb::supervision
