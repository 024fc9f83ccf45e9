#pragma once
// People: mail senders (Person), accounts (User) and their API tokens.
// Mirror tables `person`, `users` and `api_token`.

#include <optional>
#include <string>

#include "patchloom/util/time.hpp"

namespace patchloom::model {

// Someone who sent mail; email is unique case-sensitively (Patchwork), and
// looked up case-insensitively through email_lower.
struct Person {
  long long id = 0;
  std::string email;
  std::string email_lower;
  std::optional<std::string> name;
  std::optional<long long> user_id;
};

// A login account (Django's auth_user plus Patchwork's UserProfile).
struct User {
  long long id = 0;
  std::string username;
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string password_hash;  // argon2id string; '' = no password login
  bool is_staff = false;
  bool is_superuser = false;
  bool is_active = true;
  util::Timestamp date_joined = 0;
  std::optional<util::Timestamp> last_login;
  // profile
  bool send_email = false;
  int items_per_page = 100;
  bool show_ids = false;
};

// An API token. Only a hash of the secret is stored; `lookup` is the
// token's non-secret prefix used to find the row.
struct Token {
  long long id = 0;
  long long user_id = 0;
  std::string lookup;
  std::string key_hash;
  util::Timestamp created = 0;
};

}  // namespace patchloom::model
