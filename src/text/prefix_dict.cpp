#include "text/prefix_dict.h"

#include <algorithm>
#include <cmath>

#include "text/utf8.h"

namespace zb::text {

PrefixDict::PrefixDict() {
  root_.assign(kRootDirect, Step{});
  edges_.resize(1 << 10);
  filter_.assign(size_t(1) << kFilterBits, 0);
  mask_ = edges_.size() - 1;
  shift_ = 64 - 10;
  info_.emplace_back();
  tag_.push_back(0);
  tags_.emplace_back();
  word_log_.push_back(0);
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
  Node* direct = node == kRoot && label < kRootDirect ? &root_[label].node : nullptr;
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
    uint64_t h = FilterHash(key);
    filter_[h >> (64 - kFilterBits)] |= FilterMask(h);
    if (++edge_count_ * 2 > edges_.size()) Grow();
  }
  info_.emplace_back();
  tag_.push_back(0);
  return child;
}

void PrefixDict::SetWord(Node parent, char32_t label, int64_t freq) {
  uint32_t word = 0;
  if (freq > 0) {
    auto it =
        std::lower_bound(word_ids_.begin(), word_ids_.end(), std::pair<int64_t, uint32_t>{freq, 0});
    if (it == word_ids_.end() || it->first != freq) {
      it = word_ids_.insert(it, {freq, static_cast<uint32_t>(word_log_.size())});
      word_log_.push_back(std::log(static_cast<double>(freq)));
    }
    word = it->second;
  }
  if (parent == kRoot && label < kRootDirect) {
    root_[label].word = word;
    return;
  }
  uint64_t key = (static_cast<uint64_t>(parent) << 21) | label;
  size_t i = Slot(key);
  while (edges_[i].key != key) i = (i + 1) & mask_;
  edges_[i].word = word;
}

PrefixDict::Node PrefixDict::Set(std::string_view word, int64_t freq, std::string_view tag) {
  if (word.empty()) return kNone;
  Node node = kRoot, parent = kRoot;
  char32_t label = 0;
  for (size_t pos = 0; pos < word.size();) {
    int len;
    label = Label(word, pos, &len);
    parent = node;
    node = AddChild(node, label);
    pos += len;
  }
  SetWord(parent, label, freq);
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
