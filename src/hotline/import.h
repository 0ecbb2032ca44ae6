// Importing historical tickets from .csv / .xlsx files: map columns to ticket fields, clean the
// cells (tabs, full-width spaces, blank lines, Excel serial dates), check every row through the
// case engine, and write the accepted rows in batches of 50,000, one transaction each
// (all-or-nothing per batch), each with its audit record, on a thread of their own.
//
//   auto table = ParseTable(bytes);  // an upload: the whole file at once
//   auto plan = PlanImport(*table, AutoMapping(table->rows[0]), {});
//   auto report = ImportTickets(engine, actor, *plan, /*dry_run=*/true);
//
//   ColumnMapping mapping;  // a CSV file on the command line, read a part at a time
//   auto report = ImportCsvFile(engine, actor, "tickets.csv", mapping, {}, false, false);
//
// Each ticket is created at its original time (the `received_at` column); a row with a reply
// (答复意见) is closed with that reply at the reply's time, otherwise it stays registered.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cases/case_engine.h"
#include "hotline/table_file.h"

namespace zb::hotline {

// Target -> the header of the column that fills it. Targets: external_id, caller_name, phone,
// title, received_at, content, category, request_type, channel, district, address, votes_up,
// votes_down, reply, replied_at.
using ColumnMapping = std::map<std::string, std::string>;

const std::vector<std::string>& ImportTargets();
// Recognises the sample data's headers (留言编号, 留言用户, 留言主题, 留言时间, 留言详情, 一级分类,
// 点赞数, 反对数, 答复意见, 答复时间), common Chinese synonyms and the target names themselves.
ColumnMapping AutoMapping(const Row& header);

struct ImportOptions {
  std::string default_channel = "web";  // when no channel column (a message board)
  bool strict = false;                  // reject the whole file if any row is rejected
};

struct ImportRow {
  int line = 0;  // in the file
  bool ok = true;
  std::string reason, reason_en;  // why it is rejected
  cases::CreateRequest create;
  Instant received_at{};
  std::string reply;
  std::optional<Instant> replied_at;
};

struct ImportPlan {
  std::vector<ImportRow> rows;  // blank rows are left out
  int blank_rows = 0;
};

// Reads every data row of `table` (after the header). Rows are rejected with a reason (missing
// title and content, an unreadable time, an unknown request type or channel, …); the mapping
// must name columns that exist and at least title or content, and received_at.
Result<ImportPlan> PlanImport(const Table& table, const ColumnMapping& mapping,
                              const ImportOptions& options);

// The rows a report keeps: the first ones, and every rejected row after them.
inline constexpr size_t kReportRows = 1000;

struct ImportReport {
  int imported = 0;  // written (or, in a dry run, that would be)
  int rejected = 0;
  int blank_rows = 0;
  bool dry_run = false;
  std::vector<ImportRow> rows;  // the first kReportRows, then only the rejected ones
};

nlohmann::json ImportReportJson(const ImportReport& r, size_t max_rows = 1000);

inline constexpr size_t kImportBatchRows = 50000;

struct ImportWrite {
  std::string source;                    // the file's name, for the audit records
  size_t batch_rows = kImportBatchRows;  // tickets a transaction
  // Called (on the writing thread) after each batch with the tickets written so far.
  std::function<void(int64_t written)> progress;
  size_t part_bytes = 16u << 20;  // of a CSV file read at a time (ImportCsvFile)
};

// Checks every accepted row with the engine (fields, permissions) at its original time and then,
// unless `dry_run` (or `strict` and a row was rejected), writes them as `actor` in transactions
// of `write.batch_rows` tickets, each with an audit record "hotline.import" on its last ticket
// naming the file, the batch and its count; the last batch's also the number of batches and the
// import's totals (imported, rejected). A failing write leaves the batches before it written and
// returns the error, saying how many tickets were written.
Result<ImportReport> ImportTickets(const cases::CaseEngine& engine, const cases::Actor& actor,
                                   ImportPlan plan, bool dry_run, bool strict = false,
                                   const ImportWrite& write = {});

// The same for a CSV file read a part at a time (a million historical tickets are a gigabyte):
// each part is planned and checked while the parts before it are written, so the file is never
// held whole and both cores work. A row that is not valid UTF-8, or whose quote is never closed,
// is rejected like any other bad row. An empty `mapping` becomes AutoMapping of the header. With
// `dry_run` or `strict` the whole file is checked first; a strict import then reads it again to
// write.
Result<ImportReport> ImportCsvFile(const cases::CaseEngine& engine, const cases::Actor& actor,
                                   const std::string& path, ColumnMapping& mapping,
                                   const ImportOptions& options, bool dry_run, bool strict,
                                   const ImportWrite& write = {});

// A cell's time: "2020/1/6 12:09:38", "2020-01-06 12:09", "2020年1月6日", or an Excel serial
// number (days since 1899-12-30, China time). Pure.
std::optional<Instant> ParseCellTime(std::string_view cell);
// The request type a message's text suggests (plain keyword rules): 咨询/请问 → inquiry, 举报 →
// report, 建议 → suggestion, 求助/请求帮助 → help, otherwise complaint.
std::string GuessRequestType(std::string_view title, std::string_view content);

}  // namespace zb::hotline
