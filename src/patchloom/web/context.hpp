#pragma once
// Internal to the web module: what one request's page handlers share.

#include <optional>
#include <string>
#include <string_view>

#include "patchloom/http/request.hpp"
#include "patchloom/http/response.hpp"
#include "patchloom/store/database.hpp"

namespace patchloom::web {

struct Viewer {
  long long id = 0;
  std::string username;
  std::string email;
  bool is_staff = false;
};

struct Ctx {
  store::Database& db;
  const http::Request& request;
  std::optional<Viewer> viewer;  // the logged-in user
  std::string csrf_token;        // to put in every form of the page
  std::string session_id;        // "" when anonymous
  // Set when a form was rendered: only then does an anonymous visitor need
  // the CSRF cookie (downloads and plain pages stay cookie-free).
  mutable bool csrf_used = false;
};

// Whether the viewer maintains the project (and so may change any of its
// patches; the store also lets submitters and delegates change their own).
bool can_maintain(Ctx& ctx, long long project_id);

http::Response not_found_page(Ctx& ctx);

}  // namespace patchloom::web
