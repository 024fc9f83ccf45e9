#include "patchloom/store/patch_updates.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "patchloom/model/event.hpp"
#include "patchloom/store/events.hpp"
#include "patchloom/store/write_scope.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::store {

namespace {

constexpr std::size_t kMaxRefLength = 255;

WriteOutcome not_found(std::string_view model) {
  return WriteOutcome::refused(WriteOutcome::Status::not_found, "No " + std::string(model) + " matches the given query.");
}

WriteOutcome not_authenticated() {
  return WriteOutcome::refused(WriteOutcome::Status::not_authenticated, "Authentication credentials were not provided.");
}

WriteOutcome forbidden() {
  return WriteOutcome::refused(WriteOutcome::Status::forbidden, "You do not have permission to perform this action.");
}

std::string invalid_pk(long long id) { return "Invalid pk \"" + std::to_string(id) + "\" - object does not exist."; }

struct PatchState {
  long long project_id = 0;
  std::optional<long long> state_id, delegate_id, related_id, submitter_user;
};

std::optional<PatchState> load_patch(Database& db, long long patch_id) {
  auto r = db.query_one(
      "SELECT p.project_id, p.state_id, p.delegate_id, p.related_id, pe.user_id FROM patch p "
      "JOIN person pe ON pe.id = p.submitter_id WHERE p.id = :id",
      {patch_id});
  if (!r) return std::nullopt;
  return PatchState{r->i64(0), r->opt_i64(1), r->opt_i64(2), r->opt_i64(3), r->opt_i64(4)};
}

bool editable(Database& db, const PatchState& p, long long user_id) {
  return p.submitter_user == user_id || p.delegate_id == user_id || is_maintainer(db, p.project_id, user_id);
}

WriteOutcome edit_permission(Database& db, const std::optional<PatchState>& patch, std::optional<long long> user_id) {
  if (!patch) return not_found("Patch");
  if (!user_id) return not_authenticated();
  if (!editable(db, *patch, *user_id)) return forbidden();
  return {};
}

void add_length_error(std::vector<FieldError>& errors, std::string_view field,
                      const std::optional<std::optional<std::string>>& value) {
  if (value && *value && util::code_point_count(**value) > kMaxRefLength)
    errors.push_back({std::string(field), "Ensure this field has no more than 255 characters."});
}

// The state matched like upstream's StateField: slugified input against slugs.
std::optional<long long> resolve_state(Database& db, std::string_view input, std::vector<FieldError>& errors) {
  const std::string slug = slugify(util::ascii_lower(input));
  if (auto id = db.query_value<long long>("SELECT id FROM state WHERE slug = :s", {slug})) return id;
  std::string choices;
  for (const auto& r : db.query("SELECT slug FROM state ORDER BY ordering")) {
    if (!choices.empty()) choices += ", ";
    choices += r.text(0);
  }
  errors.push_back({"state", "Invalid state " + slug + ". Expected one of: " + choices + "."});
  return std::nullopt;
}

void validate_delegate(Database& db, long long project_id, long long user_id, std::vector<FieldError>& errors) {
  auto username = db.query_value<std::string>("SELECT username FROM users WHERE id = :id", {user_id});
  if (!username) {
    errors.push_back({"delegate", invalid_pk(user_id)});
  } else if (!is_maintainer(db, project_id, user_id)) {
    auto project = db.query_value<std::string>("SELECT name FROM project WHERE id = :id", {project_id});
    errors.push_back({"delegate", "User '" + *username + "' is not a maintainer for project '" + project.value_or("") + "'"});
  }
}

void validate_related(Database& db, const std::vector<long long>& ids, std::vector<FieldError>& errors) {
  for (long long id : ids) {
    if (!db.query_value<long long>("SELECT id FROM patch WHERE id = :id", {id})) {
      errors.push_back({"related", invalid_pk(id)});  // DRF stops at the first bad item
      return;
    }
  }
}

void record(Database& db, model::Event event) {
  event.date = util::now_utc();
  insert_event(db, event);
}

void record_relation_change(Database& db, long long patch_id, std::optional<long long> actor) {
  model::Event e;
  e.category = "patch-relation-changed";
  e.project_id = db.query_value<long long>("SELECT project_id FROM patch WHERE id = :id", {patch_id}).value_or(0);
  e.patch_id = patch_id;
  e.actor_id = actor;
  record(db, e);
}

std::vector<long long> relation_members(Database& db, std::optional<long long> relation) {
  std::vector<long long> out;
  if (!relation) return out;
  for (const auto& r : db.query("SELECT id FROM patch WHERE related_id = :r ORDER BY id", {*relation}))
    out.push_back(r.i64(0));
  return out;
}

// spec/api.md §2.5 "Relation rules". Returns a refusal or done.
WriteOutcome change_relation(Database& db, long long patch_id, const PatchState& patch, long long user_id,
                             const std::vector<long long>& listed) {
  const std::vector<long long> current = relation_members(db, patch.related_id);
  std::set<long long> involved(listed.begin(), listed.end());
  involved.insert(current.begin(), current.end());
  involved.insert(patch_id);
  for (long long id : involved) {
    auto project = db.query_value<long long>("SELECT project_id FROM patch WHERE id = :id", {id});
    if (!project || !is_maintainer(db, *project, user_id))
      return WriteOutcome::refused(WriteOutcome::Status::forbidden, "At least one patch is part of a project you are not maintaining.");
  }
  if (listed.empty()) {
    if (!patch.related_id) return {};
    db.exec("UPDATE patch SET related_id = NULL WHERE id = :id", {patch_id});
    record_relation_change(db, patch_id, user_id);
    const auto rest = relation_members(db, patch.related_id);
    if (rest.size() <= 1) {
      // A relation of one is no relation: dissolved without an event.
      db.exec("UPDATE patch SET related_id = NULL WHERE related_id = :r", {*patch.related_id});
      db.exec("DELETE FROM patch_relation WHERE id = :r", {*patch.related_id});
    }
    return {};
  }
  std::set<long long> relations;
  for (long long id : involved)
    if (auto r = db.query_value<long long>("SELECT related_id FROM patch WHERE id = :id", {id})) relations.insert(*r);
  if (relations.size() > 1)
    return WriteOutcome::refused(WriteOutcome::Status::conflict,
                   "At least one patch is already part of another relation. You have to explicitly remove a patch "
                   "from its existing relation before moving it to this one.");
  const long long relation = relations.empty() ? db.insert("INSERT INTO patch_relation DEFAULT VALUES") : *relations.begin();
  for (long long id : involved) {
    auto before = db.query_value<long long>("SELECT related_id FROM patch WHERE id = :id", {id});
    if (before == relation) continue;
    db.exec("UPDATE patch SET related_id = :r WHERE id = :id", {relation, id});
    record_relation_change(db, id, id == patch_id ? std::optional<long long>(user_id) : std::nullopt);
  }
  return {};
}

void apply_fields(Database& db, long long patch_id, const PatchState& before, long long user_id,
                  const PatchChange& change, std::optional<long long> state_id) {
  if (change.commit_ref)
    db.exec("UPDATE patch SET commit_ref = :v WHERE id = :id", {*change.commit_ref, patch_id});
  if (change.pull_url) db.exec("UPDATE patch SET pull_url = :v WHERE id = :id", {*change.pull_url, patch_id});
  if (change.archived) db.exec("UPDATE patch SET archived = :v WHERE id = :id", {*change.archived, patch_id});
  if (state_id && state_id != before.state_id) {
    db.exec("UPDATE patch SET state_id = :v WHERE id = :id", {*state_id, patch_id});
    model::Event e;
    e.category = "patch-state-changed";
    e.project_id = before.project_id;
    e.patch_id = patch_id;
    e.actor_id = user_id;
    e.previous_state_id = before.state_id;
    e.current_state_id = state_id;
    record(db, e);
  }
  if (change.delegate && *change.delegate != before.delegate_id) {
    db.exec("UPDATE patch SET delegate_id = :v WHERE id = :id", {*change.delegate, patch_id});
    model::Event e;
    e.category = "patch-delegated";
    e.project_id = before.project_id;
    e.patch_id = patch_id;
    e.actor_id = user_id;
    e.previous_delegate_id = before.delegate_id;
    e.current_delegate_id = *change.delegate;
    record(db, e);
  }
}

}  // namespace

