// The API handler in-process on a small SQLite database built with SQL:
// routing, version gating, errors, authentication.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>

#include "patchloom/api/app.hpp"
#include "patchloom/api/auth.hpp"
#include "patchloom/store/database.hpp"
#include "patchloom/store/migrations.hpp"
#include "pg_cluster.hpp"
#include "shared_data.hpp"

namespace json = boost::json;
using namespace patchloom;

namespace {

// Runs on SQLite and, when a PostgreSQL cluster can be started, PostgreSQL.
class ApiApp : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = patchloom::testing::make_temp_dir("api-app");
    url_ = (dir_ / "db.sqlite").string();
    if (GetParam() == "postgresql") {
      std::string why;
      auto* cluster = patchloom::testing::shared_pg_cluster(&why);
      if (cluster == nullptr) GTEST_SKIP() << "no PostgreSQL: " << why;
      url_ = cluster->create_schema();
    }
    auto db = store::Database::open(url_);
    store::migrate(db);
    db.exec(
        "INSERT INTO project (linkname, name, listid, listemail, list_archive_url_format) VALUES "
        "('test', 'Test Project', 'test.lists.example.com', 'test@lists.example.com', 'https://lore.example.com/r/{}')");
    db.exec("INSERT INTO person (email, email_lower, name) VALUES ('alice@example.com', 'alice@example.com', 'Alice')");
    db.exec(
        "INSERT INTO series (project_id, name, date, submitter_id, version, total) VALUES "
        "(1, 'Frobnicate', 1704099600000000, 1, 2, 2)");
    db.exec(
        "INSERT INTO patch (msgid, project_id, date, headers, content, name, submitter_id, diff, state_id, hash, "
        "series_id, number) VALUES ('<patch.1/slash@example.com>', 1, 1704099601000000, "
        "'Subject: x\nReceived: a\nReceived: b', 'Use it.\u2028', '[v2,1/2] widgets: add', 1, 'diff', 1, "
        "'41dd9d70eff16800cd41c27affddfb4836a060a6', 1, 1)");
    db.exec(
        "INSERT INTO patch_comment (msgid, patch_id, date, headers, content, submitter_id) VALUES "
        "('<c1@example.com>', 1, 1704099602000000, 'Subject: Re: x', 'ok', 1)");
    ASSERT_TRUE(api::create_user(db, "golden", "golden@peer.invalid", "secret"));
    token_ = *api::create_token(db, "golden");
    handler_ = api::make_api_handler(api::ApiOptions{url_, {}, 4});
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  http::Response get(const std::string& target, const std::string& authorization = "",
                     const std::string& method = "GET", const std::string& accept = "") {
    http::Request request;
    request.method = method;
    EXPECT_TRUE(http::set_target(request, target).ok());
    request.headers.add("Host", "pw.example.com");
    if (!authorization.empty()) request.headers.add("Authorization", authorization);
    if (!accept.empty()) request.headers.add("Accept", accept);
    return handler_(request);
  }
  json::value body(const http::Response& r) { return json::parse(r.body); }

  std::filesystem::path dir_;
  std::string url_;
  std::string token_;
  http::Handler handler_;
};

}  // namespace

TEST_P(ApiApp, PatchListItemLatest) {
  auto r = get("/api/patches/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.get("Content-Type"), "application/json");
  EXPECT_EQ(r.headers.get("Allow"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(r.headers.get("Vary"), "Accept, Cookie");
  EXPECT_EQ(r.headers.get("X-Frame-Options"), "DENY");
  auto item = body(r).as_array().at(0).as_object();
  EXPECT_EQ(item.at("web_url"), "http://pw.example.com/project/test/patch/patch.1%252Fslash@example.com/");
  EXPECT_EQ(item.at("list_archive_url"), "https://lore.example.com/r/patch.1/slash@example.com");
  EXPECT_EQ(item.at("date"), "2024-01-01T09:00:01");
  EXPECT_EQ(item.at("state"), "new");
  EXPECT_EQ(item.at("check"), "pending");
  EXPECT_EQ(item.at("checks"), "http://pw.example.com/api/patches/1/checks/");
  EXPECT_EQ(item.at("series").as_array().at(0).at("web_url"), "http://pw.example.com/project/test/list/?series=1");
  EXPECT_FALSE(item.contains("headers"));  // list omits the detail fields
  std::vector<std::string> keys;
  for (const auto& kv : item) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "url", "web_url", "project", "msgid", "list_archive_url", "date",
                                            "name", "commit_ref", "pull_url", "state", "archived", "hash", "submitter",
                                            "delegate", "mbox", "series", "comments", "check", "checks", "tags",
                                            "related"}));
  EXPECT_EQ(r.headers.get("Link"),
            "<http://pw.example.com/api/patches/?page=1>; rel=\"first\", "
            "<http://pw.example.com/api/patches/?page=1>; rel=\"last\"");
  // DRF escapes U+2028 although the rest of the UTF-8 is raw.
  EXPECT_EQ(get("/api/patches/1/").body.find("\xe2\x80\xa8"), std::string::npos);
  EXPECT_NE(get("/api/patches/1/").body.find("Use it.\\u2028"), std::string::npos);
}

