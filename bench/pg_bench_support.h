// PostgreSQL for engine_bench: fresh databases on a server, and the raw-COPY baseline (the same
// rows as the engine writes, through libpqxx's stream_to into the real schema).
#pragma once

#include <chrono>
#include <cstdio>
#include <pqxx/pqxx>
#include <string>
#include <tuple>

#include "store/store.h"

namespace zb::bench {

// `base` (a postgresql:// URL) with its database name replaced by `db`.
inline std::string WithDatabase(const std::string& base, const std::string& db) {
  size_t scheme = base.find("://");
  size_t query = base.find('?', scheme + 3);
  size_t slash = base.find('/', scheme + 3);
  std::string rest = query == std::string::npos ? "" : base.substr(query);
  return base.substr(0, std::min(slash, query)) + "/" + db + rest;
}

// Drops and creates `db` on the server `base` names; returns its URL.
inline std::string FreshDatabase(const std::string& base, const std::string& db) {
  pqxx::connection c(base);
  pqxx::nontransaction(c).exec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
  pqxx::nontransaction(c).exec("CREATE DATABASE " + db);
  return WithDatabase(base, db);
}

// COPY of n cases + 5 events each into the zhengban schema at `url`, 5,000 cases per
// transaction, as engine_bench's SQLite baseline does with prepared inserts. Returns seconds.
inline double RawCopy(const std::string& url, int n) {
  {
    auto s = store::OpenStore(url);  // creates the schema
    if (!s.ok()) {
      std::fprintf(stderr, "open raw db: %s\n", s.status().ToString().c_str());
      std::exit(1);
    }
    auto unit = (*s)->AddUnit({0, "u", "单位", "office", std::nullopt, 0});
    store::User user;
    user.username = "x";
    user.display_name = "x";
    user.role = "staff";
    user.unit_id = *unit;
    (void)(*s)->AddUser(user);
  }
  pqxx::connection conn(url);
  const char* types[5] = {"created", "assigned", "accepted", "progress", "replied"};
  std::string fields = R"({"leader_id":1,"content":"研究老旧小区加装电梯推进方案，请抓紧落实"})";
  auto t0 = std::chrono::steady_clock::now();
  for (int first = 0; first < n; first += 5000) {
    int last = std::min(n, first + 5000);
    pqxx::work txn(conn);
    {
      pqxx::stream_to out(
          txn, "cases",
          std::vector<std::string>{"id", "kind", "state", "title", "lead_unit_id", "created_by",
                                   "created_at", "updated_at", "due_at", "yellow_at", "step_due_at",
                                   "urgency", "fields", "version"});
      for (int i = first; i < last; ++i) {
        int64_t t = 1772413200 + i % 86400;
        out << std::make_tuple(int64_t{i + 1}, "assignment", "replied",
                               "研究老旧小区加装电梯推进方案 " + std::to_string(i), int64_t{1},
                               int64_t{1}, t + 2, t + 3, t + 4, t + 5, t + 6, "", fields,
                               int64_t{5});
      }
      out.complete();
    }
    {
      pqxx::stream_to out(txn, "events",
                          std::vector<std::string>{"case_id", "seq", "type", "action", "actor_id",
                                                   "at", "from_state", "to_state", "data"});
      for (int i = first; i < last; ++i) {
        int64_t t = 1772413200 + i % 86400;
        for (int k = 0; k < 5; ++k) {
          out << std::make_tuple(int64_t{i + 1}, int64_t{k + 1}, types[k], types[k], int64_t{1},
                                 t + k, "handling", "handling", R"({"text":"已完成摸底调查"})");
        }
      }
      out.complete();
    }
    txn.commit();
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  pqxx::nontransaction(conn).exec(
      "SELECT setval(pg_get_serial_sequence('cases', 'id'), max(id)) FROM cases");
  return secs;
}

}  // namespace zb::bench
