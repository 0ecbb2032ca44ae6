#include "text/user_dict.h"

#include <gtest/gtest.h>

#include "text/test_support.h"

namespace zb::text {
namespace {

std::string Joined(const Segmenter& s, std::string_view text) {
  std::string out;
  for (auto t : s.Cut(text)) out += (out.empty() ? "" : " ") + std::string(t);
  return out;
}

TEST(UserDict, ParsesJiebaLines) {
  auto d = ParseUserDict("\xEF\xBB\xBF泰州 ns\r\n\n421工程 20 nz\n凤凰路 7\n 医药高新区 \n");
  ASSERT_TRUE(d.errors.empty()) << d.errors[0].message;
  ASSERT_EQ(d.entries.size(), 4u);
  EXPECT_EQ(d.entries[0].word, "泰州");
  EXPECT_EQ(d.entries[0].tag, "ns");
  EXPECT_FALSE(d.entries[0].freq);
  EXPECT_EQ(d.entries[1].word, "421工程");
  EXPECT_EQ(d.entries[1].freq, 20);
  EXPECT_EQ(d.entries[2].freq, 7);
  EXPECT_EQ(d.entries[2].tag, "");
  EXPECT_EQ(d.entries[3].word, "医药高新区");
  EXPECT_EQ(FormatUserDictLine(d.entries[1]), "421工程 20 nz");
}

TEST(UserDict, ReportsBadLinesByNumber) {
  auto d = ParseUserDict(
      "好词 3 n\n"
      "泰州 NS\n"                  // 2: an upper-case tag would become part of the word
      "\xff\xfe 5\n"               // 3: not UTF-8
      "词\t5\n"                    // 4: a tab
      "大数 999999999999999999\n"  // 5: frequency too large
      "\n"
      "12 n\n"       // 7: fine (a number is a word)
      " 5 n\n"       // 8: fine: the word is "5"
      "x y z w\n" +  // 9: spaces in the word
      std::string(70, 'a') +
      "\n");  // 10: too long
  std::vector<size_t> lines;
  for (const auto& e : d.errors) {
    lines.push_back(e.line);
    EXPECT_FALSE(e.message.empty());
    EXPECT_FALSE(e.message_en.empty());
  }
  EXPECT_EQ(lines, (std::vector<size_t>{2, 3, 4, 5, 9, 10}));
  ASSERT_EQ(d.entries.size(), 3u);
  EXPECT_EQ(d.entries[1].word, "12");
  EXPECT_EQ(d.entries[2].word, "5");
  EXPECT_FALSE(ParseUserDictLine("   ").ok());
  EXPECT_FALSE(ParseUserDictLine("5 n").ok() && ParseUserDictLine("5 n")->word.empty());
}

TEST(UserDict, AddedWordsChangeACopyNotTheBase) {
  const Segmenter& base = testing::SharedSegmenter();
  std::string text = "市民反映凤凰路积水严重";
  std::string before = Joined(base, text);
  ASSERT_EQ(before.find("凤凰路 "), std::string::npos) << before;
  Segmenter office = WithUserWords(base, {{"凤凰路", std::nullopt, "ns"}});
  EXPECT_NE(Joined(office, text).find("凤凰路 "), std::string::npos) << Joined(office, text);
  EXPECT_EQ(Joined(base, text), before);
}

}  // namespace
}  // namespace zb::text
