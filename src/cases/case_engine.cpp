#include "cases/case_engine.h"

#include "cases/projection.h"
#include "cases/role.h"

namespace zb::cases {

namespace {

nlohmann::json InstantJson(const std::optional<Instant>& t) {
  if (!t) return nullptr;
  return ToUnixSeconds(*t);
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

Result<Actor> CaseEngine::LoadActor(store::Id user_id) const {
  Actor a;
  ZB_ASSIGN_OR_RETURN(a.user, store_.GetUser(user_id));
  if (!a.user.active) return Denied("此账号已停用", "this account is disabled");
  a.unit_ids.push_back(a.user.unit_id);
  ZB_ASSIGN_OR_RETURN(auto extra, store_.ListMemberships(user_id));
  for (store::Id u : extra) {
    if (!a.InUnit(u)) a.unit_ids.push_back(u);
  }
  ZB_ASSIGN_OR_RETURN(store::Unit unit, store_.GetUnit(a.user.unit_id));
  a.in_office = unit.unit_type == "office" || unit.unit_type == "leadership";
  a.sees_all = RoleSeesAllCases(a.user.role) || a.in_office;
  return a;
}

Status CaseEngine::CheckUnit(store::Id id) const {
  auto u = store_.GetUnit(id);
  if (!u.ok()) {
    return Invalid("单位不存在：" + std::to_string(id), "unknown unit: " + std::to_string(id));
  }
  return Status();
}

Result<store::NewCase> CaseEngine::PrepareCreate(const Actor& actor, CreateRequest req,
                                                 Instant now) const {
  const Workflow* wf = workflows_.Find(req.kind);
  if (!wf) return Invalid("未知的类别：" + req.kind, "unknown kind: " + req.kind);
  // Creating is the transition "create" from the initial state, if the workflow restricts it.
  if (const TransitionDef* t = wf->FindTransition("create", wf->initial_state)) {
    store::CaseRecord blank;
    blank.created_by = actor.user.id;
    ZB_RETURN_IF_ERROR(Authorize(actor, blank, *t, now).status());
  }
  std::string title = Trim(req.title);
  if (title.empty()) return Invalid("标题不能为空", "the title is required");
  if (title.size() > 600)
    return Invalid("标题过长（最多 200 字）", "the title is too long (200 max)");
  if (req.urgency != "" && req.urgency != "urgent" && req.urgency != "extra_urgent") {
    return Invalid("紧急程度无效：" + req.urgency, "invalid urgency: " + req.urgency);
  }
  ZB_RETURN_IF_ERROR(ValidateFields(*wf, req.fields, true));

  store::NewCase nc;
  store::EventRecord e;
  e.type = "created";
  e.action = "create";
  e.actor_id = actor.user.id;
  e.at = now;
  e.to_state = wf->initial_state;
  e.data = nlohmann::json::object();
  e.data["kind"] = std::move(req.kind);
  e.data["title"] = std::move(title);
  e.data["urgency"] = std::move(req.urgency);
  e.data["fields"] = std::move(req.fields);
  const StateDef* initial = wf->FindState(wf->initial_state);
  if (!initial->time_limit.empty()) {
    ZB_ASSIGN_OR_RETURN(Instant step_due, deadlines_.DueAt(initial->time_limit, now));
    e.data["step_due_at"] = ToUnixSeconds(step_due);
  }
  ApplyEvent(nc.record, e);
  nc.events.push_back(std::move(e));
  return nc;
}

Result<store::Id> CaseEngine::Create(const Actor& actor, const CreateRequest& req) const {
  ZB_ASSIGN_OR_RETURN(store::NewCase nc, PrepareCreate(actor, req, clock_.Now()));
  store::AuditEntry a;
  a.at = nc.record.created_at;
  a.actor_id = actor.user.id;
  a.action = "case.create";
  a.target = "case:{id}";
  a.request_id = req.request_id;
  a.detail = {{"kind", req.kind}, {"title", nc.record.title}};
  nc.audit = std::move(a);
  return store_.CreateCase(nc);
}

Result<store::CaseChange> CaseEngine::Plan(const Actor& actor, const store::CaseRecord& c,
                                           const ActionRequest& req, Instant now) const {
  const Workflow* wf = workflows_.Find(c.kind);
  if (!wf)
    return Internal("此件的类别未定义：" + c.kind, "the case's kind is undefined: " + c.kind);
  if (req.expected_version && *req.expected_version != c.version) {
    return Conflict("此件已被他人更新，请刷新后重试",
                    "the case was changed by someone else; reload and try again");
  }
  const TransitionDef* t = wf->FindTransition(req.action, c.state);
  if (!t) {
    const StateDef* st = wf->FindState(c.state);
    std::string state_label = st ? st->label : c.state;
    bool known = false;
    for (const TransitionDef& any : wf->transitions) known = known || any.action == req.action;
    if (!known) {
      return Invalid("「" + wf->label + "」没有动作 " + req.action,
                     "kind " + wf->kind + " has no action " + req.action);
    }
    return Conflict("当前状态「" + state_label + "」不能执行此操作",
                    "action " + req.action + " is not possible in state " + c.state);
  }
  ZB_ASSIGN_OR_RETURN(std::optional<store::Id> delegated_for, Authorize(actor, c, *t, now));
  if (req.on_behalf_of && delegated_for != req.on_behalf_of &&
      !(*req.on_behalf_of == actor.user.id && !delegated_for)) {
    return Denied("不能以他人名义办理：没有相应的授权",
                  "you hold no delegation to act on behalf of that person");
  }
  std::string reason = Trim(req.reason);
  if (t->reason_required && reason.empty()) {
    return Invalid("「" + t->label + "」需要填写理由", t->action + " needs a reason");
  }
  if (req.text.size() > 60000) return Invalid("内容过长", "the text is too long");
  if (t->text_required && Trim(req.text).empty()) {
    return Invalid("「" + t->label + "」需要填写内容", t->action + " needs a text");
  }
  for (const KindRule& r : rules_) {
    if (r.kind == c.kind && r.action == req.action) ZB_RETURN_IF_ERROR(r.rule(c, req, now));
  }

  store::EventRecord e;
  e.type = t->event;
  e.action = t->action;
  e.actor_id = actor.user.id;
  e.on_behalf_of = delegated_for;
  e.at = now;
  e.from_state = c.state;
  e.to_state = t->to.empty() ? c.state : t->to;
  e.seq = c.version + 1;
  nlohmann::json& d = e.data;
  if (!reason.empty()) d["reason"] = reason;
  if (!req.text.empty()) d["text"] = req.text;

  if (t->needs_lead_unit) {
    if (!req.lead_unit_id) return Invalid("请选择承办单位", "a lead unit is required");
    ZB_RETURN_IF_ERROR(CheckUnit(*req.lead_unit_id));
    for (store::Id u : req.co_unit_ids) {
      ZB_RETURN_IF_ERROR(CheckUnit(u));
      if (u == *req.lead_unit_id) {
        return Invalid("协办单位不能与主办单位相同", "a co-unit cannot also be the lead unit");
      }
    }
    d["lead_unit_id"] = *req.lead_unit_id;
    d["co_unit_ids"] = req.co_unit_ids;
  }
  if (t->sets_due) {
    std::optional<Instant> due = req.due_at;
    if (due && *due <= now) {
      return Invalid("时限不能早于当前时间", "the time limit must be in the future");
    }
    if (!due) {
      std::string expr = req.time_limit.value_or("");
      if (expr.empty()) expr = t->time_limit;
      if (expr.empty()) {
        std::string request_type = c.fields.value("request_type", "");
        expr = deadlines_.PolicyExpression(c.kind, c.urgency, request_type);
      }
      if (expr.empty()) expr = wf->time_limit;
      if (!expr.empty()) {
        ZB_ASSIGN_OR_RETURN(Instant computed, deadlines_.DueAt(expr, now));
        due = computed;
        d["time_limit"] = expr;
      }
    }
    d["due_at"] = InstantJson(due);
    d["yellow_at"] = due ? InstantJson(deadlines_.YellowAt(now, *due)) : nullptr;
    if (due) {
      if (std::string w = deadlines_.CalendarWarning(now, *due); !w.empty()) {
        d["calendar_warning"] = w;
      }
    }
  }
  if (t->event == "extension_requested") {
    if (!req.due_at || (c.due_at && *req.due_at <= *c.due_at) || *req.due_at <= now) {
      return Invalid("请填写晚于原时限的新时限",
                     "ask for a new time limit later than the current one");
    }
    d["requested_due_at"] = ToUnixSeconds(*req.due_at);
  }
  bool pending = c.fields.contains(kPendingExtensionField);
  if ((t->approves_extension || t->event == "extension_refused") && !pending) {
    return Conflict("没有待审批的延期申请", "there is no pending extension request");
  }
  if (t->event == "extension_requested" && pending) {
    return Conflict("已有延期申请待审批", "an extension request is already pending");
  }
  if (t->approves_extension) {
    // The deadline asked for, unless the approver sets another.
    Instant due =
        req.due_at.value_or(FromUnixSeconds(c.fields.at(kPendingExtensionField).get<int64_t>()));
    d["due_at"] = ToUnixSeconds(due);
    d["yellow_at"] = InstantJson(deadlines_.YellowAt(now, due));
  }
  const StateDef* from = wf->FindState(c.state);
  const StateDef* to = wf->FindState(e.to_state);
  if (e.to_state != c.state) {
    if (!to->time_limit.empty()) {
      ZB_ASSIGN_OR_RETURN(Instant step_due, deadlines_.DueAt(to->time_limit, now));
      d["step_due_at"] = ToUnixSeconds(step_due);
    } else {
      d["step_due_at"] = nullptr;
    }
    if (to->terminal != from->terminal) d["closed"] = to->terminal;
    // The clock pauses while the case waits on someone outside, and resumes after.
    if (to->pauses_clock && !from->pauses_clock) d["paused_at"] = ToUnixSeconds(now);
    if (!to->pauses_clock && from->pauses_clock && c.paused_at) {
      d["paused_at"] = nullptr;
      if (c.due_at && !d.contains("due_at")) {
        Instant due = deadlines_.AfterPause(*c.due_at, *c.paused_at, now);
        d["due_at"] = ToUnixSeconds(due);
        d["yellow_at"] = InstantJson(deadlines_.YellowAt(now, due));
      }
    }
  }
  nlohmann::json set_fields = req.set_fields;
  for (const auto& [field, value] : t->sets) set_fields[field] = value;
  if (!set_fields.empty()) {
    ZB_RETURN_IF_ERROR(ValidateFields(*wf, set_fields, false));
  }
  for (const auto& [given, recorded] : t->matches_field) {
    const FieldDef* g = wf->FindField(given);
    const FieldDef* rec = wf->FindField(recorded);
    std::string value = set_fields.contains(given) && set_fields[given].is_string()
                            ? Trim(set_fields[given].get<std::string>())
                            : "";
    std::string on_record = c.fields.contains(recorded) && c.fields[recorded].is_string()
                                ? c.fields[recorded].get<std::string>()
                                : "";
    if (value.empty() || value != on_record) {
      return Invalid("「" + g->label + "」须与记录的「" + rec->label + "」一致：" + value,
                     given + " must be the " + recorded + " on record: " + value);
    }
  }
  for (const std::string& f : t->asks_fields) {
    const nlohmann::json* v = set_fields.contains(f) ? &set_fields[f] : nullptr;
    if (!v || v->is_null() || (v->is_string() && Trim(v->get<std::string>()).empty())) {
      const FieldDef* def = wf->FindField(f);
      return Invalid("「" + t->label + "」需要填写「" + def->label + "」",
                     t->action + " needs " + f);
    }
  }
  for (const std::string& f : t->requires_fields) {
    const nlohmann::json* v = set_fields.contains(f) ? &set_fields[f]
                              : c.fields.contains(f) ? &c.fields[f]
                                                     : nullptr;
    if (!v || v->is_null() || (v->is_string() && Trim(v->get<std::string>()).empty())) {
      const FieldDef* def = wf->FindField(f);
      return Invalid("「" + t->label + "」需要填写「" + def->label + "」",
                     t->action + " needs " + f);
    }
  }
  if (!set_fields.empty()) d["set_fields"] = std::move(set_fields);

  store::CaseChange change;
  change.updated = c;
  change.expected_version = c.version;
  ApplyEvent(change.updated, e);
  change.events.push_back(std::move(e));
  return change;
}

void CaseEngine::AddRule(std::string kind, std::string action, ActionRule rule) {
  rules_.push_back({std::move(kind), std::move(action), std::move(rule)});
}

Result<store::CaseRecord> CaseEngine::Perform(const Actor& actor, const ActionRequest& req) const {
  ZB_ASSIGN_OR_RETURN(store::CaseRecord c, store_.GetCase(req.case_id));
  if (!CanSee(actor, c)) {
    // Not "forbidden": another unit's case id reveals nothing.
    return NotFound("此件不存在：" + std::to_string(req.case_id),
                    "no case " + std::to_string(req.case_id));
  }
  ZB_ASSIGN_OR_RETURN(store::CaseChange change, Plan(actor, c, req, clock_.Now()));
  const store::EventRecord& e = change.events.back();
  store::AuditEntry a;
  a.at = e.at;
  a.actor_id = e.actor_id;
  a.on_behalf_of = e.on_behalf_of;
  a.action = "case." + e.action;
  a.target = "case:" + std::to_string(c.id);
  a.request_id = req.request_id;
  a.detail = {{"from", e.from_state}, {"to", e.to_state}, {"seq", e.seq}};
  change.audit = std::move(a);
  ZB_RETURN_IF_ERROR(store_.ApplyChange(change));
  return change.updated;
}

Result<store::AttachmentRecord> CaseEngine::Attach(const Actor& actor, store::Id case_id,
                                                   store::AttachmentRecord meta,
                                                   const std::string& request_id) const {
  ZB_ASSIGN_OR_RETURN(store::CaseRecord c, store_.GetCase(case_id));
  if (!CanSee(actor, c)) {
    return NotFound("此件不存在：" + std::to_string(case_id), "no case " + std::to_string(case_id));
  }
  Instant now = clock_.Now();
  store::EventRecord e;
  e.type = "attached";
  e.action = "attach";
  e.actor_id = actor.user.id;
  e.at = now;
  e.from_state = e.to_state = c.state;
  e.seq = c.version + 1;
  e.data = {{"sha256", meta.sha256},
            {"name", meta.name},
            {"size", meta.size},
            {"content_type", meta.content_type}};
  store::CaseChange change;
  change.updated = c;
  change.expected_version = c.version;
  ApplyEvent(change.updated, e);
  change.events.push_back(e);
  store::AuditEntry a;
  a.at = now;
  a.actor_id = actor.user.id;
  a.action = "case.attach";
  a.target = "case:" + std::to_string(case_id);
  a.request_id = request_id;
  a.detail = e.data;
  change.audit = std::move(a);
  ZB_RETURN_IF_ERROR(store_.ApplyChange(change));
  meta.case_id = case_id;
  meta.uploaded_by = actor.user.id;
  meta.at = now;
  ZB_ASSIGN_OR_RETURN(meta.id, store_.AddAttachment(meta));
  return meta;
}

}  // namespace zb::cases
