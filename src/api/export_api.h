// GET /api/cases/export: the case list under the same filters as GET /api/cases, as an Excel
// workbook (.xlsx) with Chinese column headers.
#pragma once

#include <string>
#include <vector>

#include "api/api.h"
#include "http/request.h"

namespace zb::api {

// A cell value that a spreadsheet would not read as a formula: text starting with = + - @ (or a
// tab or carriage return) gets a leading apostrophe.
std::string SpreadsheetSafe(const std::string& text);

// The workbook's bytes: one sheet, `header` in bold, then `rows`. Fails on an I/O error.
Result<std::string> WriteXlsx(const std::string& sheet_name, const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& rows);

void RegisterExportRoutes(http::Router& router, ApiContext& ctx);

}  // namespace zb::api
