// Reading tabular files for import: CSV (RFC 4180, UTF-8, optional BOM, quoted fields spanning
// lines) and .xlsx (the first worksheet: zipped SpreadsheetML with shared strings). Rows come
// back as cell text exactly as stored (no trimming); numbers keep Excel's text (42894.7300926).
// Blank rows are kept, so row numbers match the file's. Pure; thread-safe.
#pragma once

#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace zb::hotline {

using Row = std::vector<std::string>;

struct Table {
  std::vector<Row> rows;     // the header row first
  std::vector<int> line_of;  // the file's row (xlsx) or first line (csv) of each row, 1-based
  bool unterminated_quote = false;  // the last row's quote is never closed (ParseCsvPart)
};

// Files larger than this are refused before parsing (uploads through the API).
inline constexpr size_t kMaxTableBytes = 64u << 20;

// InvalidArgument for broken UTF-8 (naming the line), an unterminated quote, or an oversize file.
Result<Table> ParseCsv(std::string_view bytes, size_t max_bytes = kMaxTableBytes);

// Where a part of a CSV file ends: the bytes of its complete rows, and the line that follows.
struct CsvCursor {
  size_t consumed = 0;
  int line = 1;
};
// The complete rows at the front of `bytes`, which begins a row on `cursor.line`; `cursor` then
// says how many bytes they took and the next row's line. Unless `last`, a row cut off at the end
// (or a "\r" or quote that the next byte decides) is left for the next part; if `last`, a quote
// never closed makes the rest one row, flagged `unterminated_quote`. Cells are not checked for
// UTF-8 (CheckUtf8; ParseCsv refuses the whole file for either fault).
Table ParseCsvPart(std::string_view bytes, bool last, CsvCursor& cursor);
// InvalidArgument naming `line` when a cell of `row` is not valid UTF-8.
Status CheckUtf8(const Row& row, int line);

// A row longer than this stops a file read a part at a time (a quote never closed makes the rest
// of the file one row).
inline constexpr size_t kMaxCsvRowBytes = 64u << 20;

// Reads a CSV file a part at a time, so that a file of millions of rows is never held whole.
// Rows come as from ParseCsvPart: a row's UTF-8 and the last row's quote are the caller's to
// judge (an import rejects such a row and goes on).
//
//   ZB_ASSIGN_OR_RETURN(auto reader, CsvFileReader::Open(path));
//   while (true) {
//     ZB_ASSIGN_OR_RETURN(std::optional<Table> part, reader.Next());
//     if (!part) break;  // rows and line numbers as ParseCsv gives them for the whole file
//   }
class CsvFileReader {
 public:
  static Result<CsvFileReader> Open(const std::string& path);
  // The complete rows of about the next `part_bytes` of the file (at least one row);
  // nullopt after the last. InvalidArgument for a row longer than kMaxCsvRowBytes.
  Result<std::optional<Table>> Next(size_t part_bytes = 16u << 20);

 private:
  CsvFileReader() = default;
  std::unique_ptr<std::ifstream> file_;
  std::string pending_;  // read, not yet parsed: the start of a row
  int line_ = 1;
  bool first_ = true, at_end_ = false;
};
// InvalidArgument when `bytes` is not a readable .xlsx (not a zip, no worksheet, bad XML).
Result<Table> ParseXlsx(std::string_view bytes);
// By content: a zip signature means .xlsx, anything else is read as CSV.
Result<Table> ParseTable(std::string_view bytes, size_t max_csv_bytes = kMaxTableBytes);

}  // namespace zb::hotline
