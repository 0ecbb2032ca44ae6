// Near-duplicate detection for messages: a MinHash signature of a text's character 3-gram
// shingles (ideographs, letters and digits only, ASCII lower-cased; punctuation, spaces and emoji
// ignored), and an index with locality-sensitive hashing (8 bands of 4 values) that finds stored
// texts whose estimated Jaccard similarity reaches a threshold without scanning.
//
// Signing is pure. NearDuplicateIndex is not thread-safe: guard it with a mutex or give each
// thread its own.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace zb::text {

inline constexpr int kMinHashSize = 32;
using MinHashSignature = std::array<uint32_t, kMinHashSize>;

// The signature of `text`; a text without ideographs, letters or digits gets the empty signature
// (all 0xFFFFFFFF), which matches nothing.
MinHashSignature MinHash(std::string_view text);
bool IsEmptySignature(const MinHashSignature& s);

// The share of equal slots: an estimate of the shingle sets' Jaccard similarity.
double EstimatedSimilarity(const MinHashSignature& a, const MinHashSignature& b);

// Similarity from which two messages are reported as the same matter; tuned on repeats of the
// real messages (docs/text.md).
inline constexpr double kNearDuplicateSimilarity = 0.5;

struct NearDuplicate {
  uint64_t id;
  double similarity;
};

class NearDuplicateIndex {
 public:
  NearDuplicateIndex();

  // Adds (or replaces) the text stored under `id` (e.g. an open ticket).
  void Add(uint64_t id, const MinHashSignature& signature);
  // Removes `id` (a closed ticket); unknown ids are ignored.
  void Remove(uint64_t id);
  size_t size() const { return slot_of_.size(); }

  // Stored ids whose similarity to `signature` is at least `min_similarity`, most similar first.
  std::vector<NearDuplicate> Find(const MinHashSignature& signature,
                                  double min_similarity = kNearDuplicateSimilarity) const;

 private:
  static constexpr int kBands = 8;
  static constexpr int kRows = kMinHashSize / kBands;
  static constexpr uint32_t kEmptySlot = 0xFFFFFFFF;
  // One entry per distinct band key: the latest slot with it; earlier ones follow next_.
  struct Entry {
    uint64_t key = 0;
    uint32_t head = kEmptySlot;
  };
  static uint64_t BandKey(const MinHashSignature& s, int band);
  void Insert(int band, uint64_t key, uint32_t slot);
  void Rebuild();

  std::vector<uint64_t> ids_;  // by slot
  std::vector<MinHashSignature> signatures_;
  std::vector<bool> alive_;
  std::unordered_map<uint64_t, uint32_t> slot_of_;
  std::array<std::vector<Entry>, kBands> tables_;   // open addressing
  std::array<std::vector<uint32_t>, kBands> next_;  // by slot: the previous slot with the same key
  size_t mask_ = 0;
  size_t dead_ = 0;
};

}  // namespace zb::text
