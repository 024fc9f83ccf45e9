#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "patchloom/cli/commands.hpp"
#include "patchloom/model/project.hpp"
#include "patchloom/store/database.hpp"
#include "patchloom/store/projects.hpp"

namespace patchloom::cli {
namespace {

// One optional value per editable field: `add` requires the first four,
// `edit` changes only the fields given.
struct ProjectFields {
  std::optional<std::string> linkname, name, listid, listemail, web_url, scm_url, webscm_url, list_archive_url,
      list_archive_url_format, commit_url_format, subject_match;

  struct Binding {
    const char* option;
    std::optional<std::string> ProjectFields::*field;
    std::string model::Project::*target;
    const char* help;
  };
  static const std::vector<Binding>& bindings() {
    static const std::vector<Binding> all = {
        {"--linkname", &ProjectFields::linkname, &model::Project::linkname, "short name used in URLs (a slug)"},
        {"--name", &ProjectFields::name, &model::Project::name, "display name"},
        {"--listid", &ProjectFields::listid, &model::Project::listid, "List-Id of the mailing list, without <>"},
        {"--listemail", &ProjectFields::listemail, &model::Project::listemail, "address of the mailing list"},
        {"--web-url", &ProjectFields::web_url, &model::Project::web_url, "project home page"},
        {"--scm-url", &ProjectFields::scm_url, &model::Project::scm_url, "repository URL"},
        {"--webscm-url", &ProjectFields::webscm_url, &model::Project::webscm_url, "repository web view"},
        {"--list-archive-url", &ProjectFields::list_archive_url, &model::Project::list_archive_url,
         "list archive home"},
        {"--list-archive-url-format", &ProjectFields::list_archive_url_format,
         &model::Project::list_archive_url_format, "archive URL of one message, {} = Message-ID"},
        {"--commit-url-format", &ProjectFields::commit_url_format, &model::Project::commit_url_format,
         "URL of one commit, {} = commit id"},
        {"--subject-match", &ProjectFields::subject_match, &model::Project::subject_match,
         "regex picking this project's mails on a shared list (empty: the list's default project)"},
    };
    return all;
  }

