#include "text/search_index.h"

#include <algorithm>
#include <memory>
#include <thread>
#include <unordered_map>

#include "base/hash.h"
#include "text/search_tokenizer.h"
#include "text/utf8.h"

namespace zb::text {
namespace {

constexpr uint64_t kCodeMask = (uint64_t{1} << 21) - 1;

}  // namespace

uint64_t TrigramKey(std::string_view bytes) {
  uint64_t h = Fnv1a64(bytes);  // then a final mix
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 32;
  return kWordTag | (h & (kWordTag - 1));
}

namespace {

// Calls word(key) for each trigram of a word token (nothing for words under three characters).
template <class F>
void WordTrigrams(std::string_view token, F&& word) {
  size_t starts[3] = {0, 0, 0};
  int n = 0;
  for (size_t p = 0; p < token.size();) {
    starts[n % 3] = p;
    p += DecodeAt(token, p).length;
    ++n;
    if (n >= 3) word(TrigramKey(token.substr(starts[(n - 3) % 3], p - starts[(n - 3) % 3])));
  }
}

// A character that is surely a separator (the common punctuation), so no word starts there.
inline bool SurelySeparator(char32_t c) {
  return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0x2000 && c <= 0x206F) || c == kInvalidCodePoint;
}

// A document's keys in one pass over its text, as the tokenizer's document-mode tokens give
// them: `Handler` gets Pair(a, b) for each pair of adjacent CJK characters, Unigram(c) for the last
// character of each CJK run, Word(key) for each trigram of a word. CJK runs are scanned here
// directly (most of the text); the stretches between them that may hold words go through the
// tokenizer, which knows the word rules (folding, decimal points).
template <class Handler>
class DocumentKeys {
 public:
  explicit DocumentKeys(Handler& h) : h_(h) {}

  void Part(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    size_t other = std::string_view::npos;  // start of a stretch that may hold words
    char32_t prev = 0;
    bool in_run = false;
    for (size_t i = 0; i < n;) {
      unsigned char b = s[i];
      if (b < 0x80) {
        if (in_run) h_.Unigram(prev), in_run = false;
        if (other == std::string_view::npos && IsAsciiAlnum(b)) other = i;
        ++i;
        continue;
      }
      char32_t cp;
      int len;
      if ((b & 0xF0) == 0xE0 && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
          (s[i + 2] & 0xC0) == 0x80) {
        cp = (char32_t{b & 0x0Fu} << 12) | (char32_t{s[i + 1] & 0x3Fu} << 6) | (s[i + 2] & 0x3Fu);
        len = 3;
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kInvalidCodePoint, len = 1;
      } else {
        DecodedChar d = DecodeMultiByte(text, i);
        cp = d.code_point;
        len = d.length;
      }
      if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp != kInvalidCodePoint && IsSearchCjk(cp))) {
        if (other != std::string_view::npos) {
          Words(text.substr(other, i - other));
          other = std::string_view::npos;
        }
        if (in_run) h_.Pair(prev, cp);
        prev = cp;
        in_run = true;
      } else {
        if (in_run) h_.Unigram(prev), in_run = false;
        if (other == std::string_view::npos && !SurelySeparator(cp)) other = i;
      }
      i += len;
    }
    if (in_run) h_.Unigram(prev);
    if (other != std::string_view::npos) Words(text.substr(other));
  }

 private:
  // A stretch without CJK characters: every token is a word.
  void Words(std::string_view stretch) {
    TokenizeForSearch(stretch, SearchMode::kDocument, this, &DocumentKeys::WordSink);
  }
  static bool WordSink(void* self, std::string_view token, uint32_t, uint32_t, bool) {
    auto* k = static_cast<DocumentKeys*>(self);
    WordTrigrams(token, [&](uint64_t key) { k->h_.Word(key); });
    return true;
  }

  Handler& h_;
};

struct KeyList {
  std::vector<uint64_t>* out;
  void Pair(char32_t a, char32_t b) { out->push_back(uint64_t{a} << 21 | b); }
  void Unigram(char32_t c) { out->push_back(kUnigramTag | c); }
  void Word(uint64_t key) { out->push_back(key); }
};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// ---- bulk segment building

// A share of the documents, tokenized into (local term, document index) pairs and sorted.
class ShareBuilder {
 public:
  ShareBuilder() : char_id_(0x110000, 0) {}

  void Run(std::span<const IndexDocument> docs, uint32_t first_index) {
    Reset();
    doc_ = first_index;
    size_t bytes = 0;
    for (const IndexDocument& d : docs) {
      for (std::string_view part : d.parts) bytes += part.size();
    }
    pairs_.reserve(bytes / 3 + 16);  // about one key per CJK character
    DocumentKeys<ShareBuilder> keys(*this);
    for (const IndexDocument& d : docs) {
      for (std::string_view part : d.parts) keys.Part(part);
      ++doc_;
    }
    token_count = pairs_.size();
    Sort();
    Collect();
  }

  // Forgets the last share, keeping the memory (page faults cost as much as the sorting).
  void Reset() {
    for (char32_t c : chars_) char_id_[c] = 0;
    chars_.clear();
    other_.clear();
    other_keys_.clear();
    pairs_.clear();
    entries.clear();
    docs.clear();
  }

