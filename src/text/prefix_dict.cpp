#include "text/prefix_dict.h"

#include <algorithm>
#include <cmath>

#include "text/utf8.h"

namespace zb::text {

PrefixDict::PrefixDict() {
  root_.assign(kRootDirect, kNone);
  edges_.resize(1 << 10);
  mask_ = edges_.size() - 1;
  shift_ = 64 - 10;
  info_.emplace_back();
  tag_.push_back(0);
  tags_.emplace_back();
}

char32_t PrefixDict::Label(std::string_view text, size_t pos, int* length) {
  DecodedChar c = DecodeAt(text, pos);
  *length = c.length;
  if (c.code_point == kInvalidCodePoint) {
    return 0x110000 + static_cast<unsigned char>(text[pos]);
  }
  return c.code_point;
}

PrefixDict::Node PrefixDict::Find(std::string_view word) const {
  if (word.empty()) return kNone;
  Node node = kRoot;
  for (size_t pos = 0; pos < word.size();) {
    int len;
    node = Child(node, Label(word, pos, &len));
    if (node == kNone) return kNone;
    pos += len;
  }
  return node;
}

void PrefixDict::Grow() {
  std::vector<Edge> old = std::move(edges_);
  edges_.assign(old.size() * 2, Edge{});
  mask_ = edges_.size() - 1;
  --shift_;
  for (const Edge& e : old) {
    if (e.key == kEmpty) continue;
    size_t s = Slot(e.key);
    while (edges_[s].key != kEmpty) s = (s + 1) & mask_;
    edges_[s] = e;
  }
}

PrefixDict::Node PrefixDict::AddChild(Node node, char32_t label) {
  Node* direct = node == kRoot && label < kRootDirect ? &root_[label] : nullptr;
  if (direct && *direct != kNone) return *direct;
  Node child = static_cast<Node>(info_.size());
  if (direct) {
    *direct = child;
  } else {
    uint64_t key = (static_cast<uint64_t>(node) << 21) | label;
    size_t i = Slot(key);
    while (edges_[i].key != kEmpty) {
      if (edges_[i].key == key) return edges_[i].child;
      i = (i + 1) & mask_;
    }
    edges_[i] = Edge{key, child};
    if (++edge_count_ * 2 > edges_.size()) Grow();
  }
  info_.emplace_back();
  tag_.push_back(0);
  return child;
}

PrefixDict::Node PrefixDict::Set(std::string_view word, int64_t freq, std::string_view tag) {
  if (word.empty()) return kNone;
  Node node = kRoot;
  for (size_t pos = 0; pos < word.size();) {
    int len;
    node = AddChild(node, Label(word, pos, &len));
    pos += len;
  }
  info_[node].freq = freq;
  info_[node].log_freq = freq > 0 ? std::log(static_cast<double>(freq)) : 0.0;
  if (!tag.empty()) {
    auto it = std::find(tags_.begin(), tags_.end(), tag);
    if (it == tags_.end()) {
      if (tags_.size() >= 0xFFFF) return node;
      tags_.emplace_back(tag);
      it = tags_.end() - 1;
    }
    tag_[node] = static_cast<uint16_t>(it - tags_.begin());
  }
  return node;
}

}  // namespace zb::text
