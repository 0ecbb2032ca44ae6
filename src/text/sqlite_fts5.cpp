#include "text/sqlite_fts5.h"

#include <string>

#include "text/search_tokenizer.h"

namespace zb::text {
namespace {

// FTS5 wants an object per table; ours has no state, so every table shares this one.
int g_tokenizer_instance;

int Create(void*, const char**, int, Fts5Tokenizer** out) {
  *out = reinterpret_cast<Fts5Tokenizer*>(&g_tokenizer_instance);
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer*) {}

struct Callback {
  void* fts_context;
  int (*token)(void*, int, const char*, int, int, int);
  int rc = SQLITE_OK;
};

bool Forward(void* context, std::string_view token, uint32_t begin, uint32_t end, bool colocated) {
  auto* cb = static_cast<Callback*>(context);
  cb->rc =
      cb->token(cb->fts_context, colocated ? FTS5_TOKEN_COLOCATED : 0, token.data(),
                static_cast<int>(token.size()), static_cast<int>(begin), static_cast<int>(end));
  return cb->rc == SQLITE_OK;
}

int Tokenize(Fts5Tokenizer*, void* fts_context, int flags, const char* text, int length,
             int (*token)(void*, int, const char*, int, int, int)) {
  if (length <= 0 || text == nullptr) return SQLITE_OK;
  SearchMode mode = (flags & FTS5_TOKENIZE_QUERY) ? SearchMode::kQuery : SearchMode::kDocument;
  Callback cb{fts_context, token};
  TokenizeForSearch(std::string_view(text, static_cast<size_t>(length)), mode, &cb, Forward);
  return cb.rc;
}

fts5_tokenizer g_tokenizer = {Create, Delete, Tokenize};

Status SqliteError(sqlite3* db, const std::string& zh, const std::string& en) {
  std::string detail = db ? sqlite3_errmsg(db) : "no database";
  return Internal(zh + "：" + detail, en + ": " + detail);
}

}  // namespace

Status RegisterSearchTokenizer(sqlite3* db) {
  if (db == nullptr) return Invalid("数据库连接为空", "null database connection");
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) {
    return SqliteError(db, "SQLite 不支持 FTS5", "SQLite lacks FTS5");
  }
  sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (api == nullptr || api->iVersion < 2) {
    return Internal("无法取得 FTS5 接口", "could not obtain the FTS5 API");
  }
  if (api->xCreateTokenizer(api, "zb", nullptr, &g_tokenizer, nullptr) != SQLITE_OK) {
    return SqliteError(db, "注册中文分词器失败", "registering the zb tokenizer failed");
  }
  return Status::Ok();
}

}  // namespace zb::text
