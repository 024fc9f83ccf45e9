#include "patchloom/api/app.hpp"

#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "patchloom/api/auth.hpp"
#include "patchloom/http/router.hpp"
#include "patchloom/store/connection_pool.hpp"
#include "browsable.hpp"
#include "pretty.hpp"
#include "resources.hpp"

namespace patchloom::api {

namespace {

constexpr std::string_view kAllowRead = "GET, HEAD, OPTIONS";
constexpr std::string_view kAllowWrite = "GET, PUT, PATCH, HEAD, OPTIONS";
constexpr std::string_view kAllowCreate = "GET, POST, HEAD, OPTIONS";
constexpr std::string_view kAllowBundle = "GET, PUT, PATCH, DELETE, HEAD, OPTIONS";

using EndpointFn = std::function<ApiResult(Ctx&, const http::Captures&)>;

// Write handlers by method (PUT, PATCH, POST, DELETE).
using Writes = std::map<std::string, EndpointFn>;

struct Endpoint {
  std::string name;  // DRF view name, for OPTIONS
  std::string_view allow;
  EndpointFn fn;
  Writes writes;
};

http::Response html_not_found() {
  return http::Response::html(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>404: File not found - "
      "patchloom</title></head>\n<body><h1>File not found</h1><p>The page you requested does not exist.</p></body>\n"
      "</html>\n",
      404);
}

enum class Kind { json, browsable };

struct Format {
  Kind kind = Kind::json;
  int indent = 0;  // Accept: application/json; indent=N (0 = compact)
};

void add_api_headers(http::Response& response, std::string_view allow) {
  response.headers.set("Allow", std::string(allow));
  response.headers.set("Vary", "Accept, Cookie");
  response.headers.set("X-Frame-Options", "DENY");
}

// The browsable page is JSON indented as DRF indents it here, turned into
// HTML once the whole response (Link, Location) is known: see serve().
http::Response render(const json::value& body, int status, Format format, std::string_view allow) {
  const int indent = format.kind == Kind::browsable ? 4 : format.indent;
  http::Response response =
      http::Response::json(indent > 0 ? render_pretty_json(body, indent) : render_json(body), status);
  add_api_headers(response, allow);
  return response;
}

json::value detail(std::string_view text) {
  json::object o;
  o["detail"] = text;
  return o;
}

// DRF's `indent` media-type parameter, clamped to 0..8.
int accept_indent(std::string_view accept) {
  const auto pos = accept.find("indent=");
  if (pos == std::string_view::npos) return 0;
  std::string_view rest = accept.substr(pos + 7);
  rest = rest.substr(0, rest.find_first_of(",;"));
  auto n = parse_python_int(rest);
  if (!n) return 0;
  return static_cast<int>(*n < 0 ? 0 : (*n > 8 ? 8 : *n));
}

// ?format= and Accept (DRF content negotiation, simplified to the two
// renderers): nullopt with `error` set when unsatisfiable.
std::optional<Format> negotiate(const http::Request& request, json::value& error, int& status) {
  auto formats = request.query.get_all("format");
  if (!formats.empty()) {
    if (formats.back() == "json") return Format{Kind::json, 0};
    if (formats.back() == "api") return Format{Kind::browsable, 0};
    error = detail("Not found.");
    status = 404;
    return std::nullopt;
  }
  const std::string_view accept = request.header("Accept");
  if (accept.empty()) return Format{};
  if (accept.find("text/html") != std::string_view::npos) return Format{Kind::browsable, 0};
  if (accept.find("application/json") != std::string_view::npos || accept.find("*/*") != std::string_view::npos ||
      accept.find("application/*") != std::string_view::npos)
    return Format{Kind::json, accept_indent(accept)};
  error = detail("Could not satisfy the request Accept header.");
  status = 406;
  return std::nullopt;
}

class Application {
 public:
  explicit Application(ApiOptions options)
      : options_(std::move(options)), pool_(options_.database_url, options_.max_idle_connections) {
    for (int minor = -1; minor <= ApiVersion::kLatestMinor; ++minor)
      add_routes(minor < 0 ? ApiVersion{} : ApiVersion{minor, true});
  }

  http::Response handle(const http::Request& request) {
    if (!is_api_path(request.path)) return html_not_found();
    auto m = router_.match("GET", request.path);
    if (m.kind != http::Router::Match::Kind::found) {
      // Django's APPEND_SLASH: redirect when the path with a slash routes.
      if (request.path.empty() || request.path.back() != '/') {
        if (router_.match("GET", request.path + "/").kind == http::Router::Match::Kind::found) {
          std::string location = request.raw_path + "/";
          if (!request.raw_query.empty()) location += "?" + request.raw_query;
          auto response = http::Response::redirect(location, 301);
          response.headers.set("Content-Type", "text/html; charset=utf-8");
          return response;
        }
      }
      return html_not_found();
    }
    return (*m.handler)(request, m.captures);
  }

