// PUT/PATCH /api/patches/{id}/ (spec/api.md §2.5) and the bulk extension
// PATCH /api/patches/ (docs/api-extensions.md).
#include "body.hpp"
#include "patchloom/store/write_scope.hpp"
#include "resources.hpp"

namespace patchloom::api {

namespace {

using Status = store::WriteOutcome::Status;

// DRF reports field errors in serializer field order.
const std::vector<std::string_view> kPatchFields = {"commit_ref", "pull_url", "state", "archived", "delegate", "related"};
constexpr std::size_t kMaxBulk = 250;

// The body's fields as a change, with DRF's type errors.
store::PatchChange change_from(const Input& in, bool full, Errors& errors) {
  store::PatchChange change;
  if (in.has("commit_ref")) change.commit_ref = to_nullable_string(in.scalar("commit_ref"), "commit_ref", errors);
  if (in.has("pull_url")) change.pull_url = to_nullable_string(in.scalar("pull_url"), "pull_url", errors);
  if (in.has("state")) {
    const json::value v = in.scalar("state");
    if (v.is_null())
      errors.add("state", "This field may not be null.");
    else if (!v.is_string())
      errors.add("state", "Incorrect type. Expected string value, received " + python_type(v) + ".");
    else
      change.state = std::string(v.as_string());
  } else if (full) {
    errors.add("state", "This field is required.");
  }
  if (in.has("archived")) change.archived = to_bool(in.scalar("archived"), "archived", errors);
  if (in.has("delegate"))
    change.delegate = to_nullable_pk(in.scalar("delegate"), "delegate", errors);
  else if (full)
    errors.add("delegate", "This field is required.");
  if (in.has("related")) change.related = to_pk_list(in.list("related"), "related", errors);
  return change;
}

bool is_permission_refusal(const store::WriteOutcome& o) {
  return o.status == Status::not_found || o.status == Status::not_authenticated ||
         (o.status == Status::forbidden && o.detail == "You do not have permission to perform this action.");
}

// Applies one change; with type errors the store still validates the other
// fields (in a transaction rolled back) so that all messages come together.
store::WriteOutcome apply(Ctx& ctx, long long id, const store::PatchChange& change, const Errors& type_errors) {
  if (type_errors.empty()) return store::update_patch(ctx.db, id, ctx.user_id, change);
  store::WriteOutcome outcome;
  {
    std::optional<store::Transaction> tx;
    if (!ctx.db.in_transaction()) tx.emplace(ctx.db);
    store::Savepoint probe(ctx.db);
    outcome = store::update_patch(ctx.db, id, ctx.user_id, change);
    probe.rollback();
  }
  if (is_permission_refusal(outcome)) return outcome;
  store::WriteOutcome invalid;
  invalid.status = Status::invalid;
  invalid.errors = type_errors.list;
  if (outcome.status == Status::invalid)
    invalid.errors.insert(invalid.errors.end(), outcome.errors.begin(), outcome.errors.end());
  return invalid;
}

// The body, unless the caller may not write at all: upstream checks
// permission before it parses.
Input body_after_permission(Ctx& ctx, long long id) {
  try {
    return parse_object_body(ctx.request);
  } catch (...) {
    auto outcome = store::update_patch(ctx.db, id, ctx.user_id, store::PatchChange{});
    if (!outcome.ok()) raise_outcome(outcome, kPatchFields);
    throw;
  }
}

json::value outcome_body(const store::WriteOutcome& o) {
  if (o.status == Status::invalid) return error_body(o.errors, kPatchFields);
  return json::object{{"detail", o.detail}};
}

int outcome_status(const store::WriteOutcome& o) {
  switch (o.status) {
    case Status::done: return 200;
    case Status::not_found: return 404;
    case Status::not_authenticated:
    case Status::forbidden: return 403;
    case Status::invalid: return 400;
    case Status::conflict: return 409;
  }
  return 400;
}

}  // namespace

ApiResult patch_update(Ctx& ctx, long long id, bool full) {
  const Input in = body_after_permission(ctx, id);
  Errors errors;
  const store::PatchChange change = change_from(in, full, errors);
  raise_outcome(apply(ctx, id, change, errors), kPatchFields);
  return patch_detail(ctx, id);
}

ApiResult patch_bulk_update(Ctx& ctx) {
  if (!ctx.user_id) throw ApiError{403, "Authentication credentials were not provided."};
  ParsedBody body = parse_body(ctx.request);
  // Items: a JSON array of objects with "id", or one object applied to every
  // patch of ?series=N.
  std::vector<std::pair<long long, Input>> items;
  if (body.array) {
    for (const auto& v : *body.array) {
      if (!v.is_object() || !v.as_object().contains("id"))
        throw ApiBodyError{400, json::object{{"detail", json::array{"Each item must be an object with an \"id\"."}}}};
      Errors id_errors;
      auto id = to_pk(v.as_object().at("id"), "id", id_errors);
      if (!id) throw ApiBodyError{400, error_body(id_errors.list, {"id"})};
      items.emplace_back(*id, Input::from_json(v.as_object()));
    }
  } else {
    auto series = ctx.request.query.get_all("series");
    if (series.empty())
      throw ApiBodyError{400, json::object{{"detail", json::array{"A bulk update needs a JSON list of patches or "
                                                                  "?series=<id>."}}}};
    auto series_id = parse_python_int(series.back());
    if (!series_id || !ctx.db.query_value<long long>("SELECT id FROM series WHERE id = :id", {*series_id}))
      throw_not_found("Series");
    for (const auto& r : ctx.db.query("SELECT id FROM patch WHERE series_id = :s ORDER BY number, id", {*series_id}))
      items.emplace_back(r.i64(0), *body.object);
  }
  if (items.size() > kMaxBulk)
    throw ApiBodyError{400, json::object{{"detail", json::array{"At most 250 patches per request."}}}};

  // All or nothing: every item is tried, and one failure undoes them all.
  std::vector<store::WriteOutcome> outcomes;
  {
    store::Transaction tx(ctx.db);
    for (const auto& [id, in] : items) {
      Errors errors;
      const store::PatchChange change = change_from(in, false, errors);
      outcomes.push_back(apply(ctx, id, change, errors));
    }
    const bool all_done =
        std::all_of(outcomes.begin(), outcomes.end(), [](const store::WriteOutcome& o) { return o.ok(); });
    if (all_done) tx.commit();
  }
  auto failed = std::find_if(outcomes.begin(), outcomes.end(), [](const store::WriteOutcome& o) { return !o.ok(); });
  if (failed != outcomes.end()) {
    json::array errors;
    for (const auto& o : outcomes) errors.push_back(o.ok() ? json::value(json::object()) : outcome_body(o));
    return ApiResult{std::move(errors), "", outcome_status(*failed)};
  }
  std::vector<long long> ids;
  for (const auto& item : items) ids.push_back(item.first);
  return ApiResult{render_patches(ctx, ids, false), ""};
}

}  // namespace patchloom::api
