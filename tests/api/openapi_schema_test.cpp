// The OpenAPI response checker (openapi_validator.hpp) on small documents of
// its own, then on upstream's schemas (../shared/spec/schemas) and upstream's
// recorded answers (../shared/conformance): every recorded JSON answer must
// have a schema, and upstream's own deviations from its schemas are listed.
// patchloom's answers are checked against the same schemas by the
// conformance test, which serves them.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>
#include <iostream>
#include <map>

#include "openapi_validator.hpp"
#include "shared_data.hpp"

namespace json = boost::json;
using patchloom::testing::OpenApiSpec;
using patchloom::testing::violation_kind;
using patchloom::testing::yaml_to_json;

namespace {

constexpr const char* kSmallSpec = R"(
openapi: '3.1.0'
paths:
  /api/1.4/things/{id}:
    get:
      responses:
        '200':
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
        '404':
          $ref: '#/components/responses/NotFound'
components:
  responses:
    NotFound:
      content:
        application/json:
          schema:
            type: object
            properties:
              detail:
                type: string
  schemas:
    Thing:
      type: object
      required: [id, kind]
      properties:
        id:
          type: integer
        name:
          type:
            - string
            - 'null'
          maxLength: 3
        slug:
          type: string
          minLength: 1
          pattern: ^[-a-z]+$
        kind:
          type: string
          enum: [a, b]
        url:
          type: string
          format: uri
        date:
          type: string
          format: iso8601
        count:
          oneOf:
            - type: integer
            - type: 'null'
        tags:
          type: array
          items:
            type: string
        event:
          oneOf:
            - $ref: '#/components/schemas/Red'
            - $ref: '#/components/schemas/Blue'
          discriminator:
            propertyName: category
            mapping:
              red: '#/components/schemas/Red'
              blue: '#/components/schemas/Blue'
    Red:
      type: object
      properties:
        category: {type: string}
        size: {type: integer}
    Blue:
      type: object
      properties:
        category: {type: string}
        size: {type: string}
)";

std::vector<std::string> check(const OpenApiSpec& spec, const std::string& body) {
  const auto* schema = spec.response_schema("GET", "/api/1.4/things/7/?x=1", 200);
  EXPECT_NE(schema, nullptr);
  return schema ? spec.validate(json::parse(body), *schema) : std::vector<std::string>{"no schema"};
}

}  // namespace

TEST(OpenApiYaml, ScalarsMappingsSequences) {
  auto v = yaml_to_json("a: 1\nb: '1'\nc: true\nd: ~\ne: [x, 'null']\nf: |\n  text\n");
  EXPECT_EQ(v, json::parse(R"({"a":1,"b":"1","c":true,"d":null,"e":["x","null"],"f":"text\n"})"));
  EXPECT_THROW(yaml_to_json("a: [1\n"), std::runtime_error);
}

TEST(OpenApiValidator, ViolationKindDropsIndicesAndValues) {
  EXPECT_EQ(violation_kind("$[3].tags[0]: want type \"string\", got integer | 1"), ".tags: want type \"string\", got integer");
  EXPECT_EQ(violation_kind("$.tags: matches no anyOf branch"), ".tags: matches no anyOf branch");
}

TEST(OpenApiValidator, FindsResponseSchemas) {
  OpenApiSpec spec(yaml_to_json(kSmallSpec));
  EXPECT_NE(spec.response_schema("GET", "/api/1.4/things/1", 200), nullptr);
  EXPECT_NE(spec.response_schema("get", "/api/1.4/things/1/", 404), nullptr);
  EXPECT_EQ(spec.response_schema("GET", "/api/1.4/things/", 200), nullptr);
  EXPECT_EQ(spec.response_schema("GET", "/api/1.4/things/1/x/", 200), nullptr);
  EXPECT_EQ(spec.response_schema("POST", "/api/1.4/things/1/", 200), nullptr);
  EXPECT_EQ(spec.response_schema("GET", "/api/1.4/things/1/", 500), nullptr);
}