 private:
  void add(const ApiVersion& version, std::string_view pattern, std::string name, std::string_view allow, EndpointFn fn,
           Writes writes = {}) {
    auto endpoint = std::make_shared<Endpoint>(Endpoint{std::move(name), allow, std::move(fn), std::move(writes)});
    router_.add("GET", version.path_prefix() + std::string(pattern),
                [this, endpoint, version](const http::Request& request, const http::Captures& captures) {
                  return serve(*endpoint, version, request, captures);
                });
  }

  void add_routes(const ApiVersion& v) {
    add(v, "", "Index", kAllowRead, [](Ctx& c, const http::Captures&) { return index_detail(c); });
    add(v, "users/", "User List", kAllowRead, [](Ctx& c, const http::Captures&) { return user_list(c); });
    add(v, "users/{int}/", "User Detail", kAllowWrite,
        [](Ctx& c, const http::Captures& k) { return user_detail(c, k.as_int(0)); },
        {{"PATCH", [](Ctx& c, const http::Captures& k) { return user_update(c, k.as_int(0), false); }},
         {"PUT", [](Ctx& c, const http::Captures& k) { return user_update(c, k.as_int(0), true); }}});
    add(v, "people/", "Person List", kAllowRead, [](Ctx& c, const http::Captures&) { return person_list(c); });
    add(v, "people/{int}/", "Person Detail", kAllowRead,
        [](Ctx& c, const http::Captures& k) { return person_detail(c, k.as_int(0)); });
    add(v, "covers/", "Cover List", kAllowRead, [](Ctx& c, const http::Captures&) { return cover_list(c); });
    add(v, "covers/{int}/", "Cover Detail", kAllowRead,
        [](Ctx& c, const http::Captures& k) { return cover_detail(c, k.as_int(0)); });
    add(v, "patches/", "Patch List", kAllowRead, [](Ctx& c, const http::Captures&) { return patch_list(c); },
        {{"PATCH", [](Ctx& c, const http::Captures&) { return patch_bulk_update(c); }}});
    add(v, "patches/{int}/", "Patch Detail", kAllowWrite,
        [](Ctx& c, const http::Captures& k) { return patch_detail(c, k.as_int(0)); },
        {{"PATCH", [](Ctx& c, const http::Captures& k) { return patch_update(c, k.as_int(0), false); }},
         {"PUT", [](Ctx& c, const http::Captures& k) { return patch_update(c, k.as_int(0), true); }}});
    add(v, "patches/{int}/checks/", "Check List Create", kAllowCreate,
        [](Ctx& c, const http::Captures& k) { return check_list(c, k.as_int(0)); },
        {{"POST", [](Ctx& c, const http::Captures& k) { return check_create(c, k.as_int(0)); }}});
    add(v, "patches/{int}/checks/{int}/", "Check Detail", kAllowRead,
        [](Ctx& c, const http::Captures& k) { return check_detail(c, k.as_int(0), k.as_int(1)); });
    add(v, "series/", "Series List", kAllowRead, [](Ctx& c, const http::Captures&) { return series_list(c); });
    add(v, "series/{int}/", "Series Detail", kAllowRead,
        [](Ctx& c, const http::Captures& k) { return series_detail(c, k.as_int(0)); });
    add(v, "bundles/", "Bundle List", kAllowCreate, [](Ctx& c, const http::Captures&) { return bundle_list(c); },
        {{"POST", [](Ctx& c, const http::Captures&) { return bundle_create(c); }}});
    add(v, "bundles/{int}/", "Bundle Detail", kAllowBundle,
        [](Ctx& c, const http::Captures& k) { return bundle_detail(c, k.as_int(0)); },
        {{"PATCH", [](Ctx& c, const http::Captures& k) { return bundle_update(c, k.as_int(0), false); }},
         {"PUT", [](Ctx& c, const http::Captures& k) { return bundle_update(c, k.as_int(0), true); }},
         {"DELETE", [](Ctx& c, const http::Captures& k) { return bundle_delete(c, k.as_int(0)); }}});
    add(v, "projects/", "Project List", kAllowRead, [](Ctx& c, const http::Captures&) { return project_list(c); });
    add(v, "projects/{str}/", "Project Detail", kAllowWrite,
        [](Ctx& c, const http::Captures& k) { return project_detail(c, k[0]); },
        {{"PATCH", [](Ctx& c, const http::Captures& k) { return project_update(c, k[0]); }},
         {"PUT", [](Ctx& c, const http::Captures& k) { return project_update(c, k[0]); }}});
    add(v, "events/", "Event List", kAllowRead, [](Ctx& c, const http::Captures&) { return event_list(c); });
    if (v.at_least(1)) {
      add(v, "patches/{int}/comments/", "Patch Comment List", kAllowRead,
          [](Ctx& c, const http::Captures& k) { return comment_list(c, "patch", k.as_int(0)); });
      add(v, "covers/{int}/comments/", "Cover Comment List", kAllowRead,
          [](Ctx& c, const http::Captures& k) { return comment_list(c, "cover", k.as_int(0)); });
    }
    if (v.at_least(3)) {
      auto comment_writes = [](std::string_view parent) {
        EndpointFn fn = [parent](Ctx& c, const http::Captures& k) {
          return comment_update(c, parent, k.as_int(0), k.as_int(1));
        };
        return Writes{{"PATCH", fn}, {"PUT", fn}};
      };
      add(v, "patches/{int}/comments/{int}/", "Patch Comment Detail", kAllowWrite,
          [](Ctx& c, const http::Captures& k) { return comment_detail(c, "patch", k.as_int(0), k.as_int(1)); },
          comment_writes("patch"));
      add(v, "covers/{int}/comments/{int}/", "Cover Comment Detail", kAllowWrite,
          [](Ctx& c, const http::Captures& k) { return comment_detail(c, "cover", k.as_int(0), k.as_int(1)); },
          comment_writes("cover"));
    }
  }

