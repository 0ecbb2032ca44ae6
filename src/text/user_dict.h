// The lines of a user dictionary in jieba's format (`word [freq] [tag]`, one a line, UTF-8),
// checked line by line for the admin screen: each bad line is reported with its number instead of
// being loaded as a strange word. Stricter than jieba on one point: after the optional frequency
// (digits) and tag (lower-case letters) the word may not contain white space, so "泰州 NS" is an
// error rather than the word "泰州 NS". Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "text/segmenter.h"

namespace zb::text {

inline constexpr size_t kMaxUserWordBytes = 64;
inline constexpr int64_t kMaxUserWordFreq = 100'000'000;

struct UserDictEntry {
  std::string word;
  std::optional<int64_t> freq;
  std::string tag;
};

struct UserDictLineError {
  size_t line = 0;  // 1-based
  std::string message;
  std::string message_en;
};

struct ParsedUserDict {
  std::vector<UserDictEntry> entries;  // in file order; blank lines skipped
  std::vector<UserDictLineError> errors;
};

// A BOM and CR line ends are accepted.
ParsedUserDict ParseUserDict(std::string_view content);
// One line; kInvalidArgument saying what is wrong.
Result<UserDictEntry> ParseUserDictLine(std::string_view line);
// A copy of `base` with the words added (jieba's add_word), for swapping in while `base` serves.
Segmenter WithUserWords(const Segmenter& base, const std::vector<UserDictEntry>& words);
// The entry as a line of jieba's format.
std::string FormatUserDictLine(const UserDictEntry& e);

}  // namespace zb::text
