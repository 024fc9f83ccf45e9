// /api/{patches,covers}/{id}/comments/[{id}/] (spec/api.md §2.8).
#include "body.hpp"
#include "embed.hpp"
#include "patchloom/api/mail_headers.hpp"
#include "resources.hpp"

namespace patchloom::api {

namespace {

struct Kind {
  std::string_view table;       // patch_comment / cover_comment
  std::string_view parent_col;  // patch_id / cover_id
  std::string_view parent_table;
  std::string_view collection;  // patches / covers
  std::string_view parent_model;
  std::string_view model;
};

const Kind& kind_of(std::string_view parent) {
  static const Kind patch{"patch_comment", "patch_id", "patch", "patches", "Patch", "PatchComment"};
  static const Kind cover{"cover_comment", "cover_id", "cover", "covers", "Cover", "CoverComment"};
  return parent == "patch" ? patch : cover;
}

std::string columns(const Kind& k) {
  return "id, " + std::string(k.parent_col) + ", msgid, date, headers, content, submitter_id, addressed";
}

// The parent's project, or 404 when the parent does not exist.
long long parent_project(Ctx& ctx, const Kind& k, long long parent_id) {
  auto project =
      ctx.db.query_value<long long>("SELECT project_id FROM " + std::string(k.parent_table) + " WHERE id = :id", {parent_id});
  if (!project) throw_not_found(k.parent_model);
  return *project;
}

// The comment's Subject as stored: the first Subject header, "" if none.
std::string subject_of(const std::vector<HeaderEntry>& headers) {
  for (const auto& h : headers)
    if (util::iequals_ascii(h.name, "subject")) return h.values.front();
  return "";
}

json::array render(Ctx& ctx, const Kind& k, long long project_id, const std::vector<store::Row>& rows) {
  IdSet persons;
  for (const auto& r : rows) persons.add(r.i64(6));
  const auto projects = load_projects(ctx.db);
  const auto person_rows = load_persons(ctx.db, persons.ids);
  const ProjectRow& project = project_of(projects, project_id);
  json::array out;
  for (const auto& r : rows) {
    const long long id = r.i64(0);
    const std::string msgid = r.text(2);
    const std::string header_block = r.text(4);
    json::object o;
    o["id"] = id;
    if (ctx.at_least(3))
      o["url"] = ctx.api_url(std::string(k.collection) + "/" + id_str(r.i64(1)) + "/comments/" + id_str(id) + "/");
    if (ctx.at_least(1)) o["web_url"] = ctx.web_url("/comment/" + id_str(id) + "/");
    o["msgid"] = msgid;
    if (ctx.at_least(2)) o["list_archive_url"] = opt_string(list_archive_url(project.list_archive_url_format, msgid));
    o["date"] = date_value(r.i64(3));
    o["subject"] = subject_of(parse_header_block(header_block));
    o["submitter"] = person_embedded_or_null(ctx, person_rows, r.i64(6));
    o["content"] = opt_string(r.opt_text(5));
    o["headers"] = headers_object(header_block);
    if (ctx.at_least(3)) {
      auto addressed = r.opt_boolean(7);
      o["addressed"] = addressed ? json::value(*addressed) : json::value(nullptr);
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

ApiResult comment_list(Ctx& ctx, std::string_view parent, long long parent_id) {
  const Kind& k = kind_of(parent);
  const long long project_id = parent_project(ctx, k, parent_id);
  Where where;
  where.add(std::string(k.parent_col) + " = " + where.bind(parent_id));
  const std::string order =
      order_by(ctx, {{"id", "id"}, {"date", "date"}, {"submitter", "submitter_id"}}, "id ASC", "id");
  auto page = fetch_page(ctx, columns(k), k.table, where, order);
  return list_result(ctx, render(ctx, k, project_id, page.rows), page.page);
}

ApiResult comment_detail(Ctx& ctx, std::string_view parent, long long parent_id, long long id) {
  const Kind& k = kind_of(parent);
  const long long project_id = parent_project(ctx, k, parent_id);
  auto row = ctx.db.query_one("SELECT " + columns(k) + " FROM " + std::string(k.table) + " WHERE id = :id AND " +
                                  std::string(k.parent_col) + " = :parent",
                              {id, parent_id});
  if (!row) throw_not_found(k.model);
  auto items = render(ctx, k, project_id, {*row});
  return ApiResult{std::move(items.front()), ""};
}

}  // namespace patchloom::api

namespace patchloom::api {

ApiResult comment_update(Ctx& ctx, std::string_view parent, long long parent_id, long long id) {
  static const std::vector<std::string_view> kFields = {"addressed"};
  Input in = [&] {
    try {
      return parse_object_body(ctx.request);
    } catch (...) {
      raise_outcome(store::set_comment_addressed(ctx.db, parent, parent_id, id, ctx.user_id, std::nullopt), kFields);
      throw;
    }
  }();
  std::optional<std::optional<bool>> addressed;
  Errors errors;
  if (in.has("addressed")) {
    addressed = to_nullable_bool(in.scalar("addressed"), "addressed", errors);
    if (!errors.empty()) {
      raise_outcome(store::set_comment_addressed(ctx.db, parent, parent_id, id, ctx.user_id, std::nullopt), kFields);
      throw ApiBodyError{400, error_body(errors.list, kFields)};
    }
  }
  raise_outcome(store::set_comment_addressed(ctx.db, parent, parent_id, id, ctx.user_id, addressed), kFields);
  return comment_detail(ctx, parent, parent_id, id);
}

}  // namespace patchloom::api
