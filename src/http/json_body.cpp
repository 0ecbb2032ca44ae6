#include "http/json_body.h"

#include <cmath>
#include <limits>

namespace zb::http {
namespace {

constexpr int kMaxDepth = 64;

// Nesting depth outside strings; stops counting once over the limit.
int NestingDepth(std::string_view text) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth && (max_depth = depth) > kMaxDepth) return max_depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

std::string Quoted(std::string_view name) {
  return "\"" + std::string(name) + "\"";
}

}  // namespace

zb::Result<nlohmann::json> ParseJsonBody(const Request& request) {
  if (const std::string* type = request.Header("content-type");
      type != nullptr && type->find("json") == std::string::npos) {
    return zb::Invalid("请求体应为 JSON（Content-Type: application/json）",
                       "the request body must be JSON (Content-Type: application/json)");
  }
  if (request.body.empty()) {
    return zb::Invalid("请求体为空，应为 JSON", "the request body is empty; JSON expected");
  }
  if (NestingDepth(request.body) > kMaxDepth) {
    return zb::Invalid("JSON 嵌套层数超过 64", "JSON nesting is deeper than 64 levels");
  }
  try {
    return nlohmann::json::parse(request.body);
  } catch (const nlohmann::json::parse_error& e) {
    std::string at = std::to_string(e.byte);
    return zb::Invalid("JSON 格式错误（第 " + at + " 字节附近）", "malformed JSON near byte " + at);
  }
}

JsonFields::JsonFields(const nlohmann::json& object) : object_(object) {
  if (!object_.is_object()) {
    error_ = zb::Invalid("请求体应为 JSON 对象", "the request body must be a JSON object");
  }
}

void JsonFields::Fail(std::string_view name, std::string zh, std::string en) {
  if (!error_.ok()) return;
  error_ = zb::Invalid(std::move(zh), std::move(en));
  error_field_ = std::string(name);
}

const nlohmann::json* JsonFields::Find(std::string_view name, bool required) {
  seen_.emplace(name);
  if (!error_.ok()) return nullptr;
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) {
    if (required) {
      Fail(name, "缺少必填字段 " + Quoted(name), "missing required field " + Quoted(name));
    }
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonFields::OptString(std::string_view name) {
  const nlohmann::json* v = Find(name, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    Fail(name, "字段 " + Quoted(name) + " 应为字符串",
         "field " + Quoted(name) + " must be a string");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::string JsonFields::String(std::string_view name) {
  if (Find(name, true) == nullptr) return {};
  return OptString(name).value_or(std::string());
}

std::optional<int64_t> JsonFields::OptInt(std::string_view name) {
  const nlohmann::json* v = Find(name, false);
  if (v == nullptr) return std::nullopt;
  if (v->is_number_integer()) {
    if (v->is_number_unsigned() &&
        v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      Fail(name, "字段 " + Quoted(name) + " 超出范围",
           "field " + Quoted(name) + " is out of range");
      return std::nullopt;
    }
    return v->get<int64_t>();
  }
  if (v->is_number_float()) {
    double d = v->get<double>();
    if (std::floor(d) == d && std::fabs(d) < 9.0e15) return static_cast<int64_t>(d);
  }
  Fail(name, "字段 " + Quoted(name) + " 应为整数", "field " + Quoted(name) + " must be an integer");
  return std::nullopt;
}

int64_t JsonFields::Int(std::string_view name) {
  if (Find(name, true) == nullptr) return 0;
  return OptInt(name).value_or(0);
}

std::optional<double> JsonFields::OptNumber(std::string_view name) {
  const nlohmann::json* v = Find(name, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number()) {
    Fail(name, "字段 " + Quoted(name) + " 应为数字", "field " + Quoted(name) + " must be a number");
    return std::nullopt;
  }
  return v->get<double>();
}

double JsonFields::Number(std::string_view name) {
  if (Find(name, true) == nullptr) return 0;
  return OptNumber(name).value_or(0);
}

std::optional<bool> JsonFields::OptBool(std::string_view name) {
  const nlohmann::json* v = Find(name, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    Fail(name, "字段 " + Quoted(name) + " 应为 true 或 false",
         "field " + Quoted(name) + " must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

bool JsonFields::Bool(std::string_view name) {
  if (Find(name, true) == nullptr) return false;
  return OptBool(name).value_or(false);
}

const nlohmann::json* JsonFields::OptObject(std::string_view name) {
  const nlohmann::json* v = Find(name, false);
  if (v != nullptr && !v->is_object()) {
    Fail(name, "字段 " + Quoted(name) + " 应为对象",
         "field " + Quoted(name) + " must be an object");
    return nullptr;
  }
  return v;
}

const nlohmann::json* JsonFields::OptArray(std::string_view name) {
  const nlohmann::json* v = Find(name, false);
  if (v != nullptr && !v->is_array()) {
    Fail(name, "字段 " + Quoted(name) + " 应为数组", "field " + Quoted(name) + " must be an array");
    return nullptr;
  }
  return v;
}

void JsonFields::Allow(std::string_view name) {
  seen_.emplace(name);
}

zb::Status JsonFields::Finish(bool reject_unknown) {
  if (!error_.ok() || !reject_unknown) return error_;
  for (const auto& [key, value] : object_.items()) {
    if (seen_.find(key) == seen_.end()) {
      Fail(key, "未知字段 " + Quoted(key), "unknown field " + Quoted(key));
      break;
    }
  }
  return error_;
}

}  // namespace zb::http
