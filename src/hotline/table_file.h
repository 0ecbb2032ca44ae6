// Reading tabular files for import: CSV (RFC 4180, UTF-8, optional BOM, quoted fields spanning
// lines) and .xlsx (the first worksheet: zipped SpreadsheetML with shared strings). Rows come
// back as cell text exactly as stored (no trimming); numbers keep Excel's text (42894.7300926).
// Blank rows are kept, so row numbers match the file's. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace zb::hotline {

using Row = std::vector<std::string>;

struct Table {
  std::vector<Row> rows;     // the header row first
  std::vector<int> line_of;  // the file's row (xlsx) or first line (csv) of each row, 1-based
};

// Files larger than this are refused before parsing (uploads through the API).
inline constexpr size_t kMaxTableBytes = 64u << 20;
// The command line's limit for CSV files (a million historical tickets are about 1.1 GB).
inline constexpr size_t kMaxCommandLineCsvBytes = size_t{8} << 30;

// InvalidArgument for broken UTF-8 (naming the line), an unterminated quote, or an oversize file.
Result<Table> ParseCsv(std::string_view bytes, size_t max_bytes = kMaxTableBytes);
// InvalidArgument when `bytes` is not a readable .xlsx (not a zip, no worksheet, bad XML).
Result<Table> ParseXlsx(std::string_view bytes);
// By content: a zip signature means .xlsx, anything else is read as CSV.
Result<Table> ParseTable(std::string_view bytes, size_t max_csv_bytes = kMaxTableBytes);

// True when `s` is valid UTF-8.
bool IsValidUtf8(std::string_view s);

}  // namespace zb::hotline
