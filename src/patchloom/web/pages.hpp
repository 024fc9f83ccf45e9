#pragma once
// Internal to the web module: the page handlers. Each takes the request's
// context and the route's captures and returns the whole response.

#include <string_view>

#include "context.hpp"
#include "patchloom/http/router.hpp"

namespace patchloom::web {

http::Response project_list_page(Ctx& ctx);
http::Response project_page(Ctx& ctx, std::string_view linkname);
// A .pwclientrc for the project (REST backend at `base`/api/).
http::Response pwclientrc(Ctx& ctx, std::string_view linkname, std::string_view base);
http::Response about_page(Ctx& ctx);
// GET: the list; POST: bulk changes by a maintainer, then the list again.
http::Response patch_list_page(Ctx& ctx, std::string_view linkname);
// GET: the page; POST: the maintainer's state/delegate/archived form or
// add-to-bundle.
http::Response patch_page(Ctx& ctx, long long patch_id);
http::Response cover_page(Ctx& ctx, long long cover_id);
http::Response series_page(Ctx& ctx, long long series_id);
// GET: the bundle; POST (its owner): make it public or private, remove a
// patch, or delete the bundle.
http::Response bundle_page(Ctx& ctx, std::string_view owner, std::string_view name);
http::Response user_bundles_page(Ctx& ctx);
// GET shows the profile; POST (generate a token) shows it with the new token.
http::Response user_page(Ctx& ctx, bool generate_token);

}  // namespace patchloom::web
