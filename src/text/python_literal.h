// Reads the probability tables jieba ships as Python source (`finalseg/prob_*.py`): a module that
// assigns `P = {...}`, a dict of string keys to numbers or to dicts of string keys to numbers.
// Only that subset of Python literal syntax is accepted; anything else is an error, never a crash.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/status.h"

namespace zb::text {

// Outer key -> inner key -> value. A flat dict ({'B': -0.26, ...}) comes back with one empty
// inner key per outer key: {"B": {"": -0.26}}.
using ProbTable = std::map<std::string, std::map<std::string, double>>;

// Parses the first `{...}` literal after "P" and "=" in `source`. String keys may use '' or ""
// quotes with \uXXXX, \UXXXXXXXX, \xXX and the usual single-character escapes; the result keys
// are UTF-8.
Result<ProbTable> ParseProbTable(std::string_view source);

}  // namespace zb::text
