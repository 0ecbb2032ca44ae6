// UTF-8 decoding that never fails: a byte that does not start a well-formed sequence is returned
// as a one-byte "character" with code point kInvalidCodePoint, so callers treat it as an opaque
// single character and byte offsets always stay inside the input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace zb::text {

inline constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

struct DecodedChar {
  char32_t code_point;  // kInvalidCodePoint for a malformed byte
  int length;           // bytes consumed, 1..4; never 0 unless at the end
};

// Decodes a character of two or more bytes; use DecodeAt.
DecodedChar DecodeMultiByte(std::string_view text, size_t pos);

// Decodes the character starting at `pos` (< text.size()). Rejects overlong forms, surrogates
// and values above U+10FFFF, which are reported byte by byte as invalid.
inline DecodedChar DecodeAt(std::string_view text, size_t pos) {
  auto b = static_cast<unsigned char>(text[pos]);
  if (b < 0x80) return {b, 1};
  // Three bytes led by E1..EC or EE..EF (most of CJK) cannot be overlong or a surrogate: only the
  // continuation bytes need checking.
  if (b >= 0xE1 && b <= 0xEF && b != 0xED && pos + 2 < text.size()) {
    auto b1 = static_cast<unsigned char>(text[pos + 1]);
    auto b2 = static_cast<unsigned char>(text[pos + 2]);
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80)
      return {char32_t((b & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F)), 3};
  }
  return DecodeMultiByte(text, pos);
}

// Appends the UTF-8 encoding of a valid code point.
void AppendUtf8(char32_t code_point, std::string* out);

// Number of characters (as DecodeAt counts them) in `text`.
size_t CharCount(std::string_view text);

// The ideographs jieba treats as Chinese: U+4E00..U+9FD5.
inline bool IsJiebaHan(char32_t c) {
  return c >= 0x4E00 && c <= 0x9FD5;
}

inline bool IsAsciiAlnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Python's str.isspace() set, which is what `\s` matches in a Python 3 regular expression.
bool IsPythonSpace(char32_t c);

}  // namespace zb::text
