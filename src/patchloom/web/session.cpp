#include "session.hpp"

#include <sodium.h>

#include "patchloom/api/auth.hpp"
#include "patchloom/util/time.hpp"

namespace patchloom::web {

namespace {

constexpr long long kSessionSeconds = 14LL * 24 * 3600;  // Django's default SESSION_COOKIE_AGE

std::string session_hash(std::string_view session_id) { return api::token_hash(session_id); }

}  // namespace

std::string cookie_value(const http::Request& request, std::string_view name) {
  for (std::string_view header : request.headers.get_all("Cookie")) {
    while (!header.empty()) {
      const std::size_t semi = header.find(';');
      std::string_view pair = header.substr(0, semi);
      header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const std::size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
  }
  return "";
}

std::string set_cookie(std::string_view name, std::string_view value, bool secure, std::string_view same_site,
                       std::optional<long long> max_age_seconds) {
  std::string out = std::string(name) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=" +
                    std::string(same_site);
  if (secure) out += "; Secure";
  if (max_age_seconds) out += "; Max-Age=" + std::to_string(*max_age_seconds);
  return out;
}

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  hex.pop_back();
  return hex;
}

std::optional<Session> load_session(store::Database& db, std::string_view session_id) {
  if (session_id.size() != 64) return std::nullopt;
  auto row = db.query_one(
      "SELECT u.id, u.username, u.email, u.is_staff, s.csrf_token FROM web_session s JOIN users u ON u.id = s.user_id "
      "WHERE s.id_hash = :h AND s.expires > :now AND u.is_active = 1",
      {session_hash(session_id), util::now_utc()});
  if (!row) return std::nullopt;
  return Session{Viewer{row->i64(0), row->text(1), row->text(2), row->boolean(3)}, row->text(4)};
}

std::string create_session(store::Database& db, long long user_id) {
  const std::string id = random_hex(32);
  const util::Timestamp now = util::now_utc();
  db.exec("DELETE FROM web_session WHERE expires <= :now", {now});
  db.exec("INSERT INTO web_session (id_hash, user_id, csrf_token, created, expires) VALUES (:h, :u, :c, :n, :e)",
          {session_hash(id), user_id, random_hex(32), now, now + kSessionSeconds * 1'000'000});
  db.exec("UPDATE users SET last_login = :n WHERE id = :u", {now, user_id});
  return id;
}

void delete_session(store::Database& db, std::string_view session_id) {
  db.exec("DELETE FROM web_session WHERE id_hash = :h", {session_hash(session_id)});
}

std::optional<long long> check_password(store::Database& db, std::string_view username, std::string_view password) {
  auto row = db.query_one("SELECT id, password_hash, is_active FROM users WHERE username = :u", {username});
  if (!row || !row->boolean(2) || row->text(1).empty()) {
    // Spend the time a real check would, so that timing does not tell which
    // usernames exist.
    static const std::string kDummy = api::hash_password("not a password");
    api::verify_password(kDummy, password);
    return std::nullopt;
  }
  if (!api::verify_password(row->text(1), password)) return std::nullopt;
  return row->i64(0);
}

http::QueryParams parse_form(std::string_view body) {
  http::Request scratch;
  if (!http::set_target(scratch, "/?" + std::string(body))) return {};
  return scratch.query;
}

bool csrf_ok(const Ctx& ctx, const http::QueryParams& form) {
  const auto sent = form.get("csrf_token");
  if (!sent || ctx.csrf_token.empty() || sent->size() != ctx.csrf_token.size()) return false;
  return sodium_memcmp(sent->data(), ctx.csrf_token.data(), ctx.csrf_token.size()) == 0;
}

bool LoginThrottle::over(const std::string& key, int limit, std::chrono::steady_clock::time_point now) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  if (now - it->second.since > window_) {
    entries_.erase(it);
    return false;
  }
  return it->second.failures >= limit;
}

void LoginThrottle::bump(const std::string& key, std::chrono::steady_clock::time_point now) {
  auto& entry = entries_[key];
  if (entry.failures == 0 || now - entry.since > window_) entry = Entry{0, now};
  ++entry.failures;
}

bool LoginThrottle::allowed(std::string_view address, std::string_view username) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  // The address gets more room than one username: several people may share it.
  return !over("u:" + std::string(username), max_failures_, now) &&
         !over("a:" + std::string(address), 4 * max_failures_, now);
}

void LoginThrottle::failed(std::string_view address, std::string_view username) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (entries_.size() > 100'000) entries_.clear();  // bounded memory under a flood
  bump("u:" + std::string(username), now);
  bump("a:" + std::string(address), now);
}

void LoginThrottle::succeeded(std::string_view address, std::string_view username) {
  std::lock_guard lock(mutex_);
  entries_.erase("u:" + std::string(username));
  (void)address;
}

}  // namespace patchloom::web
