#include "body.hpp"

#include <algorithm>

#include "patchloom/util/text.hpp"

namespace patchloom::api {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded as Python's parse_qsl(keep_blank_values):
// '+' is a space, a bad %-escape stays literal.
std::string form_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
               hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view item = body.substr(start, end - start);
    if (!item.empty()) {
      const auto eq = item.find('=');
      out.emplace_back(form_decode(item.substr(0, eq)),
                       eq == std::string_view::npos ? "" : form_decode(item.substr(eq + 1)));
    }
    start = end + 1;
  }
  return out;
}

// The value of parameter `name` in a header value such as
// `multipart/form-data; boundary=x` or `form-data; name="a"`.
std::string header_param(std::string_view header, std::string_view name) {
  std::size_t pos = 0;
  while ((pos = header.find(';', pos)) != std::string_view::npos) {
    ++pos;
    std::string_view rest = util::py_lstrip(header.substr(pos));
    if (rest.size() > name.size() && util::istarts_with_ascii(rest, name) && rest[name.size()] == '=') {
      rest = rest.substr(name.size() + 1);
      if (!rest.empty() && rest.front() == '"') {
        rest = rest.substr(1);
        return std::string(rest.substr(0, rest.find('"')));
      }
      return std::string(util::py_rstrip(rest.substr(0, rest.find(';'))));
    }
  }
  return "";
}

// multipart/form-data: the parts' names and contents (files are read as text).
std::optional<std::vector<std::pair<std::string, std::string>>> parse_multipart(std::string_view body,
                                                                              std::string_view boundary) {
  if (boundary.empty()) return std::nullopt;
  const std::string delimiter = "--" + std::string(boundary);
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return std::nullopt;
  while (true) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return out;
    if (body.substr(pos, 2) == "\r\n") pos += 2;
    const std::size_t headers_end = body.find("\r\n\r\n", pos);
    const std::size_t next = body.find("\r\n" + delimiter, pos);
    if (headers_end == std::string_view::npos || next == std::string_view::npos || headers_end > next)
      return std::nullopt;
    std::string name;
    std::string_view headers = body.substr(pos, headers_end - pos);
    std::size_t line_start = 0;
    while (line_start <= headers.size()) {
      std::size_t line_end = headers.find("\r\n", line_start);
      if (line_end == std::string_view::npos) line_end = headers.size();
      const std::string_view line = headers.substr(line_start, line_end - line_start);
      if (util::istarts_with_ascii(line, "content-disposition:")) name = header_param(line, "name");
      line_start = line_end + 2;
    }
    out.emplace_back(name, std::string(body.substr(headers_end + 4, next - headers_end - 4)));
    pos = next + 2;
  }
}

// 1-based line and column of byte `offset`, as Python's JSONDecodeError.
std::string json_position(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') {
      ++line;
      column_start = i + 1;
    }
  return "line " + std::to_string(line) + " column " + std::to_string(offset - column_start + 1) + " (char " +
         std::to_string(offset) + ")";
}

json::value parse_json(std::string_view text) {
  json::stream_parser parser;
  boost::system::error_code ec;
  std::size_t consumed = parser.write_some(text.data(), text.size(), ec);
  if (!ec && consumed < text.size()) {
    // Trailing non-whitespace after a complete value.
    std::size_t i = consumed;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    if (i < text.size())
      throw ApiBodyError{400, json::object{{"detail", "JSON parse error - Extra data: " + json_position(text, i)}}};
  }
  if (!ec) parser.finish(ec);
  if (ec || !parser.done()) {
    throw ApiBodyError{400, json::object{{"detail", "JSON parse error - Expecting value: " +
                                                        json_position(text, ec ? consumed : text.size())}}};
  }
  return parser.release();
}

}  // namespace

bool Input::has(std::string_view key) const {
  if (!form_) return json_.contains(key);
  for (const auto& [k, v] : pairs_)
    if (k == key) return true;
  return false;
}

json::value Input::scalar(std::string_view key) const {
  if (!form_) {
    auto it = json_.find(key);
    return it == json_.end() ? json::value(nullptr) : it->value();
  }
  json::value out = nullptr;
  for (const auto& [k, v] : pairs_)
    if (k == key) out = json::string(v);
  return out;
}

json::value Input::list(std::string_view key) const {
  if (!form_) return scalar(key);
  json::array out;
  for (const auto& [k, v] : pairs_)
    if (k == key) out.emplace_back(json::string(v));
  return out;
}

ParsedBody parse_body(const http::Request& request) {
  ParsedBody out;
  if (request.body.empty()) {
    out.object = Input::from_json({});
    return out;
  }
  const std::string content_type(request.header("Content-Type"));
  const std::string media = util::ascii_lower(util::py_strip(std::string_view(content_type).substr(0, content_type.find(';'))));
  if (media == "application/json") {
    json::value v = parse_json(request.body);
    if (v.is_object())
      out.object = Input::from_json(std::move(v.as_object()));
    else if (v.is_array())
      out.array = std::move(v.as_array());
    else
      throw ApiBodyError{400, json::object{{"detail", json::array{"Invalid data. Expected a dictionary, but got " +
                                                                  python_type(v) + "."}}}};
    return out;
  }
  if (media == "application/x-www-form-urlencoded") {
    out.object = Input::from_form(parse_form(request.body));
    return out;
  }
  if (media == "multipart/form-data") {
    auto parts = parse_multipart(request.body, header_param(content_type, "boundary"));
    if (!parts)
      throw ApiBodyError{400, json::object{{"detail", "Multipart form parse error - Invalid boundary in multipart: " +
                                                          header_param(content_type, "boundary")}}};
    out.object = Input::from_form(std::move(*parts));
    return out;
  }
  throw ApiError{415, "Unsupported media type \"" + content_type + "\" in request."};
}

