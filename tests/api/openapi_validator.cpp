#include "openapi_validator.hpp"

#include <yaml.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace json = boost::json;

namespace patchloom::testing {

namespace {

// libyaml's event parser, one event at a time, with RAII for both.
class YamlEvents {
 public:
  explicit YamlEvents(std::string_view text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  YamlEvents(const YamlEvents&) = delete;
  YamlEvents& operator=(const YamlEvents&) = delete;
  ~YamlEvents() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  const yaml_event_t& next() {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = yaml_parser_parse(&parser_, &event_) != 0;
    if (!has_event_)
      throw std::runtime_error("YAML: " + std::string(parser_.problem ? parser_.problem : "parse error") + " at line " +
                               std::to_string(parser_.problem_mark.line + 1));
    return event_;
  }

 private:
  yaml_parser_t parser_{};
  yaml_event_t event_{};
  bool has_event_ = false;
};

json::value plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null") return nullptr;
  if (s == "true") return true;
  if (s == "false") return false;
  std::size_t i = (s[0] == '-') ? 1 : 0;
  if (i < s.size() && s.find_first_not_of("0123456789", i) == std::string::npos && s.size() < 19)
    return std::strtoll(s.c_str(), nullptr, 10);
  return json::string(s);
}

json::value read_node(YamlEvents& events, const yaml_event_t& first) {
  switch (first.type) {
    case YAML_SCALAR_EVENT: {
      std::string s(reinterpret_cast<const char*>(first.data.scalar.value), first.data.scalar.length);
      if (first.data.scalar.style == YAML_PLAIN_SCALAR_STYLE) return plain_scalar(s);
      return json::string(s);
    }
    case YAML_SEQUENCE_START_EVENT: {
      json::array a;
      for (;;) {
        const auto& e = events.next();
        if (e.type == YAML_SEQUENCE_END_EVENT) return a;
        a.push_back(read_node(events, e));
      }
    }
    case YAML_MAPPING_START_EVENT: {
      json::object o;
      for (;;) {
        const auto& k = events.next();
        if (k.type == YAML_MAPPING_END_EVENT) return o;
        if (k.type != YAML_SCALAR_EVENT) throw std::runtime_error("YAML: only scalar mapping keys are supported");
        std::string key(reinterpret_cast<const char*>(k.data.scalar.value), k.data.scalar.length);
        const auto& v = events.next();
        o[key] = read_node(events, v);
      }
    }
    default:
      throw std::runtime_error("YAML: unsupported construct (aliases, tags) of event type " +
                               std::to_string(static_cast<int>(first.type)));
  }
}

std::string kind_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "boolean";
    case json::kind::int64:
    case json::kind::uint64: return "integer";
    case json::kind::double_: return "number";
    case json::kind::string: return "string";
    case json::kind::array: return "array";
    case json::kind::object: return "object";
  }
  return "?";
}

bool has_type(const json::value& v, std::string_view type) {
  if (type == "number") return v.is_number();
  if (type == "integer" && v.is_double()) return v.as_double() == static_cast<double>(static_cast<long long>(v.as_double()));
  return kind_name(v) == type;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

bool digits(std::string_view s, std::size_t from, std::size_t count) {
  if (s.size() < from + count) return false;
  for (std::size_t i = from; i < from + count; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

// Loose on purpose: the shape, not every rule of RFC 3339 / 3986 / 5322.
std::string format_problem(std::string_view format, std::string_view s) {
  if (format == "date-time" || format == "iso8601") {
    const bool ok = digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 2) && s[7] == '-' && digits(s, 8, 2) &&
                    s.size() >= 16 && s[10] == 'T' && digits(s, 11, 2) && s[13] == ':' && digits(s, 14, 2);
    return ok ? "" : "not a date-time";
  }
  if (format == "uri" || format == "url") {
    const auto colon = s.find(':');
    const bool ok = colon != std::string_view::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(s[0]));
    return ok ? "" : "not a URI";
  }
  if (format == "email") return s.find('@') != std::string_view::npos ? "" : "not an email address";
  return "";
}

std::string short_json(const json::value& v) {
  auto s = json::serialize(v);
  return s.size() > 80 ? s.substr(0, 77) + "..." : s;
}

std::string path_of(std::string_view target) {
  std::string path(target.substr(0, target.find('?')));
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

bool template_matches(std::string_view tmpl, std::string_view path) {
  for (;;) {
    const auto ts = tmpl.find('/'), ps = path.find('/');
    const auto t = tmpl.substr(0, ts), p = path.substr(0, ps);
    const bool wildcard = t.size() >= 2 && t.front() == '{' && t.back() == '}';
    if (wildcard ? p.empty() : t != p) return false;
    if (ts == std::string_view::npos || ps == std::string_view::npos) return ts == ps;
    tmpl.remove_prefix(ts + 1);
    path.remove_prefix(ps + 1);
  }
}

}  // namespace

std::string violation_kind(const std::string& error) {
  const auto colon = error.find(':');
  std::string where;
  bool in_index = false;
  for (char c : error.substr(0, colon)) {
    if (c == '[') in_index = true;
    if (!in_index) where += c;
    if (c == ']') in_index = false;
  }
  if (!where.empty() && where[0] == '$') where.erase(0, 1);
  const auto rest = error.substr(colon);
  return where + rest.substr(0, rest.find(" | "));
}

json::value yaml_to_json(std::string_view text) {
  YamlEvents events(text);
  json::value result;
  for (;;) {
    const auto& e = events.next();
    if (e.type == YAML_STREAM_END_EVENT) return result;
    if (e.type == YAML_STREAM_START_EVENT || e.type == YAML_DOCUMENT_START_EVENT || e.type == YAML_DOCUMENT_END_EVENT)
      continue;
    result = read_node(events, e);
  }
}

OpenApiSpec OpenApiSpec::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return OpenApiSpec(yaml_to_json(text.str()));
}

