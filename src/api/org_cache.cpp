#include "api/org_cache.h"

namespace zb::api {

void OrgCache::RefreshNames() {
  auto units = store_.ListUnits();
  auto users = store_.ListUsers();
  if (!units.ok() || !users.ok()) return;
  std::unique_lock lock(names_mu_);
  unit_names_.clear();
  user_names_.clear();
  unit_ids_by_code_.clear();
  for (const auto& u : *units) {
    unit_names_[u.id] = u.name;
    unit_ids_by_code_[u.code] = u.id;
  }
  for (const auto& u : *users) user_names_[u.id] = u.display_name;
  names_fetched_ = SteadyClock::now();
}

template <typename Map>
std::optional<typename Map::mapped_type> OrgCache::FindName(const Map& map,
                                                            const typename Map::key_type& key,
                                                            bool* loaded) {
  {
    std::shared_lock lock(names_mu_);
    if (SteadyClock::now() - names_fetched_ < ttl_) {
      *loaded = true;
      auto it = map.find(key);
      if (it != map.end()) return it->second;
      return std::nullopt;
    }
  }
  RefreshNames();  // if it fails, the snapshot before (if any) still answers
  std::shared_lock lock(names_mu_);
  *loaded = names_fetched_ != SteadyClock::time_point{};
  auto it = map.find(key);
  if (it != map.end()) return it->second;
  return std::nullopt;
}

std::string OrgCache::UnitName(store::Id id) {
  bool loaded = false;
  if (auto name = FindName(unit_names_, id, &loaded)) return *name;
  auto u = store_.GetUnit(id);  // added since the snapshot
  return u.ok() ? u->name : "";
}

store::Id OrgCache::UnitIdByCode(const std::string& code) {
  bool loaded = false;
  if (auto id = FindName(unit_ids_by_code_, code, &loaded)) return *id;
  // The snapshot holds every unit: a code missing from a loaded one is absent (asked on every
  // hotline case shown, so a database without a hotline centre must not query each time).
  if (loaded) return 0;
  auto u = store_.FindUnitByCode(code);
  return u.ok() ? u->id : 0;
}

std::string OrgCache::UserName(store::Id id) {
  bool loaded = false;
  if (auto name = FindName(user_names_, id, &loaded)) return *name;
  auto u = store_.GetUser(id);
  return u.ok() ? u->display_name : "";
}

std::shared_ptr<const UserPrincipal> OrgCache::Session(const std::string& token,
                                                       Instant* expires_at) {
  std::lock_guard lock(sessions_mu_);
  auto it = sessions_.find(token);
  if (it == sessions_.end()) return nullptr;
  if (SteadyClock::now() - it->second.fetched >= ttl_) {
    sessions_.erase(it);
    return nullptr;
  }
  *expires_at = it->second.expires_at;
  return it->second.principal;
}

void OrgCache::PutSession(const std::string& token, std::shared_ptr<const UserPrincipal> p,
                          Instant expires_at) {
  std::lock_guard lock(sessions_mu_);
  if (sessions_.size() > 10000) sessions_.clear();  // bounded; entries are cheap to rebuild
  sessions_[token] = CachedSession{std::move(p), expires_at, SteadyClock::now()};
}

void OrgCache::DropSession(const std::string& token_hash) {
  std::lock_guard lock(sessions_mu_);
  std::erase_if(sessions_, [&](const auto& entry) {
    return entry.second.principal->session_hash == token_hash;
  });
}

void OrgCache::DropUser(store::Id user_id) {
  std::lock_guard lock(sessions_mu_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.principal->actor.user.id == user_id ? sessions_.erase(it) : std::next(it);
  }
}

std::shared_ptr<const std::vector<store::Delegation>> OrgCache::Delegations() {
  {
    std::lock_guard lock(delegations_mu_);
    if (delegations_ && SteadyClock::now() - delegations_fetched_ < ttl_) return delegations_;
  }
  auto all = store_.ListDelegations();
  if (!all.ok()) return nullptr;
  auto fresh = std::make_shared<const std::vector<store::Delegation>>(std::move(*all));
  std::lock_guard lock(delegations_mu_);
  delegations_ = fresh;
  delegations_fetched_ = SteadyClock::now();
  return fresh;
}

void OrgCache::DropDelegations() {
  std::lock_guard lock(delegations_mu_);
  delegations_.reset();
}

}  // namespace zb::api