  // DocumentKeys' handler.
  void Pair(char32_t a, char32_t b) {
    uint32_t x = CharId(a), y = CharId(b);
    Push(x && y ? (x << 15 | y) : OtherId(uint64_t{a} << 21 | b));
  }
  void Unigram(char32_t c) {
    uint32_t x = CharId(c);
    Push(x ? (kUnigramLocal | x) : OtherId(kUnigramTag | c));
  }
  void Word(uint64_t key) { Push(OtherId(key)); }

  struct Entry {
    uint64_t key;
    uint32_t begin, end;  // into docs
  };
  std::vector<Entry> entries;  // ascending real key
  std::vector<uint32_t> docs;  // document indexes per entry, ascending, no repeats
  size_t token_count = 0;

 private:
  static constexpr uint32_t kUnigramLocal = 0x40000000u;
  static constexpr uint32_t kOtherLocal = 0x80000000u;
  static constexpr uint32_t kMaxChars = 32767;

  // Local id of a code point (1..kMaxChars), or 0 when there are too many distinct ones.
  uint32_t CharId(char32_t cp) {
    if (cp >= 0x110000) return 0;
    uint16_t& id = char_id_[cp];
    if (id == 0) {
      if (chars_.size() >= kMaxChars) return 0;
      chars_.push_back(cp);
      id = static_cast<uint16_t>(chars_.size());
    }
    return id;
  }
  uint32_t OtherId(uint64_t key) {
    auto [it, added] = other_.try_emplace(key, static_cast<uint32_t>(other_keys_.size()));
    if (added) other_keys_.push_back(key);
    return kOtherLocal | it->second;
  }
  void Push(uint32_t local) { pairs_.push_back(uint64_t{local} << 32 | doc_); }

  // Stable LSD radix sort on the local term (the high 32 bits), 11 bits a pass; passes whose
  // digit is the same for every pair are skipped.
  void Sort() {
    std::vector<uint64_t>& tmp = tmp_;
    tmp.resize(pairs_.size());
    for (int shift = 32; shift < 64; shift += 11) {
      std::vector<size_t> count(2049, 0);
      for (uint64_t p : pairs_) ++count[((p >> shift) & 2047) + 1];
      if (std::any_of(count.begin(), count.end(), [&](size_t c) { return c == pairs_.size(); }))
        continue;
      for (size_t i = 1; i < count.size(); ++i) count[i] += count[i - 1];
      for (uint64_t p : pairs_) tmp[count[(p >> shift) & 2047]++] = p;
      pairs_.swap(tmp);
    }
  }

  uint64_t RealKey(uint32_t local) const {
    if (local & kOtherLocal) return other_keys_[local & ~kOtherLocal];
    if (local & kUnigramLocal) return kUnigramTag | chars_[(local & ~kUnigramLocal) - 1];
    return uint64_t{chars_[(local >> 15) - 1]} << 21 | chars_[(local & 0x7FFF) - 1];
  }

  void Collect() {
    docs.reserve(pairs_.size() / 2);
    for (size_t i = 0; i < pairs_.size();) {
      uint32_t local = static_cast<uint32_t>(pairs_[i] >> 32);
      Entry e{RealKey(local), static_cast<uint32_t>(docs.size()), 0};
      uint32_t last = UINT32_MAX;
      for (; i < pairs_.size() && static_cast<uint32_t>(pairs_[i] >> 32) == local; ++i) {
        uint32_t d = static_cast<uint32_t>(pairs_[i]);
        if (d != last) docs.push_back(d);
        last = d;
      }
      e.end = static_cast<uint32_t>(docs.size());
      entries.push_back(e);
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.key < b.key; });
  }

  std::vector<uint16_t> char_id_;
  std::vector<char32_t> chars_;
  std::unordered_map<uint64_t, uint32_t> other_;
  std::vector<uint64_t> other_keys_;
  std::vector<uint64_t> pairs_, tmp_;
  uint32_t doc_ = 0;
};

}  // namespace

