#include "supervision/instruction.h"

#include <set>

#include "supervision/case_scan.h"

namespace zb::supervision {

namespace {

// What differs between splitting an instruction and a suggestion or proposal.
struct SplitSpec {
  const char* what_zh;      // "批示件"
  const char* what_en;      // "instruction"
  const char* part_action;  // the action that assigns a part to its unit
  bool share_parent_due;    // parts take the limit the parent's split set
};

bool IsProposalKind(const std::string& kind) {
  return kind == "deputy_suggestion" || kind == "cppcc_proposal";
}

constexpr SplitSpec kInstructionSplit{"批示件", "instruction", "assign_part", true};
constexpr SplitSpec kProposalSplit{"建议提案", "suggestion or proposal", "assign", false};

bool IsInstructionKind(const std::string& kind) {
  return kind == "instruction";
}

// Checks the request and builds the parts and the parent's change against the parent as read now,
// writing nothing.
Result<SplitPlan> PlanSplit(const cases::CaseEngine& engine, const cases::Actor& actor,
                            const SplitRequest& req, const SplitSpec& spec,
                            bool (*kind_ok)(const std::string&)) {
  store::Store& st = engine.store();
  ZB_ASSIGN_OR_RETURN(store::CaseRecord parent, st.GetCase(req.parent_id));
  if (!kind_ok(parent.kind) || !engine.CanSee(actor, parent)) {
    return NotFound(std::string(spec.what_zh) + "不存在：" + std::to_string(req.parent_id),
                    std::string("no ") + spec.what_en + " " + std::to_string(req.parent_id));
  }
  if (req.unit_ids.empty()) return Invalid("请选择分办单位", "name the units to split between");
  std::set<store::Id> seen;
  for (store::Id u : req.unit_ids) {
    if (!seen.insert(u).second) {
      return Invalid("分办单位重复：" + std::to_string(u),
                     "a unit is named twice: " + std::to_string(u));
    }
    if (!st.GetUnit(u).ok()) {
      return Invalid("单位不存在：" + std::to_string(u), "unknown unit: " + std::to_string(u));
    }
  }
  Instant now = engine.clock().Now();
  cases::ActionRequest split;
  split.case_id = parent.id;
  split.action = "split";
  split.expected_version = parent.version;
  if (spec.share_parent_due) {  // the parent's own limit (an instruction's, for its roll-up)
    split.time_limit = req.time_limit;
    split.due_at = req.due_at;
  }
  split.request_id = req.request_id;
  // Plans the parent's change first: it refuses a parent that is not waiting to be assigned.
  SplitPlan plan;
  ZB_ASSIGN_OR_RETURN(plan.parent_change, engine.Plan(actor, parent, split, now));
  const store::CaseChange& parent_change = plan.parent_change;
  for (store::Id unit : req.unit_ids) {
    ZB_ASSIGN_OR_RETURN(store::Unit u, st.GetUnit(unit));
    cases::CreateRequest cr;
    cr.kind = parent.kind;
    cr.title = parent.title + "（" + u.name + "）";
    cr.urgency = parent.urgency;
    cr.fields = parent.fields;
    cr.fields["parent_id"] = parent.id;
    cr.fields.erase("result");
    cr.request_id = req.request_id;
    ZB_ASSIGN_OR_RETURN(store::NewCase nc, engine.PrepareCreate(actor, cr, now));
    cases::ActionRequest assign;
    assign.action = spec.part_action;
    assign.lead_unit_id = unit;
    assign.time_limit = req.time_limit;
    assign.due_at = req.due_at;
    if (spec.share_parent_due && !req.time_limit && !req.due_at && parent_change.updated.due_at) {
      assign.due_at = parent_change.updated.due_at;  // the parts share the parent's limit
    }
    ZB_ASSIGN_OR_RETURN(store::CaseChange ch, engine.Plan(actor, nc.record, assign, now));
    nc.record = ch.updated;
    for (auto& e : ch.events) nc.events.push_back(std::move(e));
    store::AuditEntry a;
    a.at = now;
    a.actor_id = actor.user.id;
    a.action = "case.create";
    a.target = "case:{id}";
    a.request_id = req.request_id;
    a.detail = {{"kind", parent.kind}, {"parent_id", parent.id}, {"lead_unit_id", unit}};
    nc.audit = std::move(a);
    plan.parts.push_back(std::move(nc));
  }
  store::AuditEntry a;
  a.at = now;
  a.actor_id = actor.user.id;
  a.action = "case.split";
  a.target = "case:" + std::to_string(parent.id);
  a.request_id = req.request_id;
  plan.parent_change.audit = std::move(a);  // its detail names the parts once they have ids
  return plan;
}

}  // namespace

Result<SplitPlan> PlanSplitInstruction(const cases::CaseEngine& engine, const cases::Actor& actor,
                                       const SplitRequest& req) {
  return PlanSplit(engine, actor, req, kInstructionSplit, IsInstructionKind);
}

Result<SplitPlan> PlanSplitProposal(const cases::CaseEngine& engine, const cases::Actor& actor,
                                    const SplitRequest& req) {
  return PlanSplit(engine, actor, req, kProposalSplit, IsProposalKind);
}

Result<std::vector<store::Id>> WriteSplit(store::Store& store, const SplitPlan& plan) {
  // The parts and the parent's change in one transaction: if the parent changed since the plan
  // (someone else acted on it), the change is refused and no part is created.
  return store.CreateCasesAndApply(
      plan.parts, plan.parent_change, [](std::span<const store::Id> ids, store::CaseChange& ch) {
        nlohmann::json part_ids(std::vector<store::Id>(ids.begin(), ids.end()));
        ch.events.back().data["part_ids"] = part_ids;
        if (ch.audit) ch.audit->detail = {{"part_ids", part_ids}};
      });
}

Result<std::vector<store::Id>> SplitInstruction(const cases::CaseEngine& engine,
                                                const cases::Actor& actor,
                                                const SplitRequest& req) {
  ZB_ASSIGN_OR_RETURN(SplitPlan plan, PlanSplitInstruction(engine, actor, req));
  return WriteSplit(engine.store(), plan);
}

Result<std::vector<store::Id>> SplitProposal(const cases::CaseEngine& engine,
                                             const cases::Actor& actor, const SplitRequest& req) {
  ZB_ASSIGN_OR_RETURN(SplitPlan plan, PlanSplitProposal(engine, actor, req));
  return WriteSplit(engine.store(), plan);
}

RollUp SummariseParts(store::Id parent_id, const std::vector<store::CaseRecord>& parts,
                      Instant now) {
  RollUp r;
  r.parent_id = parent_id;
  for (const store::CaseRecord& c : parts) {
    PartState p;
    p.id = c.id;
    p.unit_id = c.lead_unit_id;
    p.state = c.state;
    p.due_at = c.due_at;
    p.closed_at = c.closed_at;
    if (c.due_at) p.overdue = c.closed_at ? *c.closed_at > *c.due_at : now > *c.due_at;
    ++r.total;
    if (c.closed_at) {
      ++r.closed;
    } else {
      ++r.open;
    }
    if (p.overdue) ++r.overdue;
    r.parts.push_back(p);
  }
  r.all_closed = r.total > 0 && r.open == 0;
  return r;
}

Result<RollUp> RollUpInstruction(store::Store& store, store::Id parent_id, Instant now) {
  return RollUpParts(store, "instruction", parent_id, now);
}

Result<RollUp> RollUpParts(store::Store& store, const std::string& kind, store::Id parent_id,
                           Instant now) {
  ZB_ASSIGN_OR_RETURN(auto all, AllCasesOf(store, kind));
  std::vector<store::CaseRecord> parts;
  for (auto& c : all) {
    if (IntField(c, "parent_id") == parent_id) parts.push_back(std::move(c));
  }
  return SummariseParts(parent_id, parts, now);
}

nlohmann::json RollUpJson(const RollUp& r) {
  nlohmann::json parts = nlohmann::json::array();
  for (const PartState& p : r.parts) {
    parts.push_back({{"id", p.id},
                     {"unit_id", p.unit_id ? nlohmann::json(*p.unit_id) : nlohmann::json()},
                     {"state", p.state},
                     {"due_at", p.due_at ? nlohmann::json(FormatIso(*p.due_at)) : nullptr},
                     {"closed_at", p.closed_at ? nlohmann::json(FormatIso(*p.closed_at)) : nullptr},
                     {"overdue", p.overdue}});
  }
  return {{"parent_id", r.parent_id},
          {"total", r.total},
          {"closed", r.closed},
          {"open", r.open},
          {"overdue", r.overdue},
          {"all_closed", r.all_closed},
          {"parts", parts}};
}

}  // namespace zb::supervision
