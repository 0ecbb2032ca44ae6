// Corpus: the tickets read once — each ticket's top terms (terms.h), the places named in its title
// and content (place.h) and its district — interned into small integer ids, so every detector
// works on flat integer arrays. Building it is the only step that segments text; it runs on
// `threads` threads.
//
// The corpus borrows the tickets, which must outlive it and not change.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analytics/place.h"
#include "analytics/terms.h"
#include "analytics/ticket.h"

namespace zb::analytics {

inline constexpr uint32_t kNoDistrict = 0xFFFFFFFF;

struct Corpus {
  const std::vector<Ticket>* tickets = nullptr;
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
  int32_t days() const { return last_day - first_day + 1; }
};

Corpus BuildCorpus(const std::vector<Ticket>& tickets, const TermExtractor& extractor,
                   int threads = 2);

}  // namespace zb::analytics
