#include "api/org_cache.h"

namespace zb::api {

void OrgCache::RefreshNames() {
  {
    std::shared_lock lock(names_mu_);
    if (SteadyClock::now() - names_fetched_ < ttl_) return;
  }
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

std::string OrgCache::UnitName(store::Id id) {
  RefreshNames();
  {
    std::shared_lock lock(names_mu_);
    auto it = unit_names_.find(id);
    if (it != unit_names_.end()) return it->second;
  }
  auto u = store_.GetUnit(id);  // added since the snapshot
  return u.ok() ? u->name : "";
}

store::Id OrgCache::UnitIdByCode(const std::string& code) {
  RefreshNames();
  {
    std::shared_lock lock(names_mu_);
    auto it = unit_ids_by_code_.find(code);
    if (it != unit_ids_by_code_.end()) return it->second;
    // The snapshot holds every unit: a code missing from a loaded one is absent (asked on every
    // hotline case shown, so a database without a hotline centre must not query each time).
    if (names_fetched_ != SteadyClock::time_point{}) return 0;
  }
  auto u = store_.FindUnitByCode(code);
  return u.ok() ? u->id : 0;
}

std::string OrgCache::UserName(store::Id id) {
  RefreshNames();
  {
    std::shared_lock lock(names_mu_);
    auto it = user_names_.find(id);
    if (it != user_names_.end()) return it->second;
  }
  auto u = store_.GetUser(id);
  return u.ok() ? u->display_name : "";
}

std::shared_ptr<const UserPrincipal> OrgCache::Session(const std::string& token_hash,
                                                       Instant* expires_at) {
  std::lock_guard lock(sessions_mu_);
  auto it = sessions_.find(token_hash);
  if (it == sessions_.end()) return nullptr;
  if (SteadyClock::now() - it->second.fetched >= ttl_) {
    sessions_.erase(it);
    return nullptr;
  }
  *expires_at = it->second.expires_at;
  return it->second.principal;
}

void OrgCache::PutSession(const std::string& token_hash, std::shared_ptr<const UserPrincipal> p,
                          Instant expires_at) {
  std::lock_guard lock(sessions_mu_);
  if (sessions_.size() > 10000) sessions_.clear();  // bounded; entries are cheap to rebuild
  sessions_[token_hash] = CachedSession{std::move(p), expires_at, SteadyClock::now()};
}

void OrgCache::DropSession(const std::string& token_hash) {
  std::lock_guard lock(sessions_mu_);
  sessions_.erase(token_hash);
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
