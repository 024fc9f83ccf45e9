#include <CLI/CLI.hpp>

#include <iostream>
#include <string>

#include "patchloom/api/auth.hpp"
#include "patchloom/cli/commands.hpp"
#include "patchloom/store/database.hpp"

namespace patchloom::cli {

namespace {

struct UserArgs {
  std::string username;
  std::string email;
  bool password_stdin = false;
};

int add_user(const GlobalOptions& global, const UserArgs& args) {
  std::string password;
  if (args.password_stdin) {
    std::getline(std::cin, password);  // one line; the newline is not part of it
    if (!password.empty() && password.back() == '\r') password.pop_back();
  }
  store::OpenOptions options;
  options.migrate = true;
  auto db = store::Database::open(global.database, options);
  auto id = api::create_user(db, args.username, args.email, password);
  if (!id) {
    std::cerr << "patchloom user add: " << id.error() << "\n";
    return 1;
  }
  std::cerr << "patchloom user add: added user " << *id << " '" << args.username << "'\n";
  return 0;
}

}  // namespace

void register_user_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand("user", "Manage user accounts (API and web login)");
  cmd->require_subcommand(1);
  static UserArgs args;
  auto* add = cmd->add_subcommand("add", "Add a user");
  add->add_option("--username", args.username, "login name")->required();
  add->add_option("--email", args.email, "email address")->required();
  add->add_flag("--password-stdin", args.password_stdin,
                "read the password from the first line of stdin (without it the user cannot log in with a password)");
  add->callback([&global, &exit_code] { exit_code = add_user(global, args); });
}

}  // namespace patchloom::cli