TEST(OpenApiValidator, AcceptsConformingAndReportsEachKindOfViolation) {
  OpenApiSpec spec(yaml_to_json(kSmallSpec));
  EXPECT_TRUE(check(spec, R"({"id":1,"kind":"a","name":null,"count":null,"tags":["x"],"other":{},
                              "url":"http://x/","date":"2024-01-01T10:00:00.123",
                              "event":{"category":"blue","size":"big"}})")
                  .empty());
  EXPECT_EQ(check(spec, R"({"id":1})").size(), 1u);                                 // required
  EXPECT_EQ(check(spec, R"({"id":"1","kind":"a"})").size(), 1u);                     // type
  EXPECT_EQ(check(spec, R"({"id":1,"kind":"c"})").size(), 1u);                       // enum
  EXPECT_EQ(check(spec, R"({"id":1,"kind":"a","name":"abcd"})").size(), 1u);         // maxLength
  EXPECT_EQ(check(spec, R"({"id":1,"kind":"a","name":"\u00e9\u00e9\u00e9"})").size(), 0u);  // code points
  EXPECT_EQ(check(spec, R"({"id":1,"kind":"a","slug":"a-b"})").size(), 0u);
  EXPECT_EQ(check(spec, R"({"id":1,"kind":"a","slug":"a b"})").size(), 1u);         // pattern
  EXPECT_EQ(check(spec, R"({"id":1,"kind":"a","slug":""})").size(), 2u);            // minLength, pattern
  EXPECT_EQ(check(spec, R"({"id":1,"kind":"a","count":"3"})").size(), 1u);          // oneOf
  EXPECT_EQ(check(spec, R"({"id":1,"kind":"a","tags":[1]})").size(), 1u);            // items
  EXPECT_EQ(check(spec, R"({"id":1,"kind":"a","url":"not a url"})").size(), 1u);     // format uri
  EXPECT_EQ(check(spec, R"({"id":1,"kind":"a","date":"yesterday"})").size(), 1u);    // format date
  EXPECT_EQ(check(spec, R"({"id":1,"kind":"a","event":{"category":"red","size":"big"}})").size(), 1u);
  EXPECT_EQ(check(spec, R"({"id":1,"kind":"a","event":{"category":"green"}})").size(), 1u);
  EXPECT_EQ(check(spec, R"([])").size(), 1u);
}

// Upstream's recorded answers against upstream's schemas: every JSON answer
// has a schema, and the deviations are printed (they are upstream's, so
// patchloom reproduces them; the conformance test fails only on deviations
// upstream does not have).
TEST(OpenApiUpstream, EveryRecordedAnswerHasASchema) {
  PATCHLOOM_REQUIRE_SHARED();
  const auto shared = *patchloom::testing::shared_dir();
  for (const std::string version : {"v1.0", "v1.1", "v1.2", "v1.3", "v1.4"}) {
    const auto spec = OpenApiSpec::load(shared / "spec" / "schemas" / (version + ".yaml"));
    EXPECT_GE(spec.document().at("paths").as_object().size(), 10u) << version;
    const auto dir = shared / "conformance" / "linuxppc-dev-sample" / version;
    if (!std::filesystem::exists(dir)) continue;
    int answers = 0, without_schema = 0, violating = 0;
    std::map<std::string, int> violations;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      std::ifstream in(entry.path());
      std::string line;
      while (std::getline(in, line)) {
        const auto golden = json::parse(line).as_object();
        if (!golden.at("body").is_object() && !golden.at("body").is_array()) continue;  // HTML 404
        ++answers;
        const auto url = std::string(golden.at("url").as_string());
        const auto* schema = spec.response_schema("GET", url, static_cast<int>(golden.at("status").to_number<int>()));
        if (schema == nullptr) {
          // The schemas describe no 403/404 bodies: only successes must be covered.
          EXPECT_NE(golden.at("status").to_number<int>(), 200) << version << " " << url << ": no schema";
          ++without_schema;
          continue;
        }
        const auto errors = spec.validate(golden.at("body"), *schema);
        if (!errors.empty()) ++violating;
        for (const auto& e : errors) ++violations[entry.path().filename().string() + " " + violation_kind(e)];
      }
    }
    std::cout << "[openapi upstream " << version << "] " << answers << " JSON answers, " << without_schema
              << " without a schema, " << violating << " violate it\n";
    int shown = 0;
    for (const auto& [what, count] : violations)
      if (shown++ < 20) std::cout << "    " << count << "x " << what << "\n";
  }
}
