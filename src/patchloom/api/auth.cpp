#include "patchloom/api/auth.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

#include "patchloom/util/text.hpp"
#include "patchloom/util/time.hpp"

namespace patchloom::api {

namespace {

void ensure_sodium() {
  static const int ready = sodium_init();
  if (ready < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string to_hex(const unsigned char* data, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out += kHex[data[i] >> 4];
    out += kHex[data[i] & 15];
  }
  return out;
}

// Splits on ASCII whitespace like Python's bytes.split().
std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  auto is_ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (i < s.size()) {
    while (i < s.size() && is_ws(s[i])) ++i;
    std::size_t start = i;
    while (i < s.size() && !is_ws(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  ensure_sodium();
  std::string out(text.size(), '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &length, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(length);
  return out;
}

AuthOutcome fail(std::string message) { return AuthOutcome{std::nullopt, std::move(message)}; }

AuthOutcome basic(store::Database& db, const std::vector<std::string_view>& parts) {
  if (parts.size() == 1) return fail("Invalid basic header. No credentials provided.");
  if (parts.size() > 2) return fail("Invalid basic header. Credentials string should not contain spaces.");
  auto decoded = base64_decode(parts[1]);
  const auto colon = decoded ? decoded->find(':') : std::string::npos;
  if (!decoded || colon == std::string::npos)
    return fail("Invalid basic header. Credentials not correctly base64 encoded.");
  const std::string username = decoded->substr(0, colon);
  const std::string password = decoded->substr(colon + 1);
  auto row = db.query_one("SELECT id, password_hash, is_active FROM users WHERE username = :u", {username});
  if (!row || !row->boolean(2) || !verify_password(row->text(1), password)) return fail("Invalid username/password.");
  return AuthOutcome{row->i64(0), std::nullopt};
}

AuthOutcome token(store::Database& db, const std::vector<std::string_view>& parts) {
  if (parts.size() == 1) return fail("Invalid token header. No credentials provided.");
  if (parts.size() > 2) return fail("Invalid token header. Token string should not contain spaces.");
  const std::string_view key = parts[1];
  if (!util::is_valid_utf8(key)) return fail("Invalid token header. Token string should not contain invalid characters.");
  auto row = db.query_one(
      "SELECT t.key_hash, u.id, u.is_active FROM api_token t JOIN users u ON u.id = t.user_id WHERE t.lookup = :l",
      {token_lookup(key)});
  if (!row) return fail("Invalid token.");
  const std::string expected = row->text(0);
  const std::string actual = token_hash(key);
  if (expected.size() != actual.size() || sodium_memcmp(expected.data(), actual.data(), actual.size()) != 0)
    return fail("Invalid token.");
  if (!row->boolean(2)) return fail("User inactive or deleted.");
  return AuthOutcome{row->i64(1), std::nullopt};
}

}  // namespace

std::string generate_token() {
  ensure_sodium();
  unsigned char bytes[20];
  randombytes_buf(bytes, sizeof bytes);
  return to_hex(bytes, sizeof bytes);
}

std::string token_lookup(std::string_view token) { return std::string(token.substr(0, 8)); }

std::string token_hash(std::string_view token) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return to_hex(digest, sizeof digest);
}

std::string hash_password(std::string_view password) {
  if (password.empty()) return "";
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("out of memory hashing a password");
  return out;
}

bool verify_password(std::string_view hash, std::string_view password) {
  if (hash.empty()) return false;
  ensure_sodium();
  const std::string stored(hash);  // NUL-terminated for libsodium
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

Result<long long> create_user(store::Database& db, std::string_view username, std::string_view email,
                              std::string_view password) {
  if (username.empty()) return make_error("the username may not be empty");
  if (db.query_value<long long>("SELECT id FROM users WHERE username = :u", {username}))
    return make_error("user '" + std::string(username) + "' already exists");
  return db.insert("INSERT INTO users (username, email, password_hash, date_joined) VALUES (:u, :e, :p, :d)",
                   {username, email, hash_password(password), util::now_utc()});
}

Result<std::string> create_token(store::Database& db, std::string_view username) {
  auto user = db.query_value<long long>("SELECT id FROM users WHERE username = :u", {username});
  if (!user) return make_error("no user '" + std::string(username) + "'");
  std::string key = generate_token();
  // The lookup prefix is unique: draw again on the rare collision.
  while (db.query_value<long long>("SELECT id FROM api_token WHERE lookup = :l", {token_lookup(key)}))
    key = generate_token();
  store::Transaction tx(db);
  db.exec("DELETE FROM api_token WHERE user_id = :u", {*user});
  db.exec("INSERT INTO api_token (user_id, lookup, key_hash, created) VALUES (:u, :l, :h, :c)",
          {*user, token_lookup(key), token_hash(key), util::now_utc()});
  tx.commit();
  return key;
}

namespace {

std::optional<long long> user_id(store::Database& db, std::string_view username) {
  return db.query_value<long long>("SELECT id FROM users WHERE username = :u", {username});
}

Error no_user(std::string_view username) { return make_error("no user '" + std::string(username) + "'"); }

}  // namespace

Result<void> set_password(store::Database& db, std::string_view username, std::string_view password) {
  auto id = user_id(db, username);
  if (!id) return no_user(username);
  db.exec("UPDATE users SET password_hash = :h WHERE id = :id", {hash_password(password), *id});
  return {};
}

Result<void> remove_user(store::Database& db, std::string_view username) {
  auto id = user_id(db, username);
  if (!id) return no_user(username);
  store::Transaction tx(db);
  // Events naming the user as a delegate would cascade away with them: keep
  // the events, without the user.
  db.exec("UPDATE event SET previous_delegate_id = NULL WHERE previous_delegate_id = :u", {*id});
  db.exec("UPDATE event SET current_delegate_id = NULL WHERE current_delegate_id = :u", {*id});
  db.exec("DELETE FROM users WHERE id = :u", {*id});
  tx.commit();
  return {};
}

Result<bool> revoke_token(store::Database& db, std::string_view username) {
  auto id = user_id(db, username);
  if (!id) return no_user(username);
  return db.exec("DELETE FROM api_token WHERE user_id = :u", {*id}) > 0;
}

AuthOutcome authenticate(store::Database& db, std::string_view authorization) {
  const auto parts = split_ws(authorization);
  if (parts.empty()) return {};
  const std::string scheme = util::ascii_lower(parts[0]);
  if (scheme == "basic") return basic(db, parts);
  if (scheme == "token") return token(db, parts);
  return {};
}

}  // namespace patchloom::api
