// /api/series/ and /api/series/{id}/ (spec/api.md §2.7).
#include "embed.hpp"
#include "patchloom/api/urls.hpp"
#include "resources.hpp"

namespace patchloom::api {

namespace {

json::array render(Ctx& ctx, const std::vector<SeriesRow>& series) {
  IdSet persons, covers, ids;
  for (const auto& s : series) {
    persons.add(s.submitter_id);
    covers.add(s.cover_letter_id);
    ids.add(s.id);
  }
  const auto projects = load_projects(ctx.db);
  const auto person_rows = load_persons(ctx.db, persons.ids);
  const auto cover_rows = load_cover_refs(ctx.db, covers.ids);

  std::map<long long, std::vector<SubmissionRef>> patches;
  {
    store::Params params;
    const std::string sql = "SELECT id, msgid, project_id, date, name, series_id FROM patch WHERE series_id IN " +
                            in_list(ids.ids, params) + " ORDER BY date, id";
    for (const auto& r : ctx.db.query(sql, params))
      patches[r.i64(5)].push_back(SubmissionRef{r.i64(0), r.text(1), r.i64(2), r.i64(3), r.text(4)});
  }
  // Both directions of series_dependency for the page's series.
  auto edges = [&](std::string_view key, std::string_view other) {
    std::map<long long, std::vector<long long>> m;
    if (!ctx.at_least(4)) return m;
    store::Params params;
    const std::string sql = "SELECT " + std::string(key) + ", " + std::string(other) +
                            " FROM series_dependency WHERE " + std::string(key) + " IN " + in_list(ids.ids, params) +
                            " ORDER BY " + std::string(other);
    for (const auto& r : ctx.db.query(sql, params)) m[r.i64(0)].push_back(r.i64(1));
    return m;
  };
  const auto dependencies = edges("from_series_id", "to_series_id");
  const auto dependents = edges("to_series_id", "from_series_id");

  json::array out;
  for (const auto& s : series) {
    const ProjectRow& project = project_of(projects, s.project_id);
    json::object o;
    o["id"] = s.id;
    o["url"] = ctx.api_url("series/" + id_str(s.id) + "/");
    if (ctx.at_least(1)) o["web_url"] = ctx.web_url("/project/" + encode_path(project.linkname) + "/list/?series=" + id_str(s.id));
    o["project"] = project_embedded(ctx, project);
    o["name"] = opt_string(s.name);
    o["date"] = date_value(s.date);
    o["submitter"] = person_embedded_or_null(ctx, person_rows, s.submitter_id);
    o["version"] = s.version;
    o["total"] = s.total;
    const auto mine = patches.find(s.id);
    const long long received = mine == patches.end() ? 0 : static_cast<long long>(mine->second.size());
    o["received_total"] = received;
    o["received_all"] = s.total <= received;
    o["mbox"] = ctx.web_url("/series/" + id_str(s.id) + "/mbox/");
    json::value cover = nullptr;
    if (s.cover_letter_id) {
      auto it = cover_rows.find(*s.cover_letter_id);
      if (it != cover_rows.end()) cover = cover_embedded(ctx, it->second, project_of(projects, it->second.project_id));
    }
    o["cover_letter"] = std::move(cover);
    json::array patch_list;
    if (mine != patches.end())
      for (const auto& p : mine->second) patch_list.push_back(patch_embedded(ctx, p, project_of(projects, p.project_id)));
    o["patches"] = std::move(patch_list);
    if (ctx.at_least(4) && project.show_dependencies) {
      auto urls = [&](const std::map<long long, std::vector<long long>>& m) {
        json::array a;
        auto it = m.find(s.id);
        if (it != m.end())
          for (long long other : it->second) a.emplace_back(json::string(ctx.api_url("series/" + id_str(other) + "/")));
        return a;
      };
      o["dependencies"] = urls(dependencies);
      o["dependents"] = urls(dependents);
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

ApiResult series_list(Ctx& ctx) {
  Where where;
  filter_objects(ctx, where, "project", "s.project_id", "project", "linkname");
  filter_objects(ctx, where, "submitter", "s.submitter_id", "person", "email");
  filter_dates(ctx, where, "s.date");
  filter_search(ctx, where, {"s.name"});
  const std::string order = order_by(ctx,
                                     {{"id", "s.id"},
                                      {"name", "s.name"},
                                      {"date", "s.date"},
                                      {"submitter", "s.submitter_id"},
                                      {"received_all",
                                       "(CASE WHEN s.total <= (SELECT COUNT(*) FROM patch p WHERE p.series_id = s.id) "
                                       "THEN 1 ELSE 0 END)"}},
                                     "s.id ASC", "s.id");
  auto page = fetch_page(ctx, kSeriesColumns, "series s", where, order);
  std::vector<SeriesRow> series;
  for (const auto& r : page.rows) series.push_back(series_from_row(r));
  return list_result(ctx, render(ctx, series), page.page);
}

ApiResult series_detail(Ctx& ctx, long long id) {
  auto row = ctx.db.query_one(std::string("SELECT ") + kSeriesColumns + " FROM series s WHERE s.id = :id", {id});
  if (!row) throw_not_found("Series");
  auto items = render(ctx, {series_from_row(*row)});
  return ApiResult{std::move(items.front()), ""};
}

}  // namespace patchloom::api
