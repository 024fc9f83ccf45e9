#include <CLI/CLI.hpp>

#include <iostream>

#include "patchloom/cli/commands.hpp"
#include "patchloom/store/database.hpp"
#include "patchloom/store/migrations.hpp"

namespace patchloom::cli {

namespace {

int run_migrate(const GlobalOptions& global, bool status_only) {
  try {
    auto db = store::Database::open(global.database);
    const int before = store::schema_version(db);
    const int latest = store::migrations().empty() ? 0 : store::migrations().back().version;
    if (status_only) {
      std::cout << "schema version " << before << " of " << latest
                << (before < latest ? " (run `patchloom migrate` to upgrade)" : " (up to date)") << "\n";
      return before == latest ? 0 : 1;
    }
    const int applied = store::migrate(db);
    std::cout << "schema version " << store::schema_version(db) << ": applied " << applied << " migration"
              << (applied == 1 ? "" : "s") << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "patchloom migrate: " << global.database << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

// `patchloom migrate [--status]`: creates the database at --db when it does
// not exist and applies every pending schema migration.
void register_migrate_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand("migrate", "Create the database or bring its schema up to date");
  static bool status_only = false;
  cmd->add_flag("--status", status_only, "only report the schema version (exit 1 when migrations are pending)");
  cmd->callback([&global, &exit_code] { exit_code = run_migrate(global, status_only); });
}

}  // namespace patchloom::cli
