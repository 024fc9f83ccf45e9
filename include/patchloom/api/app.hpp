#pragma once
// The REST API application (spec/api.md): routes /api/ and /api/1.0/ ...
// /api/1.4/ to the resources, with authentication, content negotiation,
// pagination and upstream's error answers. Read side (GET/HEAD/OPTIONS).

#include <string>

#include "patchloom/http/base_url.hpp"
#include "patchloom/http/server.hpp"

namespace patchloom::api {

struct ApiOptions {
  std::string database_url;  // as store::Database::open takes it
  http::BaseUrlOptions base_url;
  // Connections kept open for reuse (one is used per in-flight request).
  unsigned max_idle_connections = 16;
};

// True for "/api" and everything under "/api/": what the handler answers.
bool is_api_path(std::string_view path);

// The handler to give http::Server. Safe to call from several worker threads
// at once: each request borrows its own database connection from a pool.
// Paths outside /api get an HTML 404.
http::Handler make_api_handler(ApiOptions options);

}  // namespace patchloom::api
