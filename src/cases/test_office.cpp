#include "cases/test_office.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <pqxx/pqxx>
#include <stdexcept>

namespace zb::cases::testing {

std::filesystem::path SourceDir() {
  const char* env = std::getenv("ZB_SOURCE_DIR");
  return env ? std::filesystem::path(env) : std::filesystem::current_path();
}

const char* BackendLabel(Backend b) {
  return b == Backend::kSqlite ? "sqlite" : "postgres";
}

std::string TestPostgresUrl() {
  const char* env = std::getenv("ZB_TEST_PG_URL");
  return env ? env : "";
}

Backend UsableBackend(Backend b) {
  return b == Backend::kPostgres && TestPostgresUrl().empty() ? Backend::kSqlite : b;
}

Backend BackendFromEnvironment() {
  const char* env = std::getenv("ZB_TEST_STORE");
  return env && std::string(env) == "postgres" ? Backend::kPostgres : Backend::kSqlite;
}

namespace {

// `base` (a postgresql:// URL) with its database name replaced by `db`.
std::string WithDatabase(const std::string& base, const std::string& db) {
  size_t scheme = base.find("://");
  size_t query = base.find('?', scheme + 3);
  size_t slash = base.find('/', scheme + 3);
  std::string rest = query == std::string::npos ? "" : base.substr(query);
  return base.substr(0, std::min(slash, query)) + "/" + db + rest;
}

void ServerExec(const std::string& sql) {
  pqxx::connection c(TestPostgresUrl());
  pqxx::nontransaction(c).exec(sql);
}

}  // namespace

TestOffice::TestOffice(Instant start, Backend backend) : clock(start) {
  static std::atomic<int> counter{0};
  std::string name = "zb_office_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string url = (dir / "office.db").string();
  if (backend == Backend::kPostgres) {
    if (TestPostgresUrl().empty()) throw std::runtime_error("ZB_TEST_PG_URL is not set");
    ServerExec("CREATE DATABASE " + name);
    pg_database_ = name;
    url = WithDatabase(TestPostgresUrl(), name);
  }
  auto opened = store::OpenStore(url);
  if (!opened.ok()) throw std::runtime_error(opened.status().ToString());
  store = std::move(opened).value();
  auto reg =
      WorkflowRegistry::LoadDirectory(SourceDir() / "config/workflows", &CheckTimeLimitExpression);
  if (!reg.ok()) throw std::runtime_error(reg.status().ToString());
  workflows = std::move(reg).value();
  auto dl = CalendarDeadlines::Load(SourceDir() / "data/holidays-cn",
                                    SourceDir() / "config/time_limits.toml");
  if (!dl.ok()) throw std::runtime_error(dl.status().ToString());
  deadlines = std::move(dl).value();
  engine = std::make_unique<CaseEngine>(*store, workflows, *deadlines, clock);

  auto add_unit = [&](const std::string& code, const std::string& name, const std::string& type) {
    units_[code] = *store->AddUnit({0, code, name, type, std::nullopt, 0});
  };
  add_unit("leadership", "市政府领导", "leadership");
  add_unit("office.general", "秘书科", "office");
  add_unit("office.supervision", "督查室", "office");
  add_unit("office.hotline", "市长公开电话办公室", "office");
  add_unit("dept.housing", "市住房和城乡建设局", "department");
  add_unit("dept.transport", "市交通运输局", "department");
  auto add_user = [&](const std::string& name, const std::string& role, const std::string& unit) {
    store::User u;
    u.username = name;
    u.display_name = name;
    u.role = role;
    u.unit_id = units_.at(unit);
    u.created_at = start;
    users_[name] = *store->AddUser(u);
  };
  add_user("mayor", "city_leader", "leadership");
  add_user("secgen", "office_leader", "office.general");
  add_user("chief", "section_chief", "office.supervision");
  add_user("clerk", "staff", "office.supervision");
  add_user("secretary", "staff", "office.general");
  add_user("housing", "unit_liaison", "dept.housing");
  add_user("transport", "unit_liaison", "dept.transport");
  add_user("operator", "hotline_operator", "office.hotline");
  add_user("admin", "admin", "office.general");
  store::Delegation d;
  d.leader_id = users_["mayor"];
  d.delegate_id = users_["secretary"];
  d.scope = "*";
  d.starts_at = start - std::chrono::hours(24);
  (void)store->AddDelegation(d);
}

TestOffice::~TestOffice() {
  engine.reset();
  store.reset();
  if (!pg_database_.empty()) {
    try {
      ServerExec("DROP DATABASE IF EXISTS " + pg_database_ + " WITH (FORCE)");
    } catch (const std::exception&) {
      // left behind on the throwaway server
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace zb::cases::testing
