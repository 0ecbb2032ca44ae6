// A purpose-built inverted index of the search tokens (search_tokenizer.h), for storing as
// posting lists in a database table. FTS5 indexes about 5–7 M tokens a second; this builds
// segments from about 100 M.
//
// Terms are 64-bit keys, no dictionary needed:
//   - a pair of CJK characters (a bigram): (a << 21) | b — two code points fit in 42 bits;
//   - a CJK character that ends a run (no bigram starts there): kUnigramTag | code point;
//   - three consecutive characters of a Latin word or number: kWordTag | 62-bit hash.
// A document is indexed by its bigrams and run-end unigrams (about half FTS5's tokens): a
// 1-character query X is then the union of the bigrams starting with X (one key range) and the
// unigram X, which covers every occurrence of X. Words are indexed by their trigrams, so a part of
// a word or number (the last digits of a phone number) is found too.
//
// A query is a list of requirements (all must hold), each a union of key ranges. The index gives
// candidates: a superset of the documents containing the query as a substring (ASCII letters in
// any case); the caller verifies candidates against the real text. Words shorter than three
// characters in a query add no requirement.
//
// Posting lists are ascending document ids, delta-encoded as varints.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zb::text {

inline constexpr uint64_t kUnigramTag = uint64_t{1} << 42;
inline constexpr uint64_t kWordTag = uint64_t{1} << 62;

inline uint64_t PairKey(char32_t a, char32_t b) {
  return uint64_t{a} << 21 | b;
}
inline uint64_t UnigramKey(char32_t c) {
  return kUnigramTag | c;
}
// The key of three characters of a word (their UTF-8 bytes, as the tokenizer folded them).
uint64_t TrigramKey(std::string_view bytes);

// The distinct term keys of a document made of `parts` (title, field values: no bigram spans two
// parts), sorted ascending.
std::vector<uint64_t> DocumentTermKeys(std::span<const std::string_view> parts);

struct KeyRange {
  uint64_t lo = 0, hi = 0;  // inclusive
};
using TermRequirement = std::vector<KeyRange>;  // any of these keys

// What `keyword` needs in a document's terms (every requirement), or an empty list when it has
// nothing to look up (only punctuation, or words of one or two letters): the index cannot help.
std::vector<TermRequirement> QueryRequirements(std::string_view keyword);

// Delta-varint posting lists.
void AppendVarint(uint64_t v, std::string* out);
void EncodePostings(std::span<const int64_t> ascending_ids, std::string* out);
// Appends the ids of `blob` to `out` (ascending within the blob). False if the blob is corrupt.
bool DecodePostings(std::string_view blob, std::vector<int64_t>* out);
// Appends to `out` the list of `blob` with `offset` added to every id (only the first delta
// changes). False if the blob is corrupt.
bool ShiftPostings(std::string_view blob, int64_t offset, std::string* out);
// Sorts and removes duplicates.
void SortUnique(std::vector<int64_t>* ids);
// Intersection of two ascending lists.
std::vector<int64_t> Intersect(const std::vector<int64_t>& a, const std::vector<int64_t>& b);

// A document to index in bulk: its id and text parts (views must outlive the build).
struct IndexDocument {
  int64_t id = 0;
  std::vector<std::string_view> parts;
};

// One term of a built segment: its key and the delta-varint posting list of its documents.
struct SegmentTerm {
  uint64_t key = 0;
  std::string_view postings;  // into Segment::bytes
};

struct Segment {
  std::string bytes;
  std::vector<SegmentTerm> terms;  // ascending key
  size_t token_count = 0;          // (term, document) pairs before removing repeats
};

// Builds the segment of `docs` (ids strictly ascending) on `threads` threads: each thread
// tokenizes a contiguous share of the documents into (term, document) pairs and radix-sorts them
// by term (stable, so each term's documents stay in order); the shares' lists are concatenated.
Segment BuildSegment(std::span<const IndexDocument> docs, int threads = 2);

// The same, keeping its working memory from one segment to the next (for many segments in a row).
class SegmentBuilder {
 public:
  explicit SegmentBuilder(int threads = 2);
  ~SegmentBuilder();
  Segment Build(std::span<const IndexDocument> docs);

 private:
  struct Shares;
  int threads_;
  std::unique_ptr<Shares> shares_;
};

}  // namespace zb::text
