#include "patchloom/store/projects.hpp"

#include <string>

#include "patchloom/store/database.hpp"
#include "patchloom/util/regex.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::store {
namespace {

constexpr std::string_view kColumns =
    "id, linkname, name, listid, listemail, subject_match, web_url, scm_url, webscm_url, "
    "list_archive_url, list_archive_url_format, commit_url_format, send_notifications, use_tags, "
    "show_dependencies";

model::Project from_row(const Row& row) {
  model::Project p;
  p.id = row.i64(0);
  p.linkname = row.text(1);
  p.name = row.text(2);
  p.listid = row.text(3);
  p.listemail = row.text(4);
  p.subject_match = row.text(5);
  p.web_url = row.text(6);
  p.scm_url = row.text(7);
  p.webscm_url = row.text(8);
  p.list_archive_url = row.text(9);
  p.list_archive_url_format = row.text(10);
  p.commit_url_format = row.text(11);
  p.send_notifications = row.boolean(12);
  p.use_tags = row.boolean(13);
  p.show_dependencies = row.boolean(14);
  return p;
}

// Every column but id, in kColumns order.
Params field_params(const model::Project& p) {
  return {p.linkname, p.name, p.listid, p.listemail, p.subject_match, p.web_url, p.scm_url, p.webscm_url,
          p.list_archive_url, p.list_archive_url_format, p.commit_url_format, p.send_notifications,
          p.use_tags, p.show_dependencies};
}

std::vector<model::Project> select(Database& db, std::string_view where, const Params& params) {
  std::vector<model::Project> out;
  for (const auto& row :
       db.query("SELECT " + std::string(kColumns) + " FROM project " + std::string(where) + " ORDER BY linkname",
                params))
    out.push_back(from_row(row));
  return out;
}

Result<void> check_length(std::string_view field, const std::string& value, std::size_t max, bool required) {
  if (required && value.empty()) return make_error(std::string(field) + " is required");
  if (util::code_point_count(value) > max)
    return make_error(std::string(field) + " must be at most " + std::to_string(max) + " characters");
  return {};
}

bool is_slug(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool looks_like_address(std::string_view s) {
  const auto at = s.rfind('@');
  return at != std::string_view::npos && at > 0 && at + 1 < s.size() &&
         s.find_first_of(" \t\r\n<>") == std::string_view::npos;
}

}  // namespace

Result<void> validate_project(const model::Project& p) {
  const struct {
    std::string_view field;
    const std::string& value;
    std::size_t max;
    bool required;
  } lengths[] = {
      {"linkname", p.linkname, 255, true},
      {"name", p.name, 255, true},
      {"listid", p.listid, 255, true},
      {"listemail", p.listemail, 200, true},
      {"subject_match", p.subject_match, 64, false},
      {"web_url", p.web_url, 2000, false},
      {"scm_url", p.scm_url, 2000, false},
      {"webscm_url", p.webscm_url, 2000, false},
      {"list_archive_url", p.list_archive_url, 2000, false},
      {"list_archive_url_format", p.list_archive_url_format, 2000, false},
      {"commit_url_format", p.commit_url_format, 2000, false},
  };
  for (const auto& l : lengths)
    if (auto r = check_length(l.field, l.value, l.max, l.required); !r) return r;
  if (!is_slug(p.linkname))
    return make_error("linkname '" + p.linkname +
                      "' is not a slug: use only letters, digits, underscores and hyphens");
  if (!looks_like_address(p.listemail)) return make_error("listemail '" + p.listemail + "' is not an email address");
  if (!p.subject_match.empty()) {
    // The parser searches with IGNORECASE | MULTILINE (spec/parser.md §3.2).
    const auto error = util::Regex::validate(p.subject_match, util::Regex::kIgnoreCase | util::Regex::kMultiline);
    if (!error.empty())
      return make_error("subject_match '" + p.subject_match + "' is not a valid regular expression: " + error);
  }
  return {};
}

Result<void> Projects::check_unique(const model::Project& p) {
  const auto taken = [&](std::string_view sql, const Params& params) {
    return db_.query_value<long long>(sql, params).has_value();
  };
  if (taken("SELECT id FROM project WHERE linkname = :linkname AND id <> :id", {p.linkname, p.id}))
    return make_error("a project with linkname '" + p.linkname + "' already exists");
  if (taken("SELECT id FROM project WHERE name = :name AND id <> :id", {p.name, p.id}))
    return make_error("a project named '" + p.name + "' already exists");
  if (taken("SELECT id FROM project WHERE listid = :listid AND subject_match = :subject_match AND id <> :id",
            {p.listid, p.subject_match, p.id})) {
    if (p.subject_match.empty())
      return make_error("list '" + p.listid + "' already has a default project (empty subject_match)");
    return make_error("list '" + p.listid + "' already has a project with subject_match '" + p.subject_match + "'");
  }
  return {};
}

Result<model::Project> Projects::add(const model::Project& project) {
  if (auto r = validate_project(project); !r) return make_error(r.error());
  model::Project p = project;
  p.id = 0;
  Transaction tx(db_);
  if (auto r = check_unique(p); !r) return make_error(r.error());
  try {
    p.id = db_.insert(
        "INSERT INTO project (linkname, name, listid, listemail, subject_match, web_url, scm_url, webscm_url, "
        "list_archive_url, list_archive_url_format, commit_url_format, send_notifications, use_tags, "
        "show_dependencies) VALUES (:linkname, :name, :listid, :listemail, :subject_match, :web_url, :scm_url, "
        ":webscm_url, :list_archive_url, :list_archive_url_format, :commit_url_format, :send_notifications, "
        ":use_tags, :show_dependencies)",
        field_params(p));
  } catch (const DatabaseError& e) {
    // Only a concurrent add gets here: check_unique ran in this transaction.
    if (e.is_unique_violation()) return make_error(std::string("a conflicting project already exists: ") + e.what());
    throw;
  }
  tx.commit();
  return p;
}

Result<model::Project> Projects::edit(const model::Project& project) {
  if (auto r = validate_project(project); !r) return make_error(r.error());
  Transaction tx(db_);
  if (auto r = check_unique(project); !r) return make_error(r.error());
  Params params = field_params(project);
  params.push_back(project.id);
  long long changed = 0;
  try {
    changed = db_.exec(
        "UPDATE project SET linkname = :linkname, name = :name, listid = :listid, listemail = :listemail, "
        "subject_match = :subject_match, web_url = :web_url, scm_url = :scm_url, webscm_url = :webscm_url, "
        "list_archive_url = :list_archive_url, list_archive_url_format = :list_archive_url_format, "
        "commit_url_format = :commit_url_format, send_notifications = :send_notifications, "
        "use_tags = :use_tags, show_dependencies = :show_dependencies WHERE id = :id",
        params);
  } catch (const DatabaseError& e) {
    if (e.is_unique_violation()) return make_error(std::string("a conflicting project already exists: ") + e.what());
    throw;
  }
  if (changed == 0) return make_error("no project with id " + std::to_string(project.id));
  tx.commit();
  return project;
}

std::vector<model::Project> Projects::list() { return select(db_, "", {}); }

std::optional<model::Project> Projects::find(long long id) {
  auto found = select(db_, "WHERE id = :id", {id});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<model::Project> Projects::find_by_linkname(std::string_view linkname) {
  auto found = select(db_, "WHERE linkname = :linkname", {linkname});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<model::Project> Projects::find_by_listid(std::string_view listid) {
  return select(db_, "WHERE listid = :listid", {listid});
}

}  // namespace patchloom::store
