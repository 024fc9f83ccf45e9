#include "patchloom/web/app.hpp"

#include "patchloom/http/router.hpp"

namespace patchloom::web {

// Until the pages exist: a landing page and a health check.
http::Handler make_web_handler(WebOptions /*options*/) {
  auto router = std::make_shared<http::Router>();
  router->add("GET", "/", [](const http::Request&, const http::Captures&) {
    return http::Response::html(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>patchloom</title></head>"
        "<body><h1>patchloom</h1><p><a href=\"/api/\">REST API</a></p></body></html>\n");
  });
  router->add("GET", "/healthz", [](const http::Request&, const http::Captures&) { return http::Response::text("ok"); });
  return [router](const http::Request& request) { return router->handle(request); };
}

}  // namespace patchloom::web
