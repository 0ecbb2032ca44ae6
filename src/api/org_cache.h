// Short-lived, in-process caches of what nearly every request reads: the signed-in principal of
// a session, the names of units and users shown beside ids, and the leaders' delegations. Entries
// live `ttl` (a few seconds), so changes made on another node show within that time; changes made
// on this node (sign-out, password change) drop the entry at once. Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "api/user_principal.h"
#include "store/store.h"

namespace zb::api {

class OrgCache {
 public:
  using SteadyClock = std::chrono::steady_clock;
  explicit OrgCache(store::Store& store, std::chrono::seconds ttl = std::chrono::seconds(10))
      : store_(store), ttl_(ttl) {}

  std::string UnitName(store::Id id);
  std::string UserName(store::Id id);
  // The id of the unit with this code (e.g. the hotline centre), or 0.
  store::Id UnitIdByCode(const std::string& code);

  // The cached principal of a session, by the session's token (the cookie's value: a request
  // found here needs no hash of it; the database keeps only the hash), with the session's expiry;
  // null if absent or stale.
  std::shared_ptr<const UserPrincipal> Session(const std::string& token, Instant* expires_at);
  void PutSession(const std::string& token, std::shared_ptr<const UserPrincipal> p,
                  Instant expires_at);
  // Drops the session whose token has this hash (the principal's session_hash).
  void DropSession(const std::string& token_hash);
  // Drops every cached session of a user (password change, account changes).
  void DropUser(store::Id user_id);

  // The delegations on record, to show a user the actions they may take (taking one reads them
  // afresh); null if they cannot be read.
  std::shared_ptr<const std::vector<store::Delegation>> Delegations();
  void DropDelegations();  // one was recorded or revoked

 private:
  void RefreshNames();  // reloads the snapshot of units' and users' names
  // `key` in `map` (one of the snapshot's maps), reloading the snapshot first if it is older
  // than ttl_; `loaded` tells whether there is a snapshot at all. One shared lock when fresh.
  template <typename Map>
  std::optional<typename Map::mapped_type> FindName(const Map& map,
                                                    const typename Map::key_type& key,
                                                    bool* loaded);

  struct CachedSession {
    std::shared_ptr<const UserPrincipal> principal;
    Instant expires_at;
    SteadyClock::time_point fetched;
  };

  store::Store& store_;
  const std::chrono::seconds ttl_;
  std::shared_mutex names_mu_;
  std::map<store::Id, std::string> unit_names_, user_names_;  // guarded by names_mu_
  std::map<std::string, store::Id> unit_ids_by_code_;         // guarded by names_mu_
  SteadyClock::time_point names_fetched_{};                   // guarded by names_mu_
  std::mutex sessions_mu_;
  std::map<std::string, CachedSession> sessions_;  // by token; guarded by sessions_mu_
  std::mutex delegations_mu_;
  std::shared_ptr<const std::vector<store::Delegation>> delegations_;  // by delegations_mu_
  SteadyClock::time_point delegations_fetched_{};                      // by delegations_mu_
};

}  // namespace zb::api
