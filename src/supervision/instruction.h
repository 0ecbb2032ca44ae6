// Leaders' instructions (批示件) for several units: the office splits an instructed case into one
// case per unit (分办), each carrying parent_id, the leader, the matter and the instruction, and
// assigned at once with the time limit; the parent waits in "split" and rolls its parts up until
// the office sums up the result for the leader (action "conclude"). Deputies' suggestions and
// CPPCC proposals are split the same way (SplitProposal).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cases/case_engine.h"

namespace zb::supervision {

struct SplitRequest {
  store::Id parent_id = 0;
  std::vector<store::Id> unit_ids;        // one part per unit; at least one, no repeats
  std::optional<std::string> time_limit;  // e.g. "10 working days"; else the [instruction] policy
  std::optional<Instant> due_at;          // or an explicit deadline
  std::string request_id;
};

// Checks everything first (the parent is an instructed instruction the actor may split, the units
// exist and are distinct), then, in ONE transaction, creates every part and moves the parent to
// "split". Returns the parts' ids. On a refusal nothing is written; if the parent changed after
// it was read, the split is refused with kConflict and no part exists.
Result<std::vector<store::Id>> SplitInstruction(const cases::CaseEngine& engine,
                                                const cases::Actor& actor, const SplitRequest& req);
// 分办 of a deputy's suggestion or CPPCC proposal waiting to be assigned: one case per unit, each
// with the author, number and content and `parent_id`, assigned at once with its own reply limit
// (req's, else the kind's policy: 3 months), so each author gets one reply per part; the
// original moves to "split" (terminal: it is counted through its parts). Same checks and
// all-or-nothing writing as SplitInstruction.
Result<std::vector<store::Id>> SplitProposal(const cases::CaseEngine& engine,
                                             const cases::Actor& actor, const SplitRequest& req);

// A split checked and built against the parent's version, not yet written: the two functions
// above are PlanSplit… then WriteSplit.
struct SplitPlan {
  std::vector<store::NewCase> parts;  // created, assigned, each with its audit record
  store::CaseChange parent_change;    // the parent to "split"; its event and audit get part_ids
};
Result<SplitPlan> PlanSplitInstruction(const cases::CaseEngine& engine, const cases::Actor& actor,
                                       const SplitRequest& req);
Result<SplitPlan> PlanSplitProposal(const cases::CaseEngine& engine, const cases::Actor& actor,
                                    const SplitRequest& req);
// Creates the parts and applies the parent's change in one transaction; kConflict, with nothing
// written, when the parent changed since the plan was made. Returns the parts' ids.
Result<std::vector<store::Id>> WriteSplit(store::Store& store, const SplitPlan& plan);

struct PartState {
  store::Id id = 0;
  std::optional<store::Id> unit_id;
  std::string state;
  std::optional<Instant> due_at, closed_at;
  bool overdue = false;  // open past its time limit, or closed after it
};

struct RollUp {
  store::Id parent_id = 0;
  std::vector<PartState> parts;
  int total = 0, closed = 0, open = 0, overdue = 0;
  bool all_closed = false;  // every part closed: the office can sum up for the leader
};

// The parts of `parent_id` (instruction cases whose parent_id names it) and their states at `now`.
Result<RollUp> RollUpInstruction(store::Store& store, store::Id parent_id, Instant now);
// The same for the parts of any kind's split case (e.g. a proposal's).
Result<RollUp> RollUpParts(store::Store& store, const std::string& kind, store::Id parent_id,
                           Instant now);
// Pure: the roll-up of the given parts.
RollUp SummariseParts(store::Id parent_id, const std::vector<store::CaseRecord>& parts,
                      Instant now);
nlohmann::json RollUpJson(const RollUp& r);

}  // namespace zb::supervision
