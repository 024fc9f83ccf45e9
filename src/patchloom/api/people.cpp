// /api/people/ and /api/users/ (spec/api.md §2.3, §2.4); both need a login.
#include "embed.hpp"
#include "resources.hpp"

namespace patchloom::api {

namespace {

void require_login(const Ctx& ctx) {
  if (!ctx.user_id) throw ApiError{403, "Authentication credentials were not provided."};
}

json::array render_people(Ctx& ctx, const std::vector<PersonRow>& persons) {
  IdSet users;
  for (const auto& p : persons) users.add(p.user_id);
  const auto user_rows = load_users(ctx.db, users.ids);
  json::array out;
  for (const auto& p : persons) {
    json::object o = person_embedded(ctx, p);
    o["user"] = user_embedded_or_null(ctx, user_rows, p.user_id);
    out.push_back(std::move(o));
  }
  return out;
}

PersonRow person_from_row(const store::Row& r) { return PersonRow{r.i64(0), r.opt_text(1), r.text(2), r.opt_i64(3)}; }

}  // namespace

ApiResult person_list(Ctx& ctx) {
  require_login(ctx);
  Where where;
  filter_search(ctx, where, {"name", "email"});
  const std::string order = order_by(ctx, {{"id", "id"}, {"name", "name"}, {"email", "email"}}, "id ASC", "id");
  auto page = fetch_page(ctx, "id, name, email, user_id", "person", where, order);
  std::vector<PersonRow> persons;
  for (const auto& r : page.rows) persons.push_back(person_from_row(r));
  return list_result(ctx, render_people(ctx, persons), page.page);
}

ApiResult person_detail(Ctx& ctx, long long id) {
  require_login(ctx);
  auto row = ctx.db.query_one("SELECT id, name, email, user_id FROM person WHERE id = :id", {id});
  if (!row) throw_not_found("Person");
  auto items = render_people(ctx, {person_from_row(*row)});
  return ApiResult{std::move(items.front()), ""};
}

ApiResult user_list(Ctx& ctx) {
  require_login(ctx);
  Where where;
  filter_search(ctx, where, {"username", "first_name", "last_name", "email"});
  const std::string order = order_by(ctx, {{"id", "id"}, {"username", "username"}, {"email", "email"}}, "id ASC", "id");
  auto page = fetch_page(ctx, "id, username, first_name, last_name, email", "users", where, order);
  json::array out;
  for (const auto& r : page.rows) out.push_back(user_embedded(ctx, UserRow{r.i64(0), r.text(1), r.text(2), r.text(3), r.text(4)}));
  return list_result(ctx, std::move(out), page.page);
}

ApiResult user_detail(Ctx& ctx, long long id) {
  require_login(ctx);
  auto r = ctx.db.query_one(
      "SELECT id, username, first_name, last_name, email, send_email, items_per_page, show_ids FROM users WHERE id = :id",
      {id});
  if (!r) throw_not_found("User");
  json::object o = user_embedded(ctx, UserRow{r->i64(0), r->text(1), r->text(2), r->text(3), r->text(4)});
  if (ctx.at_least(2) && ctx.user_id == id) {
    json::object settings;
    settings["send_email"] = r->boolean(5);
    settings["items_per_page"] = r->i64(6);
    settings["show_ids"] = r->boolean(7);
    o["settings"] = std::move(settings);
  }
  return ApiResult{std::move(o), ""};
}

}  // namespace patchloom::api
