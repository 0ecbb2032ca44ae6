// The JSON shapes the API returns for users, cases, events and workflows. Labels come from the
// workflow definitions so the front end never duplicates them.
#pragma once

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "base/json_writer.h"

namespace zb::api {

nlohmann::json UserJson(ApiContext& ctx, const cases::Actor& actor);
// "red" | "yellow" | "green" for an open case with a time limit, "" otherwise.
std::string LightOf(const store::CaseRecord& c, Instant now);
// A hotline caller who asked for confidentiality is masked unless `reveal_confidential` (the
// viewer is one of those who need the number: RevealsConfidential).
nlohmann::json CaseJson(ApiContext& ctx, const store::CaseRecord& c, Instant now,
                        bool reveal_confidential = false);
// The same case's members written into an object `w` has open (the answers read most often).
void WriteCaseMembers(JsonWriter& w, ApiContext& ctx, const store::CaseRecord& c, Instant now,
                      bool reveal_confidential = false);
bool RevealsConfidential(ApiContext& ctx, const cases::Actor& viewer);
// Writes an event of a case's history. `mask_callers`: the event belongs to a hotline ticket and
// the viewer may not see confidential callers (the fields recorded in the event are masked as in
// CaseJson).
void WriteEvent(JsonWriter& w, ApiContext& ctx, const store::HistoryEvent& e, bool mask_callers);
nlohmann::json WorkflowJson(const cases::Workflow& wf);

}  // namespace zb::api
