// /api/bundles/ and /api/bundles/{id}/ (spec/api.md §2.10): public bundles for
// everyone, private ones for their owner only; writes from 1.2, owner only.
#include "body.hpp"
#include "embed.hpp"
#include "patchloom/store/bundle_updates.hpp"
#include "resources.hpp"

namespace patchloom::api {

namespace {

constexpr std::string_view kColumns = "b.id, b.owner_id, b.project_id, b.name, b.public";

void add_visibility(const Ctx& ctx, Where& where) {
  if (ctx.user_id)
    where.add("b.public = 1 OR b.owner_id = " + where.bind(*ctx.user_id));
  else
    where.add("b.public = 1");
}

json::array render(Ctx& ctx, const std::vector<store::Row>& rows) {
  IdSet users, ids;
  for (const auto& r : rows) {
    ids.add(r.i64(0));
    users.add(r.i64(1));
  }
  const auto projects = load_projects(ctx.db);
  const auto user_rows = load_users(ctx.db, users.ids);
  // Bundle patches, read in patch date order (the mbox uses bundle order).
  std::map<long long, std::vector<SubmissionRef>> patches;
  {
    store::Params params;
    const std::string sql =
        "SELECT bp.bundle_id, p.id, p.msgid, p.project_id, p.date, p.name FROM bundle_patch bp "
        "JOIN patch p ON p.id = bp.patch_id WHERE bp.bundle_id IN " +
        in_list(ids.ids, params) + " ORDER BY p.date, p.id";
    for (const auto& r : ctx.db.query(sql, params))
      patches[r.i64(0)].push_back(SubmissionRef{r.i64(1), r.text(2), r.i64(3), r.i64(4), r.text(5)});
  }
  json::array out;
  for (const auto& r : rows) {
    const long long id = r.i64(0);
    const ProjectRow& project = project_of(projects, r.i64(2));
    auto owner = user_rows.find(r.i64(1));
    const std::string owner_name = owner == user_rows.end() ? "" : owner->second.username;
    const std::string web = ctx.web_url("/bundle/" + encode_path(owner_name) + "/" + encode_path(r.text(3)) + "/");
    json::object o;
    o["id"] = id;
    o["url"] = ctx.api_url("bundles/" + id_str(id) + "/");
    if (ctx.at_least(1)) o["web_url"] = web;
    o["project"] = project_embedded(ctx, project);
    o["name"] = r.text(3);
    o["owner"] = user_embedded_or_null(ctx, user_rows, r.i64(1));
    json::array list;
    if (auto it = patches.find(id); it != patches.end())
      for (const auto& p : it->second) list.push_back(patch_embedded(ctx, p, project_of(projects, p.project_id)));
    o["patches"] = std::move(list);
    o["public"] = r.boolean(4);
    o["mbox"] = web + "mbox/";
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

ApiResult bundle_list(Ctx& ctx) {
  Where where;
  add_visibility(ctx, where);
  filter_objects(ctx, where, "project", "b.project_id", "project", "linkname");
  filter_objects(ctx, where, "owner", "b.owner_id", "users", "username");
  filter_bool(ctx, where, "public", "b.public");
  filter_search(ctx, where, {"b.name"});
  const std::string order =
      order_by(ctx, {{"id", "b.id"}, {"name", "b.name"}, {"owner", "b.owner_id"}}, "b.id ASC", "b.id");
  auto page = fetch_page(ctx, kColumns, "bundle b", where, order);
  return list_result(ctx, render(ctx, page.rows), page.page);
}

ApiResult bundle_detail(Ctx& ctx, long long id) {
  Where where;
  where.add("b.id = " + where.bind(id));
  add_visibility(ctx, where);
  auto row = ctx.db.query_one("SELECT " + std::string(kColumns) + " FROM bundle b" + where.sql(), where.params);
  if (!row) throw_not_found("Bundle");
  auto items = render(ctx, {*row});
  return ApiResult{std::move(items.front()), ""};
}

}  // namespace patchloom::api

namespace patchloom::api {

namespace {

const std::vector<std::string_view> kBundleFields = {"name", "patches", "public"};

void require_writable_version(const Ctx& ctx) {
  if (!ctx.at_least(2)) throw ApiError{405, "Method \"" + ctx.request.method + "\" not allowed."};
}

store::BundleChange change_from(const Input& in, Errors& errors) {
  store::BundleChange change;
  if (in.has("name")) change.name = to_string(in.scalar("name"), "name", errors);
  if (in.has("patches")) change.patches = to_pk_list(in.list("patches"), "patches", errors);
  if (in.has("public")) change.is_public = to_bool(in.scalar("public"), "public", errors);
  return change;
}

// Parses the body once `access` (a write with nothing to change) allowed it,
// and answers type errors.
template <typename Access>
store::BundleChange read_change(Ctx& ctx, Access access) {
  Input in = [&] {
    try {
      return parse_object_body(ctx.request);
    } catch (...) {
      auto outcome = access();
      if (outcome.status != store::WriteOutcome::Status::invalid) raise_outcome(outcome, kBundleFields);
      throw;
    }
  }();
  Errors errors;
  auto change = change_from(in, errors);
  if (!errors.empty()) {
    auto outcome = access();
    if (outcome.status != store::WriteOutcome::Status::invalid) raise_outcome(outcome, kBundleFields);
    throw ApiBodyError{400, error_body(errors.list, kBundleFields)};
  }
  return change;
}

}  // namespace

ApiResult bundle_create(Ctx& ctx) {
  require_writable_version(ctx);
  auto change = read_change(ctx, [&] {
    // Without fields a create is refused (anonymous) or invalid: nothing written.
    return store::create_bundle(ctx.db, ctx.user_id, store::BundleChange{});
  });
  auto outcome = store::create_bundle(ctx.db, ctx.user_id, change);
  raise_outcome(outcome, kBundleFields);
  ApiResult result = bundle_detail(ctx, outcome.id);
  result.status = 201;
  result.location = result.body.as_object().at("url").as_string().c_str();
  return result;
}

ApiResult bundle_update(Ctx& ctx, long long id, bool full) {
  require_writable_version(ctx);
  auto change = read_change(ctx, [&] { return store::update_bundle(ctx.db, id, ctx.user_id, {}, false); });
  raise_outcome(store::update_bundle(ctx.db, id, ctx.user_id, change, full), kBundleFields);
  return bundle_detail(ctx, id);
}

ApiResult bundle_delete(Ctx& ctx, long long id) {
  require_writable_version(ctx);
  raise_outcome(store::delete_bundle(ctx.db, id, ctx.user_id), kBundleFields);
  return ApiResult{nullptr, "", 204};
}

}  // namespace patchloom::api
