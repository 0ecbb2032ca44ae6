#include "text/csv.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace zb::text {

Result<std::vector<CsvRow>> ParseCsv(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  size_t i = 0;
  bool row_open = false;
  while (i < s.size()) {
    char c = s[i];
    if (c == '"' && field.empty()) {
      size_t start = i;
      ++i;
      while (true) {
        if (i >= s.size()) {
          return Invalid("CSV 引号未闭合（字节 " + std::to_string(start) + "）",
                         "unterminated quote at byte " + std::to_string(start));
        }
        if (s[i] == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += s[i++];
      }
      row_open = true;
      continue;
    }
    if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      row_open = true;
      ++i;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      ++i;
      if (row_open || !field.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
      }
      field.clear();
      row.clear();
      row_open = false;
    } else {
      field += c;
      row_open = true;
      ++i;
    }
  }
  if (row_open || !field.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<std::string>> ReadCsvColumns(const std::string& path,
                                                const std::vector<std::string>& columns,
                                                std::string_view separator) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("找不到文件：" + path, "file not found: " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  ZB_ASSIGN_OR_RETURN(std::vector<CsvRow> rows, ParseCsv(buffer.str()));
  if (rows.empty()) return Invalid("CSV 文件为空：" + path, "empty CSV file: " + path);
  std::vector<size_t> index;
  for (const std::string& name : columns) {
    auto it = std::find(rows[0].begin(), rows[0].end(), name);
    if (it == rows[0].end()) {
      return Invalid(path + " 中没有列“" + name + "”", "no column '" + name + "' in " + path);
    }
    index.push_back(it - rows[0].begin());
  }
  std::vector<std::string> out;
  for (size_t r = 1; r < rows.size(); ++r) {
    std::string joined;
    for (size_t k = 0; k < index.size(); ++k) {
      if (k > 0) joined += separator;
      if (index[k] < rows[r].size()) joined += rows[r][index[k]];
    }
    out.push_back(std::move(joined));
  }
  return out;
}

}  // namespace zb::text
