// Compares the segmenter with Debian's python3-jieba, token by token, on every real message.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

#include "text/test_support.h"

namespace zb::text {
namespace {

constexpr const char* kScript = R"PY(
import csv, json, logging, jieba
jieba.setLogLevel(logging.ERROR)
office = jieba.Tokenizer()
office.load_userdict("data/text/userdict.txt")
for name in ["attachment2.csv", "attachment3.csv", "attachment4.csv"]:
    with open("data/tipdm2020-sample/" + name, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for column in ("留言主题", "留言详情"):
                text = row.get(column) or ""
                print(json.dumps({"text": text, "hmm": jieba.lcut(text),
                                  "no_hmm": jieba.lcut(text, HMM=False),
                                  "user": office.lcut(text)}, ensure_ascii=False))
)PY";

struct Agreement {
  size_t tokens = 0;
  size_t matched = 0;
  size_t texts = 0;
  size_t identical_texts = 0;
  std::string first_difference;
  double ratio() const { return tokens ? static_cast<double>(matched) / tokens : 0; }
};

// Counts jieba's tokens that we produce at the same byte span.
void Compare(const std::string& text, const nlohmann::json& expected,
             const std::vector<std::string_view>& ours, Agreement* a) {
  std::set<std::pair<size_t, size_t>> spans;
  for (auto t : ours) spans.emplace(t.data() - text.data(), t.data() - text.data() + t.size());
  size_t offset = 0, matched = 0;
  for (const auto& token : expected) {
    size_t len = token.get<std::string>().size();
    matched += spans.count({offset, offset + len});
    offset += len;
  }
  a->tokens += expected.size();
  a->matched += matched;
  a->texts += 1;
  bool identical = matched == expected.size() && ours.size() == expected.size();
  a->identical_texts += identical;
  if (!identical && a->first_difference.empty()) {
    std::string mine;
    for (auto t : ours) mine += std::string(t) + "/";
    a->first_difference = "jieba: " + expected.dump() + "\nours:  " + mine;
  }
}

TEST(JiebaAgreementTest, AllSampleMessages) {
  auto python = testing::PythonWithJieba();
  if (!python) GTEST_SKIP() << "python3 with jieba is not importable; install python3-jieba";
  auto output = testing::RunPython(*python, kScript);
  ASSERT_TRUE(output.has_value()) << "the jieba script failed";
  const Segmenter& seg = testing::SharedSegmenter();
  Segmenter office = seg;
  ASSERT_TRUE(office.LoadUserDict(testing::SourceDir() + "/data/text/userdict.txt").ok());
  Agreement hmm, no_hmm, user;
  std::istringstream lines(*output);
  std::string line;
  while (std::getline(lines, line)) {
    auto record = nlohmann::json::parse(line);
    std::string text = record["text"];
    Compare(text, record["hmm"], seg.Cut(text), &hmm);
    Compare(text, record["no_hmm"], seg.Cut(text, {.hmm = false}), &no_hmm);
    Compare(text, record["user"], office.Cut(text), &user);
  }
  ASSERT_GT(hmm.texts, 1000u);
  std::printf("jieba agreement (HMM on): %zu/%zu tokens = %.4f%%, %zu/%zu texts identical\n",
              hmm.matched, hmm.tokens, 100 * hmm.ratio(), hmm.identical_texts, hmm.texts);
  std::printf("jieba agreement (HMM off): %zu/%zu tokens = %.4f%%, %zu/%zu texts identical\n",
              no_hmm.matched, no_hmm.tokens, 100 * no_hmm.ratio(), no_hmm.identical_texts,
              no_hmm.texts);
  std::printf("jieba agreement (office dictionary): %zu/%zu tokens = %.4f%%\n", user.matched,
              user.tokens, 100 * user.ratio());
  EXPECT_GE(hmm.ratio(), 0.995) << hmm.first_difference;
  EXPECT_EQ(user.matched, user.tokens) << user.first_difference;
  EXPECT_GE(no_hmm.ratio(), 0.995) << no_hmm.first_difference;
  EXPECT_EQ(hmm.identical_texts, hmm.texts) << hmm.first_difference;
  EXPECT_EQ(no_hmm.identical_texts, no_hmm.texts) << no_hmm.first_difference;
}

}  // namespace
}  // namespace zb::text
