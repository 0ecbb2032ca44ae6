// The prefix dictionary behind the segmenter: every word and every prefix of a word, each with a
// frequency (0 for a prefix that is not itself a word), as jieba's FREQ table. Stored as a trie:
// the root's children in an array indexed by code point, the other edges in one open-addressing
// hash table keyed by (node, character), so walking a sentence costs one probe per character. Each
// edge also says whether its child is a word (and its log frequency, from a small table), and a
// Bloom filter small enough to stay in the cache answers for most edges that do not exist (every
// walk ends on one), so a step rarely reads more than one line of the large table.
//
// Not thread-safe for writing; a dictionary that is no longer modified may be read concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zb::text {

class PrefixDict {
 public:
  using Node = uint32_t;
  static constexpr Node kRoot = 0;
  static constexpr Node kNone = 0xFFFFFFFF;

  PrefixDict();

  // A character as a trie label: its code point, or 0x110000 + byte for a malformed byte.
  static char32_t Label(std::string_view text, size_t pos, int* length);

  // One step down the trie: the child, and whether it is a word (`word` != 0; then its log(freq)
  // is word_log_freq(word)). The edge holds both, so a step reads one cache line: walking a
  // sentence is bound by these reads.
  struct Step {
    Node node = kNone;
    uint32_t word = 0;
  };
  Step Walk(Node node, char32_t label) const {
    if (node == kRoot && label < kRootDirect) return root_[label];
    uint64_t key = (static_cast<uint64_t>(node) << 21) | label;
    if (!MayHave(key)) return {};
    size_t i = Slot(key);
    while (true) {
      const Edge& e = edges_[i];
      if (e.key == key) return {e.child, e.word};
      if (e.key == kEmpty) return {};
      i = (i + 1) & mask_;
    }
  }
  // Starts loading the edge Walk(node, label) reads, so the walks of a sentence's positions can
  // wait for memory together rather than one after another.
  void Prefetch(Node node, char32_t label) const {
    if (node == kRoot && label < kRootDirect) return;
    uint64_t key = (static_cast<uint64_t>(node) << 21) | label;
    if (MayHave(key)) __builtin_prefetch(&edges_[Slot(key)]);
  }
  // log(freq) of a word Walk() met (a small table: one entry per distinct frequency).
  double word_log_freq(uint32_t word) const { return word_log_[word]; }

  // The child of `node` along `label`, or kNone.
  Node Child(Node node, char32_t label) const { return Walk(node, label).node; }

  int64_t freq(Node node) const { return info_[node].freq; }
  // log(freq), or 0 when freq is 0 (jieba's `log(FREQ.get(w) or 1)`).
  double log_freq(Node node) const { return info_[node].log_freq; }
  // Index into tags(); 0 is "no tag".
  uint16_t tag(Node node) const { return tag_[node]; }
  const std::string& tag_name(uint16_t id) const { return tags_[id]; }

  // The node spelling `word`, or kNone if neither a word nor a prefix.
  Node Find(std::string_view word) const;

  // Sets `word`'s frequency (and tag, if not empty) and creates its prefixes with frequency 0.
  // Returns the node of the word. An empty word is ignored and returns kNone.
  Node Set(std::string_view word, int64_t freq, std::string_view tag);

  size_t node_count() const { return info_.size(); }

 private:
  static constexpr uint64_t kEmpty = ~0ull;
  static constexpr char32_t kRootDirect = 0x10000;  // the root's children below this: an array
  struct Edge {
    uint64_t key = kEmpty;  // parent << 21 | label
    Node child = kNone;
    uint32_t word = 0;  // the child's entry in word_log_, 0 when its frequency is 0
  };
  struct NodeInfo {
    double log_freq = 0;
    int64_t freq = 0;
  };
  size_t Slot(uint64_t key) const { return (key * 0x9E3779B97F4A7C15ull) >> shift_; }
  // A Bloom filter over the edges' keys, one 64-bit word per key with 4 bits set: small enough to
  // stay in the cache, it answers most walks' last step (the edge that is not there) without
  // reading the table.
  static constexpr int kFilterBits = 16;
  static uint64_t FilterHash(uint64_t key) { return key * 0xD6E8FEB86659FD93ull; }
  static uint64_t FilterMask(uint64_t h) {
    return (1ull << (h & 63)) | (1ull << ((h >> 6) & 63)) | (1ull << ((h >> 12) & 63)) |
           (1ull << ((h >> 18) & 63));
  }
  bool MayHave(uint64_t key) const {
    uint64_t h = FilterHash(key), mask = FilterMask(h);
    return (filter_[h >> (64 - kFilterBits)] & mask) == mask;
  }
  Node AddChild(Node node, char32_t label);
  void SetWord(Node parent, char32_t label, int64_t freq);
  void Grow();

  std::vector<Step> root_;
  std::vector<Edge> edges_;
  std::vector<uint64_t> filter_;
  size_t mask_ = 0;
  int shift_ = 0;
  size_t edge_count_ = 0;
  std::vector<NodeInfo> info_;
  std::vector<uint16_t> tag_;
  std::vector<std::string> tags_;
  std::vector<double> word_log_;                        // [0]: unused
  std::vector<std::pair<int64_t, uint32_t>> word_ids_;  // frequency -> entry, sorted
};

}  // namespace zb::text