  void add_options(CLI::App& cmd, bool require_identity) {
    for (const auto& b : bindings()) {
      auto* opt = cmd.add_option(b.option, this->*b.field, b.help);
      const bool identity = b.field == &ProjectFields::linkname || b.field == &ProjectFields::name ||
                            b.field == &ProjectFields::listid || b.field == &ProjectFields::listemail;
      if (require_identity && identity) opt->required();
    }
  }
  void apply_to(model::Project& project) const {
    for (const auto& b : bindings())
      if (this->*b.field) project.*b.target = *(this->*b.field);
  }
};

void print_project(const model::Project& p) {
  std::cout << "id: " << p.id << "\n"
            << "linkname: " << p.linkname << "\n"
            << "name: " << p.name << "\n"
            << "listid: " << p.listid << "\n"
            << "listemail: " << p.listemail << "\n"
            << "subject_match: " << p.subject_match << "\n"
            << "web_url: " << p.web_url << "\n"
            << "scm_url: " << p.scm_url << "\n"
            << "webscm_url: " << p.webscm_url << "\n"
            << "list_archive_url: " << p.list_archive_url << "\n"
            << "list_archive_url_format: " << p.list_archive_url_format << "\n"
            << "commit_url_format: " << p.commit_url_format << "\n"
            << "send_notifications: " << (p.send_notifications ? "true" : "false") << "\n"
            << "use_tags: " << (p.use_tags ? "true" : "false") << "\n"
            << "show_dependencies: " << (p.show_dependencies ? "true" : "false") << "\n";
}

int fail(std::string_view command, std::string_view message) {
  std::cerr << "patchloom project " << command << ": " << message << "\n";
  return 1;
}

int add(const GlobalOptions& global, const ProjectFields& fields) {
  store::OpenOptions options;
  options.migrate = true;  // adding the first project is how a new site starts
  auto db = store::Database::open(global.database, options);
  model::Project project;
  fields.apply_to(project);
  auto added = store::Projects(db).add(project);
  if (!added) return fail("add", added.error());
  std::cerr << "patchloom project add: added project " << added->id << " '" << added->linkname << "'\n";
  return 0;
}

int list(const GlobalOptions& global) {
  auto db = store::Database::open(global.database);
  for (const auto& p : store::Projects(db).list()) {
    std::cout << p.id << "\t" << p.linkname << "\t" << p.listid << "\t" << p.name;
    if (!p.subject_match.empty()) std::cout << "\tsubject_match=" << p.subject_match;
    std::cout << "\n";
  }
  return 0;
}

int show(const GlobalOptions& global, const std::string& linkname) {
  auto db = store::Database::open(global.database);
  auto project = store::Projects(db).find_by_linkname(linkname);
  if (!project) return fail("show", "no project with linkname '" + linkname + "'");
  print_project(*project);
  return 0;
}

int edit(const GlobalOptions& global, const std::string& linkname, const ProjectFields& fields) {
  auto db = store::Database::open(global.database);
  store::Projects projects(db);
  auto project = projects.find_by_linkname(linkname);
  if (!project) return fail("edit", "no project with linkname '" + linkname + "'");
  fields.apply_to(*project);
  auto edited = projects.edit(*project);
  if (!edited) return fail("edit", edited.error());
  print_project(*edited);
  return 0;
}

// `project maintainer add|remove|list`.
int maintainer(const GlobalOptions& global, const std::string& action, const std::string& linkname,
               const std::string& username) {
  const std::string command = "maintainer " + action;
  auto db = store::Database::open(global.database);
  auto project = store::Projects(db).find_by_linkname(linkname);
  if (!project) return fail(command, "no project with linkname '" + linkname + "'");
  if (action == "list") {
    for (const auto& r : db.query("SELECT u.id, u.username, u.email FROM project_maintainer m JOIN users u "
                                  "ON u.id = m.user_id WHERE m.project_id = :p ORDER BY u.id",
                                  {project->id}))
      std::cout << r.i64(0) << "\t" << r.text(1) << "\t" << r.text(2) << "\n";
    return 0;
  }
  auto user = db.query_value<long long>("SELECT id FROM users WHERE username = :u", {username});
  if (!user) return fail(command, "no user '" + username + "'");
  if (action == "add") {
    db.exec("INSERT INTO project_maintainer (project_id, user_id) VALUES (:p, :u) ON CONFLICT DO NOTHING",
            {project->id, *user});
  } else if (db.exec("DELETE FROM project_maintainer WHERE project_id = :p AND user_id = :u", {project->id, *user}) ==
             0) {
    return fail(command, "'" + username + "' does not maintain '" + linkname + "'");
  }
  std::cerr << "patchloom project " << command << ": '" << username << "' "
            << (action == "add" ? "maintains" : "no longer maintains") << " '" << linkname << "'\n";
  return 0;
}

}  // namespace

void register_project_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand("project", "Add, list, show and edit projects");
  cmd->require_subcommand(1);

  static ProjectFields add_fields;
  auto* add_cmd = cmd->add_subcommand("add", "Add a project");
  add_fields.add_options(*add_cmd, true);
  add_cmd->callback([&global, &exit_code] { exit_code = add(global, add_fields); });

  auto* list_cmd = cmd->add_subcommand("list", "List projects: id, linkname, list id, name");
  list_cmd->callback([&global, &exit_code] { exit_code = list(global); });

  static std::string show_linkname;
  auto* show_cmd = cmd->add_subcommand("show", "Show every field of a project");
  show_cmd->add_option("linkname", show_linkname, "the project's linkname")->required();
  show_cmd->callback([&global, &exit_code] { exit_code = show(global, show_linkname); });

  static std::string edit_linkname;
  static ProjectFields edit_fields;
  auto* edit_cmd = cmd->add_subcommand("edit", "Change fields of a project (only those given)");
  edit_cmd->add_option("linkname", edit_linkname, "the project's current linkname")->required();
  edit_fields.add_options(*edit_cmd, false);
  edit_cmd->callback([&global, &exit_code] { exit_code = edit(global, edit_linkname, edit_fields); });

  auto* maint_cmd = cmd->add_subcommand("maintainer", "Add, remove or list a project's maintainers");
  maint_cmd->require_subcommand(1);
  static std::string maint_linkname, maint_user;
  for (const char* action : {"add", "remove", "list"}) {
    auto* sub = maint_cmd->add_subcommand(action, std::string(action) + " maintainers");
    sub->add_option("linkname", maint_linkname, "the project's linkname")->required();
    if (std::string_view(action) != "list") sub->add_option("--user", maint_user, "username")->required();
    sub->callback([&global, &exit_code, action] { exit_code = maintainer(global, action, maint_linkname, maint_user); });
  }
}

}  // namespace patchloom::cli
