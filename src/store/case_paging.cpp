#include "store/case_paging.h"

#include "store/store.h"

#include <charconv>
#include <climits>

namespace zb::store {

bool ParseCaseCursor(const std::string& cursor, int64_t& key, int64_t& id) {
  size_t colon = cursor.find(':');
  if (colon == std::string::npos) return false;
  auto a = std::from_chars(cursor.data(), cursor.data() + colon, key);
  auto b = std::from_chars(cursor.data() + colon + 1, cursor.data() + cursor.size(), id);
  return a.ec == std::errc() && b.ec == std::errc() && a.ptr == cursor.data() + colon &&
         b.ptr == cursor.data() + cursor.size();
}

std::string NextCaseCursor(const CaseRecord& last, SortOrder sort) {
  int64_t key = 0;
  switch (sort) {
    case SortOrder::kDueAsc:
      key = last.due_at ? ToUnixSeconds(*last.due_at) : INT64_MAX;
      break;
    case SortOrder::kCreatedDesc:
      key = ToUnixSeconds(last.created_at);
      break;
    case SortOrder::kUpdatedDesc:
      key = ToUnixSeconds(last.updated_at);
      break;
  }
  return std::to_string(key) + ":" + std::to_string(last.id);
}

Status ForEachCase(Store& store, CaseQuery query, const std::function<bool(CaseRecord&)>& fn) {
  while (true) {
    ZB_ASSIGN_OR_RETURN(CasePage page, store.ListCases(query));
    for (auto& c : page.cases) {
      if (!fn(c)) return Status();
    }
    if (!page.next_cursor) return Status();
    query.cursor = page.next_cursor;
  }
}

std::string LikePattern(const std::string& keyword) {
  std::string p = "%";
  for (char ch : keyword) {
    if (ch == '%' || ch == '_' || ch == '\\') p += '\\';
    p += ch;
  }
  return p + "%";
}

}  // namespace zb::store
