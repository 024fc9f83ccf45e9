#pragma once
// A throwaway patchloom site for the web tests: a fresh SQLite database with
// one project, mails ingested in-process, and the web handler called directly
// (no sockets).

#include <filesystem>
#include <string>
#include <string_view>

#include "patchloom/http/request.hpp"
#include "patchloom/http/response.hpp"
#include "patchloom/http/server.hpp"
#include "patchloom/store/database.hpp"

namespace patchloom::testing {

class WebSite {
 public:
  // A database with project `linkname` on list `listid`: `database_url`
  // (empty and migrated, e.g. a PostgreSQL schema), or a new SQLite file.
  WebSite(std::string_view linkname, std::string_view listid, std::string database_url = "");
  ~WebSite();

  const std::string& db_url() const { return db_path_; }
  store::Database open() const;
  // Ingests one raw mail; returns the ingest outcome's name ("patch", ...).
  std::string ingest(const std::string& raw_mail);
  // A user (is_staff when `staff`), maintainer of the project when
  // `maintainer`; returns the user id.
  long long add_user(std::string_view username, std::string_view password, bool maintainer);

  http::Response get(std::string_view target, std::string_view cookie = "") const;
  // A form POST (application/x-www-form-urlencoded body).
  http::Response post(std::string_view target, std::string_view body, std::string_view cookie) const;
  // Logs in through the login form; returns the Cookie header value to send.
  std::string login(std::string_view username, std::string_view password) const;

 private:
  http::Response send(http::Request request) const;

  std::filesystem::path dir_;
  std::string db_path_;
  long long project_id_ = 0;
  http::Handler handler_;
};

// The csrf_token hidden field's value in a page, "" when absent.
std::string csrf_token_in(std::string_view html);
// "name=value" of the response's Set-Cookie for `name`, "" when absent.
std::string cookie_from(const http::Response& response, std::string_view name);

}  // namespace patchloom::testing
