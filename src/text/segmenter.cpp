#include "text/segmenter.h"

#include "text/utf8.h"

namespace zb::text {

struct Segmenter::Scratch {
  std::vector<char32_t> chars;
  std::vector<uint32_t> offsets;  // byte offset of each char in the text, plus the end
  std::vector<double> route_prob;
  std::vector<uint32_t> route_end;  // index of the last char of the best word starting here
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
};

namespace {

// jieba's re_han_default: the characters that form blocks handed to the dictionary.
bool InHanBlock(char32_t c) {
  if (IsJiebaHan(c) || IsAsciiAlnum(c)) return true;
  switch (c) {
    case '+':
    case '#':
    case '&':
    case '.':
    case '_':
    case '%':
    case '-':
      return true;
    default:
      return false;
  }
}

bool IsDigit(char32_t c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::vector<std::string_view> Segmenter::Cut(std::string_view text, CutOptions options) const {
  std::vector<std::string_view> out;
  out.reserve(text.size() / 3 + 1);
  Cut(text, options, &out);
  return out;
}

void Segmenter::Cut(std::string_view text, CutOptions options,
                    std::vector<std::string_view>* out) const {
  // The buffers are the thread's own, kept from call to call (a call allocates nothing once they
  // have grown); a block's characters are decoded once, as it is scanned.
  thread_local Scratch scratch;
  const size_t n = text.size();
  size_t pos = 0;
  while (pos < n) {
    DecodedChar c = DecodeAt(text, pos);
    if (InHanBlock(c.code_point)) {
      scratch.chars.clear();
      scratch.offsets.clear();
      size_t end = pos;
      while (true) {
        scratch.chars.push_back(c.code_point);
        scratch.offsets.push_back(static_cast<uint32_t>(end));
        end += c.length;
        if (end >= n) break;
        c = DecodeAt(text, end);
        if (!InHanBlock(c.code_point)) break;
      }
      scratch.offsets.push_back(static_cast<uint32_t>(end));
      CutHanBlock(text, pos, end, options, scratch, out);
      pos = end;
    } else if (c.code_point == '\r' && pos + 1 < n && text[pos + 1] == '\n') {
      out->push_back(text.substr(pos, 2));
      pos += 2;
    } else {
      out->push_back(text.substr(pos, c.length));
      pos += c.length;
    }
  }
}

// Chars [0, n) of the scratch (decoded by Cut) are the block text[begin, end).
void Segmenter::CutHanBlock(std::string_view text, size_t, size_t, CutOptions options, Scratch& s,
                            std::vector<std::string_view>* out) const {
  const size_t n = s.chars.size();
  s.route_prob.resize(n + 1);
  s.route_end.resize(n + 1);
  s.route_prob[n] = 0;

  // The walks below start at every position: their second and third steps are loaded first, all
  // at once (a step is a read from a table far larger than the cache).
  for (size_t idx = 0; idx + 1 < n; ++idx) {
    PrefixDict::Step first = dict_.Walk(PrefixDict::kRoot, s.chars[idx]);
    if (first.node != PrefixDict::kNone) dict_.Prefetch(first.node, s.chars[idx + 1]);
  }
  for (size_t idx = 0; idx + 2 < n; ++idx) {
    PrefixDict::Step first = dict_.Walk(PrefixDict::kRoot, s.chars[idx]);
    if (first.node == PrefixDict::kNone) continue;
    PrefixDict::Step second = dict_.Walk(first.node, s.chars[idx + 1]);
    if (second.node != PrefixDict::kNone) dict_.Prefetch(second.node, s.chars[idx + 2]);
  }

  // Maximum-probability route, right to left; ties go to the longer word, as jieba's max over
  // (prob, end) tuples.
  for (size_t idx = n; idx-- > 0;) {
    PrefixDict::Node node = PrefixDict::kRoot;
    double best = 0;
    size_t best_end = n;
    for (size_t i = idx; i < n; ++i) {
      PrefixDict::Step step = dict_.Walk(node, s.chars[i]);
      if (step.node == PrefixDict::kNone) break;
      node = step.node;
      if (step.word != 0) {
        double p = (dict_.word_log_freq(step.word) - log_total_) + s.route_prob[i + 1];
        if (best_end == n || p >= best) {
          best = p;
          best_end = i;
        }
      }
    }
    if (best_end == n) {
      best = (0.0 - log_total_) + s.route_prob[idx + 1];
      best_end = idx;
    }
    s.route_prob[idx] = best;
    s.route_end[idx] = static_cast<uint32_t>(best_end);
  }

  auto emit = [&](size_t a, size_t b) {
    out->push_back(text.substr(s.offsets[a], s.offsets[b] - s.offsets[a]));
  };

  if (!options.hmm) {
    size_t buf = n;  // start of a run of single ASCII letters/digits, merged into one token
    for (size_t x = 0; x < n;) {
      size_t y = s.route_end[x] + 1;
      if (y - x == 1 && IsAsciiAlnum(s.chars[x])) {
        if (buf == n) buf = x;
      } else {
        if (buf != n) emit(buf, x), buf = n;
        emit(x, y);
      }
      x = y;
    }
    if (buf != n) emit(buf, n);
    return;
  }

  // Runs of single characters go to the HMM unless the run itself is a dictionary word.
  auto flush = [&](size_t a, size_t b) {
    if (b - a == 1) return emit(a, b);
    PrefixDict::Node node = PrefixDict::kRoot;
    for (size_t i = a; i < b && node != PrefixDict::kNone; ++i)
      node = dict_.Child(node, s.chars[i]);
    if (node == PrefixDict::kNone || dict_.freq(node) == 0) return CutUnknown(text, a, b, s, out);
    for (size_t i = a; i < b; ++i) emit(i, i + 1);
  };
  size_t buf = n;
  for (size_t x = 0; x < n;) {
    size_t y = s.route_end[x] + 1;
    if (y - x == 1) {
      if (buf == n) buf = x;
    } else {
      if (buf != n) flush(buf, x), buf = n;
      emit(x, y);
    }
    x = y;
  }
  if (buf != n) flush(buf, n);
}

// jieba's finalseg.cut over chars [a, b) of the current block: ideograph runs through the HMM,
// other runs split into letter/number groups ("[a-zA-Z0-9]+(?:\.\d+)?%?") and what lies between.
void Segmenter::CutUnknown(std::string_view text, size_t a, size_t b, Scratch& s,
                           std::vector<std::string_view>* out) const {
  auto emit = [&](size_t from, size_t to) {
    out->push_back(text.substr(s.offsets[from], s.offsets[to] - s.offsets[from]));
  };
  size_t i = a;
  while (i < b) {
    size_t j = i;
    if (IsJiebaHan(s.chars[i])) {
      while (j < b && IsJiebaHan(s.chars[j])) ++j;
      s.ranges.clear();
      hmm_.Cut(&s.chars[i], &s.offsets[i], j - i, &s.ranges);
      for (auto [from, to] : s.ranges) {
        std::string_view word = text.substr(from, to - from);
        if (!force_split_.empty() && force_split_.count(std::string(word))) {
          for (size_t p = from; p < to; p += 3) out->push_back(text.substr(p, 3));
        } else {
          out->push_back(word);
        }
      }
    } else {
      while (j < b && !IsJiebaHan(s.chars[j])) ++j;
      size_t gap = i;
      for (size_t k = i; k < j;) {
        if (!IsAsciiAlnum(s.chars[k])) {
          ++k;
          continue;
        }
        size_t m = k;
        while (m < j && IsAsciiAlnum(s.chars[m])) ++m;
        if (m + 1 < j && s.chars[m] == '.' && IsDigit(s.chars[m + 1])) {
          m += 2;
          while (m < j && IsDigit(s.chars[m])) ++m;
        }
        if (m < j && s.chars[m] == '%') ++m;
        if (gap < k) emit(gap, k);
        emit(k, m);
        k = gap = m;
      }
      if (gap < j) emit(gap, j);
    }
    i = j;
  }
}

}  // namespace zb::text
