// Corpus: the tickets read once and reduced to compact features — each ticket's top terms
// (terms.h), the places named in its title and content (place.h), its district, category, day,
// caller, 点赞数 and ticket number — interned into small integer ids, so every detector works on
// flat integer arrays. Building it is the only step that segments text; the text is then dropped,
// so tickets can be streamed through a CorpusBuilder without holding them (about 130 bytes a
// ticket are kept).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/place.h"
#include "analytics/terms.h"
#include "analytics/ticket.h"

namespace zb::analytics {

inline constexpr uint32_t kNoDistrict = 0xFFFFFFFF;

struct Corpus {
  std::vector<std::string> terms;       // term id -> word
  std::vector<std::string> places;      // place id -> name as written
  std::vector<uint32_t> place_key;      // place id -> key id
  std::vector<PlaceLevel> place_level;  // place id -> level
  std::vector<std::string> place_keys;  // key id -> key
  std::vector<std::string> districts;   // district id -> name
  std::vector<std::string> categories;  // category id -> name
  // Per ticket: [offsets[i], offsets[i+1]) in the flat arrays.
  std::vector<uint32_t> term_offsets, term_ids;
  std::vector<float> term_weights;
  std::vector<uint32_t> place_offsets, place_ids;
  std::vector<uint32_t> district_of;  // district id or kNoDistrict
  std::vector<uint32_t> category_of;  // category id or kNoDistrict
  std::vector<int32_t> day_of;        // China day (ticket.h)
  std::vector<uint64_t> caller_of;    // a hash of the caller; 0 when unknown
  std::vector<int32_t> likes_of;      // 点赞数
  std::string id_chars;               // ticket numbers, end to end
  std::vector<uint64_t> id_ends;      // ticket i's number ends at id_ends[i]
  int32_t first_day = 0, last_day = -1;

  size_t size() const { return district_of.size(); }
  std::span<const uint32_t> TermsOf(size_t i) const {
    return {term_ids.data() + term_offsets[i], term_ids.data() + term_offsets[i + 1]};
  }
  std::span<const float> WeightsOf(size_t i) const {
    return {term_weights.data() + term_offsets[i], term_weights.data() + term_offsets[i + 1]};
  }
  std::span<const uint32_t> PlacesOf(size_t i) const {
    return {place_ids.data() + place_offsets[i], place_ids.data() + place_offsets[i + 1]};
  }
  std::string_view IdOf(size_t i) const {
    size_t begin = i == 0 ? 0 : id_ends[i - 1];
    return std::string_view(id_chars).substr(begin, id_ends[i] - begin);
  }
  int32_t days() const { return last_day - first_day + 1; }
};

// Reads tickets one at a time; every `batch` tickets are analysed on `threads` threads of the
// builder's own (with one, in the caller's thread), while the caller adds the next batch, and
// their text let go. Ticket i of the corpus is the i-th ticket added; the corpus does not depend
// on the number of threads or their timing. Borrows the extractor.
class CorpusBuilder {
 public:
  explicit CorpusBuilder(const TermExtractor& extractor, int threads = 2, size_t batch = 20000);
  ~CorpusBuilder();
  CorpusBuilder(const CorpusBuilder&) = delete;
  CorpusBuilder& operator=(const CorpusBuilder&) = delete;

  void Add(Ticket ticket);
  Corpus Finish();  // the builder is empty afterwards

 private:
  struct State;
  void Flush();
  std::unique_ptr<State> state_;
};

Corpus BuildCorpus(const std::vector<Ticket>& tickets, const TermExtractor& extractor,
                   int threads = 2);

}  // namespace zb::analytics
