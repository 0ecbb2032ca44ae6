#include "api/hotline_suggest_api.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <mutex>

#include "api/handler_support.h"
#include "api/hotline_api.h"
#include "api/text_admin_api.h"
#include "hotline/ticket_index.h"
#include "http/json_body.h"

namespace zb::api {

namespace {

using http::Request;
using http::Response;

constexpr size_t kMaxText = 20000;  // bytes of title + content looked at (the body is at most 2 MB)
constexpr int kMaxTrainingTickets = 50000;
// Near-duplicates are reported from this estimated similarity; the index's own threshold
// (0.5, tuned on repeats of the real messages) is kept for the "重复" mark.
constexpr double kShownSimilarity = 0.35;

struct SuggestState {
  std::mutex mu;
  std::filesystem::path model_dir = "var/models";
  std::shared_ptr<const hotline::DispatchModel> model;  // guarded by mu
  std::optional<Instant> trained_at;                    // guarded by mu
  size_t examples = 0;                                  // guarded by mu
  std::optional<std::string> phase;                     // guarded by mu; while a training runs
  std::optional<Instant> started_at;                    // guarded by mu; of the running training
  std::optional<Status> last_failure;  // guarded by mu; of the last training, if it failed
  hotline::OpenTicketIndex index;
  std::mutex train_mu;  // one training at a time
};

SuggestState& State() {
  static SuggestState s;
  return s;
}

// jieba's dictionary with the office's words; nullptr when it is not installed (rules only).
std::shared_ptr<const text::Segmenter> Jieba() {
  return OfficeSegmenter();
}

void SetPhase(std::optional<std::string> phase, std::optional<Instant> started = std::nullopt) {
  std::lock_guard lock(State().mu);
  State().phase = std::move(phase);
  if (started) State().started_at = started;
}

nlohmann::json QualityJson(const hotline::ClassifierQuality& q) {
  if (q.folds == 0) return nullptr;
  auto r = [](double v) { return std::round(v * 10000) / 10000; };
  return {{"folds", q.folds},
          {"examples", q.examples},
          {"accuracy", r(q.accuracy)},
          {"macro_f1", r(q.macro_f1)},
          {"temperature", r(q.temperature)},
          {"calibration_error_raw", r(q.calibration_error_raw)},
          {"calibration_error", r(q.calibration_error)}};
}

void Install(std::shared_ptr<const hotline::DispatchModel> model, size_t examples,
             std::optional<Instant> at) {
  SuggestState& s = State();
  std::lock_guard lock(s.mu);
  s.model = std::move(model);
  s.examples = examples;
  s.trained_at = at;
}

// Cut at a code point boundary at most `max` bytes in.
std::string_view Prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

nlohmann::json UnitJson(ApiContext& ctx, const std::string& code, double confidence) {
  if (code.empty()) return nullptr;
  auto unit = ctx.store.FindUnitByCode(code);
  if (!unit.ok()) return nullptr;  // a unit the office does not have
  return {{"id", unit->id},
          {"code", unit->code},
          {"name", unit->name},
          {"confidence", std::round(confidence * 1000) / 1000}};
}

Response Suggest(ApiContext& ctx, Request& r) {
  const cases::Actor& me = Me(r).actor;
  if (!InOffice(me)) return Forbidden();
  auto body = http::ParseJsonBody(r);
  if (!body.ok()) return Response::Error(body.status());
  http::JsonFields f(*body);
  std::string title = f.OptString("title").value_or("");
  std::string content = f.OptString("content").value_or("");
  if (Status s = f.Finish(); !s.ok()) return Response::Error(s);
  std::string text = title + "\n" + content;
  if (title.empty() && content.empty()) {
    return Response::Error(Invalid("请提供标题或诉求内容", "give a title or the content"));
  }
  std::string_view head = Prefix(text, kMaxText);

  auto tree = HotlineCategories();
  const hotline::CategoryTree* categories = tree.ok() ? tree->get() : nullptr;
  std::shared_ptr<const hotline::DispatchModel> model;
  std::optional<Instant> trained_at;
  size_t examples = 0;
  {
    std::lock_guard lock(State().mu);
    model = State().model;
    trained_at = State().trained_at;
    examples = State().examples;
  }
  auto jieba = Jieba();
  hotline::DispatchSuggestion s = model && jieba ? model->Suggest(*jieba, head, categories)
                                                 : hotline::SuggestByRules(head, categories);
  nlohmann::json category = nullptr;
  std::string unit_source = s.source;
  if (!s.category.empty()) {
    const hotline::Category* node = categories ? categories->FindPath(s.category) : nullptr;
    category = {{"path", s.category},
                {"code", node ? nlohmann::json(node->code) : nlohmann::json()},
                {"confidence", std::round(s.category_confidence * 1000) / 1000}};
    // The office's default unit for the category (or the nearest category above it) comes first.
    for (std::string path = s.category; categories && !path.empty();) {
      const hotline::Category* c = categories->FindPath(path);
      if (c && !c->unit_code.empty()) {
        s.unit_code = c->unit_code;
        s.unit_confidence = s.category_confidence;
        unit_source = "category";
        break;
      }
      size_t slash = path.rfind('/');
      path = slash == std::string::npos ? "" : path.substr(0, slash);
    }
  }
  nlohmann::json duplicates = nlohmann::json::array();
  hotline::OpenTicketIndex& index = State().index;
  if (Status synced = index.Sync(ctx.store); !synced.ok()) return Response::Error(synced);
  bool sees = SeesCallers(ctx, me);
  for (const text::NearDuplicate& d : index.Find(head, kShownSimilarity)) {
    auto c = ctx.store.GetCase(static_cast<store::Id>(d.id));
    if (!c.ok() || !ctx.engine.CanSee(me, *c)) continue;
    nlohmann::json j = TicketJson(ctx, *c, sees);
    j["similarity"] = std::round(d.similarity * 1000) / 1000;
    j["repeat"] = d.similarity >= text::kNearDuplicateSimilarity;
    duplicates.push_back(j);
    if (duplicates.size() >= 10) break;
  }
  return Response::Json(
      200, {{"source", s.source},
            {"category", category},
            {"unit", UnitJson(ctx, s.unit_code, s.unit_confidence)},
            {"unit_source", unit_source},
            {"model",
             {{"trained_at", trained_at ? nlohmann::json(FormatIso(*trained_at)) : nullptr},
              {"examples", examples}}},
            {"duplicates", duplicates}});
}

// The model in use and the training under way, for the admin screen.
nlohmann::json ModelJson() {
  SuggestState& s = State();
  std::lock_guard lock(s.mu);
  nlohmann::json j = {
      {"source", s.model ? "model" : "rules"},
      {"trained_at", s.trained_at ? nlohmann::json(FormatIso(*s.trained_at)) : nullptr},
      {"examples", s.examples},
      {"category", s.model ? QualityJson(s.model->category_quality()) : nullptr},
      {"unit", s.model ? QualityJson(s.model->unit_quality()) : nullptr},
      {"training", nullptr},
      {"last_failure", nullptr}};
  if (s.phase) {
    j["training"] = {
        {"phase", *s.phase},
        {"started_at", s.started_at ? nlohmann::json(FormatIso(*s.started_at)) : nlohmann::json()}};
  }
  if (s.last_failure) {
    j["last_failure"] = {{"message", s.last_failure->message()},
                         {"message_en", s.last_failure->message_en()}};
  }
  return j;
}

Response Retrain(ApiContext& ctx, Request& r) {
  const cases::Actor& me = Me(r).actor;
  const std::string& role = me.user.role;
  bool may = IsAdmin(r) || (me.in_office && (role == "section_chief" || role == "office_leader"));
  if (!may) return Forbidden();
  auto n = RetrainHotlineModel(ctx);
  if (!n.ok()) return Response::Error(n.status());
  Audit(ctx, r, "hotline.model.train", "hotline-model", {{"examples", *n}});
  return Response::Json(201, ModelJson());
}

Response ModelState(Request& r) {
  if (!InOffice(Me(r).actor)) return Forbidden();
  return Response::Json(200, ModelJson());
}

}  // namespace

void SetHotlineModelDir(std::filesystem::path dir) {
  std::lock_guard lock(State().mu);
  State().model_dir = std::move(dir);
}

void UseHotlineModel(std::shared_ptr<const hotline::DispatchModel> model) {
  size_t n = model ? model->examples() : 0;
  Install(std::move(model), n, std::nullopt);
}

namespace {

Result<size_t> TrainAndInstall(ApiContext& ctx) {
  auto jieba = Jieba();
  if (!jieba) {
    return Unavailable("没有分词词典（python3-jieba），无法训练",
                       "no segmenter dictionary (python3-jieba): cannot train");
  }
  SetPhase("collecting");
  ZB_ASSIGN_OR_RETURN(auto examples,
                      hotline::DispatchModel::ClosedTickets(ctx.store, kMaxTrainingTickets));
  ZB_ASSIGN_OR_RETURN(hotline::DispatchModel model,
                      hotline::DispatchModel::Train(*jieba, examples, [](std::string_view phase) {
                        SetPhase(std::string(phase));
                      }));
  SetPhase("saving");
  std::filesystem::path dir;
  {
    std::lock_guard lock(State().mu);
    dir = State().model_dir;
  }
  if (Status saved = model.Save(dir); !saved.ok()) {
    spdlog::warn("hotline model not saved: {}", saved.ToString());
  }
  Install(std::make_shared<const hotline::DispatchModel>(std::move(model)), examples.size(),
          ctx.clock.Now());
  return examples.size();
}

}  // namespace

Result<size_t> RetrainHotlineModel(ApiContext& ctx) {
  std::lock_guard training(State().train_mu);
  SetPhase("collecting", ctx.clock.Now());
  auto n = TrainAndInstall(ctx);
  std::lock_guard lock(State().mu);
  State().phase.reset();
  if (n.ok()) {
    State().last_failure.reset();
  } else {
    State().last_failure = n.status();
  }
  return n;
}

Status PrepareHotlineModel(ApiContext& ctx) {
  std::filesystem::path dir;
  {
    std::lock_guard lock(State().mu);
    dir = State().model_dir;
  }
  if (!Jieba()) return Unavailable("没有分词词典", "no segmenter dictionary");
  // The saved model serves at once; then one trained on today's closed tickets replaces it.
  auto loaded = hotline::DispatchModel::Load(dir);
  if (loaded.ok()) {
    Install(std::make_shared<const hotline::DispatchModel>(std::move(*loaded)), 0, std::nullopt);
    spdlog::info("hotline suggestions: model loaded from {}", dir.string());
  }
  auto n = RetrainHotlineModel(ctx);
  if (!n.ok()) return n.status();
  spdlog::info("hotline suggestions: model trained on {} closed tickets", *n);
  return Status::Ok();
}

void RegisterHotlineSuggestRoutes(http::Router& router, ApiContext& ctx) {
  http::RouteOptions big;
  big.max_body_bytes = 2u << 20;
  router.Post(
      "/api/hotline/suggestions", [&ctx](Request& r) { return Suggest(ctx, r); }, big);
  router.Post("/api/hotline/model", [&ctx](Request& r) { return Retrain(ctx, r); });
  router.Get("/api/hotline/model", [](Request& r) { return ModelState(r); });
}

}  // namespace zb::api
