// /api/covers/ and /api/covers/{id}/ (spec/api.md §2.6).
#include "embed.hpp"
#include "resources.hpp"

namespace patchloom::api {

namespace {

constexpr std::string_view kColumns =
    "c.id, c.msgid, c.project_id, c.date, c.name, c.submitter_id, "
    "(SELECT s.id FROM series s WHERE s.cover_letter_id = c.id)";
constexpr std::string_view kDetailColumns = ", c.headers, c.content";

struct CoverRow {
  SubmissionRef ref;
  long long submitter_id = 0;
  std::optional<long long> series_id;
  std::string headers;
  std::optional<std::string> content;
};

CoverRow cover_from_row(const store::Row& r, bool detail) {
  CoverRow c;
  c.ref = SubmissionRef{r.i64(0), r.text(1), r.i64(2), r.i64(3), r.text(4)};
  c.submitter_id = r.i64(5);
  c.series_id = r.opt_i64(6);
  if (detail) {
    c.headers = r.text(7);
    c.content = r.opt_text(8);
  }
  return c;
}

json::array render(Ctx& ctx, const std::vector<CoverRow>& covers, bool detail) {
  IdSet persons, series;
  for (const auto& c : covers) {
    persons.add(c.submitter_id);
    series.add(c.series_id);
  }
  const auto projects = load_projects(ctx.db);
  const auto person_rows = load_persons(ctx.db, persons.ids);
  const auto series_rows = load_series(ctx.db, series.ids);
  json::array out;
  for (const auto& c : covers) {
    const ProjectRow& project = project_of(projects, c.ref.project_id);
    const std::string web = ctx.web_url(submission_web_path("cover", project, c.ref.msgid));
    json::object o;
    o["id"] = c.ref.id;
    o["url"] = ctx.api_url("covers/" + id_str(c.ref.id) + "/");
    if (ctx.at_least(1)) o["web_url"] = web;
    o["project"] = project_embedded(ctx, project);
    o["msgid"] = c.ref.msgid;
    if (ctx.at_least(2)) o["list_archive_url"] = opt_string(list_archive_url(project.list_archive_url_format, c.ref.msgid));
    o["date"] = date_value(c.ref.date);
    o["name"] = c.ref.name;
    o["submitter"] = person_embedded_or_null(ctx, person_rows, c.submitter_id);
    if (ctx.at_least(1)) o["mbox"] = web + "mbox/";
    json::array series_list;
    if (c.series_id) {
      auto it = series_rows.find(*c.series_id);
      if (it != series_rows.end())
        series_list.push_back(series_embedded(ctx, it->second, project_of(projects, it->second.project_id)));
    }
    o["series"] = std::move(series_list);
    if (ctx.at_least(1)) o["comments"] = ctx.unversioned_api_url("covers/" + id_str(c.ref.id) + "/comments/");
    if (detail) {
      o["headers"] = headers_object(c.headers);
      o["content"] = opt_string(c.content);
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

ApiResult cover_list(Ctx& ctx) {
  Where where;
  filter_objects(ctx, where, "project", "c.project_id", "project", "linkname");
  filter_objects(ctx, where, "submitter", "c.submitter_id", "person", "email");
  {
    // Upstream validates this against projects (a bug); it is a series id filter.
    Where series;
    filter_objects(ctx, series, "series", "s.id", "series", "");
    if (series.impossible) where.impossible = true;
    std::vector<long long> ids;
    for (auto value : ctx.request.query.get_all("series"))
      if (auto id = parse_python_int(value)) ids.push_back(*id);
    if (!ids.empty() && !where.impossible)
      where.add("c.id IN (SELECT s.cover_letter_id FROM series s WHERE s.id IN " + in_list(ids, where.params) + ")");
  }
  if (auto msgid = last_param(ctx, "msgid"); msgid && !msgid->empty())
    where.add("c.msgid = " + where.bind("<" + *msgid + ">"));
  filter_dates(ctx, where, "c.date");
  filter_search(ctx, where, {"c.name"});
  const std::string order = order_by(
      ctx, {{"id", "c.id"}, {"name", "c.name"}, {"date", "c.date"}, {"submitter", "c.submitter_id"}}, "c.id ASC", "c.id");
  auto page = fetch_page(ctx, kColumns, "cover c", where, order);
  std::vector<CoverRow> covers;
  for (const auto& r : page.rows) covers.push_back(cover_from_row(r, false));
  return list_result(ctx, render(ctx, covers, false), page.page);
}

ApiResult cover_detail(Ctx& ctx, long long id) {
  auto row = ctx.db.query_one("SELECT " + std::string(kColumns) + std::string(kDetailColumns) +
                                  " FROM cover c WHERE c.id = :id",
                              {id});
  if (!row) throw_not_found("Cover");
  auto items = render(ctx, {cover_from_row(*row, true)}, true);
  return ApiResult{std::move(items.front()), ""};
}

}  // namespace patchloom::api
