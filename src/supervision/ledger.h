// Ledgers (台账): the register of every case of a supervised kind, with the columns the office
// keeps for it, as a table (the API writes it as .xlsx). Pure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/records.h"

namespace zb::supervision {

struct LedgerTable {
  std::string sheet_name;  // the kind's Chinese name, e.g. 领导批示件台账
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

struct LedgerNames {
  std::map<store::Id, std::string> units, users;
  std::map<std::string, std::string> state_labels;  // state id → label for the kind
};

// InvalidArgument for a kind without a ledger (instruction, assignment, deputy_suggestion,
// cppcc_proposal, key_project have one).
Result<LedgerTable> BuildLedger(const std::string& kind,
                                const std::vector<store::CaseRecord>& cases,
                                const LedgerNames& names, Instant now);

}  // namespace zb::supervision
