// jieba's hidden Markov model for words the dictionary does not know (`finalseg`): four states
// B(egin), M(iddle), E(nd), S(ingle) over the ideographs U+4E00..U+9FD5, decoded with Viterbi
// exactly as jieba does, including its tie-breaking and its -3.14e100 floor for unseen events.
//
// Immutable after Load(); safe to share across threads.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace zb::text {

class HmmModel {
 public:
  // Reads prob_start.py, prob_trans.py and prob_emit.py from `finalseg_dir`.
  static Result<HmmModel> Load(const std::string& finalseg_dir);

  // Cuts a run of ideographs (every code point in U+4E00..U+9FD5; `chars` are their code points and
  // `offsets` the byte offset of each plus the end offset) into words, appending byte ranges
  // [begin, end) to `out`.
  void Cut(const char32_t* chars, const uint32_t* offsets, size_t n,
           std::vector<std::pair<uint32_t, uint32_t>>* out) const;

 private:
  static constexpr char32_t kFirst = 0x4E00;
  static constexpr char32_t kLast = 0x9FD5;
  double Emit(int state, char32_t c) const { return emit_[state][c - kFirst]; }

  std::array<double, 4> start_{};                 // by state B, E, M, S
  std::array<std::array<double, 4>, 4> trans_{};  // [from][to]
  std::array<std::vector<double>, 4> emit_;       // [state][c - kFirst]
};

}  // namespace zb::text
