#include "text/csv.h"

#include <gtest/gtest.h>

#include "text/test_support.h"

namespace zb::text {
namespace {

TEST(CsvTest, QuotesAndNewlines) {
  auto rows = ParseCsv(
      "\xEF\xBB\xBF"
      "a,b\r\n1,\"x, \"\"y\"\"\nz\"\n,\n");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1][1], "x, \"y\"\nz");
  EXPECT_EQ((*rows)[2], (CsvRow{"", ""}));
  EXPECT_FALSE(ParseCsv("a,\"b").ok());
}

TEST(CsvTest, SampleMessages) {
  auto texts = ReadCsvColumns(testing::SourceDir() + "/data/tipdm2020-sample/attachment2.csv",
                              {"留言主题", "留言详情"});
  ASSERT_TRUE(texts.ok()) << texts.status().ToString();
  EXPECT_EQ(texts->size(), 495u);
  EXPECT_FALSE(ReadCsvColumns(testing::SourceDir() + "/data/tipdm2020-sample/attachment2.csv",
                              {"没有这一列"})
                   .ok());
}

}  // namespace
}  // namespace zb::text
