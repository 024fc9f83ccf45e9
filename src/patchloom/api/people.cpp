// /api/people/ and /api/users/ (spec/api.md §2.3, §2.4); both need a login.
#include "body.hpp"
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

namespace patchloom::api {

namespace {

// `settings` of a user update: {"send_email", "items_per_page", "show_ids"}.
void read_settings(const json::value& v, std::vector<std::pair<std::string, store::Value>>& sets, json::object& errors) {
  if (!v.is_object()) {
    errors["settings"] = json::object{
        {"non_field_errors", json::array{"Invalid data. Expected a dictionary, but got " + python_type(v) + "."}}};
    return;
  }
  const auto& o = v.as_object();
  Errors nested;
  for (const char* flag : {"send_email", "show_ids"})
    if (o.contains(flag))
      if (auto b = to_bool(o.at(flag), flag, nested)) sets.emplace_back(flag, *b);
  if (o.contains("items_per_page")) {
    const json::value& n = o.at("items_per_page");
    std::optional<long long> value;
    if (n.is_int64()) value = n.as_int64();
    if (n.is_string()) value = parse_python_int(std::string_view(n.as_string()));
    if (!value)
      nested.add("items_per_page", "A valid integer is required.");
    else if (*value < 0)
      nested.add("items_per_page", "Ensure this value is greater than or equal to 0.");
    else
      sets.emplace_back("items_per_page", *value);
  }
  if (!nested.empty()) errors["settings"] = error_body(nested.list, {"send_email", "items_per_page", "show_ids"});
}

}  // namespace

// PUT/PATCH: the user themself only. `settings` apply from 1.2 (PUT requires
// the key in every version, as upstream).
ApiResult user_update(Ctx& ctx, long long id, bool full) {
  require_login(ctx);
  if (!ctx.db.query_value<long long>("SELECT id FROM users WHERE id = :id", {id})) throw_not_found("User");
  if (ctx.user_id != id) throw ApiError{403, "You do not have permission to perform this action."};
  const Input in = parse_object_body(ctx.request);
  std::vector<std::pair<std::string, store::Value>> sets;
  Errors errors;
  for (const char* field : {"first_name", "last_name"}) {
    if (!in.has(field)) continue;
    if (auto s = to_string(in.scalar(field), field, errors)) {
      if (util::code_point_count(*s) > 150)
        errors.add(field, "Ensure this field has no more than 150 characters.");
      else
        sets.emplace_back(field, *s);
    }
  }
  json::object body = error_body(errors.list, {"first_name", "last_name"});
  if (in.has("settings")) {
    std::vector<std::pair<std::string, store::Value>> settings;
    read_settings(in.scalar("settings"), settings, body);
    if (ctx.at_least(2)) sets.insert(sets.end(), settings.begin(), settings.end());
  } else if (full) {
    body["settings"] = json::array{"This field is required."};
  }
  if (!body.empty()) throw ApiBodyError{400, std::move(body)};
  store::Transaction tx(ctx.db);
  for (const auto& [column, value] : sets)  // fixed column names, never from the request
    ctx.db.exec("UPDATE users SET " + column + " = :v WHERE id = :id", {value, id});
  tx.commit();
  return user_detail(ctx, id);
}

}  // namespace patchloom::api
