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
#include "patchloom/api/app.hpp"
#include "patchloom/api/auth.hpp"
#include "patchloom/store/database.hpp"
#include "patchloom/store/migrations.hpp"
#include "pg_cluster.hpp"
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

// What the recorded corpus has none of (checks, bundles, users), built with
// SQL and served in-process, against every version's schema; on SQLite and,
// when a cluster can be started, PostgreSQL.
class OpenApiOwnData : public ::testing::TestWithParam<std::string> {};

TEST_P(OpenApiOwnData, ChecksBundlesUsersMatchTheSchemas) {
  PATCHLOOM_REQUIRE_SHARED();
  const auto dir = patchloom::testing::make_temp_dir("api-openapi");
  std::string url = (dir / "db.sqlite").string();
  if (GetParam() == "postgresql") {
    std::string why;
    auto* cluster = patchloom::testing::shared_pg_cluster(&why);
    if (cluster == nullptr) GTEST_SKIP() << "no PostgreSQL: " << why;
    url = cluster->create_schema();
  }
  std::string token;
  {
    auto db = patchloom::store::Database::open(url);
    patchloom::store::migrate(db);
    // Unset URLs are "" as upstream's (no URI, against the schema): set them.
    db.exec("INSERT INTO project (linkname, name, listid, listemail, web_url, scm_url, webscm_url, list_archive_url, "
            "list_archive_url_format, commit_url_format) VALUES ('widgets', 'Widgets', 'widgets.example.org', "
            "'widgets@example.org', 'https://widgets.example.org/', 'git://git.example.org/widgets.git', "
            "'https://git.example.org/widgets', 'https://lore.example.org/widgets/', 'https://lore.example.org/r/{}/', "
            "'https://git.example.org/widgets/commit/{}')");
    db.exec("INSERT INTO person (email, email_lower, name) VALUES ('Bob@example.org', 'bob@example.org', 'Bob')");
    db.exec("INSERT INTO patch (msgid, project_id, date, headers, content, name, submitter_id, diff, state_id, hash) "
            "VALUES ('<w.1@example.org>', 1, 1710000000000000, 'Subject: [PATCH] widgets: frob', 'Frob.', "
            "'widgets: frob', 1, 'diff --git a/w b/w', 1, '0123456789abcdef0123456789abcdef01234567')");
    ASSERT_TRUE(patchloom::api::create_user(db, "maint", "maint@example.org", "pw"));
    token = *patchloom::api::create_token(db, "maint");
    db.exec("INSERT INTO check_result (patch_id, user_id, date, state, target_url, description, context) VALUES "
            "(1, 1, 1710000001000000, 3, 'https://ci.example.org/1', 'build failed', 'ci-build')");
    db.exec("INSERT INTO bundle (owner_id, project_id, name, public) VALUES (1, 1, 'frobs', 1)");
    db.exec("INSERT INTO bundle_patch (bundle_id, patch_id, \"order\") VALUES (1, 1, 1)");
  }
  auto handler = patchloom::api::make_api_handler(patchloom::api::ApiOptions{url, {}, 4});
  int validated = 0;
  for (const std::string version : {"1.0", "1.1", "1.2", "1.3", "1.4"}) {
    const auto spec = OpenApiSpec::load(*patchloom::testing::shared_dir() / "spec" / "schemas" / ("v" + version + ".yaml"));
    for (const std::string path : {"patches/1/checks/", "patches/1/checks/1/", "bundles/", "bundles/1/", "users/",
                                   "users/1/", "patches/1/", "projects/1/", "events/"}) {
      const std::string target = "/api/" + version + "/" + path;
      patchloom::http::Request request;
      request.method = "GET";
      ASSERT_TRUE(patchloom::http::set_target(request, target).ok());
      request.headers.add("Host", "pw.example.org");
      request.headers.add("Authorization", "Token " + token);
      const auto response = handler(request);
      const auto* schema = spec.response_schema("GET", target, response.status);
      if (response.status == 404 || schema == nullptr) continue;  // not in this version
      ASSERT_EQ(response.status, 200) << target << ": " << response.body;
      ++validated;
      for (const auto& e : spec.validate(json::parse(response.body), *schema)) ADD_FAILURE() << target << ": " << e;
    }
  }
  std::cout << "[openapi " << GetParam() << "] " << validated << " answers on checks, bundles and users checked\n";
  EXPECT_GE(validated, 30);
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Engines, OpenApiOwnData, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& engine) { return engine.param; });
