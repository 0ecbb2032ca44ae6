#include <clocale>
#include <iostream>
#include <vector>

#include "app/command.h"

namespace zb::app {

namespace {
std::vector<CommandSetup>& Registry() {
  static std::vector<CommandSetup> setups;
  return setups;
}
}  // namespace

void RegisterCommandGroup(CommandSetup setup) {
  Registry().push_back(setup);
}

void SetupAllCommands(CLI::App& app, GlobalOptions& options) {
  for (CommandSetup setup : Registry()) setup(app, options);
}

void Fail(const std::string& message, int exit_code) {
  if (!message.empty()) std::cerr << message << "\n";
  throw CLI::RuntimeError(exit_code);
}

}  // namespace zb::app

int main(int argc, char** argv) {
  std::setlocale(LC_ALL, "C.UTF-8");
  zb::app::GlobalOptions options;
  CLI::App app{"zhengban (政办): the city government general office's system"};
  app.fallthrough();
  app.require_subcommand(1);
  app.add_option("--db", options.db, "database: a SQLite file or a postgresql:// URL")
      ->capture_default_str();
  app.add_option("--config", options.config_dir, "configuration folder")->capture_default_str();
  app.add_option("--data", options.data_dir, "reference data folder")->capture_default_str();
  app.add_option("--db-wait", options.db_wait_seconds,
                 "seconds to keep retrying an unreachable PostgreSQL server at start (0: no retry)")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  app.add_option("--var", options.var_dir, "folder for attachments and runtime files")
      ->capture_default_str();
  zb::app::SetupAllCommands(app, options);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
