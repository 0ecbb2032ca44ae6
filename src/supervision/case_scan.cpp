#include "supervision/case_scan.h"

#include <algorithm>

namespace zb::supervision {

Result<std::vector<store::CaseRecord>> AllCasesOf(store::Store& store, const std::string& kind) {
  store::CaseQuery q;
  q.kind = kind;
  q.limit = 500;
  std::vector<store::CaseRecord> out;
  while (true) {
    ZB_ASSIGN_OR_RETURN(store::CasePage page, store.ListCases(q));
    for (auto& c : page.cases) out.push_back(std::move(c));
    if (!page.next_cursor) break;
    q.cursor = page.next_cursor;
  }
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