  http::Response serve(const Endpoint& endpoint, const ApiVersion& version, const http::Request& request,
                       const http::Captures& captures) {
    json::value error;
    int status = 200;
    auto format = negotiate(request, error, status);
    if (!format) return render(error, status, Format{}, endpoint.allow);

    auto db = pool_.acquire();
    Ctx ctx{*db, request, version, http::base_url(request, options_.base_url), "", std::nullopt};
    if (auto f = request.query.get_all("format"); !f.empty()) ctx.format_suffix = "?format=" + std::string(f.back());

    http::Response response;
    try {
      auto auth = authenticate(*db, request.header("Authorization"));
      if (auth.error) throw ApiError{403, *auth.error};
      ctx.user_id = auth.user_id;
      response = dispatch(endpoint, ctx, request, captures, *format);
    } catch (const ApiError& e) {
      response = render(detail(e.detail), e.status, *format, endpoint.allow);
    } catch (const ApiBodyError& e) {
      response = render(e.body, e.status, *format, endpoint.allow);
    }
    // Reached only without an unexpected exception: a connection that failed
    // mid-request is dropped, not reused.
    pool_.release(std::move(db));
    if (format->kind == Kind::browsable && response.status != 204)
      return browsable_page(endpoint.name, request, std::move(response));
    return response;
  }

  http::Response dispatch(const Endpoint& endpoint, Ctx& ctx, const http::Request& request,
                          const http::Captures& captures, Format format) {
    const std::string& method = request.method;
    if (method == "GET" || method == "HEAD") {
      ApiResult result = endpoint.fn(ctx, captures);
      auto response = render(result.body, result.status, format, endpoint.allow);
      if (!result.link.empty()) response.headers.set("Link", result.link);
      return response;
    }
    if (method == "OPTIONS") {
      json::object o;
      o["name"] = endpoint.name;
      o["description"] = "";
      o["renders"] = json::array{"application/json", "text/html"};
      o["parses"] = json::array{"application/json", "application/x-www-form-urlencoded", "multipart/form-data"};
      return render(o, 200, format, endpoint.allow);
    }
    auto write = endpoint.writes.find(method);
    if (write == endpoint.writes.end()) throw ApiError{405, "Method \"" + method + "\" not allowed."};
    ApiResult result = write->second(ctx, captures);
    if (result.status == 204) {
      http::Response response;
      response.status = 204;
      add_api_headers(response, endpoint.allow);
      return response;
    }
    auto response = render(result.body, result.status, format, endpoint.allow);
    if (!result.location.empty()) response.headers.set("Location", result.location);
    return response;
  }

  ApiOptions options_;
  store::ConnectionPool pool_;
  http::Router router_;
};

}  // namespace

ApiResult index_detail(Ctx& ctx) {
  json::object o;
  for (auto name : {"projects", "users", "people", "patches", "covers", "series", "events", "bundles"})
    o[name] = ctx.api_url(std::string(name) + "/");
  return ApiResult{std::move(o), ""};
}

bool is_api_path(std::string_view path) { return path == "/api" || path.substr(0, 5) == "/api/"; }

http::Handler make_api_handler(ApiOptions options) {
  auto app = std::make_shared<Application>(std::move(options));
  return [app](const http::Request& request) { return app->handle(request); };
}

}  // namespace patchloom::api
