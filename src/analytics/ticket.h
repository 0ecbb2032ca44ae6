// Ticket: what analytics reads of a hotline ticket or an online message, reduced to plain values.
// Days are China calendar days counted from 1970-01-01 (day 0), so series are plain arrays.
#pragma once

#include <cstdint>
#include <string>

#include "base/time.h"

namespace zb::analytics {

struct Ticket {
  std::string id;        // 留言编号 / ticket number
  std::string caller;    // 留言用户 / caller's phone; empty when unknown
  std::string title;     // 留言主题; may be empty
  std::string content;   // 留言详情 / the operator's summary
  std::string category;  // 一级分类 or the hotline category; may be empty
  std::string district;  // the district field; may be empty (places are also read from the text)
  int32_t day = 0;       // China date, days since 1970-01-01
  int64_t likes = 0;     // 点赞数; 0 when the source has none
};

inline int32_t DayNumber(Date d) {
  return static_cast<int32_t>(std::chrono::sys_days(d).time_since_epoch().count());
}
inline Date DateOfDay(int32_t day) {
  return Date{std::chrono::sys_days{std::chrono::days{day}}};
}

}  // namespace zb::analytics
