#include <CLI/CLI.hpp>

#include <iostream>

#include "patchloom/cli/commands.hpp"

namespace patchloom::cli {

// `patchloom parse [FILE]`: prints what the parser sees in one mail as JSON.
// Filled in by the parse module's work; until then it says so.
void register_parse_command(CLI::App& app, GlobalOptions& /*global*/, int& exit_code) {
  auto* cmd = app.add_subcommand("parse", "Print, as JSON, what the parser sees in one mail (stdin without FILE)");
  static std::string path;
  cmd->add_option("file", path, "mail file (default: standard input)");
  cmd->callback([&exit_code] {
    std::cerr << "patchloom parse: not implemented yet\n";
    exit_code = 2;
  });
}

}  // namespace patchloom::cli
