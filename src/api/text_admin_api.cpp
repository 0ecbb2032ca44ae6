#include "api/text_admin_api.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <vector>

#include "api/handler_support.h"
#include "base/hash.h"
#include "http/json_body.h"
#include "text/user_dict.h"

namespace zb::api {

namespace {

using http::Request;
using http::Response;

constexpr size_t kMaxImportBytes = 1 << 20;
constexpr size_t kMaxImportWords = 20000;
constexpr size_t kMaxPreviewBytes = 10000;

struct SegmenterState {
  std::once_flag base_once;
  std::shared_ptr<const text::Segmenter> base;  // set once
  std::mutex mu;
  std::shared_ptr<const text::Segmenter> office;  // guarded by mu
  std::string tag = "0";                          // guarded by mu; names office's words
  store::Store* store = nullptr;                  // guarded by mu; the dictionary's store
  bool stale = true;                              // guarded by mu; rebuild at next use
  std::mutex reload_mu;                           // one rebuild at a time
};

SegmenterState& State() {
  static SegmenterState s;
  return s;
}

std::shared_ptr<const text::Segmenter> Base() {
  SegmenterState& s = State();
  std::call_once(s.base_once, [&s] {
    auto loaded = text::Segmenter::Load();
    if (loaded.ok()) {
      s.base = std::make_shared<const text::Segmenter>(std::move(*loaded));
    } else {
      spdlog::warn("no segmenter dictionary (python3-jieba): {}", loaded.status().ToString());
    }
  });
  return s.base;
}

nlohmann::json WordJson(ApiContext& ctx, const store::DictionaryWord& w) {
  nlohmann::json by = nullptr;
  if (w.added_by != 0) {
    auto u = ctx.store.GetUser(w.added_by);
    if (u.ok()) by = {{"id", u->id}, {"name", u->display_name}};
  }
  return {{"word", w.word},
          {"freq", w.freq ? nlohmann::json(*w.freq) : nlohmann::json()},
          {"tag", w.tag},
          {"line", text::FormatUserDictLine({w.word, w.freq, w.tag})},
          {"added_by", by},
          {"added_at",
           w.added_at == Instant{} ? nlohmann::json() : nlohmann::json(FormatIso(w.added_at))}};
}

Response List(ApiContext& ctx) {
  auto words = ctx.store.ListDictionaryWords();
  if (!words.ok()) return Response::Error(words.status());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& w : *words) out.push_back(WordJson(ctx, w));
  return Response::Json(200, {{"words", out}, {"count", words->size()}});
}

store::AuditEntry AuditOf(ApiContext& ctx, const Request& r, const std::string& action,
                          nlohmann::json detail) {
  store::AuditEntry e;
  e.at = ctx.clock.Now();
  e.actor_id = Me(r).actor.user.id;
  e.action = action;
  e.target = "dictionary";
  e.request_id = r.request_id;
  e.detail = std::move(detail);
  return e;
}

// Writes, audits and applies; the new segmenter is in use when this returns.
Response Write(ApiContext& ctx, const Request& r, const std::vector<text::UserDictEntry>& put,
               const std::vector<std::string>& remove, const std::string& action,
               nlohmann::json detail, int status) {
  std::vector<store::DictionaryWord> rows;
  for (const auto& e : put) {
    rows.push_back({e.word, e.freq, e.tag, Me(r).actor.user.id, ctx.clock.Now()});
  }
  if (Status s = ctx.store.WriteDictionaryWords(rows, remove, AuditOf(ctx, r, action, detail));
      !s.ok()) {
    return Response::Error(s);
  }
  if (Status s = ReloadOfficeDictionary(ctx.store); !s.ok()) {
    spdlog::warn("dictionary saved but not applied: {}", s.ToString());
  }
  auto list = List(ctx);
  if (list.status != 200) return list;
  nlohmann::json j = nlohmann::json::parse(list.body);
  j["applied"] = OfficeSegmenter() != nullptr;
  return Response::Json(status, j);
}

Response Add(ApiContext& ctx, Request& r) {
  if (!IsAdmin(r)) return Forbidden();
  auto body = http::ParseJsonBody(r);
  if (!body.ok()) return Response::Error(body.status());
  http::JsonFields f(*body);
  std::string word = f.String("word");
  std::optional<int64_t> freq = f.OptInt("freq");
  std::string tag = f.OptString("tag").value_or("");
  if (Status s = f.Finish(); !s.ok()) return Response::Error(s);
  auto entry = text::ParseUserDictLine(word);
  if (!entry.ok()) return Response::Error(entry.status());
  if (entry->freq || !entry->tag.empty()) {
    return Response::Error(Invalid("词语中不能含空格；频次和词性请分别填写",
                                   "the word may not contain spaces; give freq and tag apart"));
  }
  if (freq && (*freq < 0 || *freq > text::kMaxUserWordFreq)) {
    return Response::Error(
        Invalid("频次应在 0 到 100000000 之间", "the frequency must be between 0 and 100000000"));
  }
  if (!tag.empty()) {
    auto t = text::ParseUserDictLine("x " + tag);
    if (!t.ok() || t->tag != tag) {
      return Response::Error(Invalid("词性应为 1–8 个小写字母（如 ns、nz、n）",
                                     "the tag must be 1–8 lower-case letters (ns, nz, n…)"));
    }
  }
  entry->freq = freq;
  entry->tag = tag;
  return Write(ctx, r, {*entry}, {}, "dictionary.add", {{"line", text::FormatUserDictLine(*entry)}},
               201);
}

Response Remove(ApiContext& ctx, Request& r) {
  if (!IsAdmin(r)) return Forbidden();
  std::string word(r.PathParam("word"));
  auto words = ctx.store.ListDictionaryWords();
  if (!words.ok()) return Response::Error(words.status());
  bool found = false;
  for (const auto& w : *words) found = found || w.word == word;
  if (!found)
    return Response::Error(NotFound("词典中没有这个词", "the word is not in the dictionary"));
  return Write(ctx, r, {}, {word}, "dictionary.remove", {{"word", word}}, 200);
}

Response Import(ApiContext& ctx, Request& r) {
  if (!IsAdmin(r)) return Forbidden();
  if (r.body.empty()) return Response::Error(Invalid("文件为空", "the file is empty"));
  text::ParsedUserDict parsed = text::ParseUserDict(r.body);
  if (!parsed.errors.empty()) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& e : parsed.errors) {
      if (errors.size() >= 100) break;
      errors.push_back({{"line", e.line}, {"message", e.message}, {"message_en", e.message_en}});
    }
    return Response::Error(
        Invalid("词典文件有 " + std::to_string(parsed.errors.size()) + " 行格式错误，未导入任何词",
                std::to_string(parsed.errors.size()) +
                    " lines of the dictionary file are malformed; nothing was imported"),
        {{"lines", errors}, {"bad_lines", parsed.errors.size()}});
  }
  if (parsed.entries.empty())
    return Response::Error(Invalid("文件中没有词", "the file has no words"));
  if (parsed.entries.size() > kMaxImportWords) {
    return Response::Error(Invalid("一次最多导入 20000 个词", "at most 20000 words at a time"));
  }
  return Write(ctx, r, parsed.entries, {}, "dictionary.import", {{"words", parsed.entries.size()}},
               201);
}