std::string slugify(std::string_view text) {
  std::string kept;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) continue;
    if (std::isalnum(u) || c == '_' || c == '-' || c == ' ' || (c >= '\t' && c <= '\r'))
      kept += static_cast<char>(std::tolower(u));
  }
  std::string out;
  bool pending_dash = false;
  for (char c : kept) {
    if (c == '-' || c == ' ' || (c >= '\t' && c <= '\r')) {
      pending_dash = true;
      continue;
    }
    if (pending_dash && !out.empty()) out += '-';
    pending_dash = false;
    out += c;
  }
  // strip('-_'): a leading run of '-' was never emitted; trim '_' at both ends.
  const auto first = out.find_first_not_of('_');
  if (first == std::string::npos) return "";
  out = out.substr(first, out.find_last_not_of('_') - first + 1);
  while (!out.empty() && out.front() == '-') out.erase(0, 1);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

bool is_maintainer(Database& db, long long project_id, long long user_id) {
  return db.query_one("SELECT 1 FROM project_maintainer WHERE project_id = :p AND user_id = :u",
                      {project_id, user_id})
      .has_value();
}

bool can_edit_patch(Database& db, long long patch_id, std::optional<long long> user_id) {
  auto patch = load_patch(db, patch_id);
  return patch && user_id && editable(db, *patch, *user_id);
}

