// Loading and changing the segmenter's dictionary: dict.txt, user dictionaries, add_word.
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "text/segmenter.h"
#include "text/utf8.h"

namespace zb::text {
namespace {

constexpr const char* kDebianJiebaDir = "/usr/lib/python3/dist-packages/jieba";

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("找不到词典文件：" + path, "dictionary file not found: " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view Strip(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool AllOf(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}
bool IsDigitChar(char c) {
  return c >= '0' && c <= '9';
}
bool IsLowerChar(char c) {
  return c >= 'a' && c <= 'z';
}

// Parses a run of digits (at most 18, so it fits in int64).
bool ParseFreq(std::string_view s, int64_t* out) {
  if (!AllOf(s, IsDigitChar) || s.size() > 18) return false;
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  *out = v;
  return true;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t pos = 0; pos < s.size();) {
    DecodedChar c = DecodeAt(s, pos);
    if (c.code_point == kInvalidCodePoint) return false;
    pos += c.length;
  }
  return true;
}

Status LineError(const std::string& name, size_t line, const std::string& zh,
                 const std::string& en) {
  return Invalid(name + " 第 " + std::to_string(line) + " 行：" + zh,
                 name + " line " + std::to_string(line) + ": " + en);
}

}  // namespace

std::string DefaultJiebaDir() {
  const char* env = std::getenv("ZB_JIEBA_DIR");
  return env && *env ? env : kDebianJiebaDir;
}

Result<Segmenter> Segmenter::Load(const std::string& dir) {
  const std::string path = dir + "/dict.txt";
  ZB_ASSIGN_OR_RETURN(std::string content, ReadFile(path));
  Segmenter seg;
  int64_t total = 0;
  size_t line_no = 0;
  for (size_t pos = 0; pos < content.size();) {
    size_t eol = content.find('\n', pos);
    if (eol == std::string::npos) eol = content.size();
    std::string_view line = Strip(std::string_view(content).substr(pos, eol - pos));
    pos = eol + 1;
    ++line_no;
    if (line.empty()) continue;
    size_t sp1 = line.find(' ');
    size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    int64_t freq;
    if (sp1 == 0 || sp1 == std::string_view::npos ||
        !ParseFreq(line.substr(sp1 + 1, sp2 == std::string_view::npos ? sp2 : sp2 - sp1 - 1),
                   &freq)) {
      return LineError(path, line_no, "应为“词 频次 [词性]”", "expected `word freq [tag]`");
    }
    std::string_view tag;
    if (sp2 != std::string_view::npos) {
      tag = line.substr(sp2 + 1);
      tag = tag.substr(0, tag.find(' '));
    }
    seg.dict_.Set(line.substr(0, sp1), freq, tag);
    total += freq;
    if (total > (int64_t{1} << 52)) {
      return LineError(path, line_no, "频次总和过大", "frequencies add up to too much");
    }
  }
  seg.SetTotal(total);
  ZB_ASSIGN_OR_RETURN(seg.hmm_, HmmModel::Load(dir + "/finalseg"));
  return seg;
}

void Segmenter::SetTotal(int64_t total) {
  total_ = total;
  log_total_ = std::log(static_cast<double>(total > 0 ? total : 1));
}

std::optional<int64_t> Segmenter::Frequency(std::string_view word) const {
  PrefixDict::Node node = dict_.Find(word);
  if (node == PrefixDict::kNone) return std::nullopt;
  return dict_.freq(node);
}

std::string_view Segmenter::Tag(std::string_view word) const {
  PrefixDict::Node node = dict_.Find(word);
  if (node == PrefixDict::kNone) return {};
  return dict_.tag_name(dict_.tag(node));
}

int64_t Segmenter::SuggestFreq(std::string_view word) const {
  const double ftotal = static_cast<double>(total_);
  double freq = 1;
  for (std::string_view seg : Cut(word, CutOptions{.hmm = false})) {
    freq *= static_cast<double>(Frequency(seg).value_or(1)) / ftotal;
  }
  int64_t suggested = static_cast<int64_t>(freq * static_cast<double>(total_)) + 1;
  return std::max(suggested, Frequency(word).value_or(1));
}

void Segmenter::AddWord(std::string_view word, std::optional<int64_t> freq, std::string_view tag) {
  if (word.empty()) return;
  int64_t f = freq ? *freq : SuggestFreq(word);
  if (f < 0) f = 0;
  dict_.Set(word, f, tag);
  SetTotal(total_ + f);
  if (f == 0) force_split_.emplace(word);
}

Status Segmenter::LoadUserDict(const std::string& path) {
  ZB_ASSIGN_OR_RETURN(std::string content, ReadFile(path));
  return LoadUserDictText(content, path);
}

// Each line matches jieba's `^(.+?)( [0-9]+)?( [a-z]+)?$`: the shortest word such that the rest
// is an optional " freq" and an optional " tag".
Status Segmenter::LoadUserDictText(std::string_view content, const std::string& name) {
  size_t line_no = 0;
  for (size_t pos = 0; pos < content.size();) {
    size_t eol = content.find('\n', pos);
    if (eol == std::string_view::npos) eol = content.size();
    std::string_view line = Strip(content.substr(pos, eol - pos));
    pos = eol + 1;
    ++line_no;
    if (!IsValidUtf8(line)) {
      return LineError(name, line_no, "不是有效的 UTF-8 文本", "is not valid UTF-8");
    }
    if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (line.empty()) continue;
    std::string_view tag;
    std::optional<int64_t> freq;
    size_t sp = line.rfind(' ');
    if (sp != std::string_view::npos && sp > 0 && AllOf(line.substr(sp + 1), IsLowerChar)) {
      tag = line.substr(sp + 1);
      line = line.substr(0, sp);
      sp = line.rfind(' ');
    }
    if (sp != std::string_view::npos && sp > 0 && AllOf(line.substr(sp + 1), IsDigitChar)) {
      int64_t f;
      if (!ParseFreq(line.substr(sp + 1), &f)) {
        return LineError(name, line_no, "频次过大", "frequency too large");
      }
      freq = f;
      line = line.substr(0, sp);
    }
    AddWord(line, freq, tag);
  }
  return Status::Ok();
}

}  // namespace zb::text
