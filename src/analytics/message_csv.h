// Reading citizen messages from a CSV export with the columns of the TipDM attachments:
// 留言编号, 留言用户, 留言主题, 留言时间, 留言详情 and optionally 点赞数, 反对数, 一级分类.
//
// Required: 留言编号, 留言时间 and at least one of 留言主题 / 留言详情. 留言时间 may be text
// ("2020/1/6 12:09:38", "2019-07-21", "2020年1月6日") or an Excel serial number (days since
// 1899-12-30, e.g. 43667.53). A row whose time cannot be read, or that is empty, is skipped and
// counted in `skipped`; a missing required column or an unterminated quote is an error.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "analytics/ticket.h"
#include "base/status.h"

namespace zb::analytics {

struct MessageFile {
  std::vector<Ticket> tickets;
  size_t skipped = 0;  // rows without a readable time or with no text
};

Result<MessageFile> ParseMessageCsv(std::string_view content);

// The China day of a 留言时间 cell (text or Excel serial), or nullopt.
std::optional<int32_t> ParseMessageDay(std::string_view cell);

}  // namespace zb::analytics