Response Segment(ApiContext& ctx, Request& r) {
  (void)ctx;
  if (!InOffice(Me(r).actor)) return Forbidden();
  auto body = http::ParseJsonBody(r);
  if (!body.ok()) return Response::Error(body.status());
  http::JsonFields f(*body);
  std::string text = f.String("text");
  bool hmm = f.OptBool("hmm").value_or(true);
  if (Status s = f.Finish(); !s.ok()) return Response::Error(s);
  if (text.size() > kMaxPreviewBytes) {
    return Response::Error(
        Invalid("文本过长（最多 10000 字节）", "the text is too long (10000 bytes)"));
  }
  auto segmenter = OfficeSegmenter();
  if (!segmenter) {
    return Response::Error(Unavailable("没有分词词典（python3-jieba）", "no segmenter dictionary"));
  }
  nlohmann::json tokens = nlohmann::json::array();
  for (auto t : segmenter->Cut(text, {.hmm = hmm})) tokens.push_back(std::string(t));
  nlohmann::json out = nlohmann::json::object();
  out["tokens"] = std::move(tokens);
  return Response::Json(200, out);
}

}  // namespace

std::shared_ptr<const text::Segmenter> OfficeSegmenter() {
  return OfficeSegmenter(nullptr);
}

std::shared_ptr<const text::Segmenter> OfficeSegmenter(std::string* dictionary_tag) {
  store::Store* store = nullptr;
  {
    std::lock_guard lock(State().mu);
    store = State().stale ? State().store : nullptr;
  }
  if (store) {
    if (Status s = ReloadOfficeDictionary(*store); !s.ok()) {
      spdlog::warn("the office dictionary is not applied: {}", s.ToString());
      std::lock_guard lock(State().mu);
      State().stale = false;  // not again on every request
    }
  }
  std::lock_guard lock(State().mu);
  if (!State().office) {
    if (dictionary_tag) *dictionary_tag = "0";
    return Base();
  }
  if (dictionary_tag) *dictionary_tag = State().tag;
  return State().office;
}

