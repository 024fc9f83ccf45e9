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
  bool staff = false;
};

// One line of stdin, without its line ending. Passwords never come from the
// command line, where other users could read them in the process list.
std::string read_password() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

int fail(std::string_view command, std::string_view message) {
  std::cerr << "patchloom user " << command << ": " << message << "\n";
  return 1;
}

int add_user(const GlobalOptions& global, const UserArgs& args) {
  const std::string password = args.password_stdin ? read_password() : "";
  store::OpenOptions options;
  options.migrate = true;
  auto db = store::Database::open(global.database, options);
  auto id = api::create_user(db, args.username, args.email, password);
  if (!id) return fail("add", id.error());
  if (args.staff) db.exec("UPDATE users SET is_staff = 1 WHERE id = :id", {*id});
  std::cerr << "patchloom user add: added user " << *id << " '" << args.username << "'\n";
  return 0;
}

// id, username, email, flags, maintained projects: one user per line.
int list_users(const GlobalOptions& global) {
  auto db = store::Database::open(global.database);
  for (const auto& r : db.query("SELECT id, username, email, is_staff, is_active, password_hash <> '' FROM users ORDER BY id")) {
    std::string flags;
    if (r.boolean(3)) flags += "staff,";
    if (!r.boolean(4)) flags += "inactive,";
    if (r.boolean(5)) flags += "password,";
    if (db.query_one("SELECT 1 FROM api_token WHERE user_id = :u", {r.i64(0)})) flags += "token,";
    if (!flags.empty()) flags.pop_back();
    std::string projects;
    for (const auto& p : db.query("SELECT pr.linkname FROM project_maintainer m JOIN project pr ON pr.id = m.project_id "
                                  "WHERE m.user_id = :u ORDER BY pr.linkname",
                                  {r.i64(0)}))
      projects += (projects.empty() ? "" : ",") + p.text(0);
    std::cout << r.i64(0) << "\t" << r.text(1) << "\t" << r.text(2) << "\t" << (flags.empty() ? "-" : flags) << "\t"
              << (projects.empty() ? "-" : projects) << "\n";
  }
  return 0;
}

int passwd(const GlobalOptions& global, const std::string& username) {
  const std::string password = read_password();
  auto db = store::Database::open(global.database);
  if (auto done = api::set_password(db, username, password); !done) return fail("passwd", done.error());
  std::cerr << "patchloom user passwd: " << (password.empty() ? "password login disabled for '" : "password changed for '")
            << username << "'\n";
  return 0;
}

int remove(const GlobalOptions& global, const std::string& username) {
  auto db = store::Database::open(global.database);
  if (auto done = api::remove_user(db, username); !done) return fail("remove", done.error());
  std::cerr << "patchloom user remove: removed '" << username << "'\n";
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
  add->add_flag("--staff", args.staff, "staff member (web administration; grants nothing in the API, as upstream)");
  add->callback([&global, &exit_code] { exit_code = add_user(global, args); });

  auto* list = cmd->add_subcommand("list", "List users: id, username, email, flags, maintained projects");
  list->callback([&global, &exit_code] { exit_code = list_users(global); });

  static std::string passwd_user;
  auto* pw = cmd->add_subcommand("passwd", "Set a user's password from the first line of stdin (empty: no password login)");
  pw->add_option("--username", passwd_user, "login name")->required();
  pw->callback([&global, &exit_code] { exit_code = passwd(global, passwd_user); });

  static std::string remove_user;
  auto* rm = cmd->add_subcommand("remove", "Delete a user with their token, checks and bundles");
  rm->add_option("--username", remove_user, "login name")->required();
  rm->callback([&global, &exit_code] { exit_code = remove(global, remove_user); });
}

}  // namespace patchloom::cli
