#pragma once
// Projects: create, list, find and edit (Patchwork's Project model,
// spec/parser.md §3 and §12, spec/api.md §2.2).
//
// Validation follows Patchwork's model fields: linkname is a slug
// ([-A-Za-z0-9_]+, at most 255 characters) and unique; name is unique, at
// most 255; listid at most 255; listemail at most 200 and an address;
// subject_match at most 64 and a regular expression that compiles (Python
// syntax, IGNORECASE | MULTILINE as the parser uses it); the URL fields at
// most 2000. (listid, subject_match) is unique: a list has at most one
// default project (empty subject_match). Lengths count code points.
//
// Expected failures (a duplicate, an invalid field) come back as an error
// Result with a message naming the field; database failures throw.

#include <optional>
#include <string_view>
#include <vector>

#include "patchloom/model/project.hpp"
#include "patchloom/util/result.hpp"

namespace patchloom::store {

class Database;

// Checks the fields of `project` (not uniqueness, which needs the database).
Result<void> validate_project(const model::Project& project);

class Projects {
 public:
  explicit Projects(Database& db) : db_(db) {}

  // Inserts a new project (its id is ignored and assigned); returns it with its id.
  Result<model::Project> add(const model::Project& project);
  // Replaces every field of the project with id `project.id`.
  Result<model::Project> edit(const model::Project& project);

  // Every project, ordered by linkname (Patchwork's Meta.ordering).
  std::vector<model::Project> list();
  std::optional<model::Project> find(long long id);
  std::optional<model::Project> find_by_linkname(std::string_view linkname);
  // The projects of one mailing list, ordered by linkname (§3.2's order).
  std::vector<model::Project> find_by_listid(std::string_view listid);

 private:
  Result<void> check_unique(const model::Project& project);

  Database& db_;
};

}  // namespace patchloom::store
