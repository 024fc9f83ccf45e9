#include "patchloom/web/app.hpp"

#include <functional>
#include <tuple>
#include <memory>
#include <stdexcept>
#include <vector>

#include "downloads.hpp"
#include "html.hpp"
#include "login.hpp"
#include "pages.hpp"
#include "patchloom/api/auth.hpp"
#include "patchloom/http/router.hpp"
#include "patchloom/store/connection_pool.hpp"
#include "patchloom/util/text.hpp"
#include "session.hpp"

namespace patchloom::web {

namespace {

using PageFn = std::function<http::Response(Ctx&, const http::Captures&)>;

http::Response or_not_found(Ctx& ctx, std::optional<http::Response> response) {
  return response ? std::move(*response) : not_found_page(ctx);
}

// Upstream's /patch/<id>/... and /cover/<id>/... forms redirect to the
// msgid-based URL; `suffix` is "", "mbox/" or "raw/". The query is kept
// (?series= on mbox downloads).
http::Response redirect_by_id(Ctx& ctx, std::string_view table, long long id, std::string_view suffix) {
  auto row = ctx.db.query_one("SELECT pr.linkname, t.msgid FROM " + std::string(table) +
                                  " t JOIN project pr ON pr.id = t.project_id WHERE t.id = :id",
                              {id});
  if (!row) return not_found_page(ctx);
  std::string location = submission_path(row->text(0), row->text(1), table == "patch") + std::string(suffix);
  if (!ctx.request.raw_query.empty()) location += "?" + ctx.request.raw_query;
  return http::Response::redirect(location, 302);
}

// The API's comment web_url: the comment on its patch's (or cover's) page.
// Patch comments are looked up first, as upstream does.
http::Response comment_redirect(Ctx& ctx, long long comment_id) {
  for (const auto& [comments, table, parent, is_patch] :
       {std::tuple{"patch_comment", "patch", "patch_id", true}, std::tuple{"cover_comment", "cover", "cover_id", false}}) {
    auto row = ctx.db.query_one(std::string("SELECT pr.linkname, s.msgid FROM ") + comments + " c JOIN " + table +
                                    " s ON s.id = c." + parent + " JOIN project pr ON pr.id = s.project_id WHERE c.id = :id",
                                {comment_id});
    if (row)
      return http::Response::redirect(
          submission_path(row->text(0), row->text(1), is_patch) + "#" + std::to_string(comment_id), 302);
  }
  return not_found_page(ctx);
}

class Application {
 public:
  explicit Application(WebOptions options)
      : options_(std::move(options)), pool_(options_.database_url, options_.max_idle_connections) {
    add_routes();
    router_.set_fallback([this](const http::Request& request) {
      return serve(request, [](Ctx& c, const http::Captures&) { return not_found_page(c); }, {});
    });
  }

  http::Response handle(const http::Request& request) {
    if (!request.path.empty() && request.path.back() != '/' &&
        router_.match("GET", request.path).kind == http::Router::Match::Kind::not_found &&
        router_.match("GET", request.path + "/").kind == http::Router::Match::Kind::found) {
      // Django's APPEND_SLASH.
      std::string location = request.raw_path + "/";
      if (!request.raw_query.empty()) location += "?" + request.raw_query;
      return http::Response::redirect(location, 301);
    }
    return router_.handle(request);
  }

 private:
  bool secure(const http::Request& request) const {
    return util::starts_with(http::base_url(request, options_.base_url), "https:");
  }

  // Runs `fn` with the request's context: a pooled connection, the session
  // (or, before login, the CSRF cookie, set when missing).
  http::Response serve(const http::Request& request, const PageFn& fn, const http::Captures& captures) {
    auto db = pool_.acquire();
    Ctx ctx{*db, request, std::nullopt, "", "", false};
    bool new_csrf_cookie = false;
    const std::string session_id = cookie_value(request, kSessionCookie);
    if (auto session = load_session(*db, session_id)) {
      ctx.viewer = std::move(session->viewer);
      ctx.csrf_token = std::move(session->csrf_token);
      ctx.session_id = session_id;
    } else {
      ctx.csrf_token = cookie_value(request, kCsrfCookie);
      if (ctx.csrf_token.size() != 64) {
        ctx.csrf_token = random_hex(32);
        new_csrf_cookie = true;
      }
    }
    http::Response response;
    try {
      response = fn(ctx, captures);
    } catch (const std::out_of_range&) {
      response = not_found_page(ctx);  // an {int} capture too large for any id
    }
    if (new_csrf_cookie && ctx.csrf_used && !response.headers.contains("Set-Cookie"))
      response.headers.add("Set-Cookie", set_cookie(kCsrfCookie, ctx.csrf_token, secure(request), "Strict", std::nullopt));
    // Reached only without an exception: a connection that failed
    // mid-request is dropped, not reused.
    pool_.release(std::move(db));
    return response;
  }

  void add(std::string_view method, std::string_view pattern, PageFn fn) {
    router_.add(method, pattern, [this, fn = std::move(fn)](const http::Request& request, const http::Captures& k) {
      return serve(request, fn, k);
    });
  }

