// RFC 4180 CSV, as the office's message exports use it: comma-separated, fields optionally in
// double quotes, "" for a quote inside, newlines allowed inside quoted fields, LF or CRLF rows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace zb::text {

using CsvRow = std::vector<std::string>;

// All rows, the header included. A UTF-8 BOM is skipped. An unterminated quote is an error.
Result<std::vector<CsvRow>> ParseCsv(std::string_view content);

// Reads a CSV file and keeps, for each data row, the named columns joined by `separator`.
// Fails if a column is missing from the header.
Result<std::vector<std::string>> ReadCsvColumns(const std::string& path,
                                                const std::vector<std::string>& columns,
                                                std::string_view separator = "\n");

}  // namespace zb::text
