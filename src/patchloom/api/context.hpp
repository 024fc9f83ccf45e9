#pragma once
// Internal to the api module: what one API request's handlers share, and the
// JSON types. Boost.JSON is included here only, never from include/.

#include <boost/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "patchloom/api/version.hpp"
#include "patchloom/http/request.hpp"
#include "patchloom/http/response.hpp"
#include "patchloom/store/database.hpp"
#include "patchloom/util/time.hpp"

namespace patchloom::api {

namespace json = boost::json;

// An answer other than the normal one, thrown from deep inside a handler
// (object not found, invalid page, permission): rendered as {"detail": …}.
struct ApiError {
  int status;
  std::string detail;
};

// An answer whose body is not a plain {"detail": …}: 400 field errors.
struct ApiBodyError {
  int status;
  json::value body;
};

// 404 {"detail":"No <Model> matches the given query."} (DRF 3.17's text).
[[noreturn]] void throw_not_found(std::string_view model);

struct Ctx {
  store::Database& db;
  const http::Request& request;
  ApiVersion version;
  std::string base;           // "<scheme>://<host>"
  std::string format_suffix;  // "?format=X" when the request had one (DRF-reversed URLs keep it)
  std::optional<long long> user_id;  // the authenticated user

  // DRF-reversed URL: versioned, keeps ?format.
  std::string api_url(std::string_view rest) const {
    return base + version.path_prefix() + std::string(rest) + format_suffix;
  }
  // Django-reversed API URL: never versioned.
  std::string unversioned_api_url(std::string_view rest) const { return base + "/api/" + std::string(rest); }
  std::string web_url(std::string_view path) const { return base + std::string(path); }
  bool at_least(int minor) const { return version.at_least(minor); }
};

inline json::value date_value(util::Timestamp t) { return json::string(util::format_iso(t)); }
inline json::value opt_string(const std::optional<std::string>& s) {
  return s ? json::value(json::string(*s)) : json::value(nullptr);
}
inline std::string id_str(long long id) { return std::to_string(id); }

// "(:i0, :i1, …)" for `ids`, appending them to `params`; "(NULL)" when empty.
std::string in_list(const std::vector<long long>& ids, store::Params& params);

// Adds a condition "<column> IN (…)" with the given ids.
struct Where {
  std::vector<std::string> conditions;
  store::Params params;
  bool impossible = false;  // an invalid filter value: the answer is []

  void add(std::string condition) { conditions.push_back(std::move(condition)); }
  // Appends a parameter and returns its unique placeholder (":pN"): SQLite
  // binds a repeated name once, so every use needs its own name.
  // Stored text never holds NUL (the store refuses it): a filter value with
  // one matches nothing, so the answer is [] rather than a store error.
  std::string bind(store::Value value) {
    if (value.kind() == store::Value::Kind::text && value.text().find('\0') != std::string::npos) {
      impossible = true;
      value = std::string();
    }
    params.push_back(std::move(value));
    return ":p" + std::to_string(params.size() - 1);
  }
  void add_in(std::string_view column, const std::vector<long long>& ids);
  std::string sql() const;  // "" or " WHERE a AND b"
};

// JSON text as DRF renders it: compact, UTF-8 unescaped, U+2028/U+2029
// escaped.
std::string render_json(const json::value& v);

}  // namespace patchloom::api
