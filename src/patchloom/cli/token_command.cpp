#include <CLI/CLI.hpp>

#include <iostream>
#include <string>

#include "patchloom/api/auth.hpp"
#include "patchloom/cli/commands.hpp"
#include "patchloom/store/database.hpp"

namespace patchloom::cli {

void register_token_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand("token", "Manage REST API tokens");
  cmd->require_subcommand(1);
  static std::string username;
  auto* create = cmd->add_subcommand(
      "create", "Create the user's API token, replacing any previous one; prints it on the last line");
  create->add_option("--user", username, "username")->required();
  create->callback([&global, &exit_code] {
    auto db = store::Database::open(global.database);
    auto token = api::create_token(db, username);
    if (!token) {
      std::cerr << "patchloom token create: " << token.error() << "\n";
      exit_code = 1;
      return;
    }
    std::cout << *token << "\n";
    exit_code = 0;
  });

  static std::string revoke_user;
  auto* revoke = cmd->add_subcommand("revoke", "Delete the user's API token");
  revoke->add_option("--user", revoke_user, "username")->required();
  revoke->callback([&global, &exit_code] {
    auto db = store::Database::open(global.database);
    auto revoked = api::revoke_token(db, revoke_user);
    if (!revoked) {
      std::cerr << "patchloom token revoke: " << revoked.error() << "\n";
      exit_code = 1;
      return;
    }
    std::cerr << "patchloom token revoke: " << (*revoked ? "revoked the token of '" : "no token to revoke for '")
              << revoke_user << "'\n";
    exit_code = 0;
  });
}

}  // namespace patchloom::cli
