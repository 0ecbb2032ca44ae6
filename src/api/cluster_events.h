// Live updates from the other nodes of a cluster: each case change another node commits is
// published to this node's EventHub, as the node that made it published it to its own clients —
// the same event types, the same JSON, seen by the same users. Changes made on this node are
// published by the handlers that made them and are not repeated here. When changes may have been
// missed (the database connection was lost, or many cases were loaded at once), a "resync" event
// tells every client to reload what it shows.
#pragma once

#include <memory>

#include "api/api.h"

namespace zb::api {

class ClusterEvents {
 public:
  // Starts following the store's feed of other nodes' changes. Returns nullptr when the store has
  // none (SQLite). `ctx` must outlive the result; destroying it stops the feed.
  static std::unique_ptr<ClusterEvents> Start(ApiContext& ctx);

 private:
  explicit ClusterEvents(ApiContext& ctx) : ctx_(ctx) {}
  void OnChange(store::Id case_id, bool created);
  void OnGap();

  ApiContext& ctx_;
  std::unique_ptr<store::CaseFeed> feed_;
};

}  // namespace zb::api
