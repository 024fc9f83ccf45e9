#pragma once
// Internal to the web module: small HTML builders. Every piece of data goes
// through esc() (or a builder that calls it); literal markup is only ever
// written by this module's own code.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "context.hpp"
#include "patchloom/util/html.hpp"
#include "patchloom/util/time.hpp"

namespace patchloom::web {

inline std::string esc(std::string_view text) { return util::escape_html(text); }

// <a href="HREF">TEXT</a>, both escaped.
std::string link(std::string_view href, std::string_view text);
// Whether `url` may be a link target: http(s) only (no javascript: or data:).
bool is_web_url(std::string_view url);

// A query-string component: everything but [A-Za-z0-9_.~-] percent-encoded.
std::string url_encode(std::string_view text);
// "2026-03-09 15:18"
std::string format_date(util::Timestamp t);

// <input type="hidden" name="csrf_token" value="...">
std::string csrf_field(const Ctx& ctx);

// A whole page: doctype, head (title, inline CSS), the navigation bar
// (projects, user, login/logout) and `body`.
http::Response page(const Ctx& ctx, std::string_view title, std::string_view body, int status = 200);

// <select name="NAME"> with (value, label) options; `selected` marks one.
std::string select(std::string_view name, const std::vector<std::pair<std::string, std::string>>& options,
                   std::string_view selected);

}  // namespace patchloom::web
