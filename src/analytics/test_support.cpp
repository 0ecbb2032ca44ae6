#include "analytics/test_support.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "analytics/message_csv.h"

namespace zb::analytics::testing {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::cerr << what << '\n';
  std::abort();
}

}  // namespace

std::string SourceDir() {
  const char* dir = std::getenv("ZB_SOURCE_DIR");
  return dir ? dir : ".";
}

const TermExtractor& SharedExtractor() {
  static const auto* segmenter = [] {
    auto s = text::Segmenter::Load();
    if (!s.ok()) Die(s.status().ToString());
    return new text::Segmenter(std::move(s).value());
  }();
  static const auto* idf = [] {
    auto t = text::IdfTable::LoadFromJiebaDir();
    if (!t.ok()) Die(t.status().ToString());
    return new text::IdfTable(std::move(t).value());
  }();
  static const TermExtractor extractor(*segmenter, *idf);
  return extractor;
}

const calendar::WorkingCalendar& RealCalendar() {
  static const auto* calendar = [] {
    auto c = calendar::WorkingCalendar::LoadDirectory(SourceDir() + "/data/holidays-cn");
    if (!c.ok()) Die(c.status().ToString());
    return new calendar::WorkingCalendar(std::move(c).value());
  }();
  return *calendar;
}

const std::vector<Ticket>& Attachment3() {
  static const auto* tickets = [] {
    std::ifstream in(SourceDir() + "/data/tipdm2020-sample/attachment3.csv", std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto file = ParseMessageCsv(buffer.str());
    if (!file.ok()) Die(file.status().ToString());
    return new std::vector<Ticket>(std::move(file->tickets));
  }();
  return *tickets;
}

}  // namespace zb::analytics::testing
