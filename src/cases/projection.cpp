#include "cases/projection.h"

namespace zb::cases {

namespace {

std::optional<Instant> OptInstantField(const nlohmann::json& data, const char* key) {
  auto it = data.find(key);
  if (it == data.end() || it->is_null()) return std::nullopt;
  return FromUnixSeconds(it->get<int64_t>());
}

}  // namespace

void ApplyEvent(store::CaseRecord& c, const store::EventRecord& e) {
  const nlohmann::json& d = e.data;
  if (e.type == "created") {
    c.id = e.case_id;
    c.kind = d.value("kind", c.kind);
    c.title = d.value("title", c.title);
    c.urgency = d.value("urgency", c.urgency);
    c.created_by = e.actor_id;
    c.created_at = e.at;
    if (d.contains("fields")) c.fields = d["fields"];
  }
  if (!e.to_state.empty()) c.state = e.to_state;
  if (d.contains("lead_unit_id")) {
    if (d["lead_unit_id"].is_null()) {
      c.lead_unit_id.reset();
    } else {
      c.lead_unit_id = d["lead_unit_id"].get<int64_t>();
    }
  }
  if (d.contains("co_unit_ids")) c.co_unit_ids = d["co_unit_ids"].get<std::vector<store::Id>>();
  if (d.contains("due_at")) {
    c.due_at = OptInstantField(d, "due_at");
    if (d.contains("calendar_warning")) {
      c.fields[kCalendarWarningField] = d["calendar_warning"];
    } else {
      c.fields.erase(kCalendarWarningField);
    }
  }
  if (d.contains("yellow_at")) c.yellow_at = OptInstantField(d, "yellow_at");
  if (d.contains("step_due_at")) c.step_due_at = OptInstantField(d, "step_due_at");
  if (d.contains("paused_at")) c.paused_at = OptInstantField(d, "paused_at");
  if (d.contains("closed")) {
    if (d["closed"].get<bool>()) {
      c.closed_at = e.at;
    } else {
      c.closed_at.reset();
    }
  }
  if (d.contains("set_fields")) {
    for (auto& [k, v] : d["set_fields"].items()) c.fields[k] = v;
  }
  if (e.type == "extension_requested" && d.contains("requested_due_at")) {
    c.fields[kPendingExtensionField] = d["requested_due_at"];
  } else if (e.type == "extension_approved" || e.type == "extension_refused") {
    c.fields.erase(kPendingExtensionField);
  }
  c.updated_at = e.at;
  c.version = e.seq > 0 ? e.seq : c.version + 1;
}

Result<store::CaseRecord> Replay(const std::vector<store::EventRecord>& events) {
  if (events.empty() || events.front().type != "created") {
    return Invalid("事件历史必须以“创建”开始", "the history must begin with a created event");
  }
  store::CaseRecord c;
  for (const store::EventRecord& e : events) ApplyEvent(c, e);
  return c;
}

}  // namespace zb::cases
