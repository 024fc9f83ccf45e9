#include "patchloom/http/router.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <stdexcept>

namespace patchloom::http {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// An {int} segment: digits that fit Captures::as_int. A longer number names
// no row anywhere, so it routes nowhere (404) instead of reaching a handler
// whose as_int() would throw (a 500).
bool int_segment(std::string_view s) {
  if (!all_digits(s)) return false;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return ec == std::errc() && end == s.data() + s.size();
}

// Allow lists methods in this order, the order Patchwork's API uses.
int method_rank(std::string_view method) {
  static constexpr std::array<std::string_view, 7> order = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
  auto it = std::find(order.begin(), order.end(), method);
  return static_cast<int>(it - order.begin());
}

std::string join_allow(std::vector<std::string> methods) {
  if (std::find(methods.begin(), methods.end(), "GET") != methods.end()) methods.emplace_back("HEAD");
  std::stable_sort(methods.begin(), methods.end(),
                   [](const std::string& a, const std::string& b) { return method_rank(a) < method_rank(b); });
  methods.erase(std::unique(methods.begin(), methods.end()), methods.end());
  std::string allow;
  for (const auto& m : methods) {
    if (!allow.empty()) allow += ", ";
    allow += m;
  }
  return allow;
}

}  // namespace

std::int64_t Captures::as_int(std::size_t i) const {
  const std::string& s = values_.at(i);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) throw std::out_of_range("capture is not an integer: " + s);
  return value;
}

Router::Router()
    : fallback_([](const Request&) { return Response::text("Not Found\n", 404); }),
      method_not_allowed_([](const Request&, const std::string& allow) {
        Response response = Response::text("Method Not Allowed\n", 405);
        response.headers.set("Allow", allow);
        return response;
      }) {
  add_segment_type("int", int_segment);
  add_segment_type("str", [](std::string_view s) { return !s.empty(); });
}

void Router::add_segment_type(std::string name, SegmentPredicate accepts) {
  types_.emplace_back(std::move(name), std::move(accepts));
}

void Router::add(std::string_view method, std::string_view pattern, RouteHandler handler) {
  if (pattern.empty() || pattern.front() != '/') throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
  Route route{std::string(method), {}, std::move(handler)};
  auto parts = split_path(pattern);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string_view part = parts[i];
    if (part == "{*}") {
      if (i + 1 != parts.size()) throw std::invalid_argument("{*} must end the pattern: " + std::string(pattern));
      route.segments.push_back({Segment::Kind::rest, ""});
    } else if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      std::string name(part.substr(1, part.size() - 2));
      bool known = std::any_of(types_.begin(), types_.end(), [&](const auto& t) { return t.first == name; });
      if (!known) throw std::invalid_argument("unknown segment type {" + name + "} in " + std::string(pattern));
      route.segments.push_back({Segment::Kind::typed, std::move(name)});
    } else {
      route.segments.push_back({Segment::Kind::literal, std::string(part)});
    }
  }
  routes_.push_back(std::move(route));
}

void Router::set_fallback(Fallback fallback) { fallback_ = std::move(fallback); }

void Router::set_method_not_allowed(MethodNotAllowed handler) { method_not_allowed_ = std::move(handler); }

bool Router::matches(const Route& route, const std::vector<std::string_view>& parts, std::vector<std::string>& out) const {
  out.clear();
  const auto& segs = route.segments;
  bool has_rest = !segs.empty() && segs.back().kind == Segment::Kind::rest;
  std::size_t fixed = has_rest ? segs.size() - 1 : segs.size();
  if (has_rest ? parts.size() <= fixed : parts.size() != fixed) return false;
  for (std::size_t i = 0; i < fixed; ++i) {
    const Segment& seg = segs[i];
    if (seg.kind == Segment::Kind::literal) {
      if (parts[i] != seg.text) return false;
      continue;
    }
    auto type = std::find_if(types_.begin(), types_.end(), [&](const auto& t) { return t.first == seg.text; });
    if (parts[i].empty() || !type->second(parts[i])) return false;
    out.emplace_back(parts[i]);
  }
  if (has_rest) {
    std::string rest;
    for (std::size_t i = fixed; i < parts.size(); ++i) {
      if (i > fixed) rest += '/';
      rest += parts[i];
    }
    out.push_back(std::move(rest));
  }
  return true;
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  auto parts = split_path(path);
  std::vector<std::string> captured;
  std::vector<std::string> path_methods;
  Match get_for_head;
  for (const Route& route : routes_) {
    if (!matches(route, parts, captured)) continue;
    if (route.method == method) {
      return Match{Match::Kind::found, &route.handler, Captures(std::move(captured)), ""};
    }
    if (method == "HEAD" && route.method == "GET" && !get_for_head.handler) {
      get_for_head = Match{Match::Kind::found, &route.handler, Captures(captured), ""};
    }
    path_methods.push_back(route.method);
  }
  if (get_for_head.handler) return get_for_head;
  if (path_methods.empty()) return Match{};
  return Match{Match::Kind::method_not_allowed, nullptr, Captures(), join_allow(std::move(path_methods))};
}

Response Router::handle(const Request& request) const {
  Match m = match(request.method, request.path);
  switch (m.kind) {
    case Match::Kind::found: return (*m.handler)(request, m.captures);
    case Match::Kind::method_not_allowed: return method_not_allowed_(request, m.allow);
    case Match::Kind::not_found: break;
  }
  return fallback_(request);
}

}  // namespace patchloom::http
