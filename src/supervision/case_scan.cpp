#include "supervision/case_scan.h"

#include <algorithm>

namespace zb::supervision {

Result<std::vector<store::CaseRecord>> AllCasesOf(store::Store& store, const std::string& kind) {
  store::CaseQuery q;
  q.kind = kind;
  q.limit = 500;
  std::vector<store::CaseRecord> out;
  ZB_RETURN_IF_ERROR(store::ForEachCase(store, q, [&](store::CaseRecord& c) {
    out.push_back(std::move(c));
    return true;
  }));
  std::sort(out.begin(), out.end(),
            [](const store::CaseRecord& a, const store::CaseRecord& b) { return a.id < b.id; });
  return out;
}

int64_t IntField(const store::CaseRecord& c, const char* name) {
  auto it = c.fields.find(name);
  if (it == c.fields.end() || !it->is_number()) return 0;
  return it->get<int64_t>();
}

std::string StrField(const store::CaseRecord& c, const char* name) {
  auto it = c.fields.find(name);
  if (it == c.fields.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

}  // namespace zb::supervision
