// Helpers shared by the text tests: where the repository is and how to run Debian's jieba.
#pragma once

#include <optional>
#include <string>

#include "text/segmenter.h"

namespace zb::text::testing {

// $ZB_SOURCE_DIR (set by CTest), else the current directory.
std::string SourceDir();

// A Python 3 interpreter that can `import jieba`: $ZB_PYTHON, /usr/bin/python3 or python3;
// nullopt if none can.
std::optional<std::string> PythonWithJieba();

// Runs `python` on `script` with the working directory at SourceDir(); returns its stdout, or
// nullopt if it failed.
std::optional<std::string> RunPython(const std::string& python, const std::string& script);

// One segmenter with jieba's default dictionary, loaded once for all tests.
const Segmenter& SharedSegmenter();

}  // namespace zb::text::testing
