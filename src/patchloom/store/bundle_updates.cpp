#include "patchloom/store/bundle_updates.hpp"

#include <set>

#include "patchloom/store/write_scope.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::store {

namespace {

constexpr std::size_t kMaxNameLength = 50;

WriteOutcome bundle_not_found() {
  return WriteOutcome::refused(WriteOutcome::Status::not_found, "No Bundle matches the given query.");
}

// Owner-only access to an existing bundle; done when the user owns it.
WriteOutcome owner_access(Database& db, long long bundle_id, std::optional<long long> user_id) {
  auto row = db.query_one("SELECT owner_id, public FROM bundle WHERE id = :id", {bundle_id});
  if (!row) return bundle_not_found();
  const bool owner = user_id && row->i64(0) == *user_id;
  if (owner) return {};
  if (!row->boolean(1)) return bundle_not_found();
  if (!user_id) return WriteOutcome::refused(WriteOutcome::Status::not_authenticated, "Authentication credentials were not provided.");
  return WriteOutcome::refused(WriteOutcome::Status::forbidden, "You do not have permission to perform this action.");
}

void validate_name(Database& db, const BundleChange& change, long long owner, std::optional<long long> self, bool required,
                   std::vector<FieldError>& errors) {
  if (!change.name) {
    if (required) errors.push_back({"name", "This field is required."});
    return;
  }
  if (util::py_strip(*change.name).empty()) {
    errors.push_back({"name", "This field may not be blank."});
  } else if (util::code_point_count(*change.name) > kMaxNameLength) {
    errors.push_back({"name", "Ensure this field has no more than 50 characters."});
  } else {
    auto other = db.query_value<long long>("SELECT id FROM bundle WHERE owner_id = :o AND name = :n", {owner, *change.name});
    if (other && other != self) errors.push_back({"name", "A bundle with this name already exists."});
  }
}

// The patches' common project, or an error.
std::optional<long long> validate_patches(Database& db, const BundleChange& change, bool required,
                                          std::vector<FieldError>& errors) {
  if (!change.patches) {
    if (required) errors.push_back({"patches", "This field is required."});
    return std::nullopt;
  }
  if (change.patches->empty()) {
    errors.push_back({"patches", "Bundles cannot be empty"});
    return std::nullopt;
  }
  std::set<long long> projects;
  std::optional<long long> first;
  for (long long id : *change.patches) {
    auto project = db.query_value<long long>("SELECT project_id FROM patch WHERE id = :id", {id});
    if (!project) {
      errors.push_back({"patches", "Invalid pk \"" + std::to_string(id) + "\" - object does not exist."});
      return std::nullopt;
    }
    if (!first) first = project;
    projects.insert(*project);
  }
  if (projects.size() > 1) {
    errors.push_back({"patches", "Bundle patches must belong to the same project"});
    return std::nullopt;
  }
  return first;
}

void write_patches(Database& db, long long bundle_id, const std::vector<long long>& patches) {
  db.exec("DELETE FROM bundle_patch WHERE bundle_id = :b", {bundle_id});
  std::set<long long> seen;
  int order = 0;
  for (long long id : patches) {
    if (!seen.insert(id).second) continue;
    db.exec("INSERT INTO bundle_patch (bundle_id, patch_id, \"order\") VALUES (:b, :p, :o)", {bundle_id, id, ++order});
  }
}

}  // namespace

bool bundle_visible(Database& db, long long bundle_id, std::optional<long long> user_id) {
  auto row = db.query_one("SELECT owner_id, public FROM bundle WHERE id = :id", {bundle_id});
  return row && (row->boolean(1) || (user_id && row->i64(0) == *user_id));
}

WriteOutcome create_bundle(Database& db, std::optional<long long> user_id, const BundleChange& change) {
  if (!user_id) return WriteOutcome::refused(WriteOutcome::Status::not_authenticated, "Authentication credentials were not provided.");
  WriteScope scope(db);
  std::vector<FieldError> errors;
  validate_name(db, change, *user_id, std::nullopt, true, errors);
  auto project = validate_patches(db, change, true, errors);
  if (!errors.empty()) return WriteOutcome::invalid(std::move(errors));
  const long long id = db.insert("INSERT INTO bundle (owner_id, project_id, name, public) VALUES (:o, :p, :n, :pub)",
                                 {*user_id, *project, *change.name, change.is_public.value_or(false)});
  write_patches(db, id, *change.patches);
  scope.commit();
  WriteOutcome out;
  out.id = id;
  return out;
}

WriteOutcome update_bundle(Database& db, long long bundle_id, std::optional<long long> user_id,
                           const BundleChange& change, bool full) {
  WriteScope scope(db);
  if (auto access = owner_access(db, bundle_id, user_id); !access.ok()) return access;
  std::vector<FieldError> errors;
  validate_name(db, change, *user_id, bundle_id, full, errors);
  auto project = validate_patches(db, change, full, errors);
  if (!errors.empty()) return WriteOutcome::invalid(std::move(errors));
  if (change.name) db.exec("UPDATE bundle SET name = :n WHERE id = :id", {*change.name, bundle_id});
  if (change.is_public) db.exec("UPDATE bundle SET public = :p WHERE id = :id", {*change.is_public, bundle_id});
  if (change.patches) {
    db.exec("UPDATE bundle SET project_id = :p WHERE id = :id", {*project, bundle_id});
    write_patches(db, bundle_id, *change.patches);
  }
  scope.commit();
  WriteOutcome out;
  out.id = bundle_id;
  return out;
}

WriteOutcome delete_bundle(Database& db, long long bundle_id, std::optional<long long> user_id) {
  WriteScope scope(db);
  if (auto access = owner_access(db, bundle_id, user_id); !access.ok()) return access;
  db.exec("DELETE FROM bundle_patch WHERE bundle_id = :id", {bundle_id});
  db.exec("DELETE FROM bundle WHERE id = :id", {bundle_id});
  scope.commit();
  return {};
}

}  // namespace patchloom::store
