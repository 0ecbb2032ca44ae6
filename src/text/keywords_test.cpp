#include "text/keywords.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

#include "text/test_support.h"

namespace zb::text {
namespace {

const IdfTable& SharedIdf() {
  static const IdfTable* idf = [] {
    auto loaded = IdfTable::LoadFromJiebaDir();
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status().ToString();
      std::abort();
    }
    return new IdfTable(std::move(loaded).value());
  }();
  return *idf;
}

constexpr const char* kScript = R"PY(
import csv, json, logging, jieba, jieba.analyse
jieba.setLogLevel(logging.ERROR)
with open("data/tipdm2020-sample/attachment2.csv", encoding="utf-8", newline="") as f:
    for i, row in enumerate(csv.DictReader(f)):
        if i % 25 != 0:
            continue
        text = row["留言主题"] + "\n" + row["留言详情"]
        print(json.dumps({"text": text,
                          "tfidf": jieba.analyse.extract_tags(text, topK=10, withWeight=True),
                          "textrank": jieba.analyse.textrank(text, topK=10)},
                         ensure_ascii=False))
)PY";

TEST(KeywordsTest, TfIdfMatchesJieba) {
  auto python = testing::PythonWithJieba();
  if (!python) GTEST_SKIP() << "python3 with jieba is not importable; install python3-jieba";
  auto output = testing::RunPython(*python, kScript);
  ASSERT_TRUE(output.has_value());
  KeywordExtractor extractor(testing::SharedSegmenter(), SharedIdf());
  std::istringstream lines(*output);
  std::string line;
  int texts = 0, textrank_overlap = 0, textrank_total = 0;
  while (std::getline(lines, line)) {
    auto record = nlohmann::json::parse(line);
    std::string text = record["text"];
    auto ours = extractor.TfIdf(text, 10);
    ASSERT_EQ(ours.size(), record["tfidf"].size());
    for (size_t i = 0; i < ours.size(); ++i) {
      EXPECT_EQ(ours[i].word, record["tfidf"][i][0].get<std::string>()) << text;
      EXPECT_NEAR(ours[i].weight, record["tfidf"][i][1].get<double>(), 1e-9);
    }
    std::set<std::string> expected;
    for (const auto& w : record["textrank"]) expected.insert(w.get<std::string>());
    for (const auto& k : extractor.TextRank(text, 10)) textrank_overlap += expected.count(k.word);
    textrank_total += expected.size();
    ++texts;
  }
  EXPECT_GE(texts, 15);
  std::printf("TextRank top-10 overlap with jieba: %d/%d\n", textrank_overlap, textrank_total);
  EXPECT_GE(textrank_overlap * 10, textrank_total * 6);
}

TEST(KeywordsTest, SetOfTextsAndEdgeCases) {
  KeywordExtractor extractor(testing::SharedSegmenter(), SharedIdf());
  EXPECT_TRUE(extractor.TfIdf("").empty());
  EXPECT_TRUE(extractor.TextRank("，。").empty());
  auto keywords = extractor.TfIdf(
      std::vector<std::string_view>{"小区门口长期积水", "暴雨后道路积水严重", "积水无人处理"}, 3);
  ASSERT_FALSE(keywords.empty());
  EXPECT_EQ(keywords[0].word, "积水");
  EXPECT_GT(SharedIdf().Idf("积水"), 0);
  EXPECT_EQ(SharedIdf().Idf("不存在的词语abc"), SharedIdf().median());
}

}  // namespace
}  // namespace zb::text
