#include "text/test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace zb::text::testing {

std::string SourceDir() {
  const char* dir = std::getenv("ZB_SOURCE_DIR");
  return dir && *dir ? dir : ".";
}

std::optional<std::string> RunPython(const std::string& python, const std::string& script) {
  char path[] = "/tmp/zb_text_test_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return std::nullopt;
  close(fd);
  std::ofstream(path) << script;
  std::string command = "cd '" + SourceDir() + "' && '" + python + "' " + path + " 2>/dev/null";
  std::optional<std::string> out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    std::string text;
    char buffer[65536];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, n);
    if (pclose(pipe) == 0) out = std::move(text);
  }
  std::remove(path);
  return out;
}

std::optional<std::string> PythonWithJieba() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("ZB_PYTHON")) candidates.emplace_back(env);
  candidates.emplace_back("/usr/bin/python3");
  candidates.emplace_back("python3");
  for (const auto& python : candidates) {
    auto out = RunPython(python, "import jieba\nprint('ok')\n");
    if (out && out->find("ok") != std::string::npos) return python;
  }
  return std::nullopt;
}

const Segmenter& SharedSegmenter() {
  static const Segmenter* segmenter = [] {
    auto loaded = Segmenter::Load();
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status().ToString();
      std::abort();
    }
    return new Segmenter(std::move(loaded).value());
  }();
  return *segmenter;
}

}  // namespace zb::text::testing
