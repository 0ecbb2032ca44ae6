// 并单: merging a repeat call into an existing ticket. The repeat ends in the terminal state
// `merged` with `merged_into` naming the target; the target records the repeat's caller in
// `merged_callers` (a JSON array of {case_id, name, phone, confidential}) so every caller is
// called back. Both changes go through the case engine (events "merged" on both tickets).
#pragma once

#include <string>

#include "cases/case_engine.h"

namespace zb::hotline {

struct MergeRequest {
  store::Id source_id = 0;  // the repeat call
  store::Id target_id = 0;  // the ticket it joins (must be open)
  std::string reason;
  std::string request_id;
};

// Both must be hotline tickets the actor can see; the target open and not merged; the source
// mergeable (workflow action "merge"). Checks both actions before writing either. The source is
// changed first; the target's record is retried if someone else changed it meanwhile. Returns
// the target after the merge.
Result<store::CaseRecord> MergeTickets(const cases::CaseEngine& engine, const cases::Actor& actor,
                                       const MergeRequest& req);

}  // namespace zb::hotline
