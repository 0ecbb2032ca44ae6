// What the operator sees while registering a call: the caller's earlier tickets (by phone
// number) and open tickets that look like the one being typed (so repeats are merged, not
// duplicated). Similarity is plain overlap of character bigrams for now.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace zb::hotline {

// The hotline tickets whose caller (or a merged caller) has this number, newest first, at most
// `limit`. The number is compared digits only.
Result<std::vector<store::CaseRecord>> CallerHistory(store::Store& store, std::string_view phone,
                                                     int limit);

struct SimilarTicket {
  store::CaseRecord ticket;
  double score = 0;  // 0..1
};

// Bigram-overlap similarity of two texts: |A∩B| / min(|A|,|B|) over the sets of CJK character
// bigrams and ASCII words; 0 when either is empty. Pure.
double TextSimilarity(std::string_view a, std::string_view b);

// Open hotline tickets scoring at least `min_score` against `text` (title and content), best
// first, at most `limit`. Scans the `scan` most recently created open tickets.
Result<std::vector<SimilarTicket>> SimilarOpenTickets(store::Store& store, std::string_view text,
                                                      double min_score, int limit, int scan = 2000);

}  // namespace zb::hotline
