// The `zhengban` command line: each command group lives in its own cmd_<group>.cpp and registers
// itself with a static CommandRegistrar, so main.cpp needs no list of commands.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace zb::app {

// Options every command shares.
struct GlobalOptions {
  std::string db = "var/zhengban.db";  // a path (SQLite) or a postgresql:// URL
  std::string config_dir = "config";   // workflows/*.toml, policies
  std::string data_dir = "data";       // holidays-cn/, dictionaries, category tree
  std::string var_dir = "var";         // attachments, logs
  // How long to keep retrying a PostgreSQL server that cannot be reached at start, in seconds.
  int db_wait_seconds = 30;
};

using CommandSetup = void (*)(CLI::App& app, GlobalOptions& options);

// Called by CommandRegistrar; main() adds every registered group to the app.
void RegisterCommandGroup(CommandSetup setup);
void SetupAllCommands(CLI::App& app, GlobalOptions& options);

struct CommandRegistrar {
  explicit CommandRegistrar(CommandSetup setup) { RegisterCommandGroup(setup); }
};

// Ends the command with this exit code after printing `message` to stderr (if not empty).
[[noreturn]] void Fail(const std::string& message, int exit_code = 1);

}  // namespace zb::app
