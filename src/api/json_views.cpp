#include "api/json_views.h"

#include "cases/closure.h"
#include "cases/projection.h"
#include "cases/role.h"
#include "hotline/caller.h"

namespace zb::api {

namespace {

nlohmann::json Iso(const std::optional<Instant>& t) {
  return t ? nlohmann::json(FormatIso(*t)) : nlohmann::json();
}

std::string UnitName(ApiContext& ctx, store::Id id) {
  return ctx.cache->UnitName(id);
}

std::string UserName(ApiContext& ctx, store::Id id) {
  return ctx.cache->UserName(id);
}

}  // namespace

nlohmann::json UserJson(ApiContext& ctx, const cases::Actor& a) {
  return {{"id", a.user.id},
          {"username", a.user.username},
          {"display_name", a.user.display_name},
          {"role", a.user.role},
          {"role_label", cases::RoleLabel(a.user.role)},
          {"unit_id", a.user.unit_id},
          {"unit_name", UnitName(ctx, a.user.unit_id)},
          {"unit_ids", a.unit_ids},
          {"in_office", a.in_office},
          {"sees_all", a.sees_all}};
}

std::string LightOf(const store::CaseRecord& c, Instant now) {
  if (c.closed_at || !c.due_at) return "";
  if (now >= *c.due_at) return "red";
  if (c.yellow_at && now >= *c.yellow_at) return "yellow";
  return "green";
}

bool RevealsConfidential(ApiContext& ctx, const cases::Actor& viewer) {
  return hotline::SeesConfidentialCallers(viewer,
                                          ctx.cache->UnitIdByCode(hotline::kHotlineUnitCode));
}

nlohmann::json CaseJson(ApiContext& ctx, const store::CaseRecord& c, Instant now,
                        bool reveal_confidential) {
  const cases::Workflow* wf = ctx.engine.workflows().Find(c.kind);
  const cases::StateDef* st = wf ? wf->FindState(c.state) : nullptr;
  nlohmann::json fields = nlohmann::json::object();
  for (auto& [k, v] : c.fields.items()) {
    if (k.empty() || k[0] != '_') fields[k] = v;
  }
  if (c.kind == "hotline") fields = hotline::MaskFields(fields, reveal_confidential);
  nlohmann::json j = {
      {"id", c.id},
      {"kind", c.kind},
      {"kind_label", wf ? wf->label : c.kind},
      {"state", c.state},
      {"state_label", st ? st->label : c.state},
      {"state_label_en", st ? st->label_en : c.state},
      {"title", c.title},
      {"urgency", c.urgency},
      {"lead_unit_id", c.lead_unit_id ? nlohmann::json(*c.lead_unit_id) : nlohmann::json()},
      {"lead_unit_name", c.lead_unit_id ? UnitName(ctx, *c.lead_unit_id) : ""},
      {"co_unit_ids", c.co_unit_ids},
      {"created_by", c.created_by},
      {"created_at", FormatIso(c.created_at)},
      {"updated_at", FormatIso(c.updated_at)},
      {"due_at", Iso(c.due_at)},
      {"yellow_at", Iso(c.yellow_at)},
      {"step_due_at", Iso(c.step_due_at)},
      {"closed_at", Iso(c.closed_at)},
      {"light", LightOf(c, now)},
      // A closed case: whether it was closed in time (cases/closure.h).
      {"closure", c.closed_at
                      ? nlohmann::json(cases::ClosureName(cases::ClosureOf(*c.closed_at, c.due_at)))
                      : nlohmann::json()},
      // The current step's own limit (e.g. accept within a working day): red once it passed.
      {"step_light",
       c.closed_at || !c.step_due_at ? "" : (now >= *c.step_due_at ? "red" : "green")},
      {"fields", fields},
      {"version", c.version}};
  if (c.fields.contains(cases::kCalendarWarningField)) {
    j["calendar_warning"] = c.fields[cases::kCalendarWarningField];
  }
  if (c.fields.contains(cases::kPendingExtensionField)) {
    j["extension_requested_due_at"] =
        FormatIso(FromUnixSeconds(c.fields[cases::kPendingExtensionField].get<int64_t>()));
  }
  nlohmann::json co = nlohmann::json::array();
  for (store::Id u : c.co_unit_ids) co.push_back(UnitName(ctx, u));
  j["co_unit_names"] = co;
  return j;
}

void WriteEvent(JsonWriter& w, ApiContext& ctx, store::EventRecord&& e, bool mask_callers) {
  nlohmann::json& data = e.data;
  if (mask_callers) {
    for (const char* k : {"fields", "set_fields"}) {
      if (data.contains(k) && data[k].is_object()) data[k] = hotline::MaskFields(data[k], false);
    }
  }
  for (const char* k : {"due_at", "yellow_at", "step_due_at", "requested_due_at", "paused_at"}) {
    if (data.contains(k) && data[k].is_number_integer()) {
      data[k] = FormatIso(FromUnixSeconds(data[k].get<int64_t>()));
    }
  }
  w.BeginObject().Key("id").Int(e.id).Key("seq").Int(e.seq);
  w.Key("type").String(e.type).Key("action").String(e.action);
  w.Key("actor_id").Int(e.actor_id).Key("actor_name").String(UserName(ctx, e.actor_id));
  w.Key("on_behalf_of");
  if (e.on_behalf_of) {
    w.Int(*e.on_behalf_of).Key("on_behalf_of_name").String(UserName(ctx, *e.on_behalf_of));
  } else {
    w.Null().Key("on_behalf_of_name").String("");
  }
  w.Key("at").String(FormatIso(e.at));
  w.Key("from_state").String(e.from_state).Key("to_state").String(e.to_state);
  w.Key("data").Value(data).EndObject();
}

nlohmann::json WorkflowJson(const cases::Workflow& wf) {
  nlohmann::json states = nlohmann::json::array(), transitions = nlohmann::json::array(),
                 fields = nlohmann::json::array();
  for (const auto& s : wf.states) {
    states.push_back({{"id", s.id},
                      {"label", s.label},
                      {"label_en", s.label_en},
                      {"terminal", s.terminal},
                      {"time_limit", s.time_limit},
                      {"pauses_clock", s.pauses_clock}});
  }
  for (const auto& t : wf.transitions) {
    transitions.push_back({{"action", t.action},
                           {"label", t.label},
                           {"label_en", t.label_en},
                           {"from", t.from},
                           {"to", t.to},
                           {"event", t.event},
                           {"roles", t.roles},
                           {"scopes", t.scopes}});
  }
  for (const auto& f : wf.fields) {
    fields.push_back({{"id", f.id},
                      {"label", f.label},
                      {"label_en", f.label_en},
                      {"type", f.type},
                      {"required", f.required},
                      {"options", f.options}});
  }
  return {{"kind", wf.kind},
          {"label", wf.label},
          {"label_en", wf.label_en},
          {"initial_state", wf.initial_state},
          {"time_limit", wf.time_limit},
          {"states", states},
          {"transitions", transitions},
          {"fields", fields}};
}

}  // namespace zb::api