WriteOutcome update_patch(Database& db, long long patch_id, std::optional<long long> user_id,
                          const PatchChange& change) {
  WriteScope scope(db);
  const auto patch = load_patch(db, patch_id);
  if (auto denied = edit_permission(db, patch, user_id); !denied.ok()) return denied;

  std::vector<FieldError> errors;
  add_length_error(errors, "commit_ref", change.commit_ref);
  add_length_error(errors, "pull_url", change.pull_url);
  std::optional<long long> state_id;
  if (change.state) state_id = resolve_state(db, *change.state, errors);
  if (change.delegate && *change.delegate) validate_delegate(db, patch->project_id, **change.delegate, errors);
  if (change.related) validate_related(db, *change.related, errors);
  if (!errors.empty()) {
    return WriteOutcome::invalid(std::move(errors));
  }

  if (change.related) {
    auto relation = change_relation(db, patch_id, *patch, *user_id, *change.related);
    if (!relation.ok()) return relation;  // the scope rolls back
  }
  apply_fields(db, patch_id, *patch, *user_id, change, state_id);
  scope.commit();
  return {};
}

std::optional<int> parse_check_state(std::string_view value) {
  static constexpr std::string_view kNames[] = {"pending", "success", "warning", "fail"};
  for (int i = 0; i < 4; ++i)
    if (value == kNames[i] || value == std::to_string(i)) return i;
  return std::nullopt;
}

namespace {

// Django's URLValidator, reduced to what matters for CI links: an http(s) or
// ftp(s) scheme, a host, no whitespace.
bool valid_url(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return false;
  const std::string scheme = util::ascii_lower(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https" && scheme != "ftp" && scheme != "ftps") return false;
  const std::string_view rest = url.substr(scheme_end + 3);
  const std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty() || host.front() == '.' || host.front() == ':') return false;
  for (char c : url)
    if (static_cast<unsigned char>(c) <= ' ') return false;
  return true;
}

bool valid_slug(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '-' || c == '_';
  });
}

}  // namespace

WriteOutcome create_check(Database& db, long long patch_id, std::optional<long long> user_id, const NewCheck& check) {
  WriteScope scope(db);
  const auto patch = load_patch(db, patch_id);
  if (!patch) return not_found("Patch");
  // Upstream's CheckPermission answers anonymous callers like everyone else.
  if (!user_id || !editable(db, *patch, *user_id)) return forbidden();

  std::vector<FieldError> errors;
  std::optional<int> state;
  if (!check.state || check.state->empty())
    errors.push_back({"state", "A check must have a state."});
  else if (!(state = parse_check_state(*check.state)))
    errors.push_back({"state", "\"" + *check.state + "\" is not a valid choice."});
  if (check.target_url && !check.target_url->empty()) {
    if (util::code_point_count(*check.target_url) > 200)
      errors.push_back({"target_url", "Ensure this field has no more than 200 characters."});
    else if (!valid_url(*check.target_url))
      errors.push_back({"target_url", "Enter a valid URL."});
  }
  if (!valid_slug(check.context))
    errors.push_back({"context", "Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens."});
  else if (util::code_point_count(check.context) > 255)
    errors.push_back({"context", "Ensure this field has no more than 255 characters."});
  if (!errors.empty()) {
    return WriteOutcome::invalid(std::move(errors));
  }

  const util::Timestamp now = util::now_utc();
  const long long id = db.insert(
      "INSERT INTO check_result (patch_id, user_id, date, state, target_url, description, context) "
      "VALUES (:p, :u, :d, :s, :t, :desc, :c)",
      {patch_id, *user_id, now, *state, check.target_url, check.description, check.context});
  model::Event e;
  e.category = "check-created";
  e.project_id = patch->project_id;
  e.patch_id = patch_id;
  e.actor_id = user_id;
  e.created_check_id = id;
  record(db, e);
  scope.commit();
  WriteOutcome out;
  out.id = id;
  return out;
}

WriteOutcome set_comment_addressed(Database& db, std::string_view parent, long long parent_id, long long comment_id,
                                   std::optional<long long> user_id,
                                   std::optional<std::optional<bool>> addressed) {
  const bool on_patch = parent == "patch";
  const std::string table = on_patch ? "patch_comment" : "cover_comment";
  const std::string parent_column = on_patch ? "patch_id" : "cover_id";
  WriteScope scope(db);
  auto parent_row = db.query_one(std::string("SELECT s.project_id, pe.user_id FROM ") + (on_patch ? "patch" : "cover") +
                                     " s JOIN person pe ON pe.id = s.submitter_id WHERE s.id = :id",
                                 {parent_id});
  if (!parent_row) return not_found(on_patch ? "Patch" : "Cover");
  auto comment = db.query_one("SELECT pe.user_id FROM " + table + " c JOIN person pe ON pe.id = c.submitter_id "
                                  "WHERE c.id = :id AND c." + parent_column + " = :parent",
                              {comment_id, parent_id});
  if (!comment) return not_found(on_patch ? "PatchComment" : "CoverComment");
  if (!user_id) return not_authenticated();
  bool allowed = comment->opt_i64(0) == user_id;
  if (!allowed && on_patch) allowed = can_edit_patch(db, parent_id, user_id);
  if (!allowed && !on_patch)
    allowed = parent_row->opt_i64(1) == user_id || is_maintainer(db, parent_row->i64(0), *user_id);
  if (!allowed) return forbidden();
  if (addressed) db.exec("UPDATE " + table + " SET addressed = :a WHERE id = :id", {*addressed, comment_id});
  scope.commit();
  return {};
}

}  // namespace patchloom::store
