#include "calendar/test_support.h"

#include <unistd.h>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace zb::calendar::testing {

std::filesystem::path SourceDir() {
  const char* env = std::getenv("ZB_SOURCE_DIR");
  return env && *env ? std::filesystem::path(env) : std::filesystem::current_path();
}

const WorkingCalendar& RealCalendar() {
  static const WorkingCalendar calendar = [] {
    auto loaded = WorkingCalendar::LoadDirectory(SourceDir() / "data" / "holidays-cn");
    if (!loaded.ok()) {
      std::fprintf(stderr, "cannot load the holiday data: %s\n",
                   loaded.status().ToString().c_str());
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return calendar;
}

Instant At(std::string_view china_time) {
  auto t = ParseInstant(china_time);
  if (!t) {
    std::fprintf(stderr, "bad instant literal in a test: %.*s\n", int(china_time.size()),
                 china_time.data());
    std::abort();
  }
  return *t;
}

Date D(std::string_view date) {
  auto d = ParseDate(date);
  if (!d) {
    std::fprintf(stderr, "bad date literal in a test: %.*s\n", int(date.size()), date.data());
    std::abort();
  }
  return *d;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("zb_calendar_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path TempDir::Write(const std::string& name, std::string_view text) const {
  std::filesystem::path file = path_ / name;
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

}  // namespace zb::calendar::testing
