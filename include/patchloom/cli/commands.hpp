#pragma once
// One registration function per subcommand; each lives in its own
// src/patchloom/cli/<name>_command.cpp. A command registers its options on
// `app` and sets a callback that stores its exit code in `exit_code`.

#include <string>

namespace CLI {
class App;
}

namespace patchloom::cli {

struct GlobalOptions {
  // A SQLite path or a postgresql:// URL.
  std::string database = "patchloom.db";
};

void register_parse_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void register_serve_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void register_project_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void register_user_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void register_token_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void register_migrate_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void register_ingest_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void register_import_command(CLI::App& app, GlobalOptions& global, int& exit_code);

}  // namespace patchloom::cli
