// Keyword extraction compatible with jieba.analyse: TF-IDF (extract_tags) with jieba's IDF table
// and TextRank (textrank, window 5, 10 iterations, damping 0.85).
//
// TextRank differs from jieba in one documented way: jieba keeps only words its part-of-speech
// tagger marks ns/n/vn/v; we take the tag from the dictionary (dict.txt or a user dictionary) and
// accept words the dictionary does not know if they are all ideographs (jieba tags most of those
// as nouns), and we segment with Segmenter::Cut rather than jieba.posseg.
//
// An extractor borrows its segmenter and IDF table, which must outlive it. All members are const
// and safe to call from many threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "text/segmenter.h"

namespace zb::text {

struct Keyword {
  std::string word;
  double weight = 0;
};

class IdfTable {
 public:
  // Reads `word idf` lines, as jieba's analyse/idf.txt.
  static Result<IdfTable> Load(const std::string& path);
  // `dir`/analyse/idf.txt.
  static Result<IdfTable> LoadFromJiebaDir(const std::string& dir = DefaultJiebaDir());

  // The word's IDF, or the median of the table for unknown words (as jieba).
  double Idf(std::string_view word) const;
  double median() const { return median_; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, double, Hash, std::equal_to<>> idf_;
  double median_ = 0;
};

class KeywordExtractor {
 public:
  KeywordExtractor(const Segmenter& segmenter, const IdfTable& idf);

  // Adds stop words (one per line) to jieba's default English list.
  Status LoadStopWords(const std::string& path);
  void AddStopWord(std::string_view word) { stop_words_.emplace(word); }

  // jieba.analyse.extract_tags(text, topK=top_k, withWeight=True).
  std::vector<Keyword> TfIdf(std::string_view text, size_t top_k = 20) const;
  // The same over a set of texts taken together (term counts summed over all of them).
  std::vector<Keyword> TfIdf(const std::vector<std::string_view>& texts, size_t top_k = 20) const;

  // jieba.analyse.textrank(text, topK=top_k, withWeight=True), with the tagging noted above.
  std::vector<Keyword> TextRank(std::string_view text, size_t top_k = 20) const;
  std::vector<Keyword> TextRank(const std::vector<std::string_view>& texts,
                                size_t top_k = 20) const;

 private:
  // jieba's filter: at least two characters once whitespace is stripped, not a stop word.
  bool IsCandidate(std::string_view word) const;
  bool HasRankedTag(std::string_view word) const;

  const Segmenter& segmenter_;
  const IdfTable& idf_;
  std::unordered_set<std::string> stop_words_;
};

}  // namespace zb::text
