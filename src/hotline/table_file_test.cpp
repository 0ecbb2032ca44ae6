#include "hotline/table_file.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cases/test_office.h"

namespace zb::hotline {
namespace {

std::string ReadFile(const std::string& rel) {
  std::ifstream in(cases::testing::SourceDir() / rel, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(TableFile, CsvQuotedFieldsSpanLinesAndBomIsSkipped) {
  auto t = ParseCsv(
      "\xEF\xBB\xBF"
      "a,b\r\n1,\"x\ny, \"\"z\"\"\"\n\n2,3");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 4u);
  EXPECT_EQ(t->rows[0][0], "a");
  EXPECT_EQ(t->rows[1][1], "x\ny, \"z\"");
  EXPECT_EQ(t->line_of[2], 4);  // the blank line keeps its place
  EXPECT_EQ(t->rows[3][1], "3");
}

TEST(TableFile, CsvErrorsAreClear) {
  EXPECT_EQ(ParseCsv("a,b\n\"open").status().code(), ErrorCode::kInvalidArgument);
  auto bad = ParseCsv("a\n\xff\xfe\n");
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.status().message_en().find("line 2"), std::string::npos);
  EXPECT_FALSE(IsValidUtf8("\xe4\xb8"));
  EXPECT_TRUE(IsValidUtf8("市长公开电话"));
}

TEST(TableFile, GarbageIsNotAnXlsx) {
  std::string junk = std::string("PK\x03\x04", 4) + std::string(5000, '\x7f');
  EXPECT_EQ(ParseTable(junk).status().code(), ErrorCode::kInvalidArgument);
}

TEST(TableFile, ReadsTheRealSampleXlsxLikeItsCsv) {
  auto x = ParseXlsx(ReadFile("data/tipdm2020-sample/attachment2.xlsx"));
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  ASSERT_FALSE(x->rows.empty());
  EXPECT_EQ(x->rows[0].size(), 6u);
  EXPECT_EQ(x->rows[0][0], "留言编号");
  int nonblank = 0;
  for (const Row& r : x->rows) {
    bool any = false;
    for (const auto& c : r) any = any || !c.empty();
    nonblank += any;
  }
  EXPECT_EQ(nonblank, 496);  // the header and 495 messages
  auto c = ParseCsv(ReadFile("data/tipdm2020-sample/attachment2.csv"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->rows.size(), 496u);
}

}  // namespace
}  // namespace zb::hotline
