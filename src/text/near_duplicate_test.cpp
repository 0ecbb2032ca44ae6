#include "text/near_duplicate.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "text/csv.h"
#include "text/test_support.h"
#include "text/utf8.h"

namespace zb::text {
namespace {

std::vector<std::string> SampleMessages() {
  std::vector<std::string> out;
  for (const char* name : {"attachment2.csv", "attachment3.csv", "attachment4.csv"}) {
    auto texts = ReadCsvColumns(testing::SourceDir() + "/data/tipdm2020-sample/" + name,
                                {"留言主题", "留言详情"});
    EXPECT_TRUE(texts.ok());
    for (auto& t : *texts) out.push_back(std::move(t));
  }
  return out;
}

// A repeat of a message as a re-submission would write it: a greeting and thanks added, a few
// characters dropped, replaced or inserted, some punctuation changed.
std::string Repeat(const std::string& text, int edits, std::mt19937& rng) {
  std::vector<std::string> chars;
  for (size_t pos = 0; pos < text.size();) {
    DecodedChar c = DecodeAt(text, pos);
    chars.emplace_back(text.substr(pos, c.length));
    pos += c.length;
  }
  for (int edit = 0; edit < edits && !chars.empty(); ++edit) {
    size_t at = rng() % chars.size();
    switch (rng() % 3) {
      case 0:
        chars.erase(chars.begin() + at);
        break;
      case 1:
        chars[at] = "的";
        break;
      default:
        chars.insert(chars.begin() + at, "了");
    }
  }
  std::string out = "您好，";
  for (const auto& c : chars) out += (c == "，" && rng() % 3 == 0) ? "。" : c;
  return out + "谢谢！";
}

TEST(NearDuplicateTest, Signatures) {
  EXPECT_TRUE(IsEmptySignature(MinHash("")));
  EXPECT_TRUE(IsEmptySignature(MinHash("，。！ 😀")));
  EXPECT_EQ(MinHash("小区门口积水"), MinHash("小区门口，积水！"));
  EXPECT_EQ(MinHash("ABC停车"), MinHash("abc 停车"));
  EXPECT_LT(EstimatedSimilarity(MinHash("小区门口积水严重"), MinHash("学校周边交通拥堵")), 0.2);
  NearDuplicateIndex index;
  index.Add(1, MinHash(""));
  EXPECT_TRUE(index.Find(MinHash("")).empty());
}

TEST(NearDuplicateTest, RecallOnRepeatsOfRealMessages) {
  std::vector<std::string> messages = SampleMessages();
  NearDuplicateIndex index;
  std::vector<MinHashSignature> originals;
  for (size_t i = 0; i < messages.size(); ++i) {
    originals.push_back(MinHash(messages[i]));
    index.Add(i, originals.back());
  }
  std::mt19937 rng(3);
  for (int edits : {3, 10}) {
    int found = 0, false_matches = 0;
    for (size_t i = 0; i < messages.size(); ++i) {
      for (const NearDuplicate& d : index.Find(MinHash(Repeat(messages[i], edits, rng)))) {
        if (d.id == i) {
          ++found;
        } else if (EstimatedSimilarity(originals[d.id], originals[i]) < kNearDuplicateSimilarity) {
          ++false_matches;  // near-identical originals (the sample has a few) do not count
        }
      }
    }
    std::printf("%d edits: recall %d/%zu, false matches %d\n", edits, found, messages.size(),
                false_matches);
    EXPECT_GE(found * 100, static_cast<int>(messages.size()) * (edits == 3 ? 95 : 75));
    EXPECT_LE(false_matches * 100, static_cast<int>(messages.size()));
  }
  // How similar the most similar other message is: the threshold must sit above this.
  std::array<int, kMinHashSize + 1> nearest{};
  for (size_t i = 0; i < messages.size(); ++i) {
    double best = 0;
    for (size_t j = 0; j < messages.size(); ++j) {
      if (messages[i] != messages[j]) {
        best = std::max(best, EstimatedSimilarity(originals[i], originals[j]));
      }
    }
    ++nearest[static_cast<int>(best * kMinHashSize)];
  }
  std::string h;
  for (int k = 0; k <= kMinHashSize; ++k) {
    if (nearest[k]) h += " " + std::to_string(k) + "/32:" + std::to_string(nearest[k]);
  }
  std::printf("most similar other message:%s\n", h.c_str());
}

TEST(NearDuplicateTest, IndexOfOneMillion) {
  NearDuplicateIndex index;
  std::mt19937 rng(5);
  MinHashSignature s;
  for (uint64_t id = 0; id < 1'000'000; ++id) {
    for (auto& v : s) v = rng();
    index.Add(id, s);
  }
  MinHashSignature target = MinHash("小区门口长期积水，车辆乱停乱放，请有关部门尽快处理");
  index.Add(2'000'000, target);
  index.Add(2'000'001, MinHash("您好，小区门口长期积水，车辆乱停乱放，请有关部门尽快处理。谢谢"));
  index.Remove(7);
  EXPECT_EQ(index.size(), 1'000'001u);
  auto start = std::chrono::steady_clock::now();
  std::vector<NearDuplicate> found;
  for (int i = 0; i < 1000; ++i) found = index.Find(target);
  double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() /
      1000;
  std::printf("near-duplicate lookup among 1M: %.1f us\n", us);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].id, 2'000'000u);
  EXPECT_EQ(found[1].id, 2'000'001u);
  index.Remove(2'000'001);
  EXPECT_EQ(index.Find(target).size(), 1u);
  EXPECT_LT(us, 1000);
}

}  // namespace
}  // namespace zb::text
