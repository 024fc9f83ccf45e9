#pragma once
// Maps method + path pattern to a handler. Patterns are '/'-separated
// segments matched against the request's decoded path: a literal segment
// matches itself; "{int}" matches [0-9]+; "{str}" matches any non-empty
// segment; "{name}" matches what the segment type registered as `name`
// accepts; a final "{*}" matches the (possibly empty) rest of the path.
// Every "{…}" segment is captured, in order.
//
//   router.add("GET", "/api/{version}/patches/{int}/", handler);
//
// A path no pattern matches goes to the fallback (404 by default); a path
// that matches only under other methods gets 405 with an Allow header. HEAD is
// served by GET routes unless a HEAD route is registered. Routes are tried in
// registration order; the first match wins.
//
// Thread safety: configure (add, set_*) before serving; handle() and match()
// are then safe to call concurrently.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "patchloom/http/request.hpp"
#include "patchloom/http/response.hpp"

namespace patchloom::http {

class Captures {
 public:
  Captures() = default;
  explicit Captures(std::vector<std::string> values) : values_(std::move(values)) {}
  const std::string& operator[](std::size_t i) const { return values_.at(i); }
  // The capture as an integer; throws std::out_of_range when it does not fit.
  std::int64_t as_int(std::size_t i) const;
  std::size_t size() const { return values_.size(); }

 private:
  std::vector<std::string> values_;
};

using RouteHandler = std::function<Response(const Request&, const Captures&)>;

class Router {
 public:
  using SegmentPredicate = std::function<bool(std::string_view)>;
  using Fallback = std::function<Response(const Request&)>;
  using MethodNotAllowed = std::function<Response(const Request&, const std::string& allow)>;

  Router();

  // Registers a named segment type usable as "{name}" in later patterns.
  void add_segment_type(std::string name, SegmentPredicate accepts);
  // Throws std::invalid_argument for a pattern that does not start with '/',
  // names an unknown segment type, or has "{*}" before its end.
  void add(std::string_view method, std::string_view pattern, RouteHandler handler);

  void set_fallback(Fallback fallback);
  // `allow` is the ready header value, e.g. "GET, HEAD, OPTIONS".
  void set_method_not_allowed(MethodNotAllowed handler);

  struct Match {
    enum class Kind { found, method_not_allowed, not_found };
    Kind kind = Kind::not_found;
    const RouteHandler* handler = nullptr;  // set when found
    Captures captures;
    std::string allow;  // set when method_not_allowed
  };
  Match match(std::string_view method, std::string_view path) const;

  // Dispatches `request` by its method and decoded path.
  Response handle(const Request& request) const;

 private:
  struct Segment {
    enum class Kind { literal, typed, rest };
    Kind kind;
    std::string text;  // literal text or segment type name
  };
  struct Route {
    std::string method;
    std::vector<Segment> segments;
    RouteHandler handler;
  };

  bool matches(const Route& route, const std::vector<std::string_view>& parts, std::vector<std::string>& out) const;

  std::vector<std::pair<std::string, SegmentPredicate>> types_;
  std::vector<Route> routes_;
  Fallback fallback_;
  MethodNotAllowed method_not_allowed_;
};

}  // namespace patchloom::http
