#include "base/json_scan.h"

#include "base/utf8.h"

namespace zb {

namespace {

constexpr int kMaxDepth = 128;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// A recursive-descent check of RFC 8259's grammar that builds nothing.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : p_(s.data()), end_(s.data() + s.size()) {}

  bool Document(std::vector<JsonMember>* members) {
    SkipSpace();
    if (!Object(0, members)) return false;
    SkipSpace();
    return p_ == end_;
  }

 private:
  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }

  bool Eat(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  // At '{'. `members`, if given, receives the object's own members.
  bool Object(int depth, std::vector<JsonMember>* members) {
    if (depth > kMaxDepth || !Eat('{')) return false;
    SkipSpace();
    if (Eat('}')) return true;
    for (;;) {
      const char* key = p_;
      if (!String()) return false;
      std::string_view key_text(key, p_ - key);
      SkipSpace();
      if (!Eat(':')) return false;
      SkipSpace();
      const char* value = p_;
      if (!Value(depth)) return false;
      if (members) members->push_back({key_text, std::string_view(value, p_ - value)});
      SkipSpace();
      if (Eat('}')) return true;
      if (!Eat(',')) return false;
      SkipSpace();
    }
  }

  bool Array(int depth) {
    if (depth > kMaxDepth || !Eat('[')) return false;
    SkipSpace();
    if (Eat(']')) return true;
    for (;;) {
      if (!Value(depth)) return false;
      SkipSpace();
      if (Eat(']')) return true;
      if (!Eat(',')) return false;
      SkipSpace();
    }
  }

  bool Value(int depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{':
        return Object(depth + 1, nullptr);
      case '[':
        return Array(depth + 1);
      case '"':
        return String();
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        return Number();
    }
  }

  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word)
      return false;
    p_ += word.size();
    return true;
  }

  bool Digits() {
    if (p_ == end_ || !IsDigit(*p_)) return false;
    while (p_ < end_ && IsDigit(*p_)) ++p_;
    return true;
  }

  bool Number() {
    Eat('-');
    if (Eat('0')) {
      if (p_ < end_ && IsDigit(*p_)) return false;  // no leading zeros
    } else if (!Digits()) {
      return false;
    }
    if (Eat('.') && !Digits()) return false;
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (!Eat('+')) Eat('-');
      if (!Digits()) return false;
    }
    return true;
  }

  // At '"'. Bytes of 0x80 and above were checked as UTF-8 beforehand.
  bool String() {
    if (!Eat('"')) return false;
    while (p_ < end_) {
      unsigned char c = static_cast<unsigned char>(*p_++);
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c != '\\') continue;
      if (p_ == end_) return false;
      switch (*p_++) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          break;
        case 'u':
          if (end_ - p_ < 4) return false;
          for (int i = 0; i < 4; ++i) {
            if (!IsHex(*p_++)) return false;
          }
          break;
        default:
          return false;
      }
    }
    return false;
  }

  const char* p_;
  const char* end_;
};

}  // namespace

bool ScanJsonObject(std::string_view json, std::vector<JsonMember>* members) {
  members->clear();
  if (!IsValidUtf8(json)) return false;
  return Scanner(json).Document(members);
}

}  // namespace zb
