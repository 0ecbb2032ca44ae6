// Hot issues (热点问题): tickets about the same matter at the same place, grouped and ranked.
//
// Grouping. Two tickets are linked when they name the same specific place (a road, street or site
// with the same place key, place.h), were received at most `link_window_days` apart, and say
// similar things: at least `min_shared_terms` of their top terms in common (terms that are part
// of a place name are not counted). Hot issues are the connected components of these links (a
// chain of links may span longer than the window) with at least `min_tickets` tickets from at
// least `min_callers` distinct callers (an unknown caller counts as distinct). Four tickets, not
// three: in a realistic mix of real messages at random places (generator.h), three tickets on a
// common matter (退休工资, 资质认定, …) meet at one place within a month by chance a few times a
// year at 300 tickets a day; four did not in three years (insight_eval_test.cpp).
//
// Heat index, with n tickets, c distinct callers, L = the sum of 点赞数 and growth
// g = max(0, ln((r + 1) / (p + 1))), r and p the group's tickets in the last 7 days of the data and
// in the 7 days before:
//     heat = 10·ln(1 + c) + 5·ln(1 + n) + 3·ln(1 + L) + 5·g
// Callers weigh most (ten people calling once say more than one person calling ten times); likes
// are public support; growth favours matters still rising at the end of the period.
//
// Title: "<district><place>：<keyword>、<keyword>" — the district and the specific place most
// tickets name, and the group's two strongest terms (summed tf·idf).
//
// Pure; deterministic (ties broken by first ticket). Compares and describes on two threads of
// its own; the result is the same as on one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/corpus.h"

namespace zb::analytics {

struct HotIssueOptions {
  int link_window_days = 30;
  size_t min_shared_terms = 2;
  size_t min_tickets = 4;
  size_t min_callers = 2;
  size_t keywords = 5;
};

struct HotIssue {
  std::string title;
  std::string place;     // the specific place most tickets name
  std::string district;  // may be empty
  std::vector<std::string> keywords;
  int32_t first_day = 0, last_day = 0;
  std::vector<size_t> tickets;  // indexes into the corpus, by day then index
  size_t callers = 0;
  int64_t likes = 0;
  double growth = 0;
  double heat = 0;
};

// Best first.
std::vector<HotIssue> FindHotIssues(const Corpus& corpus, const HotIssueOptions& options = {});

}  // namespace zb::analytics
