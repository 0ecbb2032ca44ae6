#include "calendar/holiday_file.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace zb::calendar {

namespace {

using nlohmann::json;

Status FileError(const std::string& source, const std::string& zh, const std::string& en) {
  return Invalid("节假日文件 " + source + "：" + zh, "holiday file " + source + ": " + en);
}

Result<json> ParseJson(std::string_view text, const std::string& source) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    return FileError(source, std::string("不是有效的 JSON（") + e.what() + "）",
                     std::string("not valid JSON (") + e.what() + ")");
  }
  if (!doc.is_object())
    return FileError(source, "顶层必须是对象", "the top level must be an object");
  return doc;
}

// Parses doc["days"]; when `year` is non-zero every date must lie in it.
Result<std::vector<HolidayEntry>> ParseDays(const json& doc, int year, const std::string& source) {
  auto it = doc.find("days");
  if (it == doc.end() || !it->is_array()) {
    return FileError(source, "缺少 days 数组", "\"days\" must be an array");
  }
  std::vector<HolidayEntry> entries;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& day = (*it)[i];
    std::string where = "days[" + std::to_string(i) + "]";
    if (!day.is_object())
      return FileError(source, where + " 必须是对象", where + " must be an object");
    auto name = day.find("name");
    auto date = day.find("date");
    auto off = day.find("isOffDay");
    if (name == day.end() || !name->is_string() || date == day.end() || !date->is_string() ||
        off == day.end() || !off->is_boolean()) {
      return FileError(source, where + " 需要 name（字符串）、date（字符串）和 isOffDay（布尔值）",
                       where + " needs name (string), date (string) and isOffDay (boolean)");
    }
    std::string text = date->get<std::string>();
    auto parsed = ParseDate(text);
    if (!parsed) {
      return FileError(source, where + " 的日期“" + text + "”无效，应为 YYYY-MM-DD",
                       where + " has a bad date '" + text + "' (expected YYYY-MM-DD)");
    }
    bool in_year = int(parsed->year()) == year ||
                   (int(parsed->year()) == year - 1 && parsed->month() == std::chrono::December);
    if (year != 0 && !in_year) {
      return FileError(source,
                       where + " 的日期 " + text + " 不在 " + std::to_string(year) +
                           " 年内（仅元旦安排可从上一年 12 月开始）",
                       where + " date " + text + " is not in the year " + std::to_string(year) +
                           " (only the New Year arrangement may start in the previous December)");
    }
    entries.push_back({*parsed, name->get<std::string>(), off->get<bool>()});
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const HolidayEntry& a, const HolidayEntry& b) { return a.date < b.date; });
  for (size_t i = 1; i < entries.size(); ++i) {
    if (entries[i].date == entries[i - 1].date) {
      std::string d = FormatDate(entries[i].date);
      return FileError(source, "日期 " + d + " 重复出现", "duplicate date " + d);
    }
  }
  return entries;
}

}  // namespace

Result<HolidayYear> ParseHolidayYear(std::string_view text, const std::string& source) {
  ZB_ASSIGN_OR_RETURN(json doc, ParseJson(text, source));
  auto year = doc.find("year");
  if (year == doc.end() || !year->is_number_integer()) {
    return FileError(source, "缺少整数 year 字段", "\"year\" must be an integer");
  }
  HolidayYear out;
  out.year = year->get<int>();
  if (out.year < 1900 || out.year > 2200) {
    return FileError(source, "年份 " + std::to_string(out.year) + " 超出范围 1900–2200",
                     "year " + std::to_string(out.year) + " is outside 1900-2200");
  }
  if (auto papers = doc.find("papers"); papers != doc.end()) {
    if (!papers->is_array())
      return FileError(source, "papers 必须是数组", "\"papers\" must be an array");
    for (const json& p : *papers) {
      if (p.is_string()) out.papers.push_back(p.get<std::string>());
    }
  }
  ZB_ASSIGN_OR_RETURN(out.entries, ParseDays(doc, out.year, source));
  return out;
}

Status ReadTextFile(const std::filesystem::path& path, std::string& out) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return NotFound("文件不存在：" + path.string(), "no such file: " + path.string());
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in && !in.eof()) {
    return Internal("无法读取文件：" + path.string(), "cannot read file: " + path.string());
  }
  out = std::move(buffer).str();
  return Status::Ok();
}

Result<HolidayYear> ReadHolidayYearFile(const std::filesystem::path& path) {
  std::string text;
  ZB_RETURN_IF_ERROR(ReadTextFile(path, text));
  std::string source = path.filename().string();
  ZB_ASSIGN_OR_RETURN(HolidayYear year, ParseHolidayYear(text, source));
  std::string stem = path.stem().string();
  bool named_as_year = stem.size() == 4 && std::all_of(stem.begin(), stem.end(), ::isdigit);
  if (named_as_year && std::stoi(stem) != year.year) {
    return FileError(source, "文件名与 year 字段（" + std::to_string(year.year) + "）不一致",
                     "the file name does not match \"year\": " + std::to_string(year.year));
  }
  return year;
}

Result<std::vector<HolidayEntry>> ParseLocalOverrides(std::string_view text,
                                                      const std::string& source) {
  ZB_ASSIGN_OR_RETURN(json doc, ParseJson(text, source));
  return ParseDays(doc, 0, source);
}

}  // namespace zb::calendar