Status ReloadOfficeDictionary(store::Store& store) {
  SegmenterState& s = State();
  std::lock_guard reload(s.reload_mu);
  auto base = Base();
  if (!base) return Unavailable("没有分词词典（python3-jieba）", "no segmenter dictionary");
  ZB_ASSIGN_OR_RETURN(auto words, store.ListDictionaryWords());
  std::vector<text::UserDictEntry> entries;
  for (const auto& w : words) entries.push_back({w.word, w.freq, w.tag});
  auto office = std::make_shared<const text::Segmenter>(text::WithUserWords(*base, entries));
  // The words' lines in order, hashed: equal on every node with the same dictionary.
  std::vector<std::string> lines;
  for (const auto& e : entries) lines.push_back(text::FormatUserDictLine(e));
  std::sort(lines.begin(), lines.end());
  uint64_t h = kFnv1aOffset;
  for (const std::string& line : lines) h = Fnv1a64("\n", Fnv1a64(line, h));
  char tag[17];
  std::snprintf(tag, sizeof tag, "%016llx", static_cast<unsigned long long>(h));
  std::lock_guard lock(s.mu);
  s.office = std::move(office);
  s.tag = lines.empty() ? "0" : tag;
  s.stale = false;
  return Status();
}

void RegisterTextAdminRoutes(http::Router& router, ApiContext& ctx) {
  {  // built from this store's dictionary at first use
    std::lock_guard lock(State().mu);
    State().store = &ctx.store;
    State().stale = true;
    State().office = nullptr;
  }
  router.Get("/api/text/dictionary", [&ctx](Request& r) {
    if (!IsAdmin(r)) return Forbidden();
    return List(ctx);
  });
  router.Post("/api/text/dictionary", [&ctx](Request& r) { return Add(ctx, r); });
  router.Delete("/api/text/dictionary/{word}", [&ctx](Request& r) { return Remove(ctx, r); });
  http::RouteOptions big;
  big.max_body_bytes = kMaxImportBytes;
  router.Post(
      "/api/text/dictionary/import", [&ctx](Request& r) { return Import(ctx, r); }, big);
  router.Post("/api/text/segment", [&ctx](Request& r) { return Segment(ctx, r); });
}

}  // namespace zb::api