const json::value& OpenApiSpec::resolve(const json::value& schema) const {
  const json::value* s = &schema;
  for (int hops = 0; s->is_object() && s->as_object().contains("$ref"); ++hops) {
    const auto& ref = s->as_object().at("$ref").as_string();
    if (hops > 16 || ref.empty() || ref[0] != '#') throw std::runtime_error("unsupported $ref " + std::string(ref));
    s = &document_.at_pointer(std::string_view(ref).substr(1));
  }
  return *s;
}

const json::value* OpenApiSpec::response_schema(std::string_view method, std::string_view target, int status) const {
  const std::string path = path_of(target);
  std::string verb(method);
  for (auto& c : verb) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [tmpl, item] : document_.at("paths").as_object()) {
    if (!template_matches(path_of(tmpl), path)) continue;
    const auto* operation = item.as_object().if_contains(verb);
    if (operation == nullptr) return nullptr;
    const auto& responses = operation->as_object().at("responses").as_object();
    const auto* answer = responses.if_contains(std::to_string(status));
    if (answer == nullptr) answer = responses.if_contains("default");
    if (answer == nullptr) return nullptr;
    const auto* content = resolve(*answer).as_object().if_contains("content");
    if (content == nullptr) return nullptr;
    const auto* media = content->as_object().if_contains("application/json");
    return media == nullptr ? nullptr : media->as_object().if_contains("schema");
  }
  return nullptr;
}

std::vector<std::string> OpenApiSpec::validate(const json::value& value, const json::value& schema) const {
  std::vector<std::string> errors;
  check(value, schema, "$", errors, 0);
  return errors;
}

void OpenApiSpec::check(const json::value& value, const json::value& raw_schema, const std::string& where,
                        std::vector<std::string>& errors, int depth) const {
  if (depth > 64) {
    errors.push_back(where + ": schema nesting too deep");
    return;
  }
  const auto& resolved = resolve(raw_schema);
  if (!resolved.is_object()) return;  // `true`/`{}`-like schemas accept anything
  const auto& schema = resolved.as_object();

  if (const auto* type = schema.if_contains("type")) {
    const bool nullable = schema.contains("nullable") && schema.at("nullable") == true;
    bool ok = nullable && value.is_null();
    if (type->is_string()) {
      ok = ok || has_type(value, type->as_string());
    } else if (type->is_array()) {
      for (const auto& t : type->as_array()) ok = ok || (t.is_string() && has_type(value, t.as_string())) || (t.is_null() && value.is_null());
    }
    if (!ok) {
      errors.push_back(where + ": want type " + short_json(*type) + ", got " + kind_name(value) + " | " + short_json(value));
      return;
    }
  }
  if (const auto* allowed = schema.if_contains("enum")) {
    bool found = false;
    for (const auto& a : allowed->as_array()) found = found || a == value || (a.is_number() && value.is_number() && a.to_number<double>() == value.to_number<double>());
    if (!found) errors.push_back(where + ": not in enum " + short_json(*allowed) + " | " + short_json(value));
  }
  if (value.is_string()) {
    const auto& s = value.as_string();
    if (const auto* max = schema.if_contains("maxLength"); max != nullptr && max->is_int64() &&
                                                           code_points(s) > static_cast<std::size_t>(max->as_int64()))
      errors.push_back(where + ": longer than maxLength " + std::to_string(max->as_int64()));
    if (const auto* min = schema.if_contains("minLength"); min != nullptr && min->is_int64() &&
                                                           code_points(s) < static_cast<std::size_t>(min->as_int64()))
      errors.push_back(where + ": shorter than minLength " + std::to_string(min->as_int64()));
    if (const auto* pattern = schema.if_contains("pattern"); pattern != nullptr && pattern->is_string() &&
                                                             !std::regex_search(std::string(s), std::regex(std::string(pattern->as_string()))))
      errors.push_back(where + ": does not match " + short_json(*pattern) + " | " + short_json(value));
    if (const auto* format = schema.if_contains("format"); format != nullptr && format->is_string()) {
      const auto problem = format_problem(format->as_string(), s);
      if (!problem.empty()) errors.push_back(where + ": " + problem + " | " + short_json(value));
    }
  }
  if (value.is_array()) {
    if (const auto* items = schema.if_contains("items")) {
      const auto& a = value.as_array();
      for (std::size_t i = 0; i < a.size(); ++i) check(a[i], *items, where + "[" + std::to_string(i) + "]", errors, depth + 1);
    }
  }
  if (value.is_object()) check_object(value.as_object(), schema, where, errors, depth);
  check_combinators(value, schema, where, errors, depth);
}

