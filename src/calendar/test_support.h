// Helpers shared by the calendar tests: the repository's real holiday data, instants written in
// China time, and temporary folders.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "base/time.h"
#include "calendar/working_calendar.h"

namespace zb::calendar::testing {

// $ZB_SOURCE_DIR (set by CTest), else the current directory.
std::filesystem::path SourceDir();
// The calendar loaded from <source>/data/holidays-cn; aborts the test binary if it cannot load.
const WorkingCalendar& RealCalendar();
// "2025-09-30 17:45" in China time; aborts on a malformed literal.
Instant At(std::string_view china_time);
Date D(std::string_view date);

// A fresh empty folder, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `text` to path()/name and returns the full path.
  std::filesystem::path Write(const std::string& name, std::string_view text) const;

 private:
  std::filesystem::path path_;
};

}  // namespace zb::calendar::testing
