#include "analytics/corpus.h"

#include <algorithm>
#include <string_view>
#include <thread>
#include <unordered_map>

namespace zb::analytics {
namespace {

struct Interner {
  std::unordered_map<std::string, uint32_t> ids;
  std::vector<std::string> names;
  uint32_t Id(std::string_view name) {
    auto [it, inserted] = ids.try_emplace(std::string(name), uint32_t(names.size()));
    if (inserted) names.emplace_back(name);
    return it->second;
  }
};

// What one thread produces for its slice of tickets, with ids local to the slice.
struct Part {
  Interner terms, places;
  std::vector<PlaceLevel> place_level;
  std::vector<uint32_t> term_count, term_ids, place_count, place_ids;
  std::vector<float> weights;
  std::vector<std::string> district;  // "" when none
};

void Analyse(const std::vector<Ticket>& tickets, size_t begin, size_t end,
             const TermExtractor& extractor, Part* part) {
  for (size_t i = begin; i < end; ++i) {
    const Ticket& t = tickets[i];
    std::string district = t.district;
    uint32_t places = 0;
    std::vector<std::string> names;
    for (const std::string* text : {&t.title, &t.content}) {
      for (Place& place : ExtractPlaces(*text)) {
        names.push_back(place.name);
        if (place.level == PlaceLevel::kDistrict && district.empty()) district = place.name;
        if (!IsSpecific(place.level)) continue;
        uint32_t id = part->places.Id(place.name);
        if (id == part->place_level.size()) part->place_level.push_back(place.level);
        auto first = part->place_ids.end() - places;
        if (std::find(first, part->place_ids.end(), id) != part->place_ids.end()) continue;
        part->place_ids.push_back(id);
        ++places;
      }
    }
    part->place_count.push_back(places);
    // Terms that are part of a place name say where, not what: they are left out.
    auto terms = extractor.TopTerms(t.title, t.content, kTermsPerTicket + 4);
    uint32_t kept = 0;
    for (const WeightedTerm& term : terms) {
      if (kept == kTermsPerTicket) break;
      bool in_place = std::any_of(names.begin(), names.end(), [&](const std::string& name) {
        return name.find(term.word) != std::string::npos;
      });
      if (in_place) continue;
      part->term_ids.push_back(part->terms.Id(term.word));
      part->weights.push_back(float(term.weight));
      ++kept;
    }
    part->term_count.push_back(kept);
    part->district.push_back(std::move(district));
  }
}

}  // namespace

Corpus BuildCorpus(const std::vector<Ticket>& tickets, const TermExtractor& extractor,
                   int threads) {
  Corpus c;
  c.tickets = &tickets;
  size_t n = tickets.size();
  threads = std::max(1, std::min<int>(threads, int(n / 1000) + 1));
  std::vector<Part> parts(threads);
  std::vector<std::thread> workers;
  for (int p = 0; p < threads; ++p) {
    workers.emplace_back(Analyse, std::cref(tickets), n * p / threads, n * (p + 1) / threads,
                         std::cref(extractor), &parts[p]);
  }
  for (std::thread& w : workers) w.join();

  Interner terms, places, keys, districts, categories;
  c.term_offsets.push_back(0);
  c.place_offsets.push_back(0);
  c.district_of.reserve(n);
  for (Part& part : parts) {
    std::vector<uint32_t> term_map, place_map;
    for (const std::string& name : part.terms.names) term_map.push_back(terms.Id(name));
    for (size_t i = 0; i < part.places.names.size(); ++i) {
      uint32_t id = places.Id(part.places.names[i]);
      place_map.push_back(id);
      if (id == c.place_level.size()) {
        c.place_level.push_back(part.place_level[i]);
        for (Place& p : ExtractPlaces(part.places.names[i])) c.place_key.push_back(keys.Id(p.key));
        if (c.place_key.size() < c.place_level.size())
          c.place_key.push_back(keys.Id(part.places.names[i]));
        c.place_key.resize(c.place_level.size());
      }
    }
    for (uint32_t id : part.term_ids) c.term_ids.push_back(term_map[id]);
    c.term_weights.insert(c.term_weights.end(), part.weights.begin(), part.weights.end());
    for (uint32_t id : part.place_ids) c.place_ids.push_back(place_map[id]);
    for (uint32_t count : part.term_count) c.term_offsets.push_back(c.term_offsets.back() + count);
    for (uint32_t count : part.place_count)
      c.place_offsets.push_back(c.place_offsets.back() + count);
    for (const std::string& d : part.district)
      c.district_of.push_back(d.empty() ? kNoDistrict : districts.Id(d));
    part = Part();
  }
  c.category_of.reserve(n);
  for (const Ticket& t : tickets) {
    c.category_of.push_back(t.category.empty() ? kNoDistrict : categories.Id(t.category));
    if (c.last_day < c.first_day) {
      c.first_day = c.last_day = t.day;
    } else {
      c.first_day = std::min(c.first_day, t.day);
      c.last_day = std::max(c.last_day, t.day);
    }
  }
  c.terms = std::move(terms.names);
  c.places = std::move(places.names);
  c.place_keys = std::move(keys.names);
  c.districts = std::move(districts.names);
  c.categories = std::move(categories.names);
  return c;
}

}  // namespace zb::analytics
