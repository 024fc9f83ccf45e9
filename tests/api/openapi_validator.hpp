#pragma once
// Checks JSON bodies against the response schemas of upstream Patchwork's
// OpenAPI documents (../shared/spec/schemas/v1.x.yaml). Covers what those
// files use: type (also as a list, 'null' included), nullable, properties,
// required, items, enum, $ref, allOf/oneOf/anyOf (oneOf with a discriminator
// picks its branch), additionalProperties, minLength/maxLength (code
// points), pattern (ECMAScript, as the files' only pattern reads the same).
// readOnly is ignored; formats (date-time, iso8601, uri, url, email) are
// checked loosely.

#include <boost/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace patchloom::testing {

// A YAML document as JSON: mappings become objects (keys in order),
// sequences arrays; plain scalars that read as integers, booleans or null
// become those, everything else (quoted scalars included) strings. Throws
// std::runtime_error on malformed YAML.
boost::json::value yaml_to_json(std::string_view text);

// What a violation from OpenApiSpec::validate is, without where in a list or
// what value: "$[3].submitter.name: want ... | null" -> ".submitter.name:
// want ..." (a list item and a detail answer give the same kind).
std::string violation_kind(const std::string& error);

class OpenApiSpec {
 public:
  // Throws std::runtime_error when the file cannot be read or parsed.
  static OpenApiSpec load(const std::filesystem::path& file);
  explicit OpenApiSpec(boost::json::value document) : document_(std::move(document)) {}

  // The application/json schema of the `status` answer to `method` on
  // `target` (a request path, query ignored, e.g. "/api/1.4/patches/3/"),
  // or nullptr when the document has no such path, method or answer.
  const boost::json::value* response_schema(std::string_view method, std::string_view target, int status) const;

  // Every way `value` breaks `schema`, each as "<where>: <what>[ | <detail>]"
  // (the detail quotes the value); empty when it conforms.
  std::vector<std::string> validate(const boost::json::value& value, const boost::json::value& schema) const;

  const boost::json::value& document() const { return document_; }

 private:
  const boost::json::value& resolve(const boost::json::value& schema) const;
  void check(const boost::json::value& value, const boost::json::value& schema, const std::string& where,
             std::vector<std::string>& errors, int depth) const;
  void check_combinators(const boost::json::value& value, const boost::json::object& schema, const std::string& where,
                         std::vector<std::string>& errors, int depth) const;
  void check_object(const boost::json::object& value, const boost::json::object& schema, const std::string& where,
                    std::vector<std::string>& errors, int depth) const;

  boost::json::value document_;
};

}  // namespace patchloom::testing
