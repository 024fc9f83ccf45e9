#pragma once
// What a handler sees of one HTTP request. Independent of Boost.Beast so that
// handlers (api, web, archive) and their tests never include the server.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "patchloom/http/headers.hpp"
#include "patchloom/util/result.hpp"

namespace patchloom::http {

// Query parameters in the order they appear; repeated keys are kept as
// separate entries (form-style list parameters rely on that). Keys and values
// are percent-decoded with '+' read as a space, as HTML forms encode them.
class QueryParams {
 public:
  using Param = std::pair<std::string, std::string>;

  void add(std::string key, std::string value) { params_.emplace_back(std::move(key), std::move(value)); }
  // The first value of `key` (case-sensitive), or nullopt when absent.
  std::optional<std::string_view> get(std::string_view key) const;
  // Every value of `key`, in order.
  std::vector<std::string_view> get_all(std::string_view key) const;
  bool contains(std::string_view key) const { return get(key).has_value(); }

  std::vector<Param>::const_iterator begin() const { return params_.begin(); }
  std::vector<Param>::const_iterator end() const { return params_.end(); }
  std::size_t size() const { return params_.size(); }
  bool empty() const { return params_.empty(); }

 private:
  std::vector<Param> params_;
};

// The connection a request arrived on.
struct ConnectionInfo {
  std::string peer_address;  // e.g. "127.0.0.1" or "::1"
  std::uint16_t peer_port = 0;
  std::string local_address;  // the address the server accepted on
  std::uint16_t local_port = 0;
  bool tls = false;
};

struct Request {
  std::string method;      // as sent, e.g. "GET"
  std::string target;      // the raw request-target, e.g. "/api/patches/?q=a%20b"
  std::string raw_path;    // path part of target, still percent-encoded
  std::string path;        // raw_path percent-decoded once ('+' stays '+')
  std::string raw_query;   // after '?', still encoded; empty when there is none
  QueryParams query;       // raw_query decoded
  Headers headers;
  std::string body;
  int version = 11;        // 10 for HTTP/1.0, 11 for HTTP/1.1
  ConnectionInfo connection;

  // The first value of header `name`, or "" when absent.
  std::string_view header(std::string_view name) const { return headers.get(name).value_or(""); }
};

// Fills target, raw_path, path, raw_query and query from a request-target in
// origin form ("/p?q") or absolute form ("http://h/p?q"). Fails on anything
// else or on malformed percent-encoding; the server answers such requests 400.
Result<void> set_target(Request& request, std::string_view target);

}  // namespace patchloom::http
