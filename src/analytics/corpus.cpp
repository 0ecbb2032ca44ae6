#include "analytics/corpus.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "analytics/interner.h"

namespace zb::analytics {
namespace {

// One analysing thread's words and places, with ids of its own that persist across batches, and
// the corpus id of each (filled in as the batches are merged).
struct Worker {
  WordTable words;   // the thread's term ids are its word ids
  WordTable places;  // weight: unused
  std::vector<PlaceLevel> place_level;
  std::vector<uint32_t> term_global, place_global;
  std::vector<WeightedTerm> top;
  std::vector<Place> title_places, content_places;
};

// What one worker made of a run of a batch's tickets, with the worker's ids. Threads take chunks
// as they come free, so a thread the machine holds back does not hold up the others.
struct Chunk {
  size_t worker = 0;
  std::vector<uint32_t> term_count, term_ids, place_count, place_ids;
  std::vector<float> weights;
  std::vector<std::string> district;  // "" when none

  void Clear() {
    term_count.clear(), term_ids.clear(), place_count.clear(), place_ids.clear();
    weights.clear(), district.clear();
  }
};

constexpr size_t kChunk = 500;

void Analyse(const Ticket* begin, const Ticket* end, const TermExtractor& extractor, Worker* w,
             Chunk* out) {
  for (const Ticket* t = begin; t != end; ++t) {
    std::string district = t->district;
    uint32_t places = 0;
    ExtractPlaces(t->title, &w->title_places);
    ExtractPlaces(t->content, &w->content_places);
    for (const std::vector<Place>* found : {&w->title_places, &w->content_places}) {
      for (const Place& place : *found) {
        if (place.level == PlaceLevel::kDistrict && district.empty()) district = place.name;
        if (!IsSpecific(place.level)) continue;
        uint64_t hash = std::hash<std::string_view>()(place.name);
        uint32_t id = w->places.Find(place.name, hash);
        if (id == WordTable::kNone) id = w->places.Add(place.name, hash, 0);
        if (id == w->place_level.size()) w->place_level.push_back(place.level);
        auto first = out->place_ids.end() - places;
        if (std::find(first, out->place_ids.end(), id) != out->place_ids.end()) continue;
        out->place_ids.push_back(id);
        ++places;
      }
    }
    out->place_count.push_back(places);
    // Words that are part of a place name say where, not what: they are left out, wherever the
    // text uses them.
    extractor.TopTerms(t->title, t->content, w->title_places, w->content_places,
                       kTermsPerTicket + 4, w->words, &w->top);
    auto in_place = [&](std::string_view word) {
      for (const std::vector<Place>* found : {&w->title_places, &w->content_places})
        for (const Place& place : *found)
          if (place.name.find(word) != std::string::npos) return true;
      return false;
    };
    uint32_t kept = 0;
    for (const WeightedTerm& term : w->top) {
      if (kept == kTermsPerTicket) break;
      if (in_place(term.word)) continue;
      out->term_ids.push_back(term.id);
      out->weights.push_back(float(term.weight));
      ++kept;
    }
    out->term_count.push_back(kept);
    out->district.push_back(std::move(district));
  }
}

}  // namespace

struct CorpusBuilder::State {
  State(const TermExtractor& e, size_t b, size_t threads)
      : extractor(e), batch(b), workers(threads) {
    pending.reserve(batch);
    c.term_offsets.push_back(0);
    c.place_offsets.push_back(0);
  }
  const TermExtractor& extractor;
  size_t batch;
  std::vector<Worker> workers;
  std::vector<Ticket> pending;
  std::vector<Chunk> chunks;
  Interner terms, places, keys, districts, categories;
  Corpus c;
};

CorpusBuilder::CorpusBuilder(const TermExtractor& extractor, int threads, size_t batch)
    : state_(new State(extractor, std::max<size_t>(batch, 1), size_t(std::max(1, threads)))) {}

CorpusBuilder::~CorpusBuilder() = default;

void CorpusBuilder::Add(Ticket t) {
  State& s = *state_;
  Corpus& c = s.c;
  c.category_of.push_back(t.category.empty() ? kNoDistrict : s.categories.Id(t.category));
  c.day_of.push_back(t.day);
  c.caller_of.push_back(t.caller.empty() ? 0 : std::hash<std::string>()(t.caller) | 1);
  c.likes_of.push_back(int32_t(std::clamp<int64_t>(t.likes, 0, INT32_MAX)));
  c.id_chars += t.id;
  c.id_ends.push_back(c.id_chars.size());
  if (c.last_day < c.first_day) {
    c.first_day = c.last_day = t.day;
  } else {
    c.first_day = std::min(c.first_day, t.day);
    c.last_day = std::max(c.last_day, t.day);
  }
  s.pending.push_back(std::move(t));
  if (s.pending.size() >= s.batch) Flush();
}

void CorpusBuilder::Flush() {
  State& s = *state_;
  Corpus& c = s.c;
  size_t n = s.pending.size();
  if (n == 0) return;
  size_t chunks = (n + kChunk - 1) / kChunk;
  if (s.chunks.size() < chunks) s.chunks.resize(chunks);
  std::atomic<size_t> next{0};
  const Ticket* tickets = s.pending.data();
  auto work = [&](size_t worker) {
    for (size_t k = next++; k < chunks; k = next++) {
      Chunk& chunk = s.chunks[k];
      chunk.worker = worker;
      Analyse(tickets + k * kChunk, tickets + std::min(n, (k + 1) * kChunk), s.extractor,
              &s.workers[worker], &chunk);
    }
  };
  std::vector<std::thread> helpers;
  for (size_t p = 1; p < std::min(s.workers.size(), chunks); ++p) helpers.emplace_back(work, p);
  work(0);
  for (std::thread& h : helpers) h.join();

  for (Worker& w : s.workers) {
    w.term_global.resize(w.words.size(), WordTable::kNone);
    for (size_t i = w.place_global.size(); i < w.places.size(); ++i) {
      std::string_view name = w.places.Word(uint32_t(i));
      uint32_t id = s.places.Id(name);
      w.place_global.push_back(id);
      if (id == c.place_level.size()) {
        c.place_level.push_back(w.place_level[i]);
        std::vector<Place> found = ExtractPlaces(name);
        c.place_key.push_back(
            s.keys.Id(found.empty() ? name : std::string_view(found.front().key)));
      }
    }
  }
  for (size_t k = 0; k < chunks; ++k) {
    Chunk& chunk = s.chunks[k];
    Worker& w = s.workers[chunk.worker];
    for (uint32_t id : chunk.term_ids) {
      if (w.term_global[id] == WordTable::kNone) w.term_global[id] = s.terms.Id(w.words.Word(id));
      c.term_ids.push_back(w.term_global[id]);
    }
    c.term_weights.insert(c.term_weights.end(), chunk.weights.begin(), chunk.weights.end());
    for (uint32_t id : chunk.place_ids) c.place_ids.push_back(w.place_global[id]);
    for (uint32_t count : chunk.term_count) c.term_offsets.push_back(c.term_offsets.back() + count);
    for (uint32_t count : chunk.place_count)
      c.place_offsets.push_back(c.place_offsets.back() + count);
    for (const std::string& d : chunk.district)
      c.district_of.push_back(d.empty() ? kNoDistrict : s.districts.Id(d));
    chunk.Clear();
  }
  s.pending.clear();
}

Corpus CorpusBuilder::Finish() {
  Flush();
  State& s = *state_;
  Corpus c = std::move(s.c);
  c.terms = std::move(s.terms.names);
  c.places = std::move(s.places.names);
  c.place_keys = std::move(s.keys.names);
  c.districts = std::move(s.districts.names);
  c.categories = std::move(s.categories.names);
  state_.reset(new State(s.extractor, s.batch, s.workers.size()));
  return c;
}

Corpus BuildCorpus(const std::vector<Ticket>& tickets, const TermExtractor& extractor,
                   int threads) {
  CorpusBuilder builder(extractor, threads);
  for (const Ticket& t : tickets) builder.Add(t);
  return builder.Finish();
}

}  // namespace zb::analytics
