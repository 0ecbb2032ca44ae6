#include "text/user_dict.h"

#include <algorithm>

#include "text/utf8.h"

namespace zb::text {

namespace {

std::string_view Strip(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool AllOf(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}
bool IsLower(char c) {
  return c >= 'a' && c <= 'z';
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool IsValidUtf8(std::string_view s) {
  for (size_t pos = 0; pos < s.size();) {
    DecodedChar c = DecodeAt(s, pos);
    if (c.code_point == kInvalidCodePoint) return false;
    pos += static_cast<size_t>(c.length);
  }
  return true;
}

}  // namespace

Result<UserDictEntry> ParseUserDictLine(std::string_view line) {
  line = Strip(line);
  if (!IsValidUtf8(line)) return Invalid("不是有效的 UTF-8 文本", "not valid UTF-8");
  if (line.empty()) return Invalid("词语为空", "the word is empty");
  for (unsigned char c : line) {
    if (c < 0x20 || c == 0x7f) {
      return Invalid("含制表符或控制字符（词语、频次、词性之间用空格分隔）",
                     "contains a tab or control character (separate word, frequency and tag with "
                     "spaces)");
    }
  }
  UserDictEntry e;
  size_t sp = line.rfind(' ');
  if (sp != std::string_view::npos && AllOf(line.substr(sp + 1), IsLower)) {
    e.tag = line.substr(sp + 1);
    line = Strip(line.substr(0, sp));
    sp = line.rfind(' ');
  }
  if (sp != std::string_view::npos && AllOf(line.substr(sp + 1), IsDigit)) {
    std::string_view digits = line.substr(sp + 1);
    int64_t f = 0;
    for (char c : digits) {
      f = f * 10 + (c - '0');
      if (f > kMaxUserWordFreq) {
        return Invalid("频次过大（最大 100000000）",
                       "the frequency is too large (at most 100000000)");
      }
    }
    e.freq = f;
    line = Strip(line.substr(0, sp));
  }
  if (line.empty()) return Invalid("词语为空", "the word is empty");
  if (line.find(' ') != std::string_view::npos) {
    return Invalid("格式应为“词语 [频次] [词性]”：频次为数字，词性为小写字母",
                   "expected `word [freq] [tag]`: the frequency is digits, the tag lower-case "
                   "letters");
  }
  if (line.size() > kMaxUserWordBytes) {
    return Invalid("词语过长（最多 64 字节）", "the word is too long (at most 64 bytes)");
  }
  if (e.tag.size() > 8) return Invalid("词性过长", "the tag is too long");
  e.word = line;
  return e;
}

ParsedUserDict ParseUserDict(std::string_view content) {
  ParsedUserDict out;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  size_t line_no = 0;
  for (size_t pos = 0; pos <= content.size();) {
    size_t eol = content.find('\n', pos);
    if (eol == std::string_view::npos) eol = content.size();
    std::string_view line = content.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (Strip(line).empty()) continue;
    auto e = ParseUserDictLine(line);
    if (e.ok()) {
      out.entries.push_back(std::move(*e));
    } else {
      out.errors.push_back({line_no, e.status().message(), e.status().message_en()});
    }
  }
  return out;
}

Segmenter WithUserWords(const Segmenter& base, const std::vector<UserDictEntry>& words) {
  Segmenter s = base;
  for (const UserDictEntry& w : words) s.AddWord(w.word, w.freq, w.tag);
  return s;
}

std::string FormatUserDictLine(const UserDictEntry& e) {
  std::string s = e.word;
  if (e.freq) s += " " + std::to_string(*e.freq);
  if (!e.tag.empty()) s += " " + e.tag;
  return s;
}

}  // namespace zb::text
