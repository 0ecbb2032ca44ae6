#include "supervision/proposal_board.h"

#include <algorithm>

#include "supervision/case_scan.h"

namespace zb::supervision {

namespace {

void Count(BoardRow& r, const store::CaseRecord& c, Instant now) {
  ++r.total;
  const std::string& s = c.state;
  if (s == "registered" || s == "returned" || s == "merged") ++r.unassigned;
  if (s == "assigned" || s == "handling" || s == "rehandling") ++r.in_hand;
  if (s == "replied") ++r.replied;
  if (s == "closed") ++r.closed;
  if (!c.closed_at) ++r.remaining;
  if (!c.closed_at && c.due_at && *c.due_at < now) ++r.overdue;
  if (auto a = StrField(c, "answer_class"); !a.empty()) ++r.answer_class[a];
  if (auto v = StrField(c, "satisfaction"); !v.empty()) ++r.satisfaction[v];
}

// One month after `t`, on the same day of the month (clamped to the month's end), same time.
Instant OneMonthAfter(Instant t) {
  Date d = ChinaDate(t);
  auto next = d.year() / d.month() / std::chrono::day{1} + std::chrono::months{1};
  auto last = (next.year() / next.month() / std::chrono::last).day();
  Date target = next.year() / next.month() / std::min(d.day(), last);
  return ChinaMidnight(target) + (t - ChinaMidnight(d));
}

}  // namespace

SessionBoard BuildSessionBoard(const std::vector<store::CaseRecord>& cases, const std::string& kind,
                               const std::string& session, Instant now) {
  SessionBoard b;
  b.kind = kind;
  b.session = session;
  std::map<std::optional<store::Id>, BoardRow> rows;
  for (const auto& c : cases) {
    if (c.kind != kind || c.state == "split") continue;
    if (!session.empty() && StrField(c, "session") != session) continue;
    Count(b.total, c, now);
    BoardRow& r = rows[c.lead_unit_id];
    r.unit_id = c.lead_unit_id;
    Count(r, c, now);
  }
  for (auto& [unit, row] : rows) b.by_unit.push_back(std::move(row));
  std::stable_sort(b.by_unit.begin(), b.by_unit.end(),
                   [](const BoardRow& a, const BoardRow& c) { return a.remaining > c.remaining; });
  return b;
}

Result<SessionBoard> SessionBoardOf(store::Store& store, const std::string& kind,
                                    const std::string& session, Instant now) {
  ZB_ASSIGN_OR_RETURN(auto cases, AllCasesOf(store, kind));
  return BuildSessionBoard(cases, kind, session, now);
}

namespace {

nlohmann::json RowJson(const BoardRow& r) {
  return {{"unit_id", r.unit_id ? nlohmann::json(*r.unit_id) : nullptr},
          {"total", r.total},
          {"unassigned", r.unassigned},
          {"in_hand", r.in_hand},
          {"replied", r.replied},
          {"closed", r.closed},
          {"remaining", r.remaining},
          {"overdue", r.overdue},
          {"answer_class", r.answer_class},
          {"satisfaction", r.satisfaction}};
}

}  // namespace

nlohmann::json SessionBoardJson(const SessionBoard& b) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : b.by_unit) rows.push_back(RowJson(r));
  return {{"kind", b.kind}, {"session", b.session}, {"total", RowJson(b.total)}, {"by_unit", rows}};
}

Result<std::vector<MissingOpinion>> MissingCoOpinions(store::Store& store, const std::string& kind,
                                                      const std::string& session, Instant now) {
  ZB_ASSIGN_OR_RETURN(auto cases, AllCasesOf(store, kind));
  std::vector<MissingOpinion> out;
  for (const auto& c : cases) {
    if (c.closed_at || c.co_unit_ids.empty()) continue;
    if (c.state != "assigned" && c.state != "handling") continue;
    if (!session.empty() && StrField(c, "session") != session) continue;
    ZB_ASSIGN_OR_RETURN(auto events, store.ListEvents(c.id));
    std::optional<Instant> assigned;
    for (const auto& e : events) {
      if (e.type == "assigned" || e.type == "reassigned") assigned = e.at;
    }
    if (!assigned || OneMonthAfter(*assigned) > now) continue;
    for (store::Id unit : c.co_unit_ids) {
      bool given = false;
      for (const auto& e : events) {
        if (e.action != "co_opinion" || e.at < *assigned) continue;
        auto actor = store.GetUser(e.actor_id);
        if (actor.ok() && actor->unit_id == unit) given = true;
      }
      if (!given) out.push_back({c.id, unit, *assigned, OneMonthAfter(*assigned)});
    }
  }
  return out;
}

}  // namespace zb::supervision
