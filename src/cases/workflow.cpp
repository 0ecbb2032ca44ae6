#include "cases/workflow.h"

#include <toml++/toml.h>
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "cases/event_type.h"
#include "cases/role.h"

namespace zb::cases {

namespace {

const std::set<std::string> kFieldTypes = {"text", "textarea", "number", "date", "datetime",
                                           "enum", "user",     "unit",   "bool", "phone"};
const std::set<std::string> kScopes = {"office",  "lead_unit", "co_unit",
                                       "creator", "leader",    "any"};

// Errors carry "file:line: " in front of both messages.
class Reader {
 public:
  explicit Reader(const std::filesystem::path& source) : source_(source.string()) {}

  Status Error(const toml::node* node, const std::string& zh, const std::string& en) const {
    std::string where = source_;
    if (node && node->source().begin.line > 0) {
      where += ":" + std::to_string(node->source().begin.line);
    }
    return Invalid(where + ": " + zh, where + ": " + en);
  }

  // Reads a string member; `required` ones must be present and non-empty.
  Result<std::string> Str(const toml::table& t, const char* key, bool required) const {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) return Error(&t, std::string("缺少 ") + key, std::string("missing ") + key);
      return std::string();
    }
    auto v = n->value<std::string>();
    if (!v)
      return Error(n, std::string(key) + " 应为字符串", std::string(key) + " must be a string");
    if (required && v->empty()) {
      return Error(n, std::string(key) + " 不能为空", std::string(key) + " must not be empty");
    }
    return *v;
  }

  Result<bool> Bool(const toml::table& t, const char* key) const {
    const toml::node* n = t.get(key);
    if (!n) return false;
    auto v = n->value<bool>();
    if (!v)
      return Error(n, std::string(key) + " 应为 true 或 false",
                   std::string(key) + " must be a boolean");
    return *v;
  }

  // A string or an array of strings.
  Result<std::vector<std::string>> List(const toml::table& t, const char* key) const {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    if (auto s = n->value<std::string>()) {
      out.push_back(*s);
      return out;
    }
    const toml::array* a = n->as_array();
    if (!a)
      return Error(n, std::string(key) + " 应为字符串数组",
                   std::string(key) + " must be an array of strings");
    for (const toml::node& e : *a) {
      auto s = e.value<std::string>();
      if (!s)
        return Error(&e, std::string(key) + " 应为字符串数组",
                     std::string(key) + " must be an array of strings");
      out.push_back(*s);
    }
    return out;
  }

  // Refuses keys that are not in `allowed`, so a typo is an error rather than silently ignored.
  Status OnlyKeys(const toml::table& t, const std::set<std::string>& allowed) const {
    for (const auto& [k, v] : t) {
      if (!allowed.count(std::string(k.str()))) {
        return Error(&v, "未知的键 " + std::string(k.str()), "unknown key " + std::string(k.str()));
      }
    }
    return Status();
  }

  const std::string& source() const { return source_; }

 private:
  std::string source_;
};

Result<const toml::array*> TablesArray(const Reader& r, const toml::table& root, const char* key,
                                       bool required) {
  const toml::node* n = root.get(key);
  if (!n) {
    if (required)
      return r.Error(&root, std::string("缺少 [[") + key + "]]",
                     std::string("missing [[") + key + "]]");
    static const toml::array empty;
    return &empty;
  }
  const toml::array* a = n->as_array();
  if (!a || !a->is_array_of_tables()) {
    return r.Error(n, std::string(key) + " 应为 [[" + key + "]] 表数组",
                   std::string(key) + " must be an array of tables [[" + key + "]]");
  }
  return a;
}

}  // namespace

