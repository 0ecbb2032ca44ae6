#include "text/hmm_model.h"

#include <fstream>
#include <sstream>

#include "text/python_literal.h"
#include "text/utf8.h"

namespace zb::text {
namespace {

// States in the order Python compares their names, so ties resolve as in jieba.
enum State { kB = 0, kE = 1, kM = 2, kS = 3 };
constexpr double kMinFloat = -3.14e100;
constexpr const char* kStateNames[4] = {"B", "E", "M", "S"};
// Predecessors allowed for each state (jieba's PrevStatus).
constexpr int kPrev[4][2] = {{kE, kS}, {kB, kM}, {kM, kB}, {kS, kE}};

Result<ProbTable> ReadTable(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFound("找不到分词模型文件：" + path, "segmentation model file not found: " + path);
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  Result<ProbTable> table = ParseProbTable(buffer.str());
  if (!table.ok()) return table.status().WithContext(path + "：", path + ": ");
  return table;
}

Status Missing(const std::string& what) {
  return Invalid("分词模型缺少 " + what, "segmentation model lacks " + what);
}

}  // namespace

Result<HmmModel> HmmModel::Load(const std::string& dir) {
  ZB_ASSIGN_OR_RETURN(ProbTable start, ReadTable(dir + "/prob_start.py"));
  ZB_ASSIGN_OR_RETURN(ProbTable trans, ReadTable(dir + "/prob_trans.py"));
  ZB_ASSIGN_OR_RETURN(ProbTable emit, ReadTable(dir + "/prob_emit.py"));
  HmmModel model;
  for (int s = 0; s < 4; ++s) {
    auto it = start.find(kStateNames[s]);
    if (it == start.end() || !it->second.count(""))
      return Missing("prob_start " + std::string(kStateNames[s]));
    model.start_[s] = it->second.at("");
    for (int t = 0; t < 4; ++t) {
      model.trans_[s][t] = kMinFloat;
      auto from = trans.find(kStateNames[s]);
      if (from == trans.end()) continue;
      auto to = from->second.find(kStateNames[t]);
      if (to != from->second.end()) model.trans_[s][t] = to->second;
    }
    model.emit_[s].assign(kLast - kFirst + 1, kMinFloat);
    auto e = emit.find(kStateNames[s]);
    if (e == emit.end()) return Missing("prob_emit " + std::string(kStateNames[s]));
    for (const auto& [ch, p] : e->second) {
      if (ch.empty()) continue;
      DecodedChar c = DecodeAt(ch, 0);
      if (static_cast<size_t>(c.length) != ch.size() || !IsJiebaHan(c.code_point)) continue;
      model.emit_[s][c.code_point - kFirst] = p;
    }
  }
  return model;
}

void HmmModel::Cut(const char32_t* chars, const uint32_t* offsets, size_t n,
                   std::vector<std::pair<uint32_t, uint32_t>>* out) const {
  if (n == 0) return;
  // back[t * 4 + y]: the best predecessor of state y at t.
  std::vector<uint8_t> back(n * 4);
  double v[4];
  for (int y = 0; y < 4; ++y) v[y] = start_[y] + Emit(y, chars[0]);
  for (size_t t = 1; t < n; ++t) {
    double next[4];
    for (int y = 0; y < 4; ++y) {
      double em = Emit(y, chars[t]);
      int p0 = kPrev[y][0], p1 = kPrev[y][1];
      double a = v[p0] + trans_[p0][y] + em;
      double b = v[p1] + trans_[p1][y] + em;
      // Python's max over (prob, state) tuples: a tie goes to the later state name.
      bool take_b = b > a || (b == a && p1 > p0);
      next[y] = take_b ? b : a;
      back[t * 4 + y] = static_cast<uint8_t>(take_b ? p1 : p0);
    }
    for (int y = 0; y < 4; ++y) v[y] = next[y];
  }
  int state = v[kS] >= v[kE] ? kS : kE;
  std::vector<uint8_t> path(n);
  for (size_t t = n; t-- > 0;) {
    path[t] = static_cast<uint8_t>(state);
    if (t > 0) state = back[t * 4 + state];
  }
  size_t begin = 0, next_start = 0;
  for (size_t i = 0; i < n; ++i) {
    switch (path[i]) {
      case kB:
        begin = i;
        break;
      case kE:
        out->emplace_back(offsets[begin], offsets[i + 1]);
        next_start = i + 1;
        break;
      case kS:
        out->emplace_back(offsets[i], offsets[i + 1]);
        next_start = i + 1;
        break;
      default:
        break;
    }
  }
  if (next_start < n) out->emplace_back(offsets[next_start], offsets[n]);
}

}  // namespace zb::text
