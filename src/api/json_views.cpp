#include "api/json_views.h"

#include <algorithm>
#include <charconv>

#include "base/json_scan.h"
#include "cases/closure.h"
#include "cases/projection.h"
#include "cases/role.h"
#include "hotline/caller.h"

namespace zb::api {

namespace {

std::string UnitName(ApiContext& ctx, store::Id id) {
  return ctx.cache->UnitName(id);
}

std::string UserName(ApiContext& ctx, store::Id id) {
  return ctx.cache->UserName(id);
}

void WriteInstant(JsonWriter& w, const std::optional<Instant>& t) {
  t ? w.String(FormatIso(*t)) : w.Null();
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

void WriteCaseMembers(JsonWriter& w, ApiContext& ctx, const store::CaseRecord& c, Instant now,
                      bool reveal_confidential) {
  const cases::Workflow* wf = ctx.engine.workflows().Find(c.kind);
  const cases::StateDef* st = wf ? wf->FindState(c.state) : nullptr;
  w.Key("id").Int(c.id).Key("kind").String(c.kind);
  w.Key("kind_label").String(wf ? wf->label : c.kind);
  w.Key("state").String(c.state).Key("state_label").String(st ? st->label : c.state);
  w.Key("state_label_en").String(st ? st->label_en : c.state);
  w.Key("title").String(c.title).Key("urgency").String(c.urgency);
  w.Key("lead_unit_id");
  c.lead_unit_id ? w.Int(*c.lead_unit_id) : w.Null();
  w.Key("lead_unit_name").String(c.lead_unit_id ? UnitName(ctx, *c.lead_unit_id) : "");
  w.Key("co_unit_ids").BeginArray();
  for (store::Id u : c.co_unit_ids) w.Int(u);
  w.EndArray().Key("co_unit_names").BeginArray();
  for (store::Id u : c.co_unit_ids) w.String(UnitName(ctx, u));
  w.EndArray().Key("created_by").Int(c.created_by);
  w.Key("created_at").String(FormatIso(c.created_at));
  w.Key("updated_at").String(FormatIso(c.updated_at));
  WriteInstant(w.Key("due_at"), c.due_at);
  WriteInstant(w.Key("yellow_at"), c.yellow_at);
  WriteInstant(w.Key("step_due_at"), c.step_due_at);
  WriteInstant(w.Key("closed_at"), c.closed_at);
  w.Key("light").String(LightOf(c, now));
  // A closed case: whether it was closed in time (cases/closure.h).
  w.Key("closure");
  c.closed_at ? w.String(cases::ClosureName(cases::ClosureOf(*c.closed_at, c.due_at))) : w.Null();
  // The current step's own limit (e.g. accept within a working day): red once it passed.
  w.Key("step_light")
      .String(c.closed_at || !c.step_due_at ? "" : (now >= *c.step_due_at ? "red" : "green"));
  w.Key("fields");
  if (c.kind == "hotline") {
    nlohmann::json fields = nlohmann::json::object();
    for (auto& [k, v] : c.fields.items()) {
      if (k.empty() || k[0] != '_') fields[k] = v;
    }
    w.Value(hotline::MaskFields(fields, reveal_confidential));
  } else {
    w.BeginObject();
    if (c.fields.is_object()) {
      for (const auto& [k, v] : c.fields.get_ref<const nlohmann::json::object_t&>()) {
        if (k.empty() || k[0] != '_') w.Key(k).Value(v);
      }
    }
    w.EndObject();
  }
  w.Key("version").Int(c.version);
  if (auto it = c.fields.find(cases::kCalendarWarningField); it != c.fields.end()) {
    w.Key("calendar_warning").Value(*it);
  }
  if (auto it = c.fields.find(cases::kPendingExtensionField);
      it != c.fields.end() && it->is_number_integer()) {
    w.Key("extension_requested_due_at").String(FormatIso(FromUnixSeconds(it->get<int64_t>())));
  }
}

nlohmann::json CaseJson(ApiContext& ctx, const store::CaseRecord& c, Instant now,
                        bool reveal_confidential) {
  JsonWriter w;
  w.BeginObject();
  WriteCaseMembers(w, ctx, c, now, reveal_confidential);
  w.EndObject();
  return nlohmann::json::parse(w.str());
}

namespace {

// Keys of an event's data that hold an instant (Unix seconds): shown in ISO 8601, China time.
constexpr std::string_view kInstantKeys[] = {"due_at", "yellow_at", "step_due_at",
                                             "requested_due_at", "paused_at"};

bool IsInstantKey(std::string_view key) {
  return std::find(std::begin(kInstantKeys), std::end(kInstantKeys), key) != std::end(kInstantKeys);
}

std::optional<int64_t> IntegerText(std::string_view v) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
  return n;
}

// The event's data, parsed: its fields masked if `mask_callers`, its instants in ISO 8601.
void WriteParsedData(JsonWriter& w, const std::string& data_json, bool mask_callers) {
  nlohmann::json data = nlohmann::json::parse(data_json, nullptr, false);
  if (data.is_discarded()) data = nlohmann::json::object();
  if (mask_callers) {
    for (const char* k : {"fields", "set_fields"}) {
      if (data.contains(k) && data[k].is_object()) data[k] = hotline::MaskFields(data[k], false);
    }
  }
  for (std::string_view k : kInstantKeys) {
    auto it = data.find(k);
    if (it != data.end() && it->is_number_integer()) {
      *it = FormatIso(FromUnixSeconds(it->get<int64_t>()));
    }
  }
  w.Value(data);
}

}  // namespace

void WriteEvent(JsonWriter& w, ApiContext& ctx, const store::HistoryEvent& e, bool mask_callers) {
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
  w.Key("data");
  // Written member by member from the stored text, but for its instants; the data of a hotline
  // ticket shown masked, and text that is not a well-formed object, go through a full parse.
  thread_local std::vector<JsonMember> members;
  if (mask_callers || !ScanJsonObject(e.data_json, &members)) {
    WriteParsedData(w, e.data_json, mask_callers);
  } else {
    w.BeginObject();
    for (const JsonMember& m : members) {
      std::string_view key = m.key.substr(1, m.key.size() - 2);
      std::optional<int64_t> seconds;
      if (IsInstantKey(key) && (seconds = IntegerText(m.value))) {
        w.Key(key).String(FormatIso(FromUnixSeconds(*seconds)));
      } else {
        w.RawMember(m.key, m.value);
      }
    }
    w.EndObject();
  }
  w.EndObject();
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
