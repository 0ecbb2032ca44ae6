// Dispatch suggestions for the operator screen, on the text engine:
//
//   POST /api/hotline/suggestions {title?, content}  category and lead unit with a confidence
//        (the classifier trained on closed tickets, or keyword rules until there is one), and
//        the open tickets the text nearly repeats (MinHash index, src/hotline/ticket_index.h)
//   POST /api/hotline/model                          retrain from the closed tickets (office
//        section chiefs, office leaders, admins); the model is saved in the model folder
#pragma once

#include <filesystem>
#include <memory>

#include "api/api.h"
#include "hotline/dispatch_model.h"

namespace zb::api {

void RegisterHotlineSuggestRoutes(http::Router& router, ApiContext& ctx);

// Where the model is saved and loaded (default var/models). Call before serving.
void SetHotlineModelDir(std::filesystem::path dir);
// Loads the saved model from the model folder (if any), then trains one from the closed tickets
// and saves it there. Serving runs this on a thread of its own; suggestions use keyword rules
// until a model is in place.
Status PrepareHotlineModel(ApiContext& ctx);
// Trains from the closed tickets now, saves and uses the model. Returns the number of examples.
Result<size_t> RetrainHotlineModel(ApiContext& ctx);
// Uses `model` from now on (nullptr: keyword rules). For tests and the CLI.
void UseHotlineModel(std::shared_ptr<const hotline::DispatchModel> model);

}  // namespace zb::api
