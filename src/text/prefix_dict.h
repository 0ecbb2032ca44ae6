// The prefix dictionary behind the segmenter: every word and every prefix of a word, each with a
// frequency (0 for a prefix that is not itself a word), as jieba's FREQ table. Stored as a trie:
// the root's children in an array indexed by code point, the other edges in one open-addressing
// hash table keyed by (node, character), so walking a sentence costs one probe per character.
//
// Not thread-safe for writing; a dictionary that is no longer modified may be read concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
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

  // The child of `node` along `label`, or kNone.
  Node Child(Node node, char32_t label) const {
    if (node == kRoot && label < kRootDirect) return root_[label];
    uint64_t key = (static_cast<uint64_t>(node) << 21) | label;
    size_t i = Slot(key);
    while (true) {
      const Edge& e = edges_[i];
      if (e.key == key) return e.child;
      if (e.key == kEmpty) return kNone;
      i = (i + 1) & mask_;
    }
  }

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
  };
  struct NodeInfo {
    double log_freq = 0;
    int64_t freq = 0;
  };
  size_t Slot(uint64_t key) const { return (key * 0x9E3779B97F4A7C15ull) >> shift_; }
  Node AddChild(Node node, char32_t label);
  void Grow();

  std::vector<Node> root_;
  std::vector<Edge> edges_;
  size_t mask_ = 0;
  int shift_ = 0;
  size_t edge_count_ = 0;
  std::vector<NodeInfo> info_;
  std::vector<uint16_t> tag_;
  std::vector<std::string> tags_;
};

}  // namespace zb::text