TEST_P(ApiApp, VersionGating) {
  auto item = body(get("/api/1.0/patches/1/")).as_object();
  for (auto gone : {"web_url", "list_archive_url", "comments", "related"}) EXPECT_FALSE(item.contains(gone)) << gone;
  EXPECT_EQ(item.at("url"), "http://pw.example.com/api/1.0/patches/1/");
  EXPECT_EQ(item.at("checks"), "http://pw.example.com/api/patches/1/checks/");  // never versioned
  EXPECT_FALSE(item.at("project").as_object().contains("list_archive_url"));
  EXPECT_FALSE(item.at("series").as_array().at(0).as_object().contains("web_url"));
  EXPECT_EQ(item.at("headers").at("Received"), (json::array{"a", "b"}));
  EXPECT_EQ(item.at("prefixes"), (json::array{"v2", "1/2"}));

  auto v11 = body(get("/api/1.1/patches/1/")).as_object();
  EXPECT_TRUE(v11.contains("web_url"));
  EXPECT_FALSE(v11.contains("list_archive_url"));

  // Comment lists from 1.1, comment detail from 1.3; elsewhere an HTML 404.
  EXPECT_EQ(get("/api/1.0/patches/1/comments/").status, 404);
  EXPECT_EQ(get("/api/1.0/patches/1/comments/").headers.get("Content-Type"), "text/html; charset=utf-8");
  auto comments = body(get("/api/1.1/patches/1/comments/")).as_array();
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_FALSE(comments[0].as_object().contains("url"));
  EXPECT_EQ(comments[0].at("subject"), "Re: x");
  EXPECT_EQ(get("/api/1.2/patches/1/comments/1/").status, 404);
  auto comment = body(get("/api/1.3/patches/1/comments/1/")).as_object();
  EXPECT_EQ(comment.at("url"), "http://pw.example.com/api/1.3/patches/1/comments/1/");
  EXPECT_TRUE(comment.at("addressed").is_null());
}

TEST_P(ApiApp, RoutingAndErrors) {
  auto redirect = get("/api/1.2/patches?project=test&page=1");
  EXPECT_EQ(redirect.status, 301);
  EXPECT_EQ(redirect.headers.get("Location"), "/api/1.2/patches/?project=test&page=1");
  EXPECT_EQ(get("/api").headers.get("Location"), "/api/");
  for (auto unrouted : {"/api/1.5/", "/api/patches/abc/", "/api/patches.json", "/api/1x0/"})
    EXPECT_EQ(get(unrouted).status, 404) << unrouted;

  auto missing = get("/api/patches/999/");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, R"({"detail":"No Patch matches the given query."})");
  EXPECT_EQ(get("/api/series/9/").body, R"({"detail":"No Series matches the given query."})");
  EXPECT_EQ(get("/api/patches/?page=2").body, R"({"detail":"Invalid page."})");
  EXPECT_EQ(get("/api/patches/?format=xml").body, R"({"detail":"Not found."})");
  EXPECT_EQ(get("/api/patches/", "", "POST").body, R"({"detail":"Method \"POST\" not allowed."})");
  EXPECT_EQ(get("/api/patches/?project=nope").body, "[]");
  EXPECT_EQ(body(get("/api/patches/?project=")).as_array().size(), 1u);  // empty value: no filter (deviation)
  EXPECT_EQ(body(get("/api/patches/?project=TEST&state=New&q=WIDGETS")).as_array().size(), 1u);
  EXPECT_NE(get("/api/patches/?format=json").body.find("/api/patches/1/?format=json"), std::string::npos);
  // HEAD runs GET; the server sends its headers (Content-Length included) without the body.
  EXPECT_EQ(get("/api/patches/", "", "HEAD").body, get("/api/patches/").body);
  EXPECT_EQ(get("/api/patches/", "", "GET", "application/xml").body,
            R"({"detail":"Could not satisfy the request Accept header."})");
  const auto indented = get("/api/1.1/", "", "GET", "application/json; indent=2").body;
  EXPECT_EQ(indented.substr(0, 59), "{\n  \"projects\": \"http://pw.example.com/api/1.1/projects/\",\n");
  EXPECT_EQ(get("/api/", "", "GET", "text/html,*/*;q=0.8").headers.get("Content-Type"), "text/html; charset=utf-8");
}

