#include "login.hpp"

#include "html.hpp"

namespace patchloom::web {

namespace {

// Only a path on this site: "//host" and "/\host" would leave it.
std::string safe_next(std::string_view next) {
  if (next.size() < 1 || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) return "/";
  return std::string(next);
}

http::Response form(const Ctx& ctx, std::string_view next, std::string_view error, int status) {
  std::string body = "<h1>Log in</h1>";
  if (!error.empty()) body += "<p class=\"error\" id=\"login-error\">" + esc(error) + "</p>";
  body += "<form method=\"post\" action=\"/user/login/\">" + csrf_field(ctx) +
          "<input type=\"hidden\" name=\"next\" value=\"" + esc(next) +
          "\"><p><label>Username <input name=\"username\" autocomplete=\"username\" required></label></p>"
          "<p><label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" "
          "required></label></p><p><button type=\"submit\">Log in</button></p></form>";
  return page(ctx, "Log in", body, status);
}

}  // namespace

http::Response login_page(Ctx& ctx, LoginThrottle& throttle, bool secure) {
  if (ctx.request.method != "POST") return form(ctx, safe_next(ctx.request.query.get("next").value_or("/")), "", 200);
  const http::QueryParams params = parse_form(ctx.request.body);
  const std::string next = safe_next(params.get("next").value_or("/"));
  if (!csrf_ok(ctx, params)) return form(ctx, next, "Your form expired; please try again.", 403);
  const std::string username(params.get("username").value_or(""));
  const std::string_view address = ctx.request.connection.peer_address;
  if (!throttle.allowed(address, username))
    return form(ctx, next, "Too many failed logins; please wait a few minutes.", 429);
  const auto user_id = check_password(ctx.db, username, params.get("password").value_or(""));
  if (!user_id) {
    throttle.failed(address, username);
    return form(ctx, next, "Wrong username or password.", 200);
  }
  throttle.succeeded(address, username);
  // A new session id on every login (no fixation).
  if (!ctx.session_id.empty()) delete_session(ctx.db, ctx.session_id);
  const std::string session_id = create_session(ctx.db, *user_id);
  auto response = http::Response::redirect(next, 302);
  response.headers.add("Set-Cookie", set_cookie(kSessionCookie, session_id, secure, "Lax", 14LL * 24 * 3600));
  return response;
}

http::Response logout(Ctx& ctx, bool secure) {
  const http::QueryParams params = parse_form(ctx.request.body);
  if (!ctx.session_id.empty() && csrf_ok(ctx, params)) delete_session(ctx.db, ctx.session_id);
  auto response = http::Response::redirect("/", 302);
  response.headers.add("Set-Cookie", set_cookie(kSessionCookie, "", secure, "Lax", 0));
  return response;
}

}  // namespace patchloom::web
