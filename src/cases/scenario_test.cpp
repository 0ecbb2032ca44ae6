// Runs the data-driven workflow scenarios in tests/scenarios/*.toml: a sequence of actions by
// actors of the test office, each with the expected state, time limit or refusal.
//
//   kind = "assignment"
//   start = "2026-03-02 09:00"              # China time; the clock is injected
//   [create]
//   actor = "clerk"
//   title = "…"
//   fields = { leader_id = "@mayor", content = "…" }   # "@name" is that user's id
//   [[steps]]
//   actor = "clerk"
//   action = "assign"
//   lead_unit = "dept.housing"              # unit codes
//   co_units = ["dept.transport"]
//   advance_hours = 2                       # move the clock first
//   text / reason / time_limit / due_at     # as the action needs
//   expect_state = "assigned"
//   expect_due = "2026-03-09 17:30"
//   expect_error = "permission_denied"      # the step must be refused with this code
//   expect_on_behalf_of = "mayor"
#include <gtest/gtest.h>

#include <toml++/toml.h>

#include "cases/test_office.h"

namespace zb::cases {
namespace {

using testing::TestOffice;

nlohmann::json ResolveFields(const toml::table* t, const TestOffice& office) {
  nlohmann::json out = nlohmann::json::object();
  if (!t) return out;
  for (const auto& [k, v] : *t) {
    std::string key(k.str());
    if (auto s = v.value<std::string>()) {
      out[key] = (!s->empty() && (*s)[0] == '@') ? nlohmann::json(office.user(s->substr(1)))
                                                 : nlohmann::json(*s);
    } else if (auto i = v.value<int64_t>()) {
      out[key] = *i;
    } else if (auto b = v.value<bool>()) {
      out[key] = *b;
    }
  }
  return out;
}

void RunScenario(const std::filesystem::path& file, testing::Backend backend) {
  SCOPED_TRACE(file.string());
  toml::table sc = toml::parse_file(file.string());
  TestOffice office(*ParseInstant(sc["start"].value_or(std::string("2026-03-02 09:00"))), backend);
  const toml::table& create = *sc["create"].as_table();
  CreateRequest cr;
  cr.kind = sc["kind"].value_or(std::string());
  cr.title = create["title"].value_or(std::string());
  cr.urgency = create["urgency"].value_or(std::string());
  cr.fields = ResolveFields(create["fields"].as_table(), office);
  auto id = office.engine->Create(office.actor(create["actor"].value_or(std::string())), cr);
  ASSERT_TRUE(id.ok()) << id.status().ToString();

  int n = 0;
  for (const toml::node& node : *sc["steps"].as_array()) {
    const toml::table& st = *node.as_table();
    SCOPED_TRACE("step " + std::to_string(++n) + " (line " +
                 std::to_string(node.source().begin.line) + ")");
    office.clock.Advance(
        std::chrono::minutes(static_cast<int64_t>(st["advance_hours"].value_or(0.0) * 60)));
    ActionRequest req;
    req.case_id = *id;
    req.action = st["action"].value_or(std::string());
    req.text = st["text"].value_or(std::string());
    req.reason = st["reason"].value_or(std::string());
    if (auto tl = st["time_limit"].value<std::string>()) req.time_limit = *tl;
    if (auto due = st["due_at"].value<std::string>()) req.due_at = ParseInstant(*due);
    if (auto lu = st["lead_unit"].value<std::string>()) req.lead_unit_id = office.unit(*lu);
    if (auto co = st["co_units"].as_array()) {
      for (auto& u : *co) req.co_unit_ids.push_back(office.unit(*u.value<std::string>()));
    }
    req.set_fields = ResolveFields(st["set_fields"].as_table(), office);
    size_t events_before = office.store->ListEvents(*id)->size();
    auto r = office.engine->Perform(office.actor(st["actor"].value_or(std::string())), req);
    if (auto err = st["expect_error"].value<std::string>()) {
      ASSERT_FALSE(r.ok()) << "expected " << *err;
      EXPECT_EQ(ErrorCodeName(r.status().code()), *err) << r.status().ToString();
      EXPECT_EQ(office.store->ListEvents(*id)->size(), events_before) << "a refusal wrote";
      continue;
    }
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    if (auto s = st["expect_state"].value<std::string>()) {
      EXPECT_EQ(r->state, *s);
    }
    if (auto due = st["expect_due"].value<std::string>()) {
      ASSERT_TRUE(r->due_at.has_value());
      EXPECT_EQ(FormatChinaMinute(*r->due_at), *due);
    }
    if (const toml::table* want = st["expect_fields"].as_table()) {
      for (const auto& [k, v] : *want) {
        std::string key(k.str());
        ASSERT_TRUE(r->fields.contains(key)) << key;
        EXPECT_EQ(r->fields[key], v.value<std::string>().value_or("")) << key;
      }
    }
    if (auto obo = st["expect_on_behalf_of"].value<std::string>()) {
      EXPECT_EQ(office.store->ListEvents(*id)->back().on_behalf_of, office.user(*obo));
    }
  }
}

class Scenarios : public ::testing::TestWithParam<testing::Backend> {};

INSTANTIATE_TEST_SUITE_P(Backends, Scenarios,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         [](const auto& info) {
                           return std::string(testing::BackendLabel(info.param));
                         });

TEST_P(Scenarios, AllScenarioFilesPass) {
  if (testing::UsableBackend(GetParam()) != GetParam()) GTEST_SKIP() << "ZB_TEST_PG_URL is not set";
  auto dir = testing::SourceDir() / "tests/scenarios";
  int count = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".toml") continue;
    RunScenario(e.path(), GetParam());
    ++count;
  }
  EXPECT_GE(count, 3) << "scenario files in " << dir;
}

}  // namespace
}  // namespace zb::cases