  void add_routes() {
    add("GET", "/", [](Ctx& c, const http::Captures&) { return project_list_page(c); });
    add("GET", "/healthz", [](Ctx&, const http::Captures&) { return http::Response::text("ok"); });
    add("GET", "/project/{str}/", [](Ctx& c, const http::Captures& k) { return project_page(c, k[0]); });
    for (const char* method : {"GET", "POST"}) {
      add(method, "/project/{str}/list/", [](Ctx& c, const http::Captures& k) { return patch_list_page(c, k[0]); });
      add(method, "/project/{str}/patch/{str}/", [](Ctx& c, const http::Captures& k) {
        auto id = patch_id_by_msgid(c.db, k[0], k[1]);
        if (id) return patch_page(c, *id);
        // Upstream: a cover's msgid under /patch/ redirects to the cover page.
        auto cover = cover_id_by_msgid(c.db, k[0], k[1]);
        return cover ? redirect_by_id(c, "cover", *cover, "") : not_found_page(c);
      });
      add(method, "/user/", [](Ctx& c, const http::Captures&) { return user_page(c, false); });
    }
    add("GET", "/project/{str}/patch/{str}/mbox/", [](Ctx& c, const http::Captures& k) {
      auto id = patch_id_by_msgid(c.db, k[0], k[1]);
      return or_not_found(c, id ? patch_mbox_response(c.db, *id, c.request.query.get("series")) : std::nullopt);
    });
    add("GET", "/project/{str}/patch/{str}/raw/", [](Ctx& c, const http::Captures& k) {
      auto id = patch_id_by_msgid(c.db, k[0], k[1]);
      return or_not_found(c, id ? patch_raw_response(c.db, *id) : std::nullopt);
    });
    add("GET", "/project/{str}/cover/{str}/", [](Ctx& c, const http::Captures& k) {
      auto id = cover_id_by_msgid(c.db, k[0], k[1]);
      if (id) return cover_page(c, *id);
      auto patch = patch_id_by_msgid(c.db, k[0], k[1]);
      return patch ? redirect_by_id(c, "patch", *patch, "") : not_found_page(c);
    });
    add("GET", "/project/{str}/cover/{str}/mbox/", [](Ctx& c, const http::Captures& k) {
      auto id = cover_id_by_msgid(c.db, k[0], k[1]);
      return or_not_found(c, id ? cover_mbox_response(c.db, *id) : std::nullopt);
    });
    add("GET", "/patch/{int}/", [](Ctx& c, const http::Captures& k) { return redirect_by_id(c, "patch", k.as_int(0), ""); });
    add("GET", "/patch/{int}/mbox/",
        [](Ctx& c, const http::Captures& k) { return redirect_by_id(c, "patch", k.as_int(0), "mbox/"); });
    add("GET", "/patch/{int}/raw/",
        [](Ctx& c, const http::Captures& k) { return redirect_by_id(c, "patch", k.as_int(0), "raw/"); });
    add("GET", "/cover/{int}/", [](Ctx& c, const http::Captures& k) { return redirect_by_id(c, "cover", k.as_int(0), ""); });
    add("GET", "/cover/{int}/mbox/",
        [](Ctx& c, const http::Captures& k) { return redirect_by_id(c, "cover", k.as_int(0), "mbox/"); });
    add("GET", "/about/", [](Ctx& c, const http::Captures&) { return about_page(c); });
    add("GET", "/project/{str}/pwclientrc/", [this](Ctx& c, const http::Captures& k) {
      return pwclientrc(c, k[0], http::base_url(c.request, options_.base_url));
    });
    add("GET", "/comment/{int}/", [](Ctx& c, const http::Captures& k) { return comment_redirect(c, k.as_int(0)); });
    add("GET", "/series/{int}/", [](Ctx& c, const http::Captures& k) { return series_page(c, k.as_int(0)); });
    add("GET", "/series/{int}/mbox/",
        [](Ctx& c, const http::Captures& k) { return or_not_found(c, series_mbox_response(c.db, k.as_int(0))); });
    for (const char* method : {"GET", "POST"})
      add(method, "/bundle/{str}/{str}/", [](Ctx& c, const http::Captures& k) { return bundle_page(c, k[0], k[1]); });
    add("GET", "/bundle/{str}/{str}/mbox/", [](Ctx& c, const http::Captures& k) {
      // git-pw fetches private bundles with its API credentials.
      std::optional<long long> viewer;
      if (c.viewer) viewer = c.viewer->id;
      if (!viewer) viewer = api::authenticate(c.db, c.request.header("Authorization")).user_id;
      return or_not_found(c, bundle_mbox_response(c.db, k[0], k[1], viewer));
    });
    add("GET", "/user/bundles/", [](Ctx& c, const http::Captures&) { return user_bundles_page(c); });
    add("POST", "/user/generate-token/", [](Ctx& c, const http::Captures&) { return user_page(c, true); });
    for (const char* method : {"GET", "POST"})
      add(method, "/user/login/", [this](Ctx& c, const http::Captures&) {
        return login_page(c, throttle_, secure(c.request));
      });
    add("POST", "/user/logout/", [this](Ctx& c, const http::Captures&) { return logout(c, secure(c.request)); });
  }

  WebOptions options_;
  store::ConnectionPool pool_;
  http::Router router_;
  LoginThrottle throttle_{5, std::chrono::minutes(15)};
};

}  // namespace

http::Handler make_web_handler(WebOptions options) {
  auto app = std::make_shared<Application>(std::move(options));
  return [app](const http::Request& request) { return app->handle(request); };
}

}  // namespace patchloom::web
