#include "hotline/text_clean.h"

namespace zb::hotline {

namespace {

// Length of a blank at the start (1–3 bytes) or 0.
size_t BlankAtStart(std::string_view s) {
  if (s.empty()) return 0;
  char c = s[0];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') return 1;
  if (s.substr(0, 3) == "\xE3\x80\x80") return 3;  // U+3000
  if (s.substr(0, 2) == "\xC2\xA0") return 2;      // U+00A0
  return 0;
}

size_t BlankAtEnd(std::string_view s) {
  if (s.empty()) return 0;
  char c = s.back();
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') return 1;
  if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") return 3;
  if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") return 2;
  return 0;
}

}  // namespace

std::string_view Trimmed(std::string_view s) {
  while (size_t n = BlankAtStart(s)) s.remove_prefix(n);
  while (size_t n = BlankAtEnd(s)) s.remove_suffix(n);
  return s;
}

std::string TrimCell(std::string_view s) {
  return std::string(Trimmed(s));
}

std::string CleanMultiline(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t start = 0;
  while (start <= s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string_view::npos) nl = s.size();
    std::string_view line = Trimmed(s.substr(start, nl - start));
    if (!line.empty()) {
      if (!out.empty()) out += '\n';
      out += line;
    }
    start = nl + 1;
  }
  return out;
}

std::string NormalizePhone(std::string_view s) {
  std::string out;
  for (char c : s) {
    if ((c >= '0' && c <= '9') || (c == '+' && out.empty())) out += c;
  }
  return out;
}

}  // namespace zb::hotline
