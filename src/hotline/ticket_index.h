// The open hotline tickets in a MinHash near-duplicate index (src/text/near_duplicate.h), so a
// new call that repeats an open ticket is found without scanning. The index follows the store:
// each Sync reads the tickets changed since the last one (newest `updated_at` first) and adds the
// open ones, removes the closed and merged ones — whichever path changed them (the API, Open311,
// an import, another node).
//
// Thread-safe.
#pragma once

#include <mutex>
#include <set>
#include <string_view>
#include <vector>

#include "store/store.h"
#include "text/near_duplicate.h"

namespace zb::hotline {

class OpenTicketIndex {
 public:
  // Brings the index up to date with the store.
  Status Sync(store::Store& store);
  // Open tickets whose estimated similarity to `text` reaches `min_similarity`, most similar first.
  std::vector<text::NearDuplicate> Find(std::string_view text,
                                        double min_similarity = text::kNearDuplicateSimilarity);
  size_t size();

  // What a ticket is indexed by: its title and content.
  static std::string TicketText(const store::CaseRecord& c);

 private:
  std::mutex mu_;
  text::NearDuplicateIndex index_;
  bool loaded_ = false;
  Instant synced_until_{};           // the newest updated_at seen
  std::set<store::Id> at_boundary_;  // tickets seen with updated_at == synced_until_
};

}  // namespace zb::hotline