std::vector<uint64_t> DocumentTermKeys(std::span<const std::string_view> parts) {
  std::vector<uint64_t> keys;
  KeyList list{&keys};
  DocumentKeys<KeyList> doc(list);
  for (std::string_view part : parts) doc.Part(part);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::vector<TermRequirement> QueryRequirements(std::string_view keyword) {
  std::vector<TermRequirement> out;
  size_t p = 0;
  while (p < keyword.size()) {
    while (p < keyword.size() && IsSpace(keyword[p])) ++p;
    size_t q = p;
    while (q < keyword.size() && !IsSpace(keyword[q])) ++q;
    for (const SearchToken& t : SearchTokens(keyword.substr(p, q - p), SearchMode::kQuery)) {
      DecodedChar first = DecodeAt(t.text, 0);
      if (!IsSearchCjk(first.code_point)) {
        WordTrigrams(t.text, [&](uint64_t key) { out.push_back({{key, key}}); });
      } else if (static_cast<size_t>(first.length) < t.text.size()) {
        uint64_t key = uint64_t{first.code_point} << 21 | DecodeAt(t.text, first.length).code_point;
        out.push_back({{key, key}});
      } else {
        // A single character: a run's last character, or the first of a bigram.
        uint64_t c = first.code_point;
        out.push_back({{c << 21, c << 21 | kCodeMask}, {kUnigramTag | c, kUnigramTag | c}});
      }
    }
    p = q;
  }
  return out;
}

void AppendVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void EncodePostings(std::span<const int64_t> ids, std::string* out) {
  int64_t prev = 0;
  for (int64_t id : ids) {
    AppendVarint(static_cast<uint64_t>(id - prev), out);
    prev = id;
  }
}

bool ShiftPostings(std::string_view blob, int64_t offset, std::string* out) {
  uint64_t first = 0;
  size_t i = 0;
  for (int shift = 0;; shift += 7) {
    if (i >= blob.size() || shift > 63) return blob.empty();
    auto b = static_cast<unsigned char>(blob[i++]);
    first |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) break;
  }
  AppendVarint(first + static_cast<uint64_t>(offset), out);
  out->append(blob.substr(i));
  return true;
}

bool DecodePostings(std::string_view blob, std::vector<int64_t>* out) {
  int64_t prev = 0;
  size_t i = 0;
  while (i < blob.size()) {
    uint64_t v = 0;
    int shift = 0;
    while (true) {
      if (i >= blob.size() || shift > 63) return false;
      auto b = static_cast<unsigned char>(blob[i++]);
      v |= uint64_t{b & 0x7Fu} << shift;
      if (b < 0x80) break;
      shift += 7;
    }
    prev += static_cast<int64_t>(v);
    out->push_back(prev);
  }
  return true;
}

void SortUnique(std::vector<int64_t>* ids) {
  std::sort(ids->begin(), ids->end());
  ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
}

std::vector<int64_t> Intersect(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  std::vector<int64_t> out;
  const auto& small = a.size() <= b.size() ? a : b;
  const auto& large = a.size() <= b.size() ? b : a;
  auto from = large.begin();
  for (int64_t id : small) {
    from = std::lower_bound(from, large.end(), id);
    if (from == large.end()) break;
    if (*from == id) out.push_back(id);
  }
  return out;
}

struct SegmentBuilder::Shares {
  std::vector<ShareBuilder> builders;
};

SegmentBuilder::SegmentBuilder(int threads)
    : threads_(std::clamp(threads, 1, 8)), shares_(std::make_unique<Shares>()) {}
SegmentBuilder::~SegmentBuilder() = default;

Segment BuildSegment(std::span<const IndexDocument> docs, int threads) {
  return SegmentBuilder(threads).Build(docs);
}

Segment SegmentBuilder::Build(std::span<const IndexDocument> docs) {
  Segment seg;
  if (docs.empty()) return seg;
  size_t shares = static_cast<size_t>(threads_);
  shares = std::min(shares, (docs.size() + 4095) / 4096);  // a thread is worth it from 4k docs
  if (shares_->builders.size() < shares) shares_->builders.resize(shares);
  std::vector<ShareBuilder>& builders = shares_->builders;
  std::vector<std::thread> pool;
  size_t per = (docs.size() + shares - 1) / shares;
  for (size_t s = 0; s < shares; ++s) {
    size_t begin = s * per, end = std::min(docs.size(), begin + per);
    auto run = [&, s, begin, end] {
      builders[s].Run(docs.subspan(begin, end - begin), static_cast<uint32_t>(begin));
    };
    if (s + 1 == shares) {
      run();
    } else {
      pool.emplace_back(run);
    }
  }
  for (auto& t : pool) t.join();

  // Merge the shares by key; a key's documents are its shares' lists in share order.
  std::vector<size_t> at(shares, 0);
  std::vector<size_t> offsets;
  std::vector<int64_t> ids;
  for (size_t s = 0; s < shares; ++s) seg.token_count += builders[s].token_count;
  seg.bytes.reserve(seg.token_count);
  while (true) {
    uint64_t key = UINT64_MAX;
    bool any = false;
    for (size_t s = 0; s < shares; ++s) {
      if (at[s] < builders[s].entries.size()) {
        key = std::min(key, builders[s].entries[at[s]].key);
        any = true;
      }
    }
    if (!any) break;
    ids.clear();
    for (size_t s = 0; s < shares; ++s) {
      auto& b = builders[s];
      if (at[s] < b.entries.size() && b.entries[at[s]].key == key) {
        const auto& e = b.entries[at[s]++];
        for (uint32_t i = e.begin; i < e.end; ++i) ids.push_back(docs[b.docs[i]].id);
      }
    }
    offsets.push_back(seg.bytes.size());
    EncodePostings(ids, &seg.bytes);
    seg.terms.push_back({key, {}});
  }
  offsets.push_back(seg.bytes.size());
  for (size_t i = 0; i < seg.terms.size(); ++i) {
    seg.terms[i].postings =
        std::string_view(seg.bytes).substr(offsets[i], offsets[i + 1] - offsets[i]);
  }
  return seg;
}

}  // namespace zb::text
