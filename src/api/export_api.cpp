#include "api/export_api.h"

#include "api/case_query.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "api/handler_support.h"
#include "api/json_views.h"

namespace zb::api {

namespace {

using http::Request;
using http::Response;

// Exports stop here; a larger register is exported by kind or by period.
constexpr size_t kMaxExportRows = 100000;

std::string UnitName(ApiContext& ctx, store::Id id) {
  auto u = ctx.store.GetUnit(id);
  return u.ok() ? u->name : "#" + std::to_string(id);
}

std::string LightLabel(const std::string& light) {
  if (light == "red") return "红灯";
  if (light == "yellow") return "黄灯";
  if (light == "green") return "绿灯";
  return "";
}

std::string UrgencyLabel(const std::string& urgency) {
  if (urgency == "urgent") return "加急";
  if (urgency == "extra_urgent") return "特急";
  return "";
}

std::string Minute(const std::optional<Instant>& t) {
  return t ? FormatChinaMinute(*t) : "";
}

Response Export(ApiContext& ctx, Request& r) {
  auto q = CaseQueryFromRequest(ctx, r);
  if (!q.ok()) return Response::Error(q.status());
  q->limit = 200;
  q->cursor.reset();
  std::vector<std::vector<std::string>> rows;
  while (true) {
    auto page = ctx.store.ListCases(*q);
    if (!page.ok()) return Response::Error(page.status());
    for (const auto& c : page->cases) {
      const cases::Workflow* wf = ctx.engine.workflows().Find(c.kind);
      const cases::StateDef* st = wf ? wf->FindState(c.state) : nullptr;
      std::string co;
      for (store::Id u : c.co_unit_ids) co += (co.empty() ? "" : "、") + UnitName(ctx, u);
      rows.push_back({std::to_string(c.id), wf ? wf->label : c.kind, c.title,
                      st ? st->label : c.state,
                      c.lead_unit_id ? UnitName(ctx, *c.lead_unit_id) : "", co,
                      UrgencyLabel(c.urgency), LightLabel(LightOf(c, q->now)), Minute(c.due_at),
                      FormatChinaMinute(c.created_at), Minute(c.closed_at)});
      if (rows.size() >= kMaxExportRows) break;
    }
    if (rows.size() >= kMaxExportRows || !page->next_cursor) break;
    q->cursor = page->next_cursor;
  }
  static const std::vector<std::string> kHeader = {"编号",     "类别",     "标题",     "状态",
                                                   "主办单位", "协办单位", "紧急程度", "灯色",
                                                   "时限",     "登记时间", "办结时间"};
  auto bytes = WriteXlsx("事项台账", kHeader, rows);
  if (!bytes.ok()) return Response::Error(bytes.status());
  return Response::Bytes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         std::move(*bytes), "事项台账.xlsx");
}

}  // namespace

std::string SpreadsheetSafe(const std::string& text) {
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                        text[0] == '\t' || text[0] == '\r')) {
    return "'" + text;
  }
  return text;
}

Result<std::string> WriteXlsx(const std::string& sheet_name, const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& rows) {
  char path[] = "/tmp/zb-export-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return Internal("无法创建临时文件", "cannot create a temporary file");
  close(fd);
  struct Cleanup {
    const char* p;
    ~Cleanup() { std::remove(p); }
  } cleanup{path};

  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = const_cast<char*>("/tmp");
  lxw_workbook* wb = workbook_new_opt(path, &options);
  if (!wb) return Internal("无法创建 Excel 文件", "cannot create the workbook");
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name.c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_bg_color(bold, 0xE8EEF7);
  for (size_t c = 0; c < header.size(); ++c) {
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c].c_str(), bold);
  }
  worksheet_set_column(ws, 0, 0, 8, nullptr);
  worksheet_set_column(ws, 1, 1, 14, nullptr);
  worksheet_set_column(ws, 2, 2, 40, nullptr);
  worksheet_set_column(ws, 3, static_cast<lxw_col_t>(header.size() - 1), 16, nullptr);
  worksheet_freeze_panes(ws, 1, 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t c = 0; c < rows[i].size(); ++c) {
      if (rows[i][c].empty()) continue;
      worksheet_write_string(ws, static_cast<lxw_row_t>(i + 1), static_cast<lxw_col_t>(c),
                             SpreadsheetSafe(rows[i][c]).c_str(), nullptr);
    }
  }
  if (workbook_close(wb) != LXW_NO_ERROR) {
    return Internal("写入 Excel 文件失败", "writing the workbook failed");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  if (!in) return Internal("读取 Excel 文件失败", "reading the workbook back failed");
  return out.str();
}

void RegisterExportRoutes(http::Router& router, ApiContext& ctx) {
  router.Get("/api/cases/export", [&ctx](Request& r) { return Export(ctx, r); });
}

}  // namespace zb::api
