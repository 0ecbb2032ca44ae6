#include "text/near_duplicate.h"

#include <algorithm>

#include "text/utf8.h"

namespace zb::text {
namespace {

uint64_t Mix(uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

bool IsContentChar(char32_t c) {
  return IsAsciiAlnum(c) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3FFFF);
}

// Odd multipliers and offsets of the kMinHashSize hash functions, fixed so that signatures
// stay comparable across runs and versions.
struct HashFamily {
  std::array<uint64_t, kMinHashSize> a, b;
  HashFamily() {
    uint64_t seed = 0x5A4E42544558542Dull;
    for (int k = 0; k < kMinHashSize; ++k) {
      a[k] = Mix(seed += 0x9E3779B97F4A7C15ull) | 1;
      b[k] = Mix(seed += 0x9E3779B97F4A7C15ull);
    }
  }
};
const HashFamily kFamily;

}  // namespace

MinHashSignature MinHash(std::string_view text) {
  MinHashSignature sig;
  sig.fill(0xFFFFFFFF);
  std::vector<char32_t> chars;
  chars.reserve(text.size() / 3 + 1);
  for (size_t pos = 0; pos < text.size();) {
    DecodedChar c = DecodeAt(text, pos);
    pos += c.length;
    if (!IsContentChar(c.code_point)) continue;
    char32_t cp = c.code_point;
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    chars.push_back(cp);
  }
  if (chars.empty()) return sig;
  constexpr size_t kShingle = 3;
  size_t shingles = chars.size() >= kShingle ? chars.size() - kShingle + 1 : 1;
  for (size_t i = 0; i < shingles; ++i) {
    uint64_t h = 0xCBF29CE484222325ull;
    for (size_t k = i; k < std::min(i + kShingle, chars.size()); ++k) {
      h = (h ^ chars[k]) * 0x100000001B3ull;
    }
    h = Mix(h);
    for (int k = 0; k < kMinHashSize; ++k) {
      uint32_t v = static_cast<uint32_t>((kFamily.a[k] * h + kFamily.b[k]) >> 32);
      sig[k] = std::min(sig[k], v);
    }
  }
  return sig;
}

bool IsEmptySignature(const MinHashSignature& s) {
  return std::all_of(s.begin(), s.end(), [](uint32_t v) { return v == 0xFFFFFFFF; });
}

double EstimatedSimilarity(const MinHashSignature& a, const MinHashSignature& b) {
  int same = 0;
  for (int k = 0; k < kMinHashSize; ++k) same += a[k] == b[k];
  return static_cast<double>(same) / kMinHashSize;
}

NearDuplicateIndex::NearDuplicateIndex() {
  for (auto& t : tables_) t.resize(1024);
  mask_ = 1023;
}

uint64_t NearDuplicateIndex::BandKey(const MinHashSignature& s, int band) {
  uint64_t h = static_cast<uint64_t>(band) + 1;
  for (int r = 0; r < kRows; ++r) h = Mix(h ^ s[band * kRows + r]);
  return h;
}

void NearDuplicateIndex::Insert(int band, uint64_t key, uint32_t slot) {
  auto& table = tables_[band];
  size_t i = key & mask_;
  while (table[i].head != kEmptySlot && table[i].key != key) i = (i + 1) & mask_;
  next_[band][slot] = table[i].head;
  table[i] = Entry{key, slot};
}

void NearDuplicateIndex::Rebuild() {
  std::vector<uint64_t> ids;
  std::vector<MinHashSignature> signatures;
  for (size_t s = 0; s < ids_.size(); ++s) {
    if (!alive_[s]) continue;
    ids.push_back(ids_[s]);
    signatures.push_back(signatures_[s]);
  }
  size_t capacity = 1024;  // a quarter full at most, so many adds follow before the next rebuild
  while (capacity < ids.size() * 4 + 4) capacity *= 2;
  for (auto& t : tables_) t.assign(capacity, Entry{});
  for (auto& n : next_) n.assign(ids.size(), kEmptySlot);
  mask_ = capacity - 1;
  ids_ = std::move(ids);
  signatures_ = std::move(signatures);
  alive_.assign(ids_.size(), true);
  dead_ = 0;
  slot_of_.clear();
  for (uint32_t s = 0; s < ids_.size(); ++s) {
    slot_of_[ids_[s]] = s;
    for (int b = 0; b < kBands; ++b) Insert(b, BandKey(signatures_[s], b), s);
  }
}

void NearDuplicateIndex::Add(uint64_t id, const MinHashSignature& signature) {
  Remove(id);
  // Distinct keys are at most the slots, so keeping slots below half the capacity keeps probes
  // short; dead slots are dropped when they outnumber the live ones.
  if ((ids_.size() + 1) * 2 > tables_[0].size() || (dead_ > 1024 && dead_ > slot_of_.size())) {
    Rebuild();
  }
  uint32_t slot = static_cast<uint32_t>(ids_.size());
  ids_.push_back(id);
  signatures_.push_back(signature);
  alive_.push_back(true);
  slot_of_[id] = slot;
  for (int b = 0; b < kBands; ++b) {
    next_[b].push_back(kEmptySlot);
    Insert(b, BandKey(signature, b), slot);
  }
}

void NearDuplicateIndex::Remove(uint64_t id) {
  auto it = slot_of_.find(id);
  if (it == slot_of_.end()) return;
  alive_[it->second] = false;  // unlinked at the next rebuild
  slot_of_.erase(it);
  ++dead_;
}

std::vector<NearDuplicate> NearDuplicateIndex::Find(const MinHashSignature& signature,
                                                    double min_similarity) const {
  std::vector<NearDuplicate> out;
  if (IsEmptySignature(signature)) return out;
  std::vector<uint32_t> seen;
  for (int b = 0; b < kBands; ++b) {
    uint64_t key = BandKey(signature, b);
    const auto& table = tables_[b];
    size_t i = key & mask_;
    while (table[i].head != kEmptySlot && table[i].key != key) i = (i + 1) & mask_;
    for (uint32_t slot = table[i].head; slot != kEmptySlot; slot = next_[b][slot]) {
      if (!alive_[slot]) continue;
      seen.push_back(slot);
    }
  }
  std::sort(seen.begin(), seen.end());
  seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
  for (uint32_t slot : seen) {
    double similarity = EstimatedSimilarity(signature, signatures_[slot]);
    if (similarity >= min_similarity) out.push_back({ids_[slot], similarity});
  }
  std::sort(out.begin(), out.end(), [](const NearDuplicate& x, const NearDuplicate& y) {
    return x.similarity != y.similarity ? x.similarity > y.similarity : x.id < y.id;
  });
  return out;
}

}  // namespace zb::text
