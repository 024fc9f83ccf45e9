#include "web_site.hpp"

#include "patchloom/api/auth.hpp"
#include "patchloom/ingest/ingestor.hpp"
#include "patchloom/model/project.hpp"
#include "patchloom/store/migrations.hpp"
#include "patchloom/store/projects.hpp"
#include "patchloom/web/app.hpp"
#include "shared_data.hpp"

namespace patchloom::testing {

WebSite::WebSite(std::string_view linkname, std::string_view listid, std::string database_url)
    : dir_(make_temp_dir("web-site")),
      db_path_(database_url.empty() ? (dir_ / "site.db").string() : std::move(database_url)) {
  auto db = open();
  store::migrate(db);
  model::Project project;
  project.linkname = linkname;
  project.name = std::string(linkname) + " project";
  project.listid = listid;
  project.listemail = std::string(linkname) + "@example.org";
  project_id_ = store::Projects(db).add(project).value().id;
  handler_ = web::make_web_handler(web::WebOptions{db_path_, {}, 2});
}

WebSite::~WebSite() { std::filesystem::remove_all(dir_); }

store::Database WebSite::open() const { return store::Database::open(db_path_); }

std::string WebSite::ingest(const std::string& raw_mail) {
  auto db = open();
  ingest::Ingestor ingestor(db);
  return std::string(ingest::to_string(ingestor.ingest(raw_mail).outcome));
}

long long WebSite::add_user(std::string_view username, std::string_view password, bool maintainer) {
  auto db = open();
  const long long id = api::create_user(db, username, std::string(username) + "@example.org", password).value();
  if (maintainer) db.exec("INSERT INTO project_maintainer (project_id, user_id) VALUES (:p, :u)", {project_id_, id});
  return id;
}

http::Response WebSite::send(http::Request request) const {
  request.headers.add("Host", "web.test");
  request.connection.peer_address = "127.0.0.1";
  return handler_(request);
}

http::Response WebSite::get(std::string_view target, std::string_view cookie) const {
  http::Request request;
  request.method = "GET";
  if (!http::set_target(request, target)) throw std::runtime_error("bad target");
  if (!cookie.empty()) request.headers.add("Cookie", std::string(cookie));
  return send(std::move(request));
}

http::Response WebSite::post(std::string_view target, std::string_view body, std::string_view cookie) const {
  http::Request request;
  request.method = "POST";
  if (!http::set_target(request, target)) throw std::runtime_error("bad target");
  if (!cookie.empty()) request.headers.add("Cookie", std::string(cookie));
  request.headers.add("Content-Type", "application/x-www-form-urlencoded");
  request.body = body;
  return send(std::move(request));
}

std::string WebSite::login(std::string_view username, std::string_view password) const {
  auto form = get("/user/login/");
  const std::string csrf_cookie = cookie_from(form, "csrftoken");
  auto done = post("/user/login/",
                   "csrf_token=" + csrf_token_in(form.body) + "&username=" + std::string(username) +
                       "&password=" + std::string(password) + "&next=/",
                   csrf_cookie);
  return cookie_from(done, "sessionid");
}

std::string csrf_token_in(std::string_view html) {
  const std::string_view marker = "name=\"csrf_token\" value=\"";
  const auto at = html.find(marker);
  if (at == std::string_view::npos) return "";
  const auto start = at + marker.size();
  return std::string(html.substr(start, html.find('"', start) - start));
}

std::string cookie_from(const http::Response& response, std::string_view name) {
  for (std::string_view value : response.headers.get_all("Set-Cookie")) {
    if (value.substr(0, name.size() + 1) == std::string(name) + "=") return std::string(value.substr(0, value.find(';')));
  }
  return "";
}

}  // namespace patchloom::testing
