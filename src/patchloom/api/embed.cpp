#include "embed.hpp"

#include <algorithm>
#include <tuple>

#include "patchloom/api/mail_headers.hpp"
#include "patchloom/api/urls.hpp"

namespace patchloom::api {

void IdSet::add(long long id) {
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
}

std::map<long long, ProjectRow> load_projects(store::Database& db) {
  std::map<long long, ProjectRow> out;
  for (const auto& r : db.query(
           "SELECT id, linkname, name, listid, listemail, web_url, scm_url, webscm_url, subject_match, "
           "list_archive_url, list_archive_url_format, commit_url_format, show_dependencies FROM project")) {
    ProjectRow p;
    p.id = r.i64(0);
    p.linkname = r.text(1);
    p.name = r.text(2);
    p.listid = r.text(3);
    p.listemail = r.text(4);
    p.web_url = r.text(5);
    p.scm_url = r.text(6);
    p.webscm_url = r.text(7);
    p.subject_match = r.text(8);
    p.list_archive_url = r.text(9);
    p.list_archive_url_format = r.text(10);
    p.commit_url_format = r.text(11);
    p.show_dependencies = r.boolean(12);
    out.emplace(p.id, std::move(p));
  }
  return out;
}

std::map<long long, PersonRow> load_persons(store::Database& db, const std::vector<long long>& ids) {
  std::map<long long, PersonRow> out;
  if (ids.empty()) return out;
  store::Params params;
  const std::string sql = "SELECT id, name, email, user_id FROM person WHERE id IN " + in_list(ids, params);
  for (const auto& r : db.query(sql, params)) out.emplace(r.i64(0), PersonRow{r.i64(0), r.opt_text(1), r.text(2), r.opt_i64(3)});
  return out;
}

std::map<long long, UserRow> load_users(store::Database& db, const std::vector<long long>& ids) {
  std::map<long long, UserRow> out;
  if (ids.empty()) return out;
  store::Params params;
  const std::string sql =
      "SELECT id, username, first_name, last_name, email FROM users WHERE id IN " + in_list(ids, params);
  for (const auto& r : db.query(sql, params)) out.emplace(r.i64(0), UserRow{r.i64(0), r.text(1), r.text(2), r.text(3), r.text(4)});
  return out;
}

namespace {

std::map<long long, SubmissionRef> load_refs(store::Database& db, std::string_view table,
                                              const std::vector<long long>& ids) {
  std::map<long long, SubmissionRef> out;
  if (ids.empty()) return out;
  store::Params params;
  const std::string sql = "SELECT id, msgid, project_id, date, name FROM " + std::string(table) + " WHERE id IN " +
                          in_list(ids, params);
  for (const auto& r : db.query(sql, params))
    out.emplace(r.i64(0), SubmissionRef{r.i64(0), r.text(1), r.i64(2), r.i64(3), r.text(4)});
  return out;
}

}  // namespace

std::map<long long, SubmissionRef> load_patch_refs(store::Database& db, const std::vector<long long>& ids) {
  return load_refs(db, "patch", ids);
}

std::map<long long, SubmissionRef> load_cover_refs(store::Database& db, const std::vector<long long>& ids) {
  return load_refs(db, "cover", ids);
}

const char* const kSeriesColumns = "id, project_id, name, date, submitter_id, version, total, cover_letter_id";

SeriesRow series_from_row(const store::Row& r) {
  SeriesRow s;
  s.id = r.i64(0);
  s.project_id = r.opt_i64(1).value_or(0);
  s.name = r.opt_text(2);
  s.date = r.i64(3);
  s.submitter_id = r.i64(4);
  s.version = r.i64(5);
  s.total = r.i64(6);
  s.cover_letter_id = r.opt_i64(7);
  return s;
}

std::map<long long, SeriesRow> load_series(store::Database& db, const std::vector<long long>& ids) {
  std::map<long long, SeriesRow> out;
  if (ids.empty()) return out;
  store::Params params;
  const std::string sql = std::string("SELECT ") + kSeriesColumns + " FROM series WHERE id IN " + in_list(ids, params);
  for (const auto& r : db.query(sql, params)) {
    auto s = series_from_row(r);
    out.emplace(s.id, std::move(s));
  }
  return out;
}

const char* const kCheckColumns = "id, patch_id, user_id, date, state, target_url, description, context";

CheckRow check_from_row(const store::Row& r) {
  return CheckRow{r.i64(0), r.i64(1), r.i64(2), r.i64(3), r.i32(4), r.opt_text(5), r.opt_text(6), r.text(7)};
}

std::vector<CheckRow> load_checks(store::Database& db, const std::vector<long long>& patch_ids) {
  std::vector<CheckRow> out;
  if (patch_ids.empty()) return out;
  store::Params params;
  const std::string sql = std::string("SELECT ") + kCheckColumns + " FROM check_result WHERE patch_id IN " +
                          in_list(patch_ids, params) + " ORDER BY id";
  for (const auto& r : db.query(sql, params)) out.push_back(check_from_row(r));
  return out;
}

std::string_view check_state_name(int state) {
  switch (state) {
    case 1: return "success";
    case 2: return "warning";
    case 3: return "fail";
    default: return "pending";
  }
}

std::string combined_check_state(const std::vector<const CheckRow*>& checks) {
  // Newest per (user, context): later date wins, on equal dates the later id.
  std::map<std::pair<long long, std::string>, const CheckRow*> newest;
  for (const CheckRow* c : checks) {
    auto& slot = newest[{c->user_id, c->context}];
    if (slot == nullptr || std::tie(c->date, c->id) > std::tie(slot->date, slot->id)) slot = c;
  }
  if (newest.empty()) return "pending";
  bool warning = false, pending = false;
  for (const auto& [key, c] : newest) {
    if (c->state == 3) return "fail";
    warning = warning || c->state == 2;
    pending = pending || c->state == 0;
  }
  if (warning) return "warning";
  if (pending) return "pending";
  return "success";
}

const ProjectRow& project_of(const std::map<long long, ProjectRow>& projects, long long id) {
  auto it = projects.find(id);
  if (it == projects.end()) throw std::runtime_error("dangling project id " + std::to_string(id));
  return it->second;
}

json::object project_embedded(const Ctx& ctx, const ProjectRow& p) {
  json::object o;
  o["id"] = p.id;
  o["url"] = ctx.api_url("projects/" + id_str(p.id) + "/");
  o["name"] = p.name;
  o["link_name"] = p.linkname;
  o["list_id"] = p.listid;
  o["list_email"] = p.listemail;
  o["web_url"] = p.web_url;
  o["scm_url"] = p.scm_url;
  o["webscm_url"] = p.webscm_url;
  if (ctx.at_least(2)) {
    o["list_archive_url"] = p.list_archive_url;
    o["list_archive_url_format"] = p.list_archive_url_format;
    o["commit_url_format"] = p.commit_url_format;
  }
  return o;
}

json::object person_embedded(const Ctx& ctx, const PersonRow& p) {
  json::object o;
  o["id"] = p.id;
  o["url"] = ctx.api_url("people/" + id_str(p.id) + "/");
  o["name"] = opt_string(p.name);
  o["email"] = p.email;
  return o;
}

json::value person_embedded_or_null(const Ctx& ctx, const std::map<long long, PersonRow>& persons, long long id) {
  auto it = persons.find(id);
  if (it == persons.end()) return nullptr;
  return person_embedded(ctx, it->second);
}

json::object user_embedded(const Ctx& ctx, const UserRow& u) {
  json::object o;
  o["id"] = u.id;
  o["url"] = ctx.api_url("users/" + id_str(u.id) + "/");
  o["username"] = u.username;
  o["first_name"] = u.first_name;
  o["last_name"] = u.last_name;
  o["email"] = u.email;
  return o;
}

json::value user_embedded_or_null(const Ctx& ctx, const std::map<long long, UserRow>& users,
                                  std::optional<long long> id) {
  if (!id) return nullptr;
  auto it = users.find(*id);
  if (it == users.end()) return nullptr;
  return user_embedded(ctx, it->second);
}

std::string submission_web_path(std::string_view kind, const ProjectRow& p, std::string_view msgid) {
  return "/project/" + encode_path(p.linkname) + "/" + std::string(kind) + "/" + encode_msgid_for_path(msgid) + "/";
}

namespace {

json::object submission_embedded(const Ctx& ctx, std::string_view collection, std::string_view kind,
                                 const SubmissionRef& s, const ProjectRow& p, bool mbox) {
  const std::string web = ctx.web_url(submission_web_path(kind, p, s.msgid));
  json::object o;
  o["id"] = s.id;
  o["url"] = ctx.api_url(std::string(collection) + "/" + id_str(s.id) + "/");
  if (ctx.at_least(1)) o["web_url"] = web;
  o["msgid"] = s.msgid;
  if (ctx.at_least(2)) o["list_archive_url"] = opt_string(list_archive_url(p.list_archive_url_format, s.msgid));
  o["date"] = date_value(s.date);
  o["name"] = s.name;
  if (mbox) o["mbox"] = web + "mbox/";
  return o;
}

}  // namespace

json::object patch_embedded(const Ctx& ctx, const SubmissionRef& s, const ProjectRow& p) {
  return submission_embedded(ctx, "patches", "patch", s, p, true);
}

json::object cover_embedded(const Ctx& ctx, const SubmissionRef& s, const ProjectRow& p) {
  return submission_embedded(ctx, "covers", "cover", s, p, ctx.at_least(1));
}

json::object series_embedded(const Ctx& ctx, const SeriesRow& s, const ProjectRow& p) {
  json::object o;
  o["id"] = s.id;
  o["url"] = ctx.api_url("series/" + id_str(s.id) + "/");
  if (ctx.at_least(1)) o["web_url"] = ctx.web_url("/project/" + encode_path(p.linkname) + "/list/?series=" + id_str(s.id));
  o["date"] = date_value(s.date);
  o["name"] = opt_string(s.name);
  o["version"] = s.version;
  o["mbox"] = ctx.web_url("/series/" + id_str(s.id) + "/mbox/");
  return o;
}

json::object check_embedded(const Ctx& ctx, const CheckRow& c) {
  json::object o;
  o["id"] = c.id;
  o["url"] = ctx.api_url("patches/" + id_str(c.patch_id) + "/checks/" + id_str(c.id) + "/");
  o["date"] = date_value(c.date);
  o["state"] = check_state_name(c.state);
  o["target_url"] = opt_string(c.target_url);
  o["context"] = c.context;
  return o;
}

json::object headers_object(std::string_view block) {
  json::object o;
  for (auto& entry : parse_header_block(block)) {
    if (entry.values.size() == 1) {
      o[entry.name] = entry.values.front();
    } else {
      json::array a;
      for (auto& v : entry.values) a.emplace_back(json::string(v));
      o[entry.name] = std::move(a);
    }
  }
  return o;
}

}  // namespace patchloom::api
