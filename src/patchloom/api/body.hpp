#pragma once
// Internal to the api module: request bodies of writes (spec/api.md §1.10)
// and DRF's conversions of their values, with its error messages.

#include <optional>
#include <string>
#include <vector>

#include "context.hpp"
#include "patchloom/store/patch_updates.hpp"

namespace patchloom::api {

// The fields of a JSON object body, or of a form-encoded or multipart body
// (where every value is a string and a key may repeat).
class Input {
 public:
  static Input from_json(json::object object) {
    Input in;
    in.json_ = std::move(object);
    return in;
  }
  static Input from_form(std::vector<std::pair<std::string, std::string>> pairs) {
    Input in;
    in.form_ = true;
    in.pairs_ = std::move(pairs);
    return in;
  }

  bool is_form() const { return form_; }
  bool has(std::string_view key) const;
  // A scalar field: the JSON member, or the last form value (as DRF's QueryDict).
  json::value scalar(std::string_view key) const;
  // A list field: the JSON member as is (may not be an array), or every form value.
  json::value list(std::string_view key) const;

 private:
  bool form_ = false;
  json::object json_;
  std::vector<std::pair<std::string, std::string>> pairs_;
};

// Parses the body by Content-Type. An empty body is an empty input. Throws
// ApiError 415 (unsupported type) or ApiBodyError 400 (malformed JSON, or
// JSON that is not an object when `object_only`).
struct ParsedBody {
  std::optional<Input> object;       // a JSON object or a form
  std::optional<json::array> array;  // a JSON array (bulk writes)
};
ParsedBody parse_body(const http::Request& request);
// The body as one object's fields; a JSON array is DRF's "Invalid data" 400.
Input parse_object_body(const http::Request& request);

// Field errors collected while converting input values.
struct Errors {
  std::vector<store::FieldError> list;
  void add(std::string field, std::string message) { list.push_back({std::move(field), std::move(message)}); }
  bool empty() const { return list.empty(); }
};

// Python's type name of a JSON value ("int", "str", "bool", "list", "dict", "float", "NoneType").
std::string python_type(const json::value& v);

// DRF field conversions: nullopt (and an error under `field`) when invalid.
// Nullable ones return an optional<optional<>>: the inner nullopt is null.
std::optional<bool> to_bool(const json::value& v, const std::string& field, Errors& errors);
std::optional<std::optional<bool>> to_nullable_bool(const json::value& v, const std::string& field, Errors& errors);
std::optional<std::optional<long long>> to_nullable_pk(const json::value& v, const std::string& field, Errors& errors);
std::optional<long long> to_pk(const json::value& v, const std::string& field, Errors& errors);
std::optional<std::vector<long long>> to_pk_list(const json::value& v, const std::string& field, Errors& errors);
std::optional<std::string> to_string(const json::value& v, const std::string& field, Errors& errors);
std::optional<std::optional<std::string>> to_nullable_string(const json::value& v, const std::string& field,
                                                             Errors& errors);

// The 400 body: {"field": ["message", ...], ...} with fields in `order`
// (others after them, in order of appearance).
json::object error_body(const std::vector<store::FieldError>& errors, const std::vector<std::string_view>& order);

// Throws the ApiError / ApiBodyError that answers a refused or invalid
// store write; returns when it succeeded.
void raise_outcome(const store::WriteOutcome& outcome, const std::vector<std::string_view>& field_order);

}  // namespace patchloom::api
