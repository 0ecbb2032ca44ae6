#include "analytics/corpus.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "analytics/interner.h"

namespace zb::analytics {
namespace {

// One analysing thread's words and places, with ids of its own that persist across batches.
struct Worker {
  WordTable words;   // the thread's term ids are its word ids
  WordTable places;  // weight: unused
  std::vector<PlaceLevel> place_level;
  size_t exported_words = 0, exported_places = 0;  // how many went out with the chunks so far
  std::vector<WeightedTerm> top;
  std::vector<Place> title_places, content_places;
};

// The builder's copy of a worker's words and places, made from the chunks in order, with the
// corpus id of each (filled in as the chunks are resolved).
struct Mirror {
  std::vector<std::string> words, places;
  std::vector<PlaceLevel> place_level;
  std::vector<uint32_t> term_global, place_global;
};

// What one worker made of a run of a batch's tickets, with the worker's ids, and the words and
// places the worker met first in them. Threads take chunks as they come free, so a thread the
// machine holds back does not hold up the others.
struct Chunk {
  size_t worker = 0;
  std::vector<uint32_t> term_count, term_ids, place_count, place_ids;
  std::vector<float> weights;
  std::vector<std::string> district;  // "" when none
  std::vector<std::string> new_words, new_places;
  std::vector<PlaceLevel> new_place_level;

  void Clear() {
    term_count.clear(), term_ids.clear(), place_count.clear(), place_ids.clear();
    weights.clear(), district.clear(), new_words.clear(), new_places.clear();
    new_place_level.clear();
  }
};

// Tickets handed to the workers together, in chunks.
struct Batch {
  std::vector<Ticket> tickets;
  std::vector<Chunk> chunks;
  size_t count = 0;     // chunks
  size_t taken = 0;     // chunks a worker has started (under the builder's mutex)
  size_t finished = 0;  // chunks done (under the builder's mutex)
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
        uint64_t hash = WordHash(place.name);
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
  // The words and places met first in this chunk go out with it, so the builder never reads the
  // worker's tables (which the worker goes on filling).
  for (; w->exported_words < w->words.size(); ++w->exported_words)
    out->new_words.emplace_back(w->words.Word(uint32_t(w->exported_words)));
  for (; w->exported_places < w->places.size(); ++w->exported_places) {
    out->new_places.emplace_back(w->places.Word(uint32_t(w->exported_places)));
    out->new_place_level.push_back(w->place_level[w->exported_places]);
  }
}

}  // namespace

// The batches are analysed by a pool of threads of the builder's own while the caller goes on
// adding tickets (with two or more threads; with one, in the caller's thread): up to kQueued
// batches wait or run, so the workers do not wait for the caller. The caller takes finished
// batches in order and turns their worker ids into corpus ids (new terms and places get theirs
// in ticket order, so the corpus does not depend on which thread analysed what).
constexpr size_t kQueued = 3;

struct CorpusBuilder::State {
  State(const TermExtractor& e, size_t b, size_t threads)
      : extractor(e), batch(b), workers(threads), mirrors(threads) {
    pending.reserve(batch);
    c.term_offsets.push_back(0);
    c.place_offsets.push_back(0);
  }
  ~State() {
    {
      std::lock_guard<std::mutex> lock(mu);
      stop = true;
    }
    wake.notify_all();
    for (std::thread& t : pool) t.join();
  }
  void Run(size_t worker);
  void AnalyseChunk(Batch& b, size_t k, size_t worker);
  void Submit();
  void Collect(bool all);
  void Resolve(Batch& b);
  void Append(Batch& b);

