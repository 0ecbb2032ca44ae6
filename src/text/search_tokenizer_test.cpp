#include "text/search_tokenizer.h"

#include <gtest/gtest.h>

namespace zb::text {
namespace {

std::string Describe(const std::vector<SearchToken>& tokens) {
  std::string out;
  for (const auto& t : tokens) {
    if (!out.empty()) out += ' ';
    out += t.text + "@" + std::to_string(t.position);
  }
  return out;
}

TEST(SearchTokenizerTest, DocumentUnigramsAndColocatedBigrams) {
  auto tokens = SearchTokens("停车难，A3区");
  EXPECT_EQ(Describe(tokens), "停@0 停车@0 车@1 车难@1 难@2 a3@3 区@4");
  EXPECT_FALSE(tokens[0].colocated);
  EXPECT_TRUE(tokens[1].colocated);
  EXPECT_EQ(tokens[1].begin, 0u);
  EXPECT_EQ(tokens[1].end, 6u);
  EXPECT_EQ(tokens[5].begin, 12u);  // "A3" after "停车难，"
}

TEST(SearchTokenizerTest, QueryUsesBigrams) {
  EXPECT_EQ(Describe(SearchTokens("停车", SearchMode::kQuery)), "停车@0");
  EXPECT_EQ(Describe(SearchTokens("停", SearchMode::kQuery)), "停@0");
  EXPECT_EQ(Describe(SearchTokens("停车场", SearchMode::kQuery)), "停车@0 车场@1");
  // The last character gets a position when something follows, so phrases line up.
  EXPECT_EQ(Describe(SearchTokens("停车场A区", SearchMode::kQuery)), "停车@0 车场@1 场@2 a@3 区@4");
}

TEST(SearchTokenizerTest, WordsNumbersAndNoise) {
  EXPECT_EQ(Describe(SearchTokens("iPhone ＡＢＣ１２３ 4.23元 😀!! \xFF")),
            "iphone@0 abc123@1 4.23@2 元@3");
  EXPECT_EQ(Describe(SearchTokens("Ünïcode Москва")), "Ünïcode@0 Москва@1");
  EXPECT_TRUE(SearchTokens("").empty());
  EXPECT_TRUE(SearchTokens("，。！？、……").empty());
}

TEST(SearchTokenizerTest, MatchExpressionQuotesEverything) {
  EXPECT_EQ(FtsMatchExpression("停车  积水"), "\"停车\" AND \"积水\"");
  EXPECT_EQ(FtsMatchExpression("a\"b OR c*"), "\"a\"\"b\" AND \"OR\" AND \"c*\"");
  EXPECT_EQ(FtsMatchExpression("NEAR(x y) body:z"), "\"NEAR(x\" AND \"y)\" AND \"body:z\"");
  EXPECT_EQ(FtsMatchExpression(" ，。 "), "");
  EXPECT_EQ(FtsMatchExpression(""), "");
}

}  // namespace
}  // namespace zb::text
