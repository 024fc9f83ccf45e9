#include "patchloom/cli/app.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "patchloom/cli/commands.hpp"

namespace patchloom::cli {

int run(int argc, char** argv) {
  CLI::App app{"patchloom: a patch tracker and mailing-list archive for projects that review code by email"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "patchloom 0.1.0");

  GlobalOptions global;
  app.add_option("--db", global.database, "SQLite file or postgresql:// URL")
      ->envname("PATCHLOOM_DB")
      ->capture_default_str();

  int exit_code = 0;
  register_parse_command(app, global, exit_code);
  register_serve_command(app, global, exit_code);
  register_project_command(app, global, exit_code);
  register_user_command(app, global, exit_code);
  register_token_command(app, global, exit_code);
  register_migrate_command(app, global, exit_code);
  register_ingest_command(app, global, exit_code);
  register_import_command(app, global, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "patchloom: " << e.what() << "\n";
    return 1;
  }
  return exit_code;
}

}  // namespace patchloom::cli
