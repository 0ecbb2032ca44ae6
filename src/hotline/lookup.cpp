#include "hotline/lookup.h"

#include <algorithm>
#include <set>

#include "hotline/caller.h"
#include "hotline/text_clean.h"

namespace zb::hotline {

namespace {

// Code points of `s`, each as its UTF-8 bytes.
std::vector<std::string_view> CodePoints(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    n = std::min(n, s.size() - i);
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

bool IsCjk(std::string_view cp) {
  if (cp.size() != 3) return false;
  auto b0 = static_cast<unsigned char>(cp[0]);
  return b0 >= 0xE4 && b0 <= 0xE9;  // U+4E00..U+9FFF
}

bool IsWordChar(std::string_view cp) {
  return cp.size() == 1 && std::isalnum(static_cast<unsigned char>(cp[0]));
}

std::set<std::string> Terms(std::string_view text) {
  std::set<std::string> out;
  auto cps = CodePoints(text);
  std::string word;
  for (size_t i = 0; i < cps.size(); ++i) {
    if (IsWordChar(cps[i])) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(cps[i][0])));
      continue;
    }
    if (word.size() >= 2) out.insert(word);
    word.clear();
    if (IsCjk(cps[i]) && i + 1 < cps.size() && IsCjk(cps[i + 1])) {
      out.insert(std::string(cps[i]) + std::string(cps[i + 1]));
    }
  }
  if (word.size() >= 2) out.insert(word);
  return out;
}

}  // namespace

double TextSimilarity(std::string_view a, std::string_view b) {
  auto ta = Terms(a), tb = Terms(b);
  if (ta.empty() || tb.empty()) return 0;
  size_t common = 0;
  for (const std::string& t : ta) common += tb.count(t);
  return static_cast<double>(common) / static_cast<double>(std::min(ta.size(), tb.size()));
}

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

Result<std::vector<SimilarTicket>> SimilarOpenTickets(store::Store& store, std::string_view text,
                                                      double min_score, int limit, int scan) {
  std::vector<SimilarTicket> out;
  if (TrimCell(text).empty()) return out;
  store::CaseQuery q;
  q.kind = "hotline";
  q.open_only = true;
  q.limit = 200;
  int seen = 0;
  while (seen < scan) {
    ZB_ASSIGN_OR_RETURN(store::CasePage page, store.ListCases(q));
    for (const store::CaseRecord& c : page.cases) {
      ++seen;
      double s = std::max(TextSimilarity(text, c.title),
                          TextSimilarity(text, c.title + "\n" + c.fields.value("content", "")));
      if (s >= min_score) out.push_back({c, s});
    }
    if (!page.next_cursor) break;
    q.cursor = page.next_cursor;
  }
  std::stable_sort(out.begin(), out.end(), [](const SimilarTicket& a, const SimilarTicket& b) {
    return a.score > b.score;
  });
  if (static_cast<int>(out.size()) > limit) out.resize(limit);
  return out;
}

}  // namespace zb::hotline
