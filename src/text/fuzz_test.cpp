// Randomised inputs for the segmenter and the search tokenizer: they must never crash, and the
// segmenter's tokens must always tile the input exactly.
#include <gtest/gtest.h>

#include <random>

#include "text/search_tokenizer.h"
#include "text/test_support.h"
#include "text/utf8.h"

namespace zb::text {
namespace {

void ExpectTiles(const std::string& text, const std::vector<std::string_view>& tokens) {
  size_t offset = 0;
  for (auto t : tokens) {
    ASSERT_FALSE(t.empty());
    ASSERT_EQ(static_cast<size_t>(t.data() - text.data()), offset);
    offset += t.size();
  }
  ASSERT_EQ(offset, text.size());
}

void ExpectSaneSearchTokens(const std::string& text) {
  for (const SearchToken& t : SearchTokens(text)) {
    ASSERT_FALSE(t.text.empty());
    ASSERT_LE(t.begin, t.end);
    ASSERT_LE(t.end, text.size());
  }
}

std::string RandomBytes(std::mt19937& rng, size_t n) {
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

// Random code points weighted toward the interesting ranges, with some broken bytes.
std::string RandomUtf8(std::mt19937& rng, size_t chars) {
  static const std::vector<std::pair<char32_t, char32_t>> ranges = {
      {0x20, 0x7E},       {0x4E00, 0x9FD5}, {0x3000, 0x303F}, {0xFF01, 0xFF5E},
      {0x1F300, 0x1FAFF}, {0x80, 0x7FF},    {0x9FD6, 0x9FFF}, {0x9, 0xD}};
  std::string s;
  for (size_t i = 0; i < chars; ++i) {
    auto [lo, hi] = ranges[rng() % ranges.size()];
    if (rng() % 50 == 0) {
      s.push_back(static_cast<char>(0x80 | (rng() & 0x7F)));
      continue;
    }
    AppendUtf8(lo + rng() % (hi - lo + 1), &s);
  }
  return s;
}

TEST(FuzzTest, RandomBytes) {
  std::mt19937 rng(42);
  const Segmenter& seg = testing::SharedSegmenter();
  for (int i = 0; i < 2000; ++i) {
    std::string text = RandomBytes(rng, rng() % 200);
    ExpectTiles(text, seg.Cut(text));
    ExpectTiles(text, seg.Cut(text, {.hmm = false}));
    ExpectSaneSearchTokens(text);
  }
}

TEST(FuzzTest, RandomUtf8) {
  std::mt19937 rng(7);
  const Segmenter& seg = testing::SharedSegmenter();
  for (int i = 0; i < 2000; ++i) {
    std::string text = RandomUtf8(rng, rng() % 300);
    ExpectTiles(text, seg.Cut(text));
    ExpectTiles(text, seg.Cut(text, {.hmm = false}));
    ExpectSaneSearchTokens(text);
  }
}

TEST(FuzzTest, HugeInput) {
  std::mt19937 rng(1);
  const Segmenter& seg = testing::SharedSegmenter();
  std::string text = RandomUtf8(rng, 4'000'000);  // about 10 MB
  ExpectTiles(text, seg.Cut(text));
  ExpectSaneSearchTokens(text);
  // One long run of unknown ideographs goes through the HMM in one piece.
  std::string han;
  for (int i = 0; i < 200'000; ++i) AppendUtf8(0x9F00 + rng() % 0xD5, &han);
  ExpectTiles(han, seg.Cut(han));
}

}  // namespace
}  // namespace zb::text