void OpenApiSpec::check_object(const json::object& value, const json::object& schema, const std::string& where,
                               std::vector<std::string>& errors, int depth) const {
  if (const auto* required = schema.if_contains("required"))
    for (const auto& name : required->as_array())
      if (!value.contains(name.as_string())) errors.push_back(where + ": missing required property '" + std::string(name.as_string()) + "'");
  const auto* properties = schema.if_contains("properties");
  const auto* additional = schema.if_contains("additionalProperties");
  for (const auto& [key, member] : value) {
    const std::string at = where + "." + std::string(key);
    if (properties != nullptr && properties->as_object().contains(key)) {
      check(member, properties->as_object().at(key), at, errors, depth + 1);
    } else if (additional != nullptr) {
      if (*additional == false)
        errors.push_back(at + ": property not allowed");
      else if (additional->is_object())
        check(member, *additional, at, errors, depth + 1);
    }
  }
}

void OpenApiSpec::check_combinators(const json::value& value, const json::object& schema, const std::string& where,
                                    std::vector<std::string>& errors, int depth) const {
  if (const auto* all = schema.if_contains("allOf"))
    for (const auto& s : all->as_array()) check(value, s, where, errors, depth + 1);
  auto matches = [&](const json::value& s) {
    std::vector<std::string> sub;
    check(value, s, where, sub, depth + 1);
    return sub;
  };
  if (const auto* any = schema.if_contains("anyOf")) {
    std::vector<std::string> first;
    bool ok = false;
    for (const auto& s : any->as_array()) {
      auto sub = matches(s);
      if (sub.empty()) ok = true;
      if (first.empty()) first = std::move(sub);
    }
    if (!ok) errors.push_back(where + ": matches no anyOf branch | first: " + (first.empty() ? "" : first.front()));
  }
  const auto* one = schema.if_contains("oneOf");
  if (one == nullptr) return;
  // With a discriminator the branch is named by a property of the value.
  if (const auto* disc = schema.if_contains("discriminator"); disc != nullptr && value.is_object()) {
    const auto& property = disc->as_object().at("propertyName").as_string();
    const auto* tag = value.as_object().if_contains(property);
    const auto* mapping = disc->as_object().if_contains("mapping");
    if (tag == nullptr || !tag->is_string() || mapping == nullptr || !mapping->as_object().contains(tag->as_string())) {
      errors.push_back(where + ": discriminator '" + std::string(property) + "' names no mapped schema");
      return;
    }
    json::object ref{{"$ref", mapping->as_object().at(tag->as_string())}};
    for (auto& e : matches(ref)) errors.push_back(std::move(e));
    return;
  }
  int matched = 0;
  std::vector<std::string> first;
  for (const auto& s : one->as_array()) {
    auto sub = matches(s);
    if (sub.empty()) ++matched;
    else if (first.empty()) first = std::move(sub);
  }
  if (matched != 1)
    errors.push_back(where + ": matches " + std::to_string(matched) + " oneOf branches, want 1" +
                     (first.empty() ? "" : " | first failure: " + first.front()));
}

}  // namespace patchloom::testing
