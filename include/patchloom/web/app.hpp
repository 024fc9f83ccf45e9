#pragma once
// The web UI: Patchwork's HTML pages and downloads under Patchwork's URLs
// (/, /project/<linkname>/list/, /patch/<id>/, /patch/<id>/mbox/, ...),
// login and logout. Everything that is neither /api/ nor /archive/.

#include <string>

#include "patchloom/http/base_url.hpp"
#include "patchloom/http/server.hpp"

namespace patchloom::web {

struct WebOptions {
  std::string database_url;  // as store::Database::open takes it
  http::BaseUrlOptions base_url;
  unsigned max_idle_connections = 16;
};

// Safe to call from several worker threads at once.
http::Handler make_web_handler(WebOptions options);

}  // namespace patchloom::web
