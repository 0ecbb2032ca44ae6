#include "hotline/table_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/utf8.h"
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
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // a surrogate: rejected as a row of the file
  EXPECT_EQ(ParseCsv("a\n\xe0\x80\xaf\n").status().code(), ErrorCode::kInvalidArgument);
}

// A file read a part at a time gives the rows, cells and line numbers of the whole, wherever the
// parts are cut: inside a quoted cell, between "\r" and "\n", between a quote and its double,
// inside a character.
TEST(TableFile, CsvReadAPartAtATimeIsTheWholeFile) {
  const std::string csv =
      "\xEF\xBB\xBF"
      "编号,主题,详情\r\n1,\"多行\r\n留言\",\"他说\"\"你好\"\"\"\r\n\r\n2,路灯,\"a,b\"\n3,末行,"
      "无换行";
  auto whole = ParseCsv(csv);
  ASSERT_TRUE(whole.ok());
  auto path = std::filesystem::temp_directory_path() / "zb_csv_parts_test.csv";
  std::ofstream(path, std::ios::binary) << csv;
  for (size_t part = 1; part <= csv.size() + 1; ++part) {
    SCOPED_TRACE(part);
    auto reader = CsvFileReader::Open(path.string());
    ASSERT_TRUE(reader.ok());
    Table all;
    while (true) {
      auto next = reader->Next(part);
      ASSERT_TRUE(next.ok()) << next.status().ToString();
      if (!*next) break;
      EXPECT_FALSE((*next)->rows.empty());
      for (size_t r = 0; r < (*next)->rows.size(); ++r) {
        all.rows.push_back((*next)->rows[r]);
        all.line_of.push_back((*next)->line_of[r]);
      }
    }
    EXPECT_EQ(all.rows, whole->rows);
    EXPECT_EQ(all.line_of, whole->line_of);
  }
  // A quote never closed makes the rest one last row, flagged; broken UTF-8 is left to the caller.
  std::ofstream(path, std::ios::binary) << "a,b\n1,\xff\n2,\"open\n3,x\n";
  auto reader = CsvFileReader::Open(path.string());
  auto part = reader->Next(4);
  ASSERT_TRUE(part.ok() && *part);
  Table t = std::move(**part);
  while (auto more = reader->Next(4)) {
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    for (auto& row : (*more)->rows) t.rows.push_back(row);
    t.unterminated_quote = (*more)->unterminated_quote;
  }
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[2], (Row{"2", "open\n3,x\n"}));
  EXPECT_TRUE(t.unterminated_quote);
  EXPECT_FALSE(CheckUtf8(t.rows[1], 2).ok());
  std::filesystem::remove(path);
  EXPECT_EQ(CsvFileReader::Open(path.string()).status().code(), ErrorCode::kNotFound);
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
