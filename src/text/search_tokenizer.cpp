#include "text/search_tokenizer.h"

#include "text/utf8.h"

namespace zb::text {
namespace {

enum class CharClass { kSeparator, kCjk, kWord };

CharClass Classify(char32_t c) {
  if (c < 0x80) return IsAsciiAlnum(c) ? CharClass::kWord : CharClass::kSeparator;
  if (c == kInvalidCodePoint) return CharClass::kSeparator;
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
      (c >= 0x20000 && c <= 0x3FFFF) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007 ||
      (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
      (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) ||
      (c >= 0x3130 && c <= 0x318F)) {
    return CharClass::kCjk;
  }
  if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
      (c >= 0xFF41 && c <= 0xFF5A)) {
    return CharClass::kWord;
  }
  if (c <= 0xBF || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x2BFF) ||
      (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE00 && c <= 0xFE6F) ||
      (c >= 0xFF00 && c <= 0xFFFF) || (c >= 0xE000 && c <= 0xF8FF) ||
      (c >= 0x1F000 && c <= 0x1FBFF) || (c >= 0xE0000)) {
    return CharClass::kSeparator;
  }
  return CharClass::kWord;  // letters of other scripts
}

// ASCII lower case; full-width letters and digits folded to ASCII.
char32_t FoldWordChar(char32_t c) {
  if (c >= 0xFF10 && c <= 0xFF5A) c = c - 0xFF10 + '0';
  if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
  return c;
}

bool IsDigit(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

struct Char {
  char32_t cp;
  uint32_t begin;
  uint32_t end;
  CharClass cls;
};

class Tokenizer {
 public:
  Tokenizer(std::string_view text, SearchMode mode, void* context, SearchTokenSink sink)
      : text_(text), mode_(mode), context_(context), sink_(sink) {}

  void Run() {
    size_t pos = 0;
    while (pos < text_.size() && !stopped_) {
      Char c = At(pos);
      if (c.cls == CharClass::kCjk) {
        pos = CjkRun(c);
      } else if (c.cls == CharClass::kWord) {
        pos = Word(c);
      } else {
        pos = c.end;
      }
    }
  }

 private:
  Char At(size_t pos) const {
    DecodedChar d = DecodeAt(text_, pos);
    return {d.code_point, static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + d.length),
            Classify(d.code_point)};
  }

  void Emit(std::string_view token, uint32_t begin, uint32_t end, bool colocated) {
    if (stopped_) return;
    if (has_pending_) {
      has_pending_ = false;
      if (!sink_(context_, text_.substr(pending_.begin, pending_.end - pending_.begin),
                 pending_.begin, pending_.end, false)) {
        stopped_ = true;
        return;
      }
    }
    if (!sink_(context_, token, begin, end, colocated)) stopped_ = true;
  }

  size_t CjkRun(Char first) {
    Char cur = first;
    bool single = true;
    while (true) {
      Char next =
          cur.end < text_.size() ? At(cur.end) : Char{0, cur.end, cur.end, CharClass::kSeparator};
      bool has_next = next.cls == CharClass::kCjk;
      std::string_view unigram = text_.substr(cur.begin, cur.end - cur.begin);
      if (mode_ == SearchMode::kDocument) {
        Emit(unigram, cur.begin, cur.end, false);
        if (has_next)
          Emit(text_.substr(cur.begin, next.end - cur.begin), cur.begin, next.end, true);
      } else if (has_next) {
        Emit(text_.substr(cur.begin, next.end - cur.begin), cur.begin, next.end, false);
      } else if (single) {
        Emit(unigram, cur.begin, cur.end, false);
      } else {
        // The last character of a run is already inside the previous bigram; it only needs a
        // position of its own if another token follows (so later positions line up).
        has_pending_ = true;
        pending_ = cur;
      }
      if (!has_next) return cur.end;
      single = false;
      cur = next;
    }
  }

  size_t Word(Char first) {
    word_.clear();
    bool folded = false;
    Char cur = first;
    while (true) {
      char32_t f = FoldWordChar(cur.cp);
      folded |= f != cur.cp;
      AppendUtf8(f, &word_);
      if (cur.end >= text_.size()) break;
      Char next = At(cur.end);
      if (next.cls == CharClass::kWord) {
        cur = next;
        continue;
      }
      // A decimal point between digits belongs to the number (4.23).
      if (next.cp == '.' && IsDigit(cur.cp) && next.end < text_.size()) {
        Char after = At(next.end);
        if (IsDigit(after.cp)) {
          word_.push_back('.');
          cur = after;
          continue;
        }
      }
      break;
    }
    std::string_view token =
        folded ? std::string_view(word_) : text_.substr(first.begin, cur.end - first.begin);
    Emit(token, first.begin, cur.end, false);
    return cur.end;
  }

  std::string_view text_;
  SearchMode mode_;
  void* context_;
  SearchTokenSink sink_;
  std::string word_;
  bool stopped_ = false;
  bool has_pending_ = false;
  Char pending_{};
};

bool CollectToken(void* context, std::string_view token, uint32_t begin, uint32_t end,
                  bool colocated) {
  auto* out = static_cast<std::vector<SearchToken>*>(context);
  uint32_t position = 0;
  if (!out->empty()) position = out->back().position + (colocated ? 0 : 1);
  out->push_back(SearchToken{std::string(token), begin, end, position, colocated});
  return true;
}

bool CountToken(void* context, std::string_view, uint32_t, uint32_t, bool) {
  ++*static_cast<size_t*>(context);
  return false;
}

}  // namespace

bool IsSearchCjk(char32_t c) {
  return Classify(c) == CharClass::kCjk;
}

void TokenizeForSearch(std::string_view text, SearchMode mode, void* context,
                       SearchTokenSink sink) {
  Tokenizer(text, mode, context, sink).Run();
}

std::vector<SearchToken> SearchTokens(std::string_view text, SearchMode mode) {
  std::vector<SearchToken> out;
  TokenizeForSearch(text, mode, &out, CollectToken);
  return out;
}

std::string FtsMatchExpression(std::string_view keywords) {
  std::string out;
  size_t pos = 0;
  while (pos < keywords.size()) {
    size_t start = pos;
    while (start < keywords.size()) {
      DecodedChar c = DecodeAt(keywords, start);
      if (!IsPythonSpace(c.code_point)) break;
      start += c.length;
    }
    size_t end = start;
    while (end < keywords.size()) {
      DecodedChar c = DecodeAt(keywords, end);
      if (IsPythonSpace(c.code_point)) break;
      end += c.length;
    }
    pos = end;
    std::string_view term = keywords.substr(start, end - start);
    size_t tokens = 0;
    TokenizeForSearch(term, SearchMode::kQuery, &tokens, CountToken);
    if (tokens == 0) continue;
    if (!out.empty()) out += " AND ";
    out += '"';
    for (char c : term) {
      if (c == '"') out += '"';
      if (c != '\0') out += c;
    }
    out += '"';
  }
  return out;
}

}  // namespace zb::text