const StateDef* Workflow::FindState(const std::string& id) const {
  for (const StateDef& s : states) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

const FieldDef* Workflow::FindField(const std::string& id) const {
  for (const FieldDef& f : fields) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

namespace {

// Whether `t` can be taken from `state`, defined by `st` (null if undefined).
bool Leaves(const TransitionDef& t, const std::string& state, const StateDef* st) {
  for (const std::string& f : t.from) {
    if (f == state || (f == "*" && st && !st->terminal)) return true;
  }
  return false;
}

}  // namespace

const TransitionDef* Workflow::FindTransition(const std::string& action,
                                              const std::string& state) const {
  const StateDef* st = FindState(state);
  for (const TransitionDef& t : transitions) {
    if (t.action == action && Leaves(t, state, st)) return &t;
  }
  return nullptr;
}

std::vector<const TransitionDef*> Workflow::TransitionsFrom(const std::string& state) const {
  const StateDef* st = FindState(state);
  std::vector<const TransitionDef*> out;
  for (const TransitionDef& t : transitions) {
    if (!Leaves(t, state, st)) continue;
    // The first of an action's transitions is the one taken (FindTransition).
    if (std::none_of(out.begin(), out.end(), [&](auto* o) { return o->action == t.action; })) {
      out.push_back(&t);
    }
  }
  return out;
}

Result<Workflow> ParseWorkflow(std::string_view text, const std::filesystem::path& source,
                               TimeLimitChecker check) {
  Reader r(source);
  toml::table root;
  try {
    root = toml::parse(text, source.string());
  } catch (const toml::parse_error& e) {
    std::string where = source.string() + ":" + std::to_string(e.source().begin.line);
    std::string what(e.description());
    return Invalid(where + ": TOML 语法错误：" + what, where + ": TOML syntax error: " + what);
  }
  ZB_RETURN_IF_ERROR(r.OnlyKeys(root, {"kind", "label", "label_en", "initial_state", "time_limit",
                                       "states", "transitions", "fields"}));
  Workflow wf;
  wf.source = source;
  ZB_ASSIGN_OR_RETURN(wf.kind, r.Str(root, "kind", true));
  ZB_ASSIGN_OR_RETURN(wf.label, r.Str(root, "label", true));
  ZB_ASSIGN_OR_RETURN(wf.label_en, r.Str(root, "label_en", false));
  ZB_ASSIGN_OR_RETURN(wf.initial_state, r.Str(root, "initial_state", true));
  ZB_ASSIGN_OR_RETURN(wf.time_limit, r.Str(root, "time_limit", false));
  auto check_limit = [&](const toml::table& t, const std::string& expr) -> Status {
    if (expr.empty() || !check) return Status();
    Status s = check(expr);
    if (!s.ok()) {
      return r.Error(t.get("time_limit"), "时限表达式无效：" + s.message(),
                     "invalid time limit: " + s.message_en());
    }
    return Status();
  };
  ZB_RETURN_IF_ERROR(check_limit(root, wf.time_limit));

  ZB_ASSIGN_OR_RETURN(const toml::array* states, TablesArray(r, root, "states", true));
  for (const toml::node& n : *states) {
    const toml::table& t = *n.as_table();
    ZB_RETURN_IF_ERROR(
        r.OnlyKeys(t, {"id", "label", "label_en", "terminal", "time_limit", "pauses_clock"}));
    StateDef s;
    ZB_ASSIGN_OR_RETURN(s.id, r.Str(t, "id", true));
    ZB_ASSIGN_OR_RETURN(s.label, r.Str(t, "label", true));
    ZB_ASSIGN_OR_RETURN(s.label_en, r.Str(t, "label_en", false));
    ZB_ASSIGN_OR_RETURN(s.terminal, r.Bool(t, "terminal"));
    ZB_ASSIGN_OR_RETURN(s.pauses_clock, r.Bool(t, "pauses_clock"));
    ZB_ASSIGN_OR_RETURN(s.time_limit, r.Str(t, "time_limit", false));
    ZB_RETURN_IF_ERROR(check_limit(t, s.time_limit));
    if (wf.FindState(s.id)) {
      return r.Error(&n, "状态重复：" + s.id, "duplicate state: " + s.id);
    }
    wf.states.push_back(std::move(s));
  }
  if (!wf.FindState(wf.initial_state)) {
    return r.Error(root.get("initial_state"), "初始状态未定义：" + wf.initial_state,
                   "initial_state is not a defined state: " + wf.initial_state);
  }

  ZB_ASSIGN_OR_RETURN(const toml::array* fields, TablesArray(r, root, "fields", false));
  for (const toml::node& n : *fields) {
    const toml::table& t = *n.as_table();
    ZB_RETURN_IF_ERROR(
        r.OnlyKeys(t, {"id", "label", "label_en", "type", "required", "options", "max_length"}));
    FieldDef f;
    ZB_ASSIGN_OR_RETURN(f.id, r.Str(t, "id", true));
    ZB_ASSIGN_OR_RETURN(f.label, r.Str(t, "label", true));
    ZB_ASSIGN_OR_RETURN(f.label_en, r.Str(t, "label_en", false));
    ZB_ASSIGN_OR_RETURN(f.type, r.Str(t, "type", true));
    ZB_ASSIGN_OR_RETURN(f.required, r.Bool(t, "required"));
    ZB_ASSIGN_OR_RETURN(f.options, r.List(t, "options"));
    if (auto ml = t["max_length"].value<int64_t>()) f.max_length = static_cast<size_t>(*ml);
    if (!kFieldTypes.count(f.type)) {
      return r.Error(t.get("type"), "未知的字段类型：" + f.type, "unknown field type: " + f.type);
    }
    if (f.type == "enum" && f.options.empty()) {
      return r.Error(&n, "枚举字段 " + f.id + " 缺少 options",
                     "enum field " + f.id + " needs options");
    }
    if (wf.FindField(f.id) || f.id == "title") {
      return r.Error(&n, "字段重复：" + f.id, "duplicate field: " + f.id);
    }
    wf.fields.push_back(std::move(f));
  }

  ZB_ASSIGN_OR_RETURN(const toml::array* transitions, TablesArray(r, root, "transitions", true));
  for (const toml::node& n : *transitions) {
    const toml::table& t = *n.as_table();
    ZB_RETURN_IF_ERROR(r.OnlyKeys(
        t, {"action", "label", "label_en", "from", "to", "event", "roles", "scopes",
            "reason_required", "text_required", "needs_lead_unit", "sets_due", "approves_extension",
            "sets", "time_limit", "requires_fields", "asks_fields", "matches_field"}));
    TransitionDef tr;
    tr.line = static_cast<int>(n.source().begin.line);
    ZB_ASSIGN_OR_RETURN(tr.action, r.Str(t, "action", true));
    ZB_ASSIGN_OR_RETURN(tr.label, r.Str(t, "label", true));
    ZB_ASSIGN_OR_RETURN(tr.label_en, r.Str(t, "label_en", false));
    ZB_ASSIGN_OR_RETURN(tr.from, r.List(t, "from"));
    ZB_ASSIGN_OR_RETURN(tr.to, r.Str(t, "to", false));
    ZB_ASSIGN_OR_RETURN(tr.event, r.Str(t, "event", true));
    ZB_ASSIGN_OR_RETURN(tr.roles, r.List(t, "roles"));
    ZB_ASSIGN_OR_RETURN(tr.scopes, r.List(t, "scopes"));
    ZB_ASSIGN_OR_RETURN(tr.reason_required, r.Bool(t, "reason_required"));
    ZB_ASSIGN_OR_RETURN(tr.text_required, r.Bool(t, "text_required"));
    ZB_ASSIGN_OR_RETURN(tr.needs_lead_unit, r.Bool(t, "needs_lead_unit"));
    ZB_ASSIGN_OR_RETURN(tr.sets_due, r.Bool(t, "sets_due"));
    ZB_ASSIGN_OR_RETURN(tr.approves_extension, r.Bool(t, "approves_extension"));
    if (const toml::node* sets = t.get("sets")) {
      const toml::table* st = sets->as_table();
      if (!st) return r.Error(sets, "sets 应为表", "sets must be a table");
      for (const auto& [k, v] : *st) {
        const FieldDef* f = wf.FindField(std::string(k.str()));
        auto value = v.value<std::string>();
        if (!f || !value ||
            (f->type == "enum" &&
             std::find(f->options.begin(), f->options.end(), *value) == f->options.end())) {
          return r.Error(&v, "sets 中的字段或取值无效：" + std::string(k.str()),
                         "sets names an unknown field or value: " + std::string(k.str()));
        }
        tr.sets.emplace_back(std::string(k.str()), *value);
      }
    }
    ZB_ASSIGN_OR_RETURN(tr.time_limit, r.Str(t, "time_limit", false));
    ZB_RETURN_IF_ERROR(check_limit(t, tr.time_limit));
    ZB_ASSIGN_OR_RETURN(tr.requires_fields, r.List(t, "requires_fields"));
    for (const std::string& f : tr.requires_fields) {
      if (!wf.FindField(f)) {
        return r.Error(t.get("requires_fields"), "requires_fields 中的字段未定义：" + f,
                       "requires_fields names an undefined field: " + f);
      }
    }
    ZB_ASSIGN_OR_RETURN(tr.asks_fields, r.List(t, "asks_fields"));
    for (const std::string& f : tr.asks_fields) {
      if (!wf.FindField(f)) {
        return r.Error(t.get("asks_fields"), "asks_fields 中的字段未定义：" + f,
                       "asks_fields names an undefined field: " + f);
      }
    }
    if (const toml::node* m = t.get("matches_field")) {
      const toml::table* mt = m->as_table();
      if (!mt) return r.Error(m, "matches_field 应为表", "matches_field must be a table");
      for (const auto& [k, v] : *mt) {
        auto recorded = v.value<std::string>();
        if (!wf.FindField(std::string(k.str())) || !recorded || !wf.FindField(*recorded)) {
          return r.Error(&v, "matches_field 中的字段未定义：" + std::string(k.str()),
                         "matches_field names an undefined field: " + std::string(k.str()));
        }
        tr.matches_field.emplace_back(std::string(k.str()), *recorded);
      }
    }
    if (tr.from.empty()) return r.Error(&n, "缺少 from", "missing from");
    for (const std::string& f : tr.from) {
      if (f != "*" && !wf.FindState(f)) {
        return r.Error(t.get("from"), "未定义的状态：" + f, "undefined state: " + f);
      }
    }
    if (!tr.to.empty() && !wf.FindState(tr.to)) {
      return r.Error(t.get("to"), "未定义的状态：" + tr.to, "undefined state: " + tr.to);
    }
    if (!IsKnownEventType(tr.event)) {
      return r.Error(t.get("event"), "未知的事件类型：" + tr.event,
                     "unknown event type: " + tr.event);
    }
    if (tr.roles.empty()) return r.Error(&n, "缺少 roles", "missing roles");
    for (const std::string& role : tr.roles) {
      if (!IsKnownRole(role)) {
        return r.Error(t.get("roles"), "未知的角色：" + role, "unknown role: " + role);
      }
    }
    if (tr.scopes.empty()) tr.scopes = {"any"};
    for (const std::string& s : tr.scopes) {
      if (!kScopes.count(s)) {
        return r.Error(t.get("scopes"), "未知的范围：" + s, "unknown scope: " + s);
      }
    }
    for (const TransitionDef& other : wf.transitions) {
      if (other.action != tr.action) continue;
      for (const std::string& f : tr.from) {
        for (const std::string& g : other.from) {
          if (f == g) {
            return r.Error(&n, "动作 " + tr.action + " 在状态 " + f + " 上重复定义",
                           "action " + tr.action + " is defined twice from state " + f);
          }
        }
      }
    }
    wf.transitions.push_back(std::move(tr));
  }
  return wf;
}

Result<Workflow> LoadWorkflowFile(const std::filesystem::path& path, TimeLimitChecker check) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFound("无法读取流程文件：" + path.string(),
                    "cannot read workflow file: " + path.string());
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseWorkflow(ss.str(), path, check);
}

}  // namespace zb::cases
