#include "calendar/policy.h"

#include <toml++/toml.h>

#include "calendar/holiday_file.h"

namespace zb::calendar {

namespace {

// "time_limits.toml:12" for messages.
std::string Where(const std::string& source, const toml::node& node) {
  return source + ":" + std::to_string(node.source().begin.line);
}

Status AtLine(const std::string& source, const toml::node& node, const std::string& zh,
              const std::string& en) {
  std::string where = Where(source, node);
  return Invalid(where + "：" + zh, where + ": " + en);
}

Result<TimeLimit> ParseExpression(const std::string& source, const toml::node& node) {
  auto text = node.value<std::string>();
  if (!node.is_string() || !text) {
    return AtLine(source, node, "时限必须是字符串，例如 \"3 working days\"",
                  "a time limit must be a string such as \"3 working days\"");
  }
  Result<TimeLimit> limit = TimeLimit::Parse(*text);
  if (!limit.ok()) {
    std::string where = Where(source, node);
    return limit.status().WithContext(where, where);
  }
  return limit;
}

Status ParseEntries(const std::string& source, const toml::table& table,
                    std::map<std::string, TimeLimit, std::less<>>& out) {
  for (auto&& [key, node] : table) {
    ZB_ASSIGN_OR_RETURN(TimeLimit limit, ParseExpression(source, node));
    out.emplace(std::string(key.str()), limit);
  }
  return Status::Ok();
}

}  // namespace

Result<PolicySet> PolicySet::LoadFile(const std::filesystem::path& path) {
  std::string text;
  ZB_RETURN_IF_ERROR(ReadTextFile(path, text));
  return Parse(text, path.filename().string());
}

Result<PolicySet> PolicySet::Parse(std::string_view text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    std::string where = source + ":" + std::to_string(e.source().begin.line);
    std::string what(e.description());
    return Invalid(where + "：TOML 语法错误（" + what + "）", where + ": bad TOML (" + what + ")");
  }
  PolicySet set;
  for (auto&& [key_name, node] : root) {
    std::string key(key_name.str());
    const toml::table* table = node.as_table();
    if (!table) {
      return AtLine(source, node, "顶层的“" + key + "”必须是表，例如 [" + key + "]",
                    "top-level '" + key + "' must be a table such as [" + key + "]");
    }
    if (key == "working_hours") {
      std::string periods;
      for (auto&& [k, v] : *table) {
        if (k.str() != "periods" || !v.is_array()) {
          return AtLine(source, v, "[working_hours] 只接受 periods = [\"08:30-12:00\", ...]",
                        "[working_hours] takes only periods = [\"08:30-12:00\", ...]");
        }
        for (const toml::node& p : *v.as_array()) {
          auto s = p.value<std::string>();
          if (!p.is_string() || !s) {
            return AtLine(source, p, "工作时段必须是字符串", "a working period must be a string");
          }
          if (!periods.empty()) periods += ',';
          periods += *s;
        }
        auto hours = WorkingHours::Parse(periods);
        if (!hours.ok()) return hours.status().WithContext(Where(source, v), Where(source, v));
        set.working_hours_ = *hours;
      }
    } else if (key == "lights") {
      for (auto&& [k, v] : *table) {
        if (k.str() == "yellow_fraction") {
          auto f = v.value<double>();
          if (!f || *f < 0 || *f > 1) {
            return AtLine(source, v, "yellow_fraction 必须是 0 到 1 之间的数",
                          "yellow_fraction must be a number from 0 to 1");
          }
          set.light_policy_.yellow_fraction = *f;
        } else if (k.str() == "yellow_working_minutes") {
          auto m = v.value<int64_t>();
          if (!v.is_integer() || !m || *m < 0) {
            return AtLine(source, v, "yellow_working_minutes 必须是非负整数",
                          "yellow_working_minutes must be a non-negative integer");
          }
          set.light_policy_.yellow_working_minutes = std::chrono::minutes{*m};
        } else {
          return AtLine(source, v, "[lights] 中未知的键“" + std::string(k.str()) + "”",
                        "unknown key '" + std::string(k.str()) + "' in [lights]");
        }
      }
    } else {
      KindPolicy kind;
      for (auto&& [k, v] : *table) {
        if (k.str() == "default") {
          ZB_ASSIGN_OR_RETURN(kind.fallback, ParseExpression(source, v));
        } else if ((k.str() == "urgency" || k.str() == "request_type") && v.is_table()) {
          ZB_RETURN_IF_ERROR(
              ParseEntries(source, *v.as_table(),
                           k.str() == "urgency" ? kind.by_urgency : kind.by_request_type));
        } else {
          return AtLine(source, v,
                        "[" + key + "] 中未知的键“" + std::string(k.str()) + "”；可用 default、[" +
                            key + ".urgency]、[" + key + ".request_type]",
                        "unknown key '" + std::string(k.str()) + "' in [" + key +
                            "]; use default, [" + key + ".urgency] or [" + key + ".request_type]");
        }
      }
      set.kinds_.emplace(key, std::move(kind));
    }
  }
  return set;
}

Result<TimeLimit> PolicySet::Resolve(std::string_view kind, std::string_view urgency,
                                     std::string_view request_type) const {
  auto k = kinds_.find(kind);
  if (k == kinds_.end()) {
    return NotFound("类别“" + std::string(kind) + "”没有时限规定",
                    "no time-limit policy for kind '" + std::string(kind) + "'");
  }
  const KindPolicy& p = k->second;
  if (!urgency.empty()) {
    if (auto it = p.by_urgency.find(urgency); it != p.by_urgency.end()) return it->second;
  }
  if (!request_type.empty()) {
    if (auto it = p.by_request_type.find(request_type); it != p.by_request_type.end()) {
      return it->second;
    }
  }
  if (p.fallback) return *p.fallback;
  return NotFound("类别“" + std::string(kind) + "”没有适用于紧急程度“" + std::string(urgency) +
                      "”、诉求类型“" + std::string(request_type) + "”的时限，也没有默认值",
                  "kind '" + std::string(kind) + "' has no time limit for urgency '" +
                      std::string(urgency) + "', request type '" + std::string(request_type) +
                      "' and no default");
}

std::vector<std::string> PolicySet::kinds() const {
  std::vector<std::string> out;
  for (const auto& [name, policy] : kinds_) out.push_back(name);
  return out;
}

}  // namespace zb::calendar