// docs/compatibility.md A3-A5: requests on which upstream answers 500 or
// ignores the filter get the intended answer here.
TEST_P(ApiApp, UpstreamCrashesAnsweredAsIntended) {
  auto db = store::Database::open(url_);
  db.exec("INSERT INTO project (linkname, name, listid, listemail) VALUES "
          "('other', 'Another', 'other.lists.example.com', 'other@lists.example.com')");
  db.exec("INSERT INTO check_result (patch_id, user_id, date, state, context) VALUES (1, 1, 1704099603000000, 1, 'ci')");
  auto names = [&](const std::string& target) {
    auto r = get(target, "Token " + token_);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    std::vector<std::string> out;
    if (r.status != 200) return out;
    const json::value parsed = body(r);
    for (const auto& item : parsed.as_array()) {
      const auto& o = item.as_object();
      out.emplace_back(o.contains("link_name") ? o.at("link_name").as_string() : o.at("context").as_string());
    }
    return out;
  };
  using V = std::vector<std::string>;
  // A3: q and the link_name/list_id orders on projects.
  EXPECT_EQ(names("/api/projects/?q=othe"), V{"other"});  // linkname, list id, addresses, URLs
  EXPECT_EQ(names("/api/projects/?order=link_name"), (V{"other", "test"}));
  EXPECT_EQ(names("/api/projects/?order=-list_id"), (V{"test", "other"}));
  EXPECT_EQ(get("/api/series/?order=received_all").status, 200);
  // A4: cover ?series= filters by series id.
  EXPECT_EQ(get("/api/covers/?series=1").status, 200);
  EXPECT_EQ(get("/api/covers/?series=1").body, "[]");
  // A5: check states by label as well as by number.
  EXPECT_EQ(names("/api/patches/1/checks/?state=success"), V{"ci"});
  EXPECT_EQ(names("/api/patches/1/checks/?state=1"), V{"ci"});
  EXPECT_EQ(names("/api/patches/1/checks/?state=fail"), V{});
}

// ?format=api: DRF-style page with the view name, the request line, the
// status and headers, and the indented JSON with its URLs as links.
// docs/compatibility.md A7: upstream removes the dependency keys from a
// serializer shared by the whole page, so once an item's project hides them
// every later item lacks them too; here each item follows its own project.
TEST_P(ApiApp, SeriesDependenciesAreDecidedPerItem) {
  {
    auto db = store::Database::open(url_);
    db.exec(
        "INSERT INTO project (linkname, name, listid, listemail, show_dependencies) VALUES "
        "('deps', 'Deps', 'deps.lists.example.com', 'deps@lists.example.com', 1)");
    db.exec(
        "INSERT INTO series (project_id, name, date, submitter_id, version, total) VALUES "
        "(2, 'Base', 1704099700000000, 1, 1, 1), (2, 'On top', 1704099800000000, 1, 1, 1)");
    db.exec("INSERT INTO series_dependency (from_series_id, to_series_id) VALUES (3, 2)");
  }
  handler_ = api::make_api_handler(api::ApiOptions{url_, {}, 4});
  const json::array items = body(get("/api/1.4/series/")).as_array();
  ASSERT_EQ(items.size(), 3u);
  // Series 1's project does not show dependencies, and it comes first.
  EXPECT_FALSE(items[0].as_object().contains("dependencies"));
  EXPECT_FALSE(items[0].as_object().contains("dependents"));
  ASSERT_TRUE(items[1].as_object().contains("dependencies"));
  EXPECT_EQ(items[1].at("dependencies").as_array().size(), 0u);
  ASSERT_EQ(items[1].at("dependents").as_array().size(), 1u);
  EXPECT_EQ(items[1].at("dependents").as_array()[0], "http://pw.example.com/api/1.4/series/3/");
  ASSERT_EQ(items[2].at("dependencies").as_array().size(), 1u);
  EXPECT_EQ(items[2].at("dependencies").as_array()[0], "http://pw.example.com/api/1.4/series/2/");
  // The detail view has always been per item, on both.
  EXPECT_TRUE(body(get("/api/1.4/series/3/")).as_object().contains("dependencies"));
  EXPECT_FALSE(body(get("/api/1.4/series/1/")).as_object().contains("dependencies"));
}

