// /api/patches/{id}/checks/[{id}/] (spec/api.md §2.9).
#include "body.hpp"
#include "embed.hpp"
#include "resources.hpp"

namespace patchloom::api {

namespace {

json::array render(Ctx& ctx, const std::vector<CheckRow>& checks) {
  IdSet users;
  for (const auto& c : checks) users.add(c.user_id);
  const auto user_rows = load_users(ctx.db, users.ids);
  json::array out;
  for (const auto& c : checks) {
    json::object o;
    o["id"] = c.id;
    o["url"] = ctx.api_url("patches/" + id_str(c.patch_id) + "/checks/" + id_str(c.id) + "/");
    o["user"] = user_embedded_or_null(ctx, user_rows, c.user_id);
    o["date"] = date_value(c.date);
    o["state"] = check_state_name(c.state);
    o["target_url"] = opt_string(c.target_url);
    o["context"] = c.context;
    o["description"] = opt_string(c.description);
    out.push_back(std::move(o));
  }
  return out;
}

void require_patch(Ctx& ctx, long long patch_id) {
  if (!ctx.db.query_value<long long>("SELECT id FROM patch WHERE id = :id", {patch_id})) throw_not_found("Patch");
}

}  // namespace

ApiResult check_list(Ctx& ctx, long long patch_id) {
  require_patch(ctx, patch_id);
  Where where;
  where.add("c.patch_id = " + where.bind(patch_id));
  filter_objects(ctx, where, "user", "c.user_id", "users", "username");
  if (auto state = last_param(ctx, "state"); state && !state->empty()) {
    if (auto value = store::parse_check_state(*state))
      where.add("c.state = " + where.bind(*value));
    else
      where.impossible = true;
  }
  if (auto context = last_param(ctx, "context"); context && !context->empty())
    where.add("c.context = " + where.bind(*context));
  filter_dates(ctx, where, "c.date");
  const std::string order = order_by(ctx,
                                     {{"id", "c.id"},
                                      {"user", "c.user_id"},
                                      {"date", "c.date"},
                                      {"state", "c.state"},
                                      {"target_url", "c.target_url"},
                                      {"context", "c.context"},
                                      {"description", "c.description"}},
                                     "c.id ASC", "c.id");
  auto page = fetch_page(ctx, kCheckColumns, "check_result c", where, order);
  std::vector<CheckRow> checks;
  for (const auto& r : page.rows) checks.push_back(check_from_row(r));
  return list_result(ctx, render(ctx, checks), page.page);
}

ApiResult check_create(Ctx& ctx, long long patch_id) {
  static const std::vector<std::string_view> kFields = {"state", "target_url", "context", "description"};
  Input in = [&] {
    try {
      return parse_object_body(ctx.request);
    } catch (...) {
      // Permission comes before the body: an empty check tells which refusal.
      auto outcome = store::create_check(ctx.db, patch_id, ctx.user_id, store::NewCheck{});
      if (outcome.status != store::WriteOutcome::Status::invalid) raise_outcome(outcome, kFields);
      throw;
    }
  }();
  Errors errors;
  store::NewCheck check;
  if (in.has("state")) {
    const json::value v = in.scalar("state");
    if (!v.is_null()) check.state = v.is_string() ? std::string(v.as_string()) : json::serialize(v);
  }
  if (in.has("target_url")) {
    if (auto url = to_nullable_string(in.scalar("target_url"), "target_url", errors)) check.target_url = *url;
  }
  if (in.has("context")) {
    if (auto context = to_string(in.scalar("context"), "context", errors)) check.context = *context;
  }
  if (in.has("description")) {
    if (auto description = to_nullable_string(in.scalar("description"), "description", errors))
      check.description = *description;
  }
  if (!errors.empty()) {
    // Permission and the other fields first, as a whole: nothing is written.
    auto outcome = store::create_check(ctx.db, patch_id, ctx.user_id, store::NewCheck{});
    if (outcome.status != store::WriteOutcome::Status::invalid) raise_outcome(outcome, kFields);
    throw ApiBodyError{400, error_body(errors.list, kFields)};
  }
  auto outcome = store::create_check(ctx.db, patch_id, ctx.user_id, check);
  raise_outcome(outcome, kFields);
  ApiResult result = check_detail(ctx, patch_id, outcome.id);
  result.status = 201;
  result.location = result.body.as_object().at("url").as_string().c_str();
  return result;
}

ApiResult check_detail(Ctx& ctx, long long patch_id, long long id) {
  require_patch(ctx, patch_id);
  auto row = ctx.db.query_one(std::string("SELECT ") + kCheckColumns + " FROM check_result WHERE id = :id AND patch_id = :p",
                              {id, patch_id});
  if (!row) throw_not_found("Check");
  auto items = render(ctx, {check_from_row(*row)});
  return ApiResult{std::move(items.front()), ""};
}

}  // namespace patchloom::api
