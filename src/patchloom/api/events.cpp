// /api/events/ (spec/api.md §2.11).
#include <array>

#include "embed.hpp"
#include "resources.hpp"

namespace patchloom::api {

namespace {

constexpr std::string_view kColumns =
    "e.id, e.category, e.project_id, e.date, e.actor_id, e.patch_id, e.series_id, e.cover_id, "
    "(SELECT slug FROM state s WHERE s.id = e.previous_state_id), "
    "(SELECT slug FROM state s WHERE s.id = e.current_state_id), "
    "e.previous_delegate_id, e.current_delegate_id, e.created_check_id, e.cover_comment_id, e.patch_comment_id";

// Payload keys per category, in upstream's order.
const std::vector<std::string_view>* payload_keys(std::string_view category) {
  static const std::map<std::string_view, std::vector<std::string_view>> keys = {
      {"cover-created", {"cover"}},
      {"patch-created", {"patch"}},
      {"patch-completed", {"patch", "series"}},
      {"patch-state-changed", {"patch", "previous_state", "current_state"}},
      {"patch-delegated", {"patch", "previous_delegate", "current_delegate"}},
      {"patch-relation-changed", {"patch", "previous_relation", "current_relation"}},
      {"check-created", {"patch", "check"}},
      {"series-created", {"series"}},
      {"series-completed", {"series"}},
      {"cover-comment-created", {"cover", "comment"}},
      {"patch-comment-created", {"patch", "comment"}},
  };
  auto it = keys.find(category);
  return it == keys.end() ? nullptr : &it->second;
}

struct EventRow {
  long long id;
  std::string category;
  long long project_id;
  util::Timestamp date;
  std::optional<long long> actor, patch, series, cover;
  std::optional<std::string> previous_state, current_state;
  std::optional<long long> previous_delegate, current_delegate, check, cover_comment, patch_comment;
};

EventRow event_from_row(const store::Row& r) {
  return EventRow{r.i64(0),      r.text(1),      r.i64(2),      r.i64(3),      r.opt_i64(4),
                  r.opt_i64(5),  r.opt_i64(6),   r.opt_i64(7),  r.opt_text(8), r.opt_text(9),
                  r.opt_i64(10), r.opt_i64(11),  r.opt_i64(12), r.opt_i64(13), r.opt_i64(14)};
}

struct CommentRef {
  long long id;
  long long parent_id;
  std::string msgid;
  util::Timestamp date;
};

std::map<long long, CommentRef> load_comment_refs(store::Database& db, std::string_view table, std::string_view parent,
                                                  const std::vector<long long>& ids) {
  std::map<long long, CommentRef> out;
  if (ids.empty()) return out;
  store::Params params;
  const std::string sql = "SELECT id, " + std::string(parent) + ", msgid, date FROM " + std::string(table) +
                          " WHERE id IN " + in_list(ids, params);
  for (const auto& r : db.query(sql, params)) out.emplace(r.i64(0), CommentRef{r.i64(0), r.i64(1), r.text(2), r.i64(3)});
  return out;
}

json::object comment_embedded(const Ctx& ctx, std::string_view collection, const CommentRef& c, const ProjectRow& p) {
  json::object o;
  o["id"] = c.id;
  if (ctx.at_least(3))
    o["url"] = ctx.api_url(std::string(collection) + "/" + id_str(c.parent_id) + "/comments/" + id_str(c.id) + "/");
  if (ctx.at_least(1)) o["web_url"] = ctx.web_url("/comment/" + id_str(c.id) + "/");
  o["msgid"] = c.msgid;
  if (ctx.at_least(2)) o["list_archive_url"] = opt_string(list_archive_url(p.list_archive_url_format, c.msgid));
  o["date"] = date_value(c.date);
  return o;
}

template <typename Map, typename Fn>
json::value lookup(const Map& m, const std::optional<long long>& id, Fn&& fn) {
  if (!id) return nullptr;
  auto it = m.find(*id);
  if (it == m.end()) return nullptr;
  return fn(it->second);
}

json::array render(Ctx& ctx, const std::vector<EventRow>& events) {
  IdSet users, patches, series, covers, checks, cover_comments, patch_comments;
  for (const auto& e : events) {
    users.add(e.actor);
    users.add(e.previous_delegate);
    users.add(e.current_delegate);
    patches.add(e.patch);
    series.add(e.series);
    covers.add(e.cover);
    checks.add(e.check);
    cover_comments.add(e.cover_comment);
    patch_comments.add(e.patch_comment);
  }
  const auto projects = load_projects(ctx.db);
  const auto user_rows = load_users(ctx.db, users.ids);
  const auto patch_rows = load_patch_refs(ctx.db, patches.ids);
  const auto series_rows = load_series(ctx.db, series.ids);
  const auto cover_rows = load_cover_refs(ctx.db, covers.ids);
  std::map<long long, CheckRow> check_rows;
  if (!checks.ids.empty()) {
    store::Params params;
    for (const auto& r : ctx.db.query(std::string("SELECT ") + kCheckColumns + " FROM check_result WHERE id IN " +
                                          in_list(checks.ids, params),
                                      params))
      check_rows.emplace(r.i64(0), check_from_row(r));
  }
  const auto cover_comment_rows = load_comment_refs(ctx.db, "cover_comment", "cover_id", cover_comments.ids);
  const auto patch_comment_rows = load_comment_refs(ctx.db, "patch_comment", "patch_id", patch_comments.ids);

  json::array out;
  for (const auto& e : events) {
    const ProjectRow& project = project_of(projects, e.project_id);
    json::object o;
    o["id"] = e.id;
    o["category"] = e.category;
    o["project"] = project_embedded(ctx, project);
    o["date"] = date_value(e.date);
    o["actor"] = user_embedded_or_null(ctx, user_rows, e.actor);
    json::object payload;
    if (const auto* keys = payload_keys(e.category)) {
      for (auto key : *keys) {
        json::value v = nullptr;
        if (key == "patch") {
          v = lookup(patch_rows, e.patch, [&](const SubmissionRef& s) { return json::value(patch_embedded(ctx, s, project_of(projects, s.project_id))); });
        } else if (key == "cover") {
          v = lookup(cover_rows, e.cover, [&](const SubmissionRef& s) { return json::value(cover_embedded(ctx, s, project_of(projects, s.project_id))); });
        } else if (key == "series") {
          v = lookup(series_rows, e.series, [&](const SeriesRow& s) { return json::value(series_embedded(ctx, s, project_of(projects, s.project_id))); });
        } else if (key == "previous_state") {
          v = opt_string(e.previous_state);
        } else if (key == "current_state") {
          v = opt_string(e.current_state);
        } else if (key == "previous_delegate") {
          v = user_embedded_or_null(ctx, user_rows, e.previous_delegate);
        } else if (key == "current_delegate") {
          v = user_embedded_or_null(ctx, user_rows, e.current_delegate);
        } else if (key == "check") {
          v = lookup(check_rows, e.check, [&](const CheckRow& c) { return json::value(check_embedded(ctx, c)); });
        } else if (key == "comment") {
          if (e.category == "cover-comment-created")
            v = lookup(cover_comment_rows, e.cover_comment, [&](const CommentRef& c) { return json::value(comment_embedded(ctx, "covers", c, project)); });
          else
            v = lookup(patch_comment_rows, e.patch_comment, [&](const CommentRef& c) { return json::value(comment_embedded(ctx, "patches", c, project)); });
        }
        payload[key] = std::move(v);
      }
    }
    o["payload"] = std::move(payload);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

ApiResult event_list(Ctx& ctx) {
  Where where;
  if (!ctx.at_least(3)) where.add("e.category NOT IN ('cover-comment-created', 'patch-comment-created')");
  filter_objects(ctx, where, "project", "e.project_id", "project", "linkname");
  filter_objects(ctx, where, "series", "e.series_id", "series", "");
  filter_objects(ctx, where, "patch", "e.patch_id", "patch", "");
  filter_objects(ctx, where, "cover", "e.cover_id", "cover", "");
  if (auto category = last_param(ctx, "category"); category && !category->empty()) {
    if (payload_keys(*category) == nullptr)
      where.impossible = true;
    else
      where.add("e.category = " + where.bind(*category));
  }
  if (ctx.at_least(2)) {
    if (auto actor = last_param(ctx, "actor"); actor && !actor->empty()) {
      if (auto id = parse_python_int(*actor))
        where.add("e.actor_id = " + where.bind(*id));
      else
        where.impossible = true;
    }
  }
  filter_dates(ctx, where, "e.date");
  const std::string order = order_by(ctx, {{"date", "e.date"}}, "e.date DESC", "e.id");
  auto page = fetch_page(ctx, kColumns, "event e", where, order);
  std::vector<EventRow> events;
  for (const auto& r : page.rows) events.push_back(event_from_row(r));
  return list_result(ctx, render(ctx, events), page.page);
}

}  // namespace patchloom::api