Input parse_object_body(const http::Request& request) {
  ParsedBody body = parse_body(request);
  if (body.array)
    throw ApiBodyError{400, json::object{{"detail", json::array{"Invalid data. Expected a dictionary, but got list."}}}};
  return std::move(*body.object);
}

std::string python_type(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "NoneType";
    case json::kind::bool_: return "bool";
    case json::kind::int64:
    case json::kind::uint64: return "int";
    case json::kind::double_: return "float";
    case json::kind::string: return "str";
    case json::kind::array: return "list";
    case json::kind::object: return "dict";
  }
  return "object";
}

namespace {

constexpr std::string_view kTrue[] = {"t", "true", "y", "yes", "on", "1"};
constexpr std::string_view kFalse[] = {"f", "false", "n", "no", "off", "0"};

std::optional<bool> bool_value(const json::value& v) {
  if (v.is_bool()) return v.as_bool();
  if (v.is_int64() && (v.as_int64() == 0 || v.as_int64() == 1)) return v.as_int64() == 1;
  if (v.is_string()) {
    const std::string s = util::ascii_lower(std::string_view(v.as_string()));
    for (auto t : kTrue)
      if (s == t) return true;
    for (auto f : kFalse)
      if (s == f) return false;
  }
  return std::nullopt;
}

// A pk from an int or a string of digits (Django's int() of the value).
std::optional<long long> pk_value(const json::value& v) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64()) return static_cast<long long>(v.as_uint64());
  if (v.is_string()) {
    std::string_view s = util::py_strip(std::string_view(v.as_string()));
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    return std::stoll(std::string(s));
  }
  return std::nullopt;
}

}  // namespace

std::optional<bool> to_bool(const json::value& v, const std::string& field, Errors& errors) {
  if (v.is_null()) {
    errors.add(field, "This field may not be null.");
    return std::nullopt;
  }
  auto b = bool_value(v);
  if (!b) errors.add(field, "Must be a valid boolean.");
  return b;
}

std::optional<std::optional<bool>> to_nullable_bool(const json::value& v, const std::string& field, Errors& errors) {
  std::optional<std::optional<bool>> out;
  if (v.is_null() || (v.is_string() && (v.as_string().empty() || v.as_string() == "null"))) {
    out.emplace(std::nullopt);
    return out;
  }
  const std::optional<bool> b = bool_value(v);
  if (b.has_value())
    out.emplace(b.value());
  else
    errors.add(field, "Must be a valid boolean.");
  return out;
}

std::optional<long long> to_pk(const json::value& v, const std::string& field, Errors& errors) {
  if (v.is_bool() || !(v.is_string() || v.is_int64() || v.is_uint64())) {
    errors.add(field, "Incorrect type. Expected pk value, received " + python_type(v) + ".");
    return std::nullopt;
  }
  auto id = pk_value(v);
  if (!id) errors.add(field, "Incorrect type. Expected pk value, received " + python_type(v) + ".");
  return id;
}

std::optional<std::optional<long long>> to_nullable_pk(const json::value& v, const std::string& field,
                                                       Errors& errors) {
  if (v.is_null() || (v.is_string() && v.as_string().empty())) return std::optional<long long>();
  auto id = to_pk(v, field, errors);
  if (!id) return std::nullopt;
  return std::optional<long long>(*id);
}

std::optional<std::vector<long long>> to_pk_list(const json::value& v, const std::string& field, Errors& errors) {
  if (!v.is_array()) {
    errors.add(field, "Expected a list of items but got type \"" + python_type(v) + "\".");
    return std::nullopt;
  }
  std::vector<long long> out;
  for (const auto& item : v.as_array()) {
    auto id = to_pk(item, field, errors);
    if (!id) return std::nullopt;
    out.push_back(*id);
  }
  return out;
}

std::optional<std::string> to_string(const json::value& v, const std::string& field, Errors& errors) {
  if (v.is_null()) {
    errors.add(field, "This field may not be null.");
    return std::nullopt;
  }
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  if (v.is_double()) return json::serialize(v);
  errors.add(field, "Not a valid string.");
  return std::nullopt;
}

std::optional<std::optional<std::string>> to_nullable_string(const json::value& v, const std::string& field,
                                                             Errors& errors) {
  if (v.is_null()) return std::optional<std::string>();
  auto s = to_string(v, field, errors);
  if (!s) return std::nullopt;
  return std::optional<std::string>(std::move(*s));
}

json::object error_body(const std::vector<store::FieldError>& errors, const std::vector<std::string_view>& order) {
  std::vector<std::string> keys;
  for (auto f : order)
    for (const auto& e : errors)
      if (e.field == f) {
        keys.emplace_back(f);
        break;
      }
  for (const auto& e : errors)
    if (std::find(keys.begin(), keys.end(), e.field) == keys.end()) keys.push_back(e.field);
  json::object out;
  for (const auto& k : keys) {
    json::array messages;
    for (const auto& e : errors)
      if (e.field == k) messages.emplace_back(json::string(e.message));
    out[k] = std::move(messages);
  }
  return out;
}

void raise_outcome(const store::WriteOutcome& outcome, const std::vector<std::string_view>& field_order) {
  using Status = store::WriteOutcome::Status;
  switch (outcome.status) {
    case Status::done: return;
    case Status::not_found: throw ApiError{404, outcome.detail};
    case Status::not_authenticated:
    case Status::forbidden: throw ApiError{403, outcome.detail};
    case Status::conflict: throw ApiError{409, outcome.detail};
    case Status::invalid: throw ApiBodyError{400, error_body(outcome.errors, field_order)};
  }
}

}  // namespace patchloom::api
