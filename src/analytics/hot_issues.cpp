#include "analytics/hot_issues.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <thread>
#include <unordered_map>

namespace zb::analytics {
namespace {

struct UnionFind {
  std::vector<uint32_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  uint32_t Find(uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void Union(uint32_t a, uint32_t b) {
    a = Find(a), b = Find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

size_t SharedTerms(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  size_t shared = 0;
  for (uint32_t x : a)
    if (std::find(b.begin(), b.end(), x) != b.end()) ++shared;
  return shared;
}

template <typename Map>
std::string MostCommon(const Map& counts) {
  std::string best;
  size_t best_count = 0;
  for (const auto& [name, count] : counts) {
    if (count > best_count) best = name, best_count = count;
  }
  return best;
}

HotIssue Describe(const Corpus& c, std::vector<size_t> members, const HotIssueOptions& o) {
  const std::vector<int32_t>& day = c.day_of;
  HotIssue h;
  std::sort(members.begin(), members.end(),
            [&](size_t a, size_t b) { return day[a] != day[b] ? day[a] < day[b] : a < b; });
  std::map<std::string, size_t> places, districts;
  std::map<uint32_t, double> weights;
  std::set<uint64_t> callers;
  size_t anonymous = 0, recent = 0, prior = 0;
  for (size_t i : members) {
    for (uint32_t p : c.PlacesOf(i)) ++places[c.places[p]];
    if (c.district_of[i] != kNoDistrict) ++districts[c.districts[c.district_of[i]]];
    auto terms = c.TermsOf(i);
    auto w = c.WeightsOf(i);
    for (size_t k = 0; k < terms.size(); ++k) weights[terms[k]] += w[k];
    if (c.caller_of[i] == 0) {
      ++anonymous;
    } else {
      callers.insert(c.caller_of[i]);
    }
    h.likes += c.likes_of[i];
    if (day[i] > c.last_day - 7) {
      ++recent;
    } else if (day[i] > c.last_day - 14) {
      ++prior;
    }
  }
  h.callers = callers.size() + anonymous;
  h.first_day = day[members.front()];
  h.last_day = day[members.back()];
  h.place = MostCommon(places);
  h.district = MostCommon(districts);
  std::vector<std::pair<double, uint32_t>> ranked;
  for (auto [term, weight] : weights) ranked.push_back({-weight, term});
  std::sort(ranked.begin(), ranked.end());
  for (size_t k = 0; k < ranked.size() && k < o.keywords; ++k)
    h.keywords.push_back(c.terms[ranked[k].second]);
  h.tickets = std::move(members);
  h.growth = std::max(0.0, std::log((recent + 1.0) / (prior + 1.0)));
  h.heat = 10 * std::log1p(double(h.callers)) + 5 * std::log1p(double(h.tickets.size())) +
           3 * std::log1p(double(h.likes)) + 5 * h.growth;
  h.title = h.place.find(h.district) == std::string::npos ? h.district + h.place : h.place;
  for (size_t k = 0; k < h.keywords.size() && k < 2; ++k)
    h.title += (k == 0 ? "：" : "、") + h.keywords[k];
  return h;
}

}  // namespace

std::vector<HotIssue> FindHotIssues(const Corpus& c, const HotIssueOptions& o) {
  const std::vector<int32_t>& day = c.day_of;
  size_t n = c.size();
  // One bit per term (id mod 64): two tickets whose signatures share no bit share no term. (Not
  // "fewer than `min_shared_terms` bits": two shared terms may fall on the same bit, and such a
  // pair would be lost.) Tickets by place key, each bucket
  // holding the ticket's day and signature beside it (so comparing a bucket's pairs reads it
  // alone), in day order.
  struct Entry {
    int32_t day;
    uint32_t ticket;
    uint64_t signature;
  };
  std::vector<std::vector<Entry>> buckets(c.place_keys.size());
  for (size_t i = 0; i < n; ++i) {
    uint64_t signature = 0;
    for (uint32_t t : c.TermsOf(i)) signature |= uint64_t(1) << (t % 64);
    for (uint32_t p : c.PlacesOf(i)) {
      std::vector<Entry>& bucket = buckets[c.place_key[p]];
      if (bucket.empty() || bucket.back().ticket != i)
        bucket.push_back({day[i], uint32_t(i), signature});
    }
  }
  // The pairs are compared bucket by bucket on two threads; the links found are joined
  // afterwards. Components do not depend on the order of the unions (the root of a component is
  // its first ticket), so the result is the one a single thread gives.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> links(2);
  std::atomic<size_t> next{0};
  auto link = [&](size_t worker) {
    auto by_day = [](const Entry& a, const Entry& b) { return a.day < b.day; };
    for (size_t k = next++; k < buckets.size(); k = next++) {
      std::vector<Entry>& entries = buckets[k];
      if (entries.size() < 2) continue;
      if (!std::is_sorted(entries.begin(), entries.end(), by_day))
        std::stable_sort(entries.begin(), entries.end(), by_day);
      for (size_t a = 0; a < entries.size(); ++a) {
        const Entry& ea = entries[a];
        for (size_t b = a + 1; b < entries.size(); ++b) {
          const Entry& eb = entries[b];
          if (eb.day - ea.day > o.link_window_days) break;
          if ((ea.signature & eb.signature) == 0) continue;
          if (SharedTerms(c.TermsOf(ea.ticket), c.TermsOf(eb.ticket)) >= o.min_shared_terms)
            links[worker].push_back({ea.ticket, eb.ticket});
        }
      }
    }
  };
  std::thread helper(link, 1);
  link(0);
  helper.join();
  UnionFind groups(n);
  for (const auto& found : links)
    for (auto [a, b] : found) groups.Union(a, b);
  std::vector<uint32_t> size(n, 0);
  for (size_t i = 0; i < n; ++i) ++size[groups.Find(uint32_t(i))];
  std::unordered_map<uint32_t, std::vector<size_t>> members;
  for (size_t i = 0; i < n; ++i) {
    uint32_t root = groups.Find(uint32_t(i));
    if (size[root] >= o.min_tickets) members[root].push_back(i);
  }
  // Groups are described on two threads too, each into its own place.
  std::vector<std::vector<size_t>> lists;
  for (auto& [root, list] : members)
    if (list.size() >= o.min_tickets) lists.push_back(std::move(list));
  std::vector<HotIssue> described(lists.size());
  std::atomic<size_t> next_group{0};
  auto describe = [&] {
    for (size_t k = next_group++; k < lists.size(); k = next_group++)
      described[k] = Describe(c, std::move(lists[k]), o);
  };
  std::thread describer(describe);
  describe();
  describer.join();
  std::vector<HotIssue> issues;
  for (HotIssue& h : described)
    if (h.callers >= o.min_callers) issues.push_back(std::move(h));
  std::sort(issues.begin(), issues.end(), [](const HotIssue& a, const HotIssue& b) {
    if (a.heat != b.heat) return a.heat > b.heat;
    return a.tickets.front() < b.tickets.front();
  });
  return issues;
}

}  // namespace zb::analytics
