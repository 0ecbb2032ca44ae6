// CaseEngine::Authorize, CanSee, AvailableActions: who may do what to a case.
#include "cases/case_engine.h"
#include "cases/projection.h"
#include "cases/role.h"

namespace zb::cases {

namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::optional<store::Id> CaseLeader(const store::CaseRecord& c) {
  auto it = c.fields.find("leader_id");
  if (it == c.fields.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

bool ActiveDelegation(const std::vector<store::Delegation>& all, store::Id leader,
                      store::Id delegate, const std::string& kind, Instant now) {
  for (const store::Delegation& d : all) {
    if (d.leader_id != leader || d.delegate_id != delegate) continue;
    if (d.scope != "*" && d.scope != kind) continue;
    if (d.starts_at > now || (d.ends_at && *d.ends_at <= now) || d.revoked_at) continue;
    return true;
  }
  return false;
}

}  // namespace

bool CaseEngine::CanSee(const Actor& actor, const store::CaseRecord& c) const {
  if (actor.sees_all || c.created_by == actor.user.id) return true;
  if (c.lead_unit_id && actor.InUnit(*c.lead_unit_id)) return true;
  for (store::Id u : c.co_unit_ids) {
    if (actor.InUnit(u)) return true;
  }
  auto leader = CaseLeader(c);
  return leader && *leader == actor.user.id;
}

std::optional<std::optional<store::Id>> CaseEngine::Permits(const Actor& actor,
                                                            const store::CaseRecord& c,
                                                            const TransitionDef& t, Instant now,
                                                            DelegationMemo* delegations) const {
  bool role_ok = Contains(t.roles, actor.user.role);
  bool scope_ok = false;
  for (const std::string& s : t.scopes) {
    if (s == "any" || (s == "office" && actor.in_office) ||
        (s == "creator" && c.created_by == actor.user.id) ||
        (s == "lead_unit" && c.lead_unit_id && actor.InUnit(*c.lead_unit_id))) {
      scope_ok = true;
    } else if (s == "co_unit") {
      for (store::Id u : c.co_unit_ids) scope_ok = scope_ok || actor.InUnit(u);
    } else if (s == "leader") {
      auto leader = CaseLeader(c);
      if (leader && *leader == actor.user.id) scope_ok = true;
    }
  }
  if (role_ok && scope_ok) return std::optional<store::Id>();

  // A leader's decision recorded by someone holding that leader's delegation.
  if (Contains(t.scopes, "leader")) {
    auto leader = CaseLeader(c);
    DelegationMemo local;
    DelegationMemo& memo = delegations ? *delegations : local;
    if (leader && *leader != actor.user.id && !memo) {
      auto all = store_.ListDelegations();
      memo = std::make_shared<const std::vector<store::Delegation>>(
          all.ok() ? std::move(*all) : std::vector<store::Delegation>());
    }
    if (leader && *leader != actor.user.id &&
        ActiveDelegation(*memo, *leader, actor.user.id, c.kind, now)) {
      auto leader_user = store_.GetUser(*leader);
      if (leader_user.ok() && Contains(t.roles, leader_user->role)) {
        return std::optional<store::Id>(*leader);
      }
    }
  }
  return std::nullopt;
}

Result<std::optional<store::Id>> CaseEngine::Authorize(const Actor& actor,
                                                       const store::CaseRecord& c,
                                                       const TransitionDef& t, Instant now) const {
  if (auto who = Permits(actor, c, t, now, nullptr)) return *who;
  const std::string label = "「" + t.label + "」";
  if (!Contains(t.roles, actor.user.role)) {
    return Denied("您的角色（" + RoleLabel(actor.user.role) + "）不能执行" + label,
                  "your role (" + actor.user.role + ") may not " + t.action);
  }
  if (Contains(t.scopes, "leader")) {
    return Denied(label + "须由交办领导本人或其授权的人员办理",
                  t.action +
                      " must be done by the case's leader or someone holding the leader's "
                      "delegation");
  }
  if (Contains(t.scopes, "lead_unit") || Contains(t.scopes, "co_unit")) {
    return Denied("只有承办单位可以执行" + label, "only the handling units may " + t.action);
  }
  return Denied("您不能对此件执行" + label, "you may not " + t.action + " on this case");
}

std::vector<AvailableAction> CaseEngine::AvailableActions(const Actor& actor,
                                                          const store::CaseRecord& c,
                                                          DelegationMemo delegations) const {
  std::vector<AvailableAction> out;
  const Workflow* wf = workflows_.Find(c.kind);
  if (!wf) return out;
  Instant now = clock_.Now();
  bool pending = c.fields.contains(kPendingExtensionField);
  for (const TransitionDef* from_here : wf->TransitionsFrom(c.state)) {
    const TransitionDef& t = *from_here;
    if (t.action == "create") continue;
    if ((t.approves_extension || t.event == "extension_refused") && !pending) continue;
    if (t.event == "extension_requested" && pending) continue;
    auto who = Permits(actor, c, t, now, &delegations);
    if (!who) continue;
    AvailableAction a;
    a.action = t.action;
    a.label = t.label;
    a.label_en = t.label_en;
    a.reason_required = t.reason_required;
    a.text_required = t.text_required;
    a.needs_lead_unit = t.needs_lead_unit;
    a.asks_due = t.sets_due || t.event == "extension_requested";
    a.on_behalf_of = *who;
    auto set_by_transition = [&t](const std::string& f) {
      for (const auto& [field, value] : t.sets) {
        if (field == f) return true;
      }
      return false;
    };
    for (const std::string& f : t.requires_fields) {
      bool on_record = c.fields.contains(f) && !c.fields[f].is_null();
      if (!set_by_transition(f) && !on_record) a.fields.push_back(f);
    }
    for (const std::string& f : t.asks_fields) a.fields.push_back(f);
    for (const auto& [given, recorded] : t.matches_field) a.fields.push_back(given);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace zb::cases
