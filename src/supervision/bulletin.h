// The monthly bulletin (督查通报), generated from the data and edited by staff before it is issued:
// progress of every key project, instructions and assigned matters closed and outstanding,
// deputies' suggestions and proposals, overdue (red) and near-limit (yellow) items by unit, and
// units ranked by on-time rate. A plain structured document: sections of paragraphs and tables,
// round-tripped through JSON for editing and rendered as .docx (docx.h).
//
// BuildBulletin is pure (the bench and tests give it cases directly); GenerateBulletin reads the
// store.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace zb::supervision {

struct BulletinTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

struct BulletinSection {
  std::string heading;  // "一、重点工程推进情况"
  std::vector<std::string> paragraphs;
  std::optional<BulletinTable> table;
};

struct Bulletin {
  std::string issuer = "泰州市人民政府办公室";
  std::string title;   // 关于2026年3月份督查工作情况的通报
  std::string number;  // 泰政办督〔2026〕3号
  std::string recipients;  // 主送: 各市（区）人民政府，市各委办局，市各直属单位：
  std::string month;      // "2026-03": the period reported on
  std::string signature;  // 泰州市人民政府办公室
  std::string date;       // 2026年4月3日
  std::vector<BulletinSection> sections;
};

struct BulletinOptions {
  std::string month;   // "2026-03"; required
  std::string number;  // "" → 泰政办督〔YYYY〕N号 with N the month number
  std::string issuer = "泰州市人民政府办公室";
  size_t max_listed = 20;  // titles listed per red/yellow unit row
};

// The month [from, to) named "YYYY-MM", or InvalidArgument.
Result<std::pair<Instant, Instant>> MonthBounds(const std::string& month);

// Everything the bulletin reads, gathered once.
struct BulletinInput {
  std::map<store::Id, std::string> unit_names;
  std::vector<store::CaseRecord> cases;  // every case of the supervised kinds
};

// `now` dates the lights (red/yellow) and the bulletin; figures cover the month.
Result<Bulletin> BuildBulletin(const BulletinInput& input, const BulletinOptions& options,
                               Instant now);
Result<Bulletin> GenerateBulletin(store::Store& store, const BulletinOptions& options, Instant now);

// The kinds the bulletin covers.
const std::vector<std::string>& SupervisedKinds();

nlohmann::json BulletinJson(const Bulletin& b);
// An edited bulletin back from JSON; InvalidArgument naming the member that is missing or wrong.
Result<Bulletin> BulletinFromJson(const nlohmann::json& j);

}  // namespace zb::supervision
