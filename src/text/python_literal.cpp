#include "text/python_literal.h"

#include <cctype>
#include <cstdlib>

#include "text/utf8.h"

namespace zb::text {
namespace {

Status SyntaxError(size_t pos, const std::string& what) {
  return Invalid("概率表格式错误（位置 " + std::to_string(pos) + "）：" + what,
                 "malformed probability table at byte " + std::to_string(pos) + ": " + what);
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  Result<ProbTable> Table() {
    size_t assign = s_.find("P");
    while (assign != std::string_view::npos) {
      size_t eq = SkipSpaceFrom(assign + 1);
      if (eq < s_.size() && s_[eq] == '=') break;
      assign = s_.find("P", assign + 1);
    }
    if (assign == std::string_view::npos) return SyntaxError(0, "no `P = {` assignment");
    pos_ = SkipSpaceFrom(assign + 1) + 1;
    ProbTable table;
    ZB_RETURN_IF_ERROR(Expect('{'));
    while (true) {
      SkipSpace();
      if (Peek() == '}') break;
      std::string key;
      ZB_RETURN_IF_ERROR(String(&key));
      ZB_RETURN_IF_ERROR(Expect(':'));
      SkipSpace();
      auto& inner = table[key];
      if (Peek() == '{') {
        ++pos_;
        while (true) {
          SkipSpace();
          if (Peek() == '}') break;
          std::string inner_key;
          ZB_RETURN_IF_ERROR(String(&inner_key));
          ZB_RETURN_IF_ERROR(Expect(':'));
          double value;
          ZB_RETURN_IF_ERROR(Number(&value));
          inner[inner_key] = value;
          if (!Comma()) break;
        }
        ZB_RETURN_IF_ERROR(Expect('}'));
      } else {
        double value;
        ZB_RETURN_IF_ERROR(Number(&value));
        inner[""] = value;
      }
      if (!Comma()) break;
    }
    ZB_RETURN_IF_ERROR(Expect('}'));
    return table;
  }

 private:
  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }

  size_t SkipSpaceFrom(size_t p) const {
    while (p < s_.size() && (s_[p] == ' ' || s_[p] == '\n' || s_[p] == '\r' || s_[p] == '\t')) ++p;
    return p;
  }
  void SkipSpace() { pos_ = SkipSpaceFrom(pos_); }

  Status Expect(char c) {
    SkipSpace();
    if (Peek() != c) return SyntaxError(pos_, std::string("expected '") + c + "'");
    ++pos_;
    return Status::Ok();
  }

  bool Comma() {
    SkipSpace();
    if (Peek() != ',') return false;
    ++pos_;
    return true;
  }

  Status Hex(int digits, char32_t* out) {
    if (pos_ + digits > s_.size()) return SyntaxError(pos_, "truncated escape");
    char32_t v = 0;
    for (int i = 0; i < digits; ++i) {
      char c = s_[pos_++];
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        return SyntaxError(pos_ - 1, "bad hex digit in escape");
      }
      v = v * 16 + d;
    }
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return SyntaxError(pos_, "bad code point");
    *out = v;
    return Status::Ok();
  }

  Status String(std::string* out) {
    SkipSpace();
    if (Peek() == 'u' || Peek() == 'U') ++pos_;  // u'' prefix
    char quote = Peek();
    if (quote != '\'' && quote != '"') return SyntaxError(pos_, "expected a string");
    ++pos_;
    while (pos_ < s_.size() && s_[pos_] != quote) {
      char c = s_[pos_++];
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) break;
      char e = s_[pos_++];
      char32_t cp;
      switch (e) {
        case 'u':
          ZB_RETURN_IF_ERROR(Hex(4, &cp));
          AppendUtf8(cp, out);
          break;
        case 'U':
          ZB_RETURN_IF_ERROR(Hex(8, &cp));
          AppendUtf8(cp, out);
          break;
        case 'x':
          ZB_RETURN_IF_ERROR(Hex(2, &cp));
          AppendUtf8(cp, out);
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case '0':
          out->push_back('\0');
          break;
        default:  // \\ \' \" and anything else stand for themselves
          out->push_back(e);
      }
    }
    if (pos_ >= s_.size()) return SyntaxError(pos_, "unterminated string");
    ++pos_;
    return Status::Ok();
  }

  Status Number(double* out) {
    SkipSpace();
    size_t start = pos_;
    while (pos_ < s_.size() &&
           (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '-' ||
            s_[pos_] == '+' || s_[pos_] == '.' || s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
    }
    if (start == pos_) return SyntaxError(pos_, "expected a number");
    std::string text(s_.substr(start, pos_ - start));
    char* end = nullptr;
    *out = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) return SyntaxError(start, "bad number " + text);
    return Status::Ok();
  }

  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

Result<ProbTable> ParseProbTable(std::string_view source) {
  return Parser(source).Table();
}

}  // namespace zb::text
