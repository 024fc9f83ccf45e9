#pragma once
// Internal to the web module: the login and logout forms.

#include "context.hpp"
#include "session.hpp"

namespace patchloom::web {

// GET: the form. POST: checks the CSRF token, the throttle and the password;
// on success starts a session and redirects to ?next= (a local path) or /.
http::Response login_page(Ctx& ctx, LoginThrottle& throttle, bool secure);
// POST only, with the session's CSRF token: ends the session.
http::Response logout(Ctx& ctx, bool secure);

}  // namespace patchloom::web
