#include "analytics/series.h"

namespace zb::analytics {

const char* SeriesKindName(SeriesKind kind) {
  switch (kind) {
    case SeriesKind::kTerm:
      return "term";
    case SeriesKind::kCategory:
      return "category";
    case SeriesKind::kDistrict:
      return "district";
    case SeriesKind::kPlace:
      return "place";
  }
  return "";
}

SeriesSet BuildSeries(const Corpus& c, uint64_t min_total) {
  SeriesSet set;
  set.first_day = c.first_day;
  size_t days = c.size() == 0 ? 0 : size_t(c.days());
  set.total_daily.assign(days, 0);
  for (int32_t day : c.day_of) ++set.total_daily[day - c.first_day];

  // For each kind: the ids of each ticket, counted once per ticket.
  auto add_kind = [&](SeriesKind kind, const std::vector<std::string>& names, auto ids_of) {
    std::vector<uint64_t> totals(names.size(), 0);
    for (size_t i = 0; i < c.size(); ++i) ids_of(i, [&](uint32_t id) { ++totals[id]; });
    std::vector<int32_t> index(names.size(), -1);
    for (size_t id = 0; id < names.size(); ++id) {
      if (totals[id] < min_total) continue;
      index[id] = int32_t(set.series.size());
      set.series.push_back(
          {kind, names[id], uint32_t(id), std::vector<uint32_t>(days, 0), totals[id]});
    }
    for (size_t i = 0; i < c.size(); ++i) {
      size_t day = size_t(c.day_of[i] - c.first_day);
      ids_of(i, [&](uint32_t id) {
        if (index[id] >= 0) ++set.series[index[id]].daily[day];
      });
    }
  };
  add_kind(SeriesKind::kTerm, c.terms, [&](size_t i, auto f) {
    for (uint32_t id : c.TermsOf(i)) f(id);
  });
  add_kind(SeriesKind::kCategory, c.categories, [&](size_t i, auto f) {
    if (c.category_of[i] != kNoDistrict) f(c.category_of[i]);
  });
  add_kind(SeriesKind::kDistrict, c.districts, [&](size_t i, auto f) {
    if (c.district_of[i] != kNoDistrict) f(c.district_of[i]);
  });
  add_kind(SeriesKind::kPlace, c.place_keys, [&](size_t i, auto f) {
    auto places = c.PlacesOf(i);
    for (size_t k = 0; k < places.size(); ++k) {
      uint32_t key = c.place_key[places[k]];
      bool seen = false;
      for (size_t j = 0; j < k; ++j) seen |= c.place_key[places[j]] == key;
      if (!seen) f(key);
    }
  });
  return set;
}

}  // namespace zb::analytics
