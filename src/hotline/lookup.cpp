#include "hotline/lookup.h"

#include <string>

#include "hotline/caller.h"
#include "hotline/text_clean.h"

namespace zb::hotline {

Result<std::vector<store::CaseRecord>> CallerHistory(store::Store& store, std::string_view phone,
                                                     int limit) {
  std::string digits = NormalizePhone(phone);
  std::vector<store::CaseRecord> out;
  if (digits.size() < 5) {
    return Invalid("电话号码至少 5 位数字", "a phone number has at least 5 digits");
  }
  // The stored number may carry separators, so the search is on its last four digits and the match
  // is checked exactly.
  store::CaseQuery q;
  q.kind = "hotline";
  q.keyword = digits.substr(digits.size() - 4);
  q.limit = 200;
  while (static_cast<int>(out.size()) < limit) {
    ZB_ASSIGN_OR_RETURN(store::CasePage page, store.ListCases(q));
    for (const store::CaseRecord& c : page.cases) {
      for (const Caller& caller : CallersOf(c.id, c.fields)) {
        if (!caller.phone.empty() && NormalizePhone(caller.phone) == digits) {
          out.push_back(c);
          break;
        }
      }
      if (static_cast<int>(out.size()) >= limit) break;
    }
    if (!page.next_cursor) break;
    q.cursor = page.next_cursor;
  }
  return out;
}

}  // namespace zb::hotline
