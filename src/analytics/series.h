// Daily count series: for every term, category, district and specific place with at least
// `min_total` tickets, the number of tickets per day, with the day's total beside them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/corpus.h"

namespace zb::analytics {

enum class SeriesKind { kTerm, kCategory, kDistrict, kPlace };
const char* SeriesKindName(SeriesKind kind);  // "term", "category", "district", "place"

struct Series {
  SeriesKind kind;
  std::string name;
  uint32_t id;                  // the term, category, district or place-key id in the corpus
  std::vector<uint32_t> daily;  // index 0 = corpus.first_day
  uint64_t total = 0;
};

struct SeriesSet {
  int32_t first_day = 0;
  std::vector<uint32_t> total_daily;  // all tickets per day
  std::vector<Series> series;
};

SeriesSet BuildSeries(const Corpus& corpus, uint64_t min_total = 5);

}  // namespace zb::analytics
