#include "text/search_index.h"

#include "text/search_tokenizer.h"
#include "text/utf8.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

namespace zb::text {
namespace {

// A toy in-memory index built by BuildSegment, queried as the store does.
class ToyIndex {
 public:
  explicit ToyIndex(std::vector<std::string> texts, int threads = 2) : texts_(std::move(texts)) {
    std::vector<IndexDocument> docs;
    for (size_t i = 0; i < texts_.size(); ++i) {
      docs.push_back({static_cast<int64_t>(i + 1), {texts_[i]}});
    }
    segment_ = BuildSegment(docs, threads);
  }
  std::vector<int64_t> Find(std::string_view keyword) const {
    std::vector<int64_t> result;
    bool first = true;
    for (const TermRequirement& req : QueryRequirements(keyword)) {
      std::vector<int64_t> ids;
      for (const auto& t : segment_.terms) {
        for (const KeyRange& r : req) {
          if (t.key >= r.lo && t.key <= r.hi) {
            EXPECT_TRUE(DecodePostings(t.postings, &ids));
          }
        }
      }
      SortUnique(&ids);
      result = first ? ids : Intersect(result, ids);
      first = false;
    }
    return result;
  }
  const Segment& segment() const { return segment_; }

 private:
  std::vector<std::string> texts_;
  Segment segment_;
};

using Ids = std::vector<int64_t>;

TEST(SearchIndexTest, ChineseBigramsMatchInOrderOnly) {
  ToyIndex index({"小区门口停车难", "车停在路边", "雨后积水严重", "停车场积水"});
  EXPECT_EQ(index.Find("停车"), (Ids{1, 4}));
  EXPECT_EQ(index.Find("积水"), (Ids{3, 4}));
  EXPECT_EQ(index.Find("车停"), (Ids{2}));
  EXPECT_EQ(index.Find("停车场"), (Ids{4}));
  EXPECT_EQ(index.Find("停车 积水"), (Ids{4}));  // terms are ANDed
  EXPECT_EQ(index.Find("垃圾"), Ids{});
}

TEST(SearchIndexTest, OneCharacterQueryFindsEveryOccurrence) {
  // 难 ends a run (a unigram), 车 starts bigrams or ends a run, 路 is inside one.
  ToyIndex index({"小区门口停车难", "车停在路边", "雨后积水严重", "买车"});
  EXPECT_EQ(index.Find("难"), (Ids{1}));
  EXPECT_EQ(index.Find("车"), (Ids{1, 2, 4}));
  EXPECT_EQ(index.Find("路"), (Ids{2}));
  EXPECT_EQ(index.Find("雪"), Ids{});
}

TEST(SearchIndexTest, LatinWordsAndNumbersByTrigrams) {
  ToyIndex index({"WiFi 信号差", "电话 13812345678 无人接", "PM2.5 超标", "wifi密码"});
  EXPECT_EQ(index.Find("wifi"), (Ids{1, 4}));
  EXPECT_EQ(index.Find("WIFI"), (Ids{1, 4}));
  EXPECT_EQ(index.Find("13812345678"), (Ids{2}));
  EXPECT_EQ(index.Find("pm2.5"), (Ids{3}));
  EXPECT_EQ(index.Find("5678"), (Ids{2}));  // parts of numbers and words: trigrams
  EXPECT_EQ(index.Find("ifi"), (Ids{1, 4}));
  EXPECT_EQ(index.Find("fiw"), Ids{});
  EXPECT_TRUE(QueryRequirements("，。!!  ").empty());
  EXPECT_TRUE(QueryRequirements("wi 12").empty());  // too short to look up
}

TEST(SearchIndexTest, SegmentAgreesWithPerDocumentKeys) {
  // The bulk builder (radix sort, several threads) and the single-document path give the same
  // postings, over enough documents that every thread gets a share.
  std::vector<std::string> texts;
  std::mt19937 rng(7);
  const char* pieces[] = {"停车", "积水", "噪音扰民", "A3区", "路灯不亮", "，", "12345", "学校"};
  for (int i = 0; i < 10000; ++i) {
    std::string t;
    for (int j = 0; j < 6; ++j) t += pieces[rng() % 8];
    texts.push_back(t);
  }
  ToyIndex one(texts, 1), two(texts, 2);
  std::map<uint64_t, Ids> expected;
  for (size_t i = 0; i < texts.size(); ++i) {
    std::string_view part = texts[i];
    for (uint64_t k : DocumentTermKeys({&part, 1})) {
      expected[k].push_back(static_cast<int64_t>(i + 1));
    }
  }
  for (const ToyIndex* index : {&one, &two}) {
    ASSERT_EQ(index->segment().terms.size(), expected.size());
    for (const SegmentTerm& t : index->segment().terms) {
      Ids ids;
      ASSERT_TRUE(DecodePostings(t.postings, &ids));
      EXPECT_EQ(ids, expected[t.key]);
    }
  }
  EXPECT_EQ(one.segment().bytes, two.segment().bytes);
}

// The keys straight from the tokenizer's document tokens: what the one-pass scanner must give.
std::vector<uint64_t> ReferenceKeys(std::string_view text) {
  std::vector<uint64_t> keys;
  std::vector<SearchToken> tokens = SearchTokens(text);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i].text;
    DecodedChar first = DecodeAt(t, 0);
    if (tokens[i].colocated) {
      keys.push_back(PairKey(first.code_point, DecodeAt(t, first.length).code_point));
    } else if (IsSearchCjk(first.code_point)) {
      if (i + 1 == tokens.size() || !tokens[i + 1].colocated) {
        keys.push_back(UnigramKey(first.code_point));
      }
    } else {
      std::vector<size_t> starts;
      for (size_t p = 0; p < t.size(); p += DecodeAt(t, p).length) starts.push_back(p);
      starts.push_back(t.size());
      for (size_t j = 0; j + 3 < starts.size(); ++j) {
        keys.push_back(TrigramKey(t.substr(starts[j], starts[j + 3] - starts[j])));
      }
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

TEST(SearchIndexTest, OnePassScannerAgreesWithTheTokenizer) {
  const char* pieces[] = {"停车", "难",       "，",     "。",   "A",     "b",  "Z",  "3",
                          "1",    ".",        "..",     "５",   "Ｂ",    "ｘ", "〇", "😀",
                          "\xFF", "\xE5\x81", "Москва", "カタ", "한국",  " ",  "-",  "é",
                          "𠀀",   "、",       "“",      "4.23", "PM2.5", "\t"};
  std::mt19937 rng(11);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    int n = 1 + static_cast<int>(rng() % 12);
    for (int j = 0; j < n; ++j) text += pieces[rng() % std::size(pieces)];
    std::string_view part = text;
    ASSERT_EQ(DocumentTermKeys({&part, 1}), ReferenceKeys(text)) << text;
  }
}

TEST(SearchIndexTest, PostingsRoundTripAndCorruptBlobs) {
  Ids ids = {1, 2, 130, 16500, int64_t{1} << 40};
  std::string blob;
  EncodePostings(ids, &blob);
  Ids back;
  ASSERT_TRUE(DecodePostings(blob, &back));
  EXPECT_EQ(back, ids);
  back.clear();
  EXPECT_FALSE(DecodePostings(blob.substr(0, blob.size() - 1) + "\x80", &back));
  EXPECT_FALSE(DecodePostings(std::string(12, '\xFF'), &back));
}

TEST(SearchIndexTest, ShiftedPostingsAreTheIdsPlusTheOffset) {
  Ids ids = {1, 2, 130, 16500};
  std::string blob, shifted;
  EncodePostings(ids, &blob);
  ASSERT_TRUE(ShiftPostings(blob, 999'999, &shifted));  // the first delta grows a byte
  Ids back;
  ASSERT_TRUE(DecodePostings(shifted, &back));
  EXPECT_EQ(back, (Ids{1'000'000, 1'000'001, 1'000'129, 1'016'499}));
  std::string empty;
  EXPECT_TRUE(ShiftPostings("", 5, &empty));
  EXPECT_TRUE(empty.empty());
  EXPECT_FALSE(ShiftPostings("\x80\x80", 5, &empty));
}

}  // namespace
}  // namespace zb::text
