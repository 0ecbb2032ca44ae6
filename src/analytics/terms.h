// The content words of a ticket: what the emerging, trending and periodic detectors count and
// what hot issues are compared by.
//
// A term is a segmenter word of two or more ideographs that is not on the hotline stop list
// (greetings, forms of address, words every complaint uses: 您好, 书记, 问题, 反映, 希望, 小区 …).
// A ticket's terms are its distinct terms ranked by tf × idf (jieba's IDF table; title words count
// twice, as the title summarises the matter), the best `k` kept. A word where the text names a
// place (the `places` found in it, place.h) says where, not what, and is not counted there: the
// segmenter cuts "姜堰区泉悦花园" into fragments such as 区泉悦 that would otherwise tie unrelated
// tickets at one place together.
//
// Borrows the segmenter and IDF table, which must outlive it. Thread-safe (const), given a
// WordTable per thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include "analytics/place.h"
#include "text/keywords.h"
#include "text/segmenter.h"

namespace zb::analytics {

inline constexpr size_t kTermsPerTicket = 10;

// The hash WordTable is used with: words are short (6–30 bytes), so a few multiplications inline
// beat a library call.
inline uint64_t WordHash(std::string_view word) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ word.size();
  const char* p = word.data();
  size_t n = word.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  uint64_t v = 0;
  std::memcpy(&v, p, n);
  h = (h ^ v) * 0x94D049BB133111EBull;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 32);
}

// The words one thread has met, each with a small id and its weight: the IDF of a term, or -1
// for a word that is not one. An open-addressing table over one character arena, so looking a
// word up touches one or two cache lines; it doubles as the thread's term interner.
class WordTable {
 public:
  static constexpr uint32_t kNone = 0xFFFFFFFF;

  uint32_t Find(std::string_view word, uint64_t hash);
  // Starts loading the slot where `hash` is looked up, so lookups of a text's words overlap.
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[(hash >> 16) & (slots_.size() - 1)]);
  }
  uint32_t Add(std::string_view word, uint64_t hash, float weight);  // `word` must be new
  std::string_view Word(uint32_t id) const {
    uint32_t begin = id == 0 ? 0 : ends_[id - 1];
    return std::string_view(chars_).substr(begin, ends_[id] - begin);
  }
  float Weight(uint32_t id) const { return weights_[id]; }
  size_t size() const { return weights_.size(); }

 private:
  // The slot of a word is chosen by hash >> 16; its tag is the hash with the word's length (up to
  // 0xFFFF) in the low 16 bits, so a lookup compares the bytes only of a word of the same length.
  static uint64_t Tag(std::string_view word, uint64_t hash) {
    return (hash & ~uint64_t(0xFFFF)) | std::min<uint64_t>(word.size(), 0xFFFF);
  }
  struct Slot {
    uint64_t tag = 0;
    uint32_t id = kNone;
    uint32_t begin = 0;  // the word's first byte in chars_; its length is ends_[id] - begin
  };
  std::vector<Slot> slots_;  // a power of two, at most half full
  std::string chars_;
  std::vector<uint32_t> ends_;
  std::vector<float> weights_;
};

struct WeightedTerm {
  uint32_t id;            // in the caller's WordTable
  std::string_view word;  // a view into the title or the content
  double weight;
};

class TermExtractor {
 public:
  TermExtractor(const text::Segmenter& segmenter, const text::IdfTable& idf);

  // The best `k` terms, best first, into `out`. `title_places` and `content_places`: the places
  // ExtractPlaces found in each text. `words` is the calling thread's own table.
  void TopTerms(std::string_view title, std::string_view content,
                std::span<const Place> title_places, std::span<const Place> content_places,
                size_t k, WordTable& words, std::vector<WeightedTerm>* out) const;
  bool IsStopWord(std::string_view word) const;

 private:
  const text::Segmenter& segmenter_;
  const text::IdfTable& idf_;
};

}  // namespace zb::analytics
