#include "analytics/ticket_features.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <unordered_map>

#include "analytics/interner.h"

namespace zb::analytics {
namespace {

constexpr char kUnit = '\x1f', kRecord = '\x1e', kGroup = '\x1d';

void AppendClean(std::string& out, std::string_view text) {
  for (char ch : text) out += static_cast<unsigned char>(ch) < 0x20 ? ' ' : ch;
}

template <typename Int>
bool ParseInt(std::string_view s, Int* v, int base = 10) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *v, base);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

bool ParseWeight(std::string_view s, float* v) {
  if (s.empty() || s.size() > 32) return false;
  char buf[40];
  s.copy(buf, s.size());
  buf[s.size()] = '\0';
  char* end = nullptr;
  *v = std::strtof(buf, &end);
  return end == buf + s.size() && std::isfinite(*v);
}

// Splits `s` at `sep` into `parts` (reused); an empty `s` gives no parts.
void Split(std::string_view s, char sep, std::vector<std::string_view>* parts) {
  parts->clear();
  if (s.empty()) return;
  for (;;) {
    size_t cut = s.find(sep);
    parts->push_back(s.substr(0, cut));
    if (cut == std::string_view::npos) return;
    s.remove_prefix(cut + 1);
  }
}

}  // namespace

std::string EncodeTicketFeatures(const Corpus& c, size_t i, std::string_view title) {
  std::string out = "f1";
  out += kUnit;
  AppendClean(out, c.IdOf(i));
  out += kUnit + std::to_string(c.day_of[i]) + kUnit;
  AppendClean(out, title);
  out += kUnit;
  if (c.category_of[i] != kNoDistrict) AppendClean(out, c.categories[c.category_of[i]]);
  out += kUnit;
  if (c.district_of[i] != kNoDistrict) AppendClean(out, c.districts[c.district_of[i]]);
  char hex[24];
  std::snprintf(hex, sizeof hex, "%llx", static_cast<unsigned long long>(c.caller_of[i]));
  out += kUnit + std::string(hex) + kUnit + std::to_string(c.likes_of[i]) + kUnit;
  auto terms = c.TermsOf(i);
  auto weights = c.WeightsOf(i);
  for (size_t k = 0; k < terms.size(); ++k) {
    if (k) out += kRecord;
    AppendClean(out, c.terms[terms[k]]);
    char w[32];
    std::snprintf(w, sizeof w, "%.9g", double(weights[k]));
    out += kGroup + std::string(w);
  }
  out += kUnit;
  bool first = true;
  for (uint32_t p : c.PlacesOf(i)) {
    if (!first) out += kRecord;
    first = false;
    AppendClean(out, c.places[p]);
    out += kGroup + std::to_string(int(c.place_level[p]));
  }
  return out;
}

bool TicketFeatureLabels(std::string_view line, std::string_view* category,
                         std::string_view* district) {
  std::vector<std::string_view> f;
  Split(line, kUnit, &f);
  if (f.size() != 10 || f[0] != "f1") return false;
  *category = f[4];
  *district = f[5];
  return true;
}

struct FeatureCorpusBuilder::State {
  State() {
    c.term_offsets.push_back(0);
    c.place_offsets.push_back(0);
  }
  Interner terms, places, keys, districts, categories;
  Corpus c;
  std::vector<std::string_view> fields, items, pair;
  std::vector<uint32_t> term_ids, place_ids;
  std::vector<float> weights;
};

FeatureCorpusBuilder::FeatureCorpusBuilder() : state_(new State) {}
FeatureCorpusBuilder::~FeatureCorpusBuilder() = default;

bool FeatureCorpusBuilder::Add(std::string_view line, std::string* title) {
  State& s = *state_;
  Corpus& c = s.c;
  Split(line, kUnit, &s.fields);
  const auto& f = s.fields;
  if (f.size() != 10 || f[0] != "f1" || f[1].empty()) return false;
  int32_t day = 0, likes = 0;
  uint64_t caller = 0;
  if (!ParseInt(f[2], &day) || !ParseInt(f[6], &caller, 16) || !ParseInt(f[7], &likes) ||
      likes < 0) {
    return false;
  }
  // Terms and places are read in full before anything is interned, so a bad line adds nothing.
  s.term_ids.clear(), s.weights.clear(), s.place_ids.clear();
  Split(f[8], kRecord, &s.items);
  if (s.items.size() > kTermsPerTicket) return false;
  std::vector<std::string_view> words;
  for (std::string_view item : s.items) {
    Split(item, kGroup, &s.pair);
    float w = 0;
    if (s.pair.size() != 2 || s.pair[0].empty() || !ParseWeight(s.pair[1], &w)) return false;
    words.push_back(s.pair[0]);
    s.weights.push_back(w);
  }
  Split(f[9], kRecord, &s.items);
  std::vector<std::pair<std::string_view, int>> places;
  for (std::string_view item : s.items) {
    Split(item, kGroup, &s.pair);
    int level = 0;
    if (s.pair.size() != 2 || s.pair[0].empty() || !ParseInt(s.pair[1], &level) || level < 0 ||
        level > int(PlaceLevel::kSite)) {
      return false;
    }
    places.emplace_back(s.pair[0], level);
  }
  for (std::string_view w : words) c.term_ids.push_back(s.terms.Id(w));
  c.term_weights.insert(c.term_weights.end(), s.weights.begin(), s.weights.end());
  c.term_offsets.push_back(uint32_t(c.term_ids.size()));
  for (const auto& [name, level] : places) {
    uint32_t id = s.places.Id(name);
    if (id == c.place_level.size()) {
      c.place_level.push_back(PlaceLevel(level));
      std::vector<Place> found = ExtractPlaces(name);
      c.place_key.push_back(s.keys.Id(found.empty() ? name : std::string_view(found.front().key)));
    }
    c.place_ids.push_back(id);
  }
  c.place_offsets.push_back(uint32_t(c.place_ids.size()));
  c.district_of.push_back(f[5].empty() ? kNoDistrict : s.districts.Id(f[5]));
  c.category_of.push_back(f[4].empty() ? kNoDistrict : s.categories.Id(f[4]));
  c.day_of.push_back(day);
  c.caller_of.push_back(caller);
  c.likes_of.push_back(likes);
  c.id_chars += f[1];
  c.id_ends.push_back(c.id_chars.size());
  if (c.last_day < c.first_day) {
    c.first_day = c.last_day = day;
  } else {
    c.first_day = std::min(c.first_day, day);
    c.last_day = std::max(c.last_day, day);
  }
  if (title) title->assign(f[3]);
  return true;
}

Corpus FeatureCorpusBuilder::Finish() {
  State& s = *state_;
  Corpus c = std::move(s.c);
  c.terms = std::move(s.terms.names);
  c.places = std::move(s.places.names);
  c.place_keys = std::move(s.keys.names);
  c.districts = std::move(s.districts.names);
  c.categories = std::move(s.categories.names);
  state_.reset(new State);
  return c;
}

}  // namespace zb::analytics
