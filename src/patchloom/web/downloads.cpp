#include "downloads.hpp"

#include <charconv>
#include <vector>

#include "patchloom/api/urls.hpp"
#include "patchloom/util/text.hpp"
#include "patchloom/web/mbox.hpp"

namespace patchloom::web {

namespace {

// "<msgid>" from the URL form: Patchwork writes '/' as "%2F" in its URLs.
std::string msgid_from_url(std::string_view url_msgid) {
  std::string msgid(url_msgid);
  util::replace_all(msgid, "%2F", "/");
  return "<" + msgid + ">";
}

std::vector<std::optional<std::string>> comment_contents(store::Database& db, std::string_view table,
                                                         std::string_view parent_column, long long parent_id) {
  std::vector<std::optional<std::string>> out;
  db.query_each("SELECT content FROM " + std::string(table) + " WHERE " + std::string(parent_column) +
                    " = :id ORDER BY date, id",
                {parent_id}, [&](const store::Row& row) { out.push_back(row.opt_text(0)); });
  return out;
}

struct Loaded {
  MboxSubmission submission;
  std::string list_email;
  std::string name;
  std::optional<long long> series_id;
  std::optional<int> number;
};

std::optional<Loaded> load_patch(store::Database& db, long long patch_id) {
  auto row = db.query_one(
      "SELECT p.id, p.date, p.headers, p.content, p.diff, per.name, per.email, u.email, pr.listemail, p.name, "
      "p.series_id, p.number FROM patch p JOIN person per ON per.id = p.submitter_id "
      "JOIN project pr ON pr.id = p.project_id LEFT JOIN users u ON u.id = p.delegate_id WHERE p.id = :id",
      {patch_id});
  if (!row) return std::nullopt;
  Loaded l;
  MboxSubmission& s = l.submission;
  s.id = row->i64(0);
  s.is_patch = true;
  s.date = row->i64(1);
  s.headers = row->text(2);
  s.content = row->opt_text(3);
  s.diff = row->opt_text(4);
  s.submitter_name = row->opt_text(5);
  s.submitter_email = row->text(6);
  s.delegate_email = row->opt_text(7);
  l.list_email = row->text(8);
  l.name = row->text(9);
  l.series_id = row->opt_i64(10);
  l.number = row->opt_i32(11);
  s.comment_contents = comment_contents(db, "patch_comment", "patch_id", patch_id);
  return l;
}

std::optional<Loaded> load_cover(store::Database& db, long long cover_id) {
  auto row = db.query_one(
      "SELECT c.id, c.date, c.headers, c.content, per.name, per.email, pr.listemail, c.name "
      "FROM cover c JOIN person per ON per.id = c.submitter_id JOIN project pr ON pr.id = c.project_id "
      "WHERE c.id = :id",
      {cover_id});
  if (!row) return std::nullopt;
  Loaded l;
  MboxSubmission& s = l.submission;
  s.id = row->i64(0);
  s.is_patch = false;
  s.date = row->i64(1);
  s.headers = row->text(2);
  s.content = row->opt_text(3);
  s.submitter_name = row->opt_text(4);
  s.submitter_email = row->text(5);
  l.list_email = row->text(6);
  l.name = row->text(7);
  s.comment_contents = comment_contents(db, "cover_comment", "cover_id", cover_id);
  return l;
}

std::string patch_mbox(store::Database& db, long long patch_id) {
  auto l = load_patch(db, patch_id);
  return l ? render_mbox(l->submission, l->list_email) : std::string();
}

http::Response download(std::string body, std::string content_type, const std::string& filename) {
  http::Response response;
  response.body = std::move(body);
  response.headers.set("Content-Type", std::move(content_type));
  response.headers.set("Content-Disposition", "attachment; filename=" + filename);
  // Mail text must never be taken for HTML by a browser.
  response.headers.set("X-Content-Type-Options", "nosniff");
  return response;
}

std::vector<long long> ids(store::Database& db, std::string_view sql, const store::Params& params) {
  std::vector<long long> out;
  db.query_each(sql, params, [&](const store::Row& row) { out.push_back(row.i64(0)); });
  return out;
}

std::optional<long long> parse_id(std::string_view text) {
  long long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<long long> patch_id_by_msgid(store::Database& db, std::string_view linkname, std::string_view url_msgid) {
  return db.query_value<long long>(
      "SELECT p.id FROM patch p JOIN project pr ON pr.id = p.project_id WHERE pr.linkname = :l AND p.msgid = :m",
      {linkname, msgid_from_url(url_msgid)});
}

std::optional<long long> cover_id_by_msgid(store::Database& db, std::string_view linkname, std::string_view url_msgid) {
  return db.query_value<long long>(
      "SELECT c.id FROM cover c JOIN project pr ON pr.id = c.project_id WHERE pr.linkname = :l AND c.msgid = :m",
      {linkname, msgid_from_url(url_msgid)});
}

std::optional<http::Response> patch_mbox_response(store::Database& db, long long patch_id,
                                                  std::optional<std::string_view> series) {
  auto l = load_patch(db, patch_id);
  if (!l) return std::nullopt;
  std::vector<std::string> messages;
  if (series) {
    if (!l->series_id || !l->number) return std::nullopt;
    if (*series != "*" && parse_id(*series) != l->series_id) return std::nullopt;
    for (long long id : ids(db, "SELECT id FROM patch WHERE series_id = :s AND number < :n ORDER BY number",
                            {*l->series_id, *l->number}))
      messages.push_back(patch_mbox(db, id));
  }
  messages.push_back(render_mbox(l->submission, l->list_email));
  return download(join_mbox(messages), "text/plain; charset=utf-8", download_filename(l->name) + ".patch");
}

std::optional<http::Response> patch_raw_response(store::Database& db, long long patch_id) {
  auto row = db.query_one("SELECT diff, name FROM patch WHERE id = :id", {patch_id});
  if (!row) return std::nullopt;
  return download(row->opt_text(0).value_or(""), "text/x-patch", download_filename(row->text(1)) + ".diff");
}

std::optional<http::Response> cover_mbox_response(store::Database& db, long long cover_id) {
  auto l = load_cover(db, cover_id);
  if (!l) return std::nullopt;
  return download(render_mbox(l->submission, l->list_email), "text/plain", download_filename(l->name) + ".mbox");
}

std::optional<http::Response> series_mbox_response(store::Database& db, long long series_id) {
  auto name = db.query_one("SELECT name FROM series WHERE id = :id", {series_id});
  if (!name) return std::nullopt;
  std::vector<std::string> messages;
  for (long long id : ids(db, "SELECT id FROM patch WHERE series_id = :s ORDER BY number", {series_id}))
    messages.push_back(patch_mbox(db, id));
  const auto title = name->opt_text(0);
  const std::string str = title && !title->empty() ? *title : "Untitled series #" + std::to_string(series_id);
  return download(join_mbox(messages), "text/plain", download_filename(str) + ".patch");
}

std::optional<http::Response> bundle_mbox_response(store::Database& db, std::string_view owner, std::string_view name,
                                                   std::optional<long long> viewer) {
  auto bundle = db.query_one(
      "SELECT b.id, b.owner_id, b.public FROM bundle b JOIN users u ON u.id = b.owner_id "
      "WHERE u.username = :u AND b.name = :n",
      {owner, name});
  if (!bundle) return std::nullopt;
  const long long bundle_id = bundle->i64(0);
  if (!bundle->boolean(2) && viewer != bundle->i64(1)) return std::nullopt;
  std::vector<std::string> messages;
  for (long long id : ids(db, "SELECT patch_id FROM bundle_patch WHERE bundle_id = :b ORDER BY \"order\", id",
                          {bundle_id}))
    messages.push_back(patch_mbox(db, id));
  return download(join_mbox(messages), "text/plain",
                  "bundle-" + std::to_string(bundle_id) + "-" + download_filename(name) + ".mbox");
}

std::string submission_path(std::string_view linkname, std::string_view msgid, bool is_patch) {
  return "/project/" + api::encode_path(linkname) + (is_patch ? "/patch/" : "/cover/") +
         api::encode_msgid_for_path(msgid) + "/";
}

}  // namespace patchloom::web
