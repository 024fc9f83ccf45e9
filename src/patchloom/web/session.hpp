#pragma once
// Internal to the web module: login sessions, CSRF tokens, form bodies and
// login rate limiting.
//
// The session cookie holds 32 random bytes (hex); the database keeps only
// their SHA-256. Each session has its own CSRF token; before login (the login
// form itself) the token is a random value in a second cookie that the form
// must repeat (double submit). Cookies are HttpOnly and SameSite=Lax (Strict
// for the CSRF cookie), Secure when the site is served over https.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "context.hpp"
#include "patchloom/http/request.hpp"
#include "patchloom/store/database.hpp"

namespace patchloom::web {

inline constexpr std::string_view kSessionCookie = "sessionid";
inline constexpr std::string_view kCsrfCookie = "csrftoken";

// The value of cookie `name` in the request's Cookie headers, or "".
std::string cookie_value(const http::Request& request, std::string_view name);
// "name=value; Path=/; HttpOnly; SameSite=...[; Secure][; Max-Age=N]".
std::string set_cookie(std::string_view name, std::string_view value, bool secure, std::string_view same_site,
                       std::optional<long long> max_age_seconds);

std::string random_hex(std::size_t bytes);

struct Session {
  Viewer viewer;
  std::string csrf_token;
};
std::optional<Session> load_session(store::Database& db, std::string_view session_id);
// Creates a session for the user; returns the cookie value (the secret id).
std::string create_session(store::Database& db, long long user_id);
void delete_session(store::Database& db, std::string_view session_id);

// The user with this username and password, if the password is right and
// the account active.
std::optional<long long> check_password(store::Database& db, std::string_view username, std::string_view password);

// An application/x-www-form-urlencoded body, decoded like a query string.
http::QueryParams parse_form(std::string_view body);

// Whether the form's csrf_token matches the one the page was rendered with.
bool csrf_ok(const Ctx& ctx, const http::QueryParams& form);

// Failed logins per client address and per username within a window; above
// the limit, logins are refused until the window has passed. In memory: a
// restart forgets, which only ever helps a legitimate user.
class LoginThrottle {
 public:
  LoginThrottle(int max_failures, std::chrono::seconds window) : max_failures_(max_failures), window_(window) {}
  bool allowed(std::string_view address, std::string_view username);
  void failed(std::string_view address, std::string_view username);
  void succeeded(std::string_view address, std::string_view username);

 private:
  struct Entry {
    int failures = 0;
    std::chrono::steady_clock::time_point since;
  };
  bool over(const std::string& key, int limit, std::chrono::steady_clock::time_point now);
  void bump(const std::string& key, std::chrono::steady_clock::time_point now);

  int max_failures_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace patchloom::web
