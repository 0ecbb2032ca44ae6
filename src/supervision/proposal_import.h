// The batch import of a session's deputies' suggestions or CPPCC proposals from .xlsx/.csv (the
// file the people's congress or CPPCC sends at the start of the session). All or nothing: every
// row is checked first — required cells, numbers repeated in the file or already registered for
// the session, units that do not exist — and any problem refuses the whole file with one message
// per row; otherwise every item is created (and assigned when the file names a lead unit) in one
// transaction.
//
// Columns, recognised by header (Chinese or the field name): 编号 number, 标题/案由 title,
// 领衔人/提案人/代表 author, 附议人/联名 co_authors, 代表团/界别 delegation, 分类/类别 category,
// 内容/正文 content, 主办单位 lead_unit, 会办单位/协办单位 co_units (separated by 、，, ; or
// spaces), 届次 session. Units are named by their name or code.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cases/case_engine.h"
#include "hotline/table_file.h"

namespace zb::supervision {

struct ProposalImportOptions {
  std::string kind;        // "deputy_suggestion" | "cppcc_proposal"
  std::string session;     // used when the file has no 届次 column
  std::string time_limit;  // for the assignment; "" = the kind's policy (3 months)
  bool dry_run = false;    // check only
  std::string request_id;
};

struct ImportProblem {
  int line = 0;  // the file's row
  std::string message, message_en;
};

struct ProposalImportReport {
  int rows = 0;      // data rows read (blank rows left out)
  int imported = 0;  // written (0 when any problem, or in a dry run)
  int assigned = 0;  // of the rows, those naming a lead unit
  bool dry_run = false;
  std::vector<ImportProblem> problems;  // non-empty: nothing was written
  std::vector<store::Id> ids;
};

// Problems in the file are reported in the report (nothing written); a failed status is for an
// unreadable file, a wrong kind, a missing session, or a store error.
Result<ProposalImportReport> ImportProposals(const cases::CaseEngine& engine,
                                             const cases::Actor& actor, const hotline::Table& table,
                                             const ProposalImportOptions& options);
nlohmann::json ProposalImportJson(const ProposalImportReport& r);

}  // namespace zb::supervision
