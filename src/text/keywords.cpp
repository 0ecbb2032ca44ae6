#include "text/keywords.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "text/utf8.h"

namespace zb::text {
namespace {

// jieba.analyse's KeywordExtractor.STOP_WORDS.
constexpr const char* kJiebaStopWords[] = {
    "the",  "of",   "is", "and",  "to",   "in",  "that", "we",   "for",   "an",  "are",
    "by",   "be",   "as", "on",   "with", "can", "if",   "from", "which", "you", "it",
    "this", "then", "at", "have", "all",  "not", "one",  "has",  "or"};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("找不到文件：" + path, "file not found: " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string_view StripSpace(std::string_view s) {
  while (!s.empty()) {
    DecodedChar c = DecodeAt(s, 0);
    if (!IsPythonSpace(c.code_point)) break;
    s.remove_prefix(c.length);
  }
  while (!s.empty()) {
    size_t last = s.size() - 1;
    while (last > 0 && (static_cast<unsigned char>(s[last]) & 0xC0) == 0x80) --last;
    DecodedChar c = DecodeAt(s, last);
    if (last + c.length != s.size() || !IsPythonSpace(c.code_point)) break;
    s.remove_suffix(s.size() - last);
  }
  return s;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Sorts by weight, highest first, keeping first-seen order among equals (Python's stable sort).
std::vector<Keyword> TopK(std::vector<Keyword> words, size_t top_k) {
  std::stable_sort(words.begin(), words.end(),
                   [](const Keyword& a, const Keyword& b) { return a.weight > b.weight; });
  if (top_k > 0 && words.size() > top_k) words.resize(top_k);
  return words;
}

// A graph with nodes and edges in insertion order, so sums run in jieba's order.
class WordGraph {
 public:
  void AddEdge(const std::string& a, const std::string& b, double weight) {
    size_t ia = Node(a), ib = Node(b);
    edges_[ia].push_back({ib, weight});
    edges_[ib].push_back({ia, weight});
  }

  std::vector<Keyword> Rank() const {
    const double d = 0.85;
    const size_t n = names_.size();
    std::vector<double> ws(n, 1.0 / (n ? static_cast<double>(n) : 1.0));
    std::vector<double> out_sum(n, 0.0);
    for (size_t i = 0; i < n; ++i) {
      for (const auto& e : edges_[i]) out_sum[i] += e.weight;
    }
    std::vector<size_t> order(n);
    for (size_t i = 0; i < n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return names_[a] < names_[b]; });
    for (int iteration = 0; iteration < 10; ++iteration) {
      for (size_t i : order) {
        double s = 0;
        for (const auto& e : edges_[i]) s += e.weight / out_sum[e.to] * ws[e.to];
        ws[i] = (1 - d) + d * s;
      }
    }
    // jieba starts from (sys.float_info.max, sys.float_info.min_exp) and rescales.
    double min_rank = 1.7976931348623157e308, max_rank = -1021;
    for (double w : ws) {
      min_rank = std::min(min_rank, w);
      max_rank = std::max(max_rank, w);
    }
    std::vector<Keyword> out;
    for (size_t i = 0; i < n; ++i) {
      out.push_back({names_[i], (ws[i] - min_rank / 10.0) / (max_rank - min_rank / 10.0)});
    }
    return out;
  }

 private:
  struct Edge {
    size_t to;
    double weight;
  };
  size_t Node(const std::string& name) {
    auto [it, added] = index_.emplace(name, names_.size());
    if (added) {
      names_.push_back(name);
      edges_.emplace_back();
    }
    return it->second;
  }
  std::unordered_map<std::string, size_t> index_;
  std::vector<std::string> names_;
  std::vector<std::vector<Edge>> edges_;
};

}  // namespace

Result<IdfTable> IdfTable::Load(const std::string& path) {
  ZB_ASSIGN_OR_RETURN(std::string content, ReadFile(path));
  IdfTable table;
  table.idf_.reserve(300000);
  std::istringstream lines(content);
  std::string line;
  size_t line_no = 0;
  while (std::getline(lines, line)) {
    ++line_no;
    size_t space = line.find(' ');
    if (line.empty() || (line.size() == 1 && line[0] == '\r')) continue;
    char* end = nullptr;
    double idf = space == std::string::npos ? 0 : std::strtod(line.c_str() + space + 1, &end);
    if (space == std::string::npos || space == 0 || end == line.c_str() + space + 1) {
      return Invalid(path + " 第 " + std::to_string(line_no) + " 行：应为“词 IDF”",
                     path + " line " + std::to_string(line_no) + ": expected `word idf`");
    }
    table.idf_[line.substr(0, space)] = idf;
  }
  if (table.idf_.empty()) return Invalid("IDF 表为空：" + path, "empty IDF table: " + path);
  std::vector<double> values;
  values.reserve(table.idf_.size());
  for (const auto& [word, idf] : table.idf_) values.push_back(idf);
  auto mid = values.begin() + values.size() / 2;
  std::nth_element(values.begin(), mid, values.end());
  table.median_ = *mid;
  return table;
}

Result<IdfTable> IdfTable::LoadFromJiebaDir(const std::string& dir) {
  return Load(dir + "/analyse/idf.txt");
}

double IdfTable::Idf(std::string_view word) const {
  auto it = idf_.find(word);
  return it == idf_.end() ? median_ : it->second;
}

KeywordExtractor::KeywordExtractor(const Segmenter& segmenter, const IdfTable& idf)
    : segmenter_(segmenter), idf_(idf) {
  for (const char* w : kJiebaStopWords) stop_words_.emplace(w);
}

Status KeywordExtractor::LoadStopWords(const std::string& path) {
  ZB_ASSIGN_OR_RETURN(std::string content, ReadFile(path));
  std::istringstream lines(content);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) stop_words_.insert(line);
  }
  return Status::Ok();
}

bool KeywordExtractor::IsCandidate(std::string_view word) const {
  if (CharCount(StripSpace(word)) < 2) return false;
  return !stop_words_.count(AsciiLower(word));
}

bool KeywordExtractor::HasRankedTag(std::string_view word) const {
  std::string_view tag = segmenter_.Tag(word);
  if (!tag.empty()) return tag == "n" || tag == "ns" || tag == "vn" || tag == "v";
  if (segmenter_.Frequency(word).value_or(0) > 0) return false;
  for (size_t pos = 0; pos < word.size();) {
    DecodedChar c = DecodeAt(word, pos);
    if (!IsJiebaHan(c.code_point)) return false;
    pos += c.length;
  }
  return true;
}

std::vector<Keyword> KeywordExtractor::TfIdf(std::string_view text, size_t top_k) const {
  return TfIdf(std::vector<std::string_view>{text}, top_k);
}

std::vector<Keyword> KeywordExtractor::TfIdf(const std::vector<std::string_view>& texts,
                                             size_t top_k) const {
  std::vector<Keyword> words;
  std::unordered_map<std::string_view, size_t> index;
  double total = 0;
  std::vector<std::string_view> tokens;
  for (std::string_view text : texts) {
    tokens.clear();
    segmenter_.Cut(text, {}, &tokens);
    for (std::string_view w : tokens) {
      if (!IsCandidate(w)) continue;
      auto [it, added] = index.emplace(w, words.size());
      if (added) words.push_back({std::string(w), 0});
      words[it->second].weight += 1.0;
      total += 1.0;
    }
  }
  for (Keyword& k : words) k.weight *= idf_.Idf(k.word) / total;
  return TopK(std::move(words), top_k);
}

std::vector<Keyword> KeywordExtractor::TextRank(std::string_view text, size_t top_k) const {
  return TextRank(std::vector<std::string_view>{text}, top_k);
}

std::vector<Keyword> KeywordExtractor::TextRank(const std::vector<std::string_view>& texts,
                                                size_t top_k) const {
  constexpr size_t kSpan = 5;
  // Co-occurrence counts within the window, keyed by pair, in first-seen order.
  std::vector<std::pair<std::string, std::string>> pairs;
  std::vector<double> counts;
  std::unordered_map<std::string, size_t> pair_index;
  for (std::string_view text : texts) {
    std::vector<std::string_view> words = segmenter_.Cut(text);
    std::vector<bool> keep(words.size());
    for (size_t i = 0; i < words.size(); ++i) {
      keep[i] = IsCandidate(words[i]) && HasRankedTag(words[i]);
    }
    for (size_t i = 0; i < words.size(); ++i) {
      if (!keep[i]) continue;
      for (size_t j = i + 1; j < i + kSpan && j < words.size(); ++j) {
        if (!keep[j]) continue;
        std::string key = std::string(words[i]) + '\0' + std::string(words[j]);
        auto [it, added] = pair_index.emplace(std::move(key), pairs.size());
        if (added) {
          pairs.emplace_back(words[i], words[j]);
          counts.push_back(0);
        }
        counts[it->second] += 1;
      }
    }
  }
  WordGraph graph;
  for (size_t i = 0; i < pairs.size(); ++i)
    graph.AddEdge(pairs[i].first, pairs[i].second, counts[i]);
  return TopK(graph.Rank(), top_k);
}

}  // namespace zb::text
