#include "analytics/message_csv.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "text/csv.h"

namespace zb::analytics {
namespace {

std::string_view Trim(std::string_view s) {
  const std::string_view space = " \t\r\n";
  while (!s.empty() && space.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
  while (!s.empty() && space.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  // Full-width spaces (U+3000) that exports indent paragraphs with.
  while (s.size() >= 3 && s.substr(0, 3) == "\xE3\x80\x80") s.remove_prefix(3);
  while (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") s.remove_suffix(3);
  return s;
}

// Collapses runs of whitespace (including U+3000) into one space.
std::string CleanText(std::string_view s) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool is_space = s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n';
    if (!is_space && s.substr(i, 3) == "\xE3\x80\x80") {
      is_space = true;
      i += 2;
    }
    if (is_space) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += s[i];
  }
  return out;
}

std::optional<int32_t> DayFromCivil(int y, int m, int d) {
  using namespace std::chrono;
  year_month_day ymd{year{y}, month{unsigned(m)}, day{unsigned(d)}};
  if (!ymd.ok() || y < 1900 || y > 2200) return std::nullopt;
  return DayNumber(ymd);
}

}  // namespace

std::optional<int32_t> ParseMessageDay(std::string_view cell) {
  cell = Trim(cell);
  if (cell.empty()) return std::nullopt;
  // An Excel serial: a plain decimal number.
  bool numeric = cell.find_first_not_of("0123456789.") == std::string_view::npos;
  if (numeric) {
    double serial = std::strtod(std::string(cell).c_str(), nullptr);
    // 1900-01-01 .. 2200-12-31 in Excel's numbering.
    if (!(serial >= 1 && serial < 110000)) return std::nullopt;
    return static_cast<int32_t>(std::floor(serial)) - 25569;
  }
  // Text: the first three runs of digits are year, month, day.
  int parts[3];
  int found = 0;
  size_t i = 0;
  while (found < 3 && i < cell.size()) {
    if (cell[i] < '0' || cell[i] > '9') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < cell.size() && cell[j] >= '0' && cell[j] <= '9') ++j;
    if (j - i > 4) return std::nullopt;
    std::from_chars(cell.data() + i, cell.data() + j, parts[found++]);
    i = j;
  }
  if (found < 3) return std::nullopt;
  return DayFromCivil(parts[0], parts[1], parts[2]);
}

Result<MessageFile> ParseMessageCsv(std::string_view content) {
  ZB_ASSIGN_OR_RETURN(std::vector<text::CsvRow> rows, text::ParseCsv(content));
  if (rows.empty()) return Invalid("文件为空", "the file is empty");
  const text::CsvRow& header = rows[0];
  auto column = [&](std::string_view name) -> int {
    for (size_t i = 0; i < header.size(); ++i)
      if (Trim(header[i]) == name) return int(i);
    return -1;
  };
  int id = column("留言编号"), user = column("留言用户"), title = column("留言主题");
  int time = column("留言时间"), detail = column("留言详情"), likes = column("点赞数");
  int category = column("一级分类");
  if (id < 0 || time < 0 || (title < 0 && detail < 0)) {
    return Invalid("缺少必需的列：留言编号、留言时间、留言主题或留言详情",
                   "missing a required column: 留言编号, 留言时间, 留言主题 or 留言详情");
  }
  auto cell = [](const text::CsvRow& row, int i) -> std::string_view {
    return i >= 0 && size_t(i) < row.size() ? std::string_view(row[i]) : std::string_view();
  };
  MessageFile file;
  for (size_t r = 1; r < rows.size(); ++r) {
    const text::CsvRow& row = rows[r];
    std::optional<int32_t> day = ParseMessageDay(cell(row, time));
    Ticket t;
    t.id = std::string(Trim(cell(row, id)));
    t.caller = std::string(Trim(cell(row, user)));
    t.title = CleanText(cell(row, title));
    t.content = CleanText(cell(row, detail));
    t.category = std::string(Trim(cell(row, category)));
    if (!day || (t.title.empty() && t.content.empty())) {
      ++file.skipped;
      continue;
    }
    t.day = *day;
    std::string_view like_text = Trim(cell(row, likes));
    int64_t like_count = 0;
    auto [ptr, ec] =
        std::from_chars(like_text.data(), like_text.data() + like_text.size(), like_count);
    if (ec == std::errc() && like_count > 0) t.likes = like_count;
    file.tickets.push_back(std::move(t));
  }
  return file;
}

}  // namespace zb::analytics
