#pragma once
// API credentials (spec/api.md §1.8): users with argon2id password hashes
// (libsodium crypto_pwhash_str) and API tokens, of which only a SHA-256 hash
// and a short lookup prefix are stored.

#include <optional>
#include <string>
#include <string_view>

#include "patchloom/store/database.hpp"
#include "patchloom/util/result.hpp"

namespace patchloom::api {

// A new token: 40 lower-case hex characters from a CSPRNG.
std::string generate_token();
// The stored form of a token: lookup prefix (its first 8 characters) and the
// SHA-256 hex digest of the whole token.
std::string token_lookup(std::string_view token);
std::string token_hash(std::string_view token);

// argon2id (libsodium's interactive limits); "" for an empty password
// (no password login).
std::string hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);

// Creates a user; fails when the username is taken.
Result<long long> create_user(store::Database& db, std::string_view username, std::string_view email,
                              std::string_view password);
// Replaces the user's token (one per user, as upstream) and returns the new
// token; fails when the user does not exist.
Result<std::string> create_token(store::Database& db, std::string_view username);

// Replaces the user's password (argon2id; "" = no password login).
Result<void> set_password(store::Database& db, std::string_view username, std::string_view password);
// Deletes the user with their token, maintainerships, checks and bundles
// (as upstream's cascade); patches they were delegated lose the delegate.
Result<void> remove_user(store::Database& db, std::string_view username);
// Deletes the user's token; false when they had none.
Result<bool> revoke_token(store::Database& db, std::string_view username);

// The outcome of reading a request's credentials: anonymous (no user, no
// error), a user, or a 403 detail message.
struct AuthOutcome {
  std::optional<long long> user_id;
  std::optional<std::string> error;
};
// `authorization`: the Authorization header ("" when absent).
AuthOutcome authenticate(store::Database& db, std::string_view authorization);

}  // namespace patchloom::api