TEST_P(ApiApp, BrowsablePage) {
  auto page = get("/api/patches/?format=api&q=widgets");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.headers.get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page.headers.get("Allow"), "GET, HEAD, OPTIONS");
  EXPECT_NE(page.body.find("<h1>Patch List</h1>"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("<b>GET</b> /api/patches/?format=api&amp;q=widgets"), std::string::npos);
  EXPECT_NE(page.body.find("<b>HTTP 200 OK</b>"), std::string::npos);
  EXPECT_NE(page.body.find("<b>Allow:</b> GET, HEAD, OPTIONS"), std::string::npos);
  EXPECT_NE(page.body.find("<b>Link:</b> &lt;http://pw.example.com/api/patches/?format=api&amp;page=1"),
            std::string::npos);
  EXPECT_NE(page.body.find("    {\n        &quot;id&quot;: 1,"), std::string::npos);
  EXPECT_NE(page.body.find("&quot;<a href=\"http://pw.example.com/api/patches/1/?format=api\">"
                           "http://pw.example.com/api/patches/1/?format=api</a>&quot;"),
            std::string::npos);
  auto missing = get("/api/patches/999/?format=api");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("<b>HTTP 404 Not Found</b>"), std::string::npos);
  EXPECT_NE(missing.body.find("&quot;No Patch matches the given query.&quot;"), std::string::npos);
}

TEST_P(ApiApp, Authentication) {
  auto anonymous = get("/api/people/");
  EXPECT_EQ(anonymous.status, 403);
  EXPECT_EQ(anonymous.body, R"({"detail":"Authentication credentials were not provided."})");
  EXPECT_EQ(get("/api/people/", "Token " + token_).status, 200);
  EXPECT_EQ(get("/api/people/", "token " + token_).status, 200);  // keyword case-insensitive
  EXPECT_EQ(get("/api/people/", "Basic Z29sZGVuOnNlY3JldA==").status, 200);  // golden:secret
  EXPECT_EQ(get("/api/patches/", "Token 0123456789012345678901234567890123456789").body,
            R"({"detail":"Invalid token."})");
  EXPECT_EQ(get("/api/patches/", "Token").body, R"({"detail":"Invalid token header. No credentials provided."})");
  EXPECT_EQ(get("/api/patches/", "Token a b").body,
            R"({"detail":"Invalid token header. Token string should not contain spaces."})");
  EXPECT_EQ(get("/api/patches/", "Basic Z29sZGVuOndyb25n").body, R"({"detail":"Invalid username/password."})");
  EXPECT_EQ(get("/api/patches/", "Basic !!!").body,
            R"({"detail":"Invalid basic header. Credentials not correctly base64 encoded."})");
  EXPECT_EQ(get("/api/patches/", "Bearer xyz").status, 200);  // other schemes: anonymous
  auto me = body(get("/api/users/1/", "Token " + token_)).as_object();
  EXPECT_TRUE(me.contains("settings"));
  EXPECT_FALSE(body(get("/api/1.1/users/1/", "Token " + token_)).as_object().contains("settings"));
}

INSTANTIATE_TEST_SUITE_P(Engines, ApiApp, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& engine) { return engine.param; });

TEST(ApiAuth, TokensAreStoredHashed) {
  auto token = patchloom::api::generate_token();
  EXPECT_EQ(token.size(), 40u);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(patchloom::api::token_lookup(token), token.substr(0, 8));
  // SHA-256("abc")
  EXPECT_EQ(patchloom::api::token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto hash = patchloom::api::hash_password("pw");
  EXPECT_TRUE(patchloom::api::verify_password(hash, "pw"));
  EXPECT_FALSE(patchloom::api::verify_password(hash, "px"));
}
