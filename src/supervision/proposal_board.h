// The session's progress board for deputies' suggestions and CPPCC proposals ("到 6 月底已全部办理
// 结束": what remains, by unit), and the co-units whose opinion is overdue (due to the lead unit
// within a month of assignment).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace zb::supervision {

struct BoardRow {
  std::optional<store::Id> unit_id;  // the lead unit; nullopt: not yet assigned
  int total = 0;
  int unassigned = 0;  // registered, returned, or merged awaiting the main item's reply
  int in_hand = 0;     // assigned, handling, re-handled after dissatisfaction
  int replied = 0;     // awaiting the author's view
  int closed = 0;
  int remaining = 0;  // not closed (split items are counted through their parts)
  int overdue = 0;    // open past the time limit at `now`
  std::map<std::string, int> answer_class;  // A/B/C/D among replied and closed
  std::map<std::string, int> satisfaction;
};

struct SessionBoard {
  std::string kind, session;
  BoardRow total;
  std::vector<BoardRow> by_unit;  // most remaining first
};

// Pure: the board over `cases` (of one kind) belonging to `session` ("" = every session).
SessionBoard BuildSessionBoard(const std::vector<store::CaseRecord>& cases, const std::string& kind,
                               const std::string& session, Instant now);
Result<SessionBoard> SessionBoardOf(store::Store& store, const std::string& kind,
                                    const std::string& session, Instant now);
nlohmann::json SessionBoardJson(const SessionBoard& b);

struct MissingOpinion {
  store::Id case_id = 0;
  store::Id co_unit_id = 0;
  Instant assigned_at{}, due_at{};  // one month after the (latest) assignment
};

// Open items whose co-unit has sent no opinion (action co_opinion) a month after assignment.
Result<std::vector<MissingOpinion>> MissingCoOpinions(store::Store& store, const std::string& kind,
                                                      const std::string& session, Instant now);

}  // namespace zb::supervision
