// /api/projects/ and /api/projects/{id-or-linkname}/ (spec/api.md §2.2).
#include "body.hpp"
#include "embed.hpp"
#include "resources.hpp"

namespace patchloom::api {

namespace {

json::array render(Ctx& ctx, const std::vector<ProjectRow>& projects) {
  IdSet ids;
  for (const auto& p : projects) ids.add(p.id);
  // Maintainers of every listed project: one query.
  std::map<long long, std::vector<long long>> maintainers;
  IdSet users;
  {
    store::Params params;
    const std::string sql = "SELECT project_id, user_id FROM project_maintainer WHERE project_id IN " +
                            in_list(ids.ids, params) + " ORDER BY user_id";
    for (const auto& r : ctx.db.query(sql, params)) {
      maintainers[r.i64(0)].push_back(r.i64(1));
      users.add(r.i64(1));
    }
  }
  const auto user_rows = load_users(ctx.db, users.ids);
  json::array out;
  for (const auto& p : projects) {
    json::object o = project_embedded(ctx, p);
    // The full form inserts maintainers and subject_match after webscm_url,
    // before the 1.2 fields.
    json::object full;
    for (auto key : {"id", "url", "name", "link_name", "list_id", "list_email", "web_url", "scm_url", "webscm_url"})
      full[key] = o[key];
    json::array m;
    if (auto it = maintainers.find(p.id); it != maintainers.end())
      for (long long user : it->second) m.push_back(user_embedded_or_null(ctx, user_rows, user));
    full["maintainers"] = std::move(m);
    if (ctx.at_least(1)) full["subject_match"] = p.subject_match;
    if (ctx.at_least(2)) {
      full["list_archive_url"] = p.list_archive_url;
      full["list_archive_url_format"] = p.list_archive_url_format;
      full["commit_url_format"] = p.commit_url_format;
    }
    if (ctx.at_least(4)) full["show_dependencies"] = p.show_dependencies;
    out.push_back(std::move(full));
  }
  return out;
}

}  // namespace

ApiResult project_list(Ctx& ctx) {
  Where where;
  filter_search(ctx, where,
                {"linkname", "listid", "listemail", "web_url", "scm_url", "webscm_url", "list_archive_url",
                 "list_archive_url_format", "commit_url_format"});
  const std::string order =
      order_by(ctx, {{"id", "id"}, {"name", "name"}, {"link_name", "linkname"}, {"list_id", "listid"}}, "id ASC", "id");
  auto page = fetch_page(ctx, "id", "project", where, order);
  const auto all = load_projects(ctx.db);
  std::vector<ProjectRow> projects;
  for (const auto& r : page.rows) projects.push_back(project_of(all, r.i64(0)));
  return list_result(ctx, render(ctx, projects), page.page);
}

ApiResult project_detail(Ctx& ctx, const std::string& id_or_linkname) {
  const auto all = load_projects(ctx.db);
  const ProjectRow* found = nullptr;
  if (auto id = parse_python_int(id_or_linkname); id && all.count(*id) != 0) found = &all.at(*id);
  if (found == nullptr)
    for (const auto& [id, p] : all)
      if (p.linkname == id_or_linkname) found = &p;
  if (found == nullptr) throw_not_found("Project");
  auto items = render(ctx, {*found});
  return ApiResult{std::move(items.front()), ""};
}

}  // namespace patchloom::api

namespace patchloom::api {

// PUT/PATCH: project maintainers only; no field is required, so PUT is PATCH.
ApiResult project_update(Ctx& ctx, const std::string& id_or_linkname) {
  static const std::vector<std::string_view> kFields = {"web_url", "scm_url", "webscm_url", "list_archive_url",
                                                        "list_archive_url_format", "commit_url_format",
                                                        "show_dependencies"};
  const json::value shown = project_detail(ctx, id_or_linkname).body;  // 404 first
  const long long id = shown.as_object().at("id").as_int64();
  if (!ctx.user_id) throw ApiError{403, "Authentication credentials were not provided."};
  if (!store::is_maintainer(ctx.db, id, *ctx.user_id))
    throw ApiError{403, "You do not have permission to perform this action."};
  const Input in = parse_object_body(ctx.request);
  Errors errors;
  std::vector<std::pair<std::string, store::Value>> sets;
  for (auto field : kFields) {
    const std::string name(field);
    if (!in.has(field)) continue;
    if (name == "show_dependencies") {
      if (auto b = to_bool(in.scalar(field), name, errors)) sets.emplace_back(name, *b);
    } else if (auto s = to_string(in.scalar(field), name, errors)) {
      if (util::code_point_count(*s) > 2000)
        errors.add(name, "Ensure this field has no more than 2000 characters.");
      else
        sets.emplace_back(name, *s);
    }
  }
  if (!errors.empty()) throw ApiBodyError{400, error_body(errors.list, kFields)};
  store::Transaction tx(ctx.db);
  for (const auto& [column, value] : sets)  // column names come from kFields, never from the request
    ctx.db.exec("UPDATE project SET " + column + " = :v WHERE id = :id", {value, id});
  tx.commit();
  return project_detail(ctx, std::to_string(id));
}

}  // namespace patchloom::api
