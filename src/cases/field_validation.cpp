// CaseEngine::ValidateFields: a case's fields against its kind's field definitions.
#include "base/time.h"
#include "cases/case_engine.h"

namespace zb::cases {

namespace {

// Counts code points; the limits are in characters as the user sees them.
size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

Status FieldError(const FieldDef& f, const std::string& zh, const std::string& en) {
  return Invalid("字段「" + f.label + "」" + zh, "field " + f.id + ": " + en);
}

}  // namespace

Status CaseEngine::ValidateFields(const Workflow& wf, const nlohmann::json& fields,
                                  bool creating) const {
  if (!fields.is_object()) return Invalid("fields 应为对象", "fields must be an object");
  for (auto& [key, value] : fields.items()) {
    const FieldDef* f = wf.FindField(key);
    if (!f) {
      return Invalid("「" + wf.label + "」没有字段 " + key,
                     "kind " + wf.kind + " has no field " + key);
    }
    if (value.is_null()) {
      if (f->required) return FieldError(*f, "为必填项", "is required");
      continue;
    }
    const std::string& t = f->type;
    if (t == "text" || t == "textarea" || t == "phone" || t == "date" || t == "datetime" ||
        t == "enum") {
      if (!value.is_string()) return FieldError(*f, "应为文本", "must be a string");
      const std::string& s = value.get_ref<const std::string&>();
      size_t limit = f->max_length ? f->max_length : (t == "textarea" ? 20000 : 200);
      if (Utf8Length(s) > limit) {
        return FieldError(*f, "超过 " + std::to_string(limit) + " 字",
                          "is longer than " + std::to_string(limit) + " characters");
      }
      if (f->required && s.empty()) return FieldError(*f, "为必填项", "is required");
      if (t == "date" && !s.empty() && !ParseDate(s)) {
        return FieldError(*f, "应为日期（YYYY-MM-DD）", "must be a date (YYYY-MM-DD)");
      }
      if (t == "datetime" && !s.empty() && !ParseInstant(s)) {
        return FieldError(*f, "应为时间（YYYY-MM-DD HH:MM）", "must be a date and time");
      }
      if (t == "phone" && s.find_first_not_of("0123456789-+ ") != std::string::npos) {
        return FieldError(*f, "只能包含数字", "must contain only digits");
      }
      if (t == "enum" && !s.empty() &&
          std::find(f->options.begin(), f->options.end(), s) == f->options.end()) {
        return FieldError(*f, "的取值无效：" + s, "has an invalid value: " + s);
      }
    } else if (t == "number") {
      if (!value.is_number()) return FieldError(*f, "应为数字", "must be a number");
    } else if (t == "bool") {
      if (!value.is_boolean()) return FieldError(*f, "应为是/否", "must be true or false");
    } else if (t == "user" || t == "unit") {
      if (!value.is_number_integer()) return FieldError(*f, "应为编号", "must be an id");
      auto id = value.get<int64_t>();
      Status s = t == "user" ? store_.GetUser(id).status() : store_.GetUnit(id).status();
      if (s.code() == ErrorCode::kNotFound)
        return FieldError(*f, "引用的对象不存在", "refers to nothing: " + std::to_string(id));
      if (!s.ok()) return s;  // e.g. the database is unreachable: not the user's mistake
    }
  }
  if (creating) {
    for (const FieldDef& f : wf.fields) {
      if (f.required && (!fields.contains(f.id) || fields[f.id].is_null())) {
        return FieldError(f, "为必填项", "is required");
      }
    }
  }
  return Status();
}

}  // namespace zb::cases
