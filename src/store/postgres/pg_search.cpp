#include "store/postgres/pg_search.h"

#include <algorithm>

#include "text/search_tokenizer.h"
#include "text/utf8.h"

namespace zb::store::postgres {

namespace {

// tsvector positions end at 16383; lexemes must stay below 2 KiB.
constexpr uint32_t kMaxPosition = 16383;
constexpr size_t kMaxLexemeBytes = 1000;

std::string Quoted(std::string_view token) {
  std::string out = "'";
  for (char ch : token) {
    if (ch == '\'' || ch == '\\') out += ch;
    out += ch;
  }
  return out + "'";
}

class DocumentWriter {
 public:
  void Add(std::string_view text) {
    if (text.empty()) return;
    uint32_t base = next_;
    uint32_t last = 0;
    for (const text::SearchToken& t : text::SearchTokens(text, text::SearchMode::kDocument)) {
      last = t.position;
      if (t.text.size() > kMaxLexemeBytes) continue;
      uint32_t pos = std::min(base + t.position + 1, kMaxPosition);
      if (!out_.empty()) out_ += ' ';
      out_ += Quoted(t.text) + ":" + std::to_string(pos);
      any_ = true;
    }
    if (any_) next_ = base + last + 2;  // one position left empty between parts
  }
  void AddValues(const nlohmann::json& v) {
    if (v.is_string()) {
      Add(v.get_ref<const std::string&>());
    } else if (v.is_number()) {
      Add(v.dump());
    } else if (v.is_object() || v.is_array()) {
      for (const auto& item : v) AddValues(item);
    }
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
  uint32_t next_ = 0;
  bool any_ = false;
};

bool IsSpace(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

// A phrase of one term's query tokens, or "" when it has none.
std::string Phrase(std::string_view term) {
  std::string out;
  uint32_t prev = 0;
  bool first = true;
  for (const text::SearchToken& t : text::SearchTokens(term, text::SearchMode::kQuery)) {
    if (t.text.size() > kMaxLexemeBytes) continue;
    if (!first) out += " <" + std::to_string(t.position - prev) + "> ";
    out += Quoted(t.text);
    if (static_cast<unsigned char>(t.text[0]) < 0x80) out += ":*";  // Latin words: prefixes
    prev = t.position;
    first = false;
  }
  return out;
}

bool IsIdeograph(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x3FFFF) || (c >= 0xF900 && c <= 0xFAFF);
}

}  // namespace

bool IndexableKeyword(std::string_view keyword) {
  if (keyword.empty()) return false;
  for (size_t p = 0; p < keyword.size();) {
    text::DecodedChar d = text::DecodeAt(keyword, p);
    if (!IsIdeograph(d.code_point)) return false;
    p += d.length;
  }
  return true;
}

std::string SearchDocument(std::string_view title, const nlohmann::json& fields) {
  DocumentWriter w;
  w.Add(title);
  w.AddValues(fields);
  return w.Take();
}

std::string SearchQuery(std::string_view keywords) {
  std::string out;
  size_t p = 0;
  while (p < keywords.size()) {
    while (p < keywords.size() && IsSpace(keywords[p])) ++p;
    size_t q = p;
    while (q < keywords.size() && !IsSpace(keywords[q])) ++q;
    std::string phrase = Phrase(keywords.substr(p, q - p));
    if (!phrase.empty()) out += (out.empty() ? "(" : " & (") + phrase + ")";
    p = q;
  }
  return out;
}

int64_t FillSearchColumn(pqxx::transaction_base& txn, int64_t limit) {
  auto rows = txn.exec_params(
      "SELECT id, title, fields FROM cases WHERE search IS NULL ORDER BY id LIMIT $1", limit);
  for (const auto& r : rows) {
    auto fields = nlohmann::json::parse(r[2].c_str(), nullptr, false);
    if (fields.is_discarded()) fields = nlohmann::json::object();
    txn.exec_params("UPDATE cases SET search = $1::tsvector WHERE id = $2",
                    SearchDocument(r[1].c_str(), fields), r[0].as<int64_t>());
  }
  return static_cast<int64_t>(rows.size());
}

}  // namespace zb::store::postgres
