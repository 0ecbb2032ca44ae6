// The JSON shapes the API returns for users, cases, events and workflows. Labels come from the
// workflow definitions so the front end never duplicates them.
#pragma once

#include <nlohmann/json.hpp>

#include "api/api.h"

namespace zb::api {

nlohmann::json UserJson(ApiContext& ctx, const cases::Actor& actor);
// "red" | "yellow" | "green" for an open case with a time limit, "" otherwise.
std::string LightOf(const store::CaseRecord& c, Instant now);
nlohmann::json CaseJson(ApiContext& ctx, const store::CaseRecord& c, Instant now);
nlohmann::json EventJson(ApiContext& ctx, const store::EventRecord& e);
nlohmann::json WorkflowJson(const cases::Workflow& wf);

}  // namespace zb::api