  const TermExtractor& extractor;
  size_t batch;
  std::vector<Worker> workers;
  std::vector<Mirror> mirrors;
  std::vector<Ticket> pending;
  std::mutex mu;
  std::condition_variable wake, done;
  std::deque<std::unique_ptr<Batch>> queue;  // submitted, not yet collected, in order (under mu)
  std::vector<std::unique_ptr<Batch>> spare;
  bool stop = false;
  std::vector<std::thread> pool;
  Interner terms, places, keys, districts, categories;
  Corpus c;
};

void CorpusBuilder::State::AnalyseChunk(Batch& b, size_t k, size_t worker) {
  Chunk& chunk = b.chunks[k];
  chunk.worker = worker;
  size_t n = b.tickets.size();
  Analyse(b.tickets.data() + k * kChunk, b.tickets.data() + std::min(n, (k + 1) * kChunk),
          extractor, &workers[worker], &chunk);
}

// A worker takes the first chunk not yet taken, oldest batch first, so each worker's chunks are
// in corpus order.
void CorpusBuilder::State::Run(size_t worker) {
  std::unique_lock<std::mutex> lock(mu);
  while (true) {
    Batch* b = nullptr;
    wake.wait(lock, [&] {
      if (stop) return true;
      for (const auto& q : queue)
        if (q->taken < q->count) return b = q.get(), true;
      return false;
    });
    if (stop) return;
    size_t k = b->taken++;
    lock.unlock();
    AnalyseChunk(*b, k, worker);
    lock.lock();
    if (++b->finished == b->count) done.notify_all();
  }
}

// Hands the pending tickets over as a batch.
void CorpusBuilder::State::Submit() {
  if (pending.empty()) return;
  std::unique_ptr<Batch> b;
  if (spare.empty()) {
    b = std::make_unique<Batch>();
  } else {
    b = std::move(spare.back());
    spare.pop_back();
  }
  std::swap(b->tickets, pending);
  b->count = (b->tickets.size() + kChunk - 1) / kChunk;
  if (b->chunks.size() < b->count) b->chunks.resize(b->count);
  b->taken = b->finished = 0;
  if (workers.size() == 1) {
    for (size_t k = 0; k < b->count; ++k) AnalyseChunk(*b, k, 0);
    b->taken = b->finished = b->count;
  } else if (pool.empty()) {
    for (size_t p = 0; p < workers.size(); ++p) pool.emplace_back([this, p] { Run(p); });
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    queue.push_back(std::move(b));
  }
  wake.notify_all();
}

// Takes the finished batches at the head of the queue into the corpus; waits for them while
// `all`, or while the queue is full.
void CorpusBuilder::State::Collect(bool all) {
  while (true) {
    std::unique_ptr<Batch> b;
    {
      std::unique_lock<std::mutex> lock(mu);
      if (queue.empty()) return;
      Batch& front = *queue.front();
      if (front.finished < front.count) {
        if (!all && queue.size() < kQueued) return;
        done.wait(lock, [&] { return front.finished == front.count; });
      }
      b = std::move(queue.front());
      queue.pop_front();
    }
    Resolve(*b);
    Append(*b);
    b->tickets.clear();
    spare.push_back(std::move(b));
  }
}

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
  s.Submit();
  s.pending.reserve(s.batch);
  s.Collect(false);
}

// Terms and places get their corpus ids in the order the tickets name them.
void CorpusBuilder::State::Resolve(Batch& b) {
  for (size_t k = 0; k < b.count; ++k) {
    Chunk& chunk = b.chunks[k];
    Mirror& m = mirrors[chunk.worker];
    for (std::string& word : chunk.new_words) m.words.push_back(std::move(word));
    for (std::string& place : chunk.new_places) m.places.push_back(std::move(place));
    m.place_level.insert(m.place_level.end(), chunk.new_place_level.begin(),
                         chunk.new_place_level.end());
    m.term_global.resize(m.words.size(), WordTable::kNone);
    m.place_global.resize(m.places.size(), WordTable::kNone);
    for (uint32_t& id : chunk.term_ids) {
      if (m.term_global[id] == WordTable::kNone) m.term_global[id] = terms.Id(m.words[id]);
      id = m.term_global[id];
    }
    for (uint32_t& id : chunk.place_ids) {
      if (m.place_global[id] == WordTable::kNone) {
        const std::string& name = m.places[id];
        uint32_t global = places.Id(name);
        if (global == c.place_level.size()) {
          c.place_level.push_back(m.place_level[id]);
          std::vector<Place> found = ExtractPlaces(name);
          c.place_key.push_back(keys.Id(found.empty() ? std::string_view(name)
                                                      : std::string_view(found.front().key)));
        }
        m.place_global[id] = global;
      }
      id = m.place_global[id];
    }
  }
}

void CorpusBuilder::State::Append(Batch& b) {
  for (size_t k = 0; k < b.count; ++k) {
    Chunk& chunk = b.chunks[k];
    c.term_ids.insert(c.term_ids.end(), chunk.term_ids.begin(), chunk.term_ids.end());
    c.term_weights.insert(c.term_weights.end(), chunk.weights.begin(), chunk.weights.end());
    c.place_ids.insert(c.place_ids.end(), chunk.place_ids.begin(), chunk.place_ids.end());
    for (uint32_t count : chunk.term_count) c.term_offsets.push_back(c.term_offsets.back() + count);
    for (uint32_t count : chunk.place_count)
      c.place_offsets.push_back(c.place_offsets.back() + count);
    for (const std::string& d : chunk.district)
      c.district_of.push_back(d.empty() ? kNoDistrict : districts.Id(d));
    chunk.Clear();
  }
}

Corpus CorpusBuilder::Finish() {
  State& s = *state_;
  s.Submit();
  s.Collect(true);
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
