// The write side of the API in-process (spec/api.md §1.8-§1.10, §2.5, §2.8-
// §2.11, §5) on SQLite and PostgreSQL: who may write, upstream's status codes
// and bodies, events, and that a refused or invalid write changes nothing.
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

constexpr const char* kForm = "application/x-www-form-urlencoded";
constexpr const char* kJson = "application/json";
constexpr const char* kNoPermission = R"({"detail":"You do not have permission to perform this action."})";
constexpr const char* kNoCredentials = R"({"detail":"Authentication credentials were not provided."})";

class ApiWrites : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = patchloom::testing::make_temp_dir("api-writes");
    url_ = (dir_ / "db.sqlite").string();
    if (GetParam() == "postgresql") {
      std::string why;
      auto* cluster = patchloom::testing::shared_pg_cluster(&why);
      if (cluster == nullptr) GTEST_SKIP() << "no PostgreSQL: " << why;
      url_ = cluster->create_schema();
    }
    auto db = store::Database::open(url_);
    store::migrate(db);
    db.exec("INSERT INTO project (linkname, name, listid, listemail) VALUES "
            "('test', 'Test Project', 'test.example.com', 'test@example.com'), "
            "('other', 'Other Project', 'other.example.com', 'other@example.com')");
    maint_ = *api::create_user(db, "maint", "maint@example.com", "secret");
    alice_ = *api::create_user(db, "alice", "alice@example.com", "");
    other_ = *api::create_user(db, "other", "other@example.com", "");
    db.exec("INSERT INTO project_maintainer (project_id, user_id) VALUES (1, :u)", {maint_});
    db.exec("INSERT INTO person (email, email_lower, name, user_id) VALUES ('alice@example.com', 'alice@example.com', "
            "'Alice', :u)",
            {alice_});
    db.exec("INSERT INTO series (project_id, name, date, submitter_id, version, total) VALUES "
            "(1, 'Widgets', 1704099600000000, 1, 1, 3)");
    for (int i = 1; i <= 4; ++i)
      db.exec("INSERT INTO patch (msgid, project_id, date, headers, content, name, submitter_id, diff, state_id, "
              "series_id, number) VALUES (:m, :p, :d, 'Subject: x', 'body', :n, 1, 'diff', 1, :s, :num)",
              {"<p" + std::to_string(i) + "@example.com>", i == 4 ? 2 : 1, 1704099600000000LL + i * 1000000LL,
               "[" + std::to_string(i) + "/3] widgets", i == 4 ? std::optional<long long>() : std::optional<long long>(1),
               i == 4 ? std::optional<long long>() : std::optional<long long>(i)});
    db.exec("INSERT INTO patch_comment (msgid, patch_id, date, headers, content, submitter_id) VALUES "
            "('<c1@example.com>', 1, 1704099602000000, 'Subject: Re: x', 'ok', 1)");
    db.exec("INSERT INTO cover (msgid, project_id, date, headers, content, name, submitter_id) VALUES "
            "('<cover@example.com>', 1, 1704099600000000, 'Subject: c', 'cover', '[0/3] widgets', 1)");
    db.exec("INSERT INTO cover_comment (msgid, cover_id, date, headers, content, submitter_id) VALUES "
            "('<cc1@example.com>', 1, 1704099603000000, 'Subject: Re: c', 'ok', 1)");
    maint_auth_ = "Token " + *api::create_token(db, "maint");
    alice_auth_ = "Token " + *api::create_token(db, "alice");
    other_auth_ = "Token " + *api::create_token(db, "other");
    handler_ = api::make_api_handler(api::ApiOptions{url_, {}, 4});
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  http::Response send(const std::string& method, const std::string& target, const std::string& authorization = "",
                      const std::string& body = "", const std::string& content_type = "") {
    http::Request request;
    request.method = method;
    EXPECT_TRUE(http::set_target(request, target).ok());
    request.headers.add("Host", "pw.example.com");
    if (!authorization.empty()) request.headers.add("Authorization", authorization);
    if (!content_type.empty()) request.headers.add("Content-Type", content_type);
    request.body = body;
    return handler_(request);
  }
  http::Response get(const std::string& target) { return send("GET", target); }
  json::value body(const http::Response& r) { return json::parse(r.body); }
  long long count(const std::string& sql, const store::Params& params = {}) {
    auto db = store::Database::open(url_);
    return db.query_value<long long>(sql, params).value_or(-1);
  }
  std::string state_of(long long patch) { return body(get("/api/patches/" + std::to_string(patch) + "/")).at("state").as_string().c_str(); }

  std::filesystem::path dir_;
  std::string url_;
  long long maint_ = 0, alice_ = 0, other_ = 0;
  std::string maint_auth_, alice_auth_, other_auth_;
  http::Handler handler_;
};

}  // namespace

TEST_P(ApiWrites, MaintainerUpdatesPatchWithFormBodyAsGitPwSendsIt) {
  auto r = send("PATCH", "/api/1.2/patches/1/", maint_auth_,
                "commit_ref=abc123&state=accepted&archived=True&delegate=" + std::to_string(maint_), kForm);
  ASSERT_EQ(r.status, 200) << r.body;
  auto patch = body(r).as_object();
  EXPECT_EQ(patch.at("state"), "accepted");
  EXPECT_EQ(patch.at("archived"), true);
  EXPECT_EQ(patch.at("commit_ref"), "abc123");
  EXPECT_EQ(patch.at("delegate").at("username"), "maint");
  EXPECT_EQ(patch.at("url"), "http://pw.example.com/api/1.2/patches/1/");
  EXPECT_TRUE(patch.contains("diff"));  // the detail shape

  auto events = body(get("/api/events/?patch=1&order=date")).as_array();
  ASSERT_EQ(events.size(), 2u) << r.body;
  EXPECT_EQ(events[0].at("category"), "patch-state-changed");
  EXPECT_EQ(events[0].at("actor").at("username"), "maint");
  EXPECT_EQ(events[0].at("payload").at("previous_state"), "new");
  EXPECT_EQ(events[0].at("payload").at("current_state"), "accepted");
  EXPECT_EQ(events[1].at("category"), "patch-delegated");
  EXPECT_TRUE(events[1].at("payload").at("previous_delegate").is_null());
  EXPECT_EQ(events[1].at("payload").at("current_delegate").at("username"), "maint");

  // The same values again change nothing and record nothing.
  send("PATCH", "/api/patches/1/", maint_auth_, R"({"state":"accepted"})", kJson);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event WHERE patch_id = 1"), 2);
  // Clearing the delegate with an empty form value.
  r = send("PATCH", "/api/patches/1/", maint_auth_, "delegate=", kForm);
  EXPECT_TRUE(body(r).at("delegate").is_null());
}

TEST_P(ApiWrites, WhoMayUpdateAPatch) {
  EXPECT_EQ(send("PATCH", "/api/patches/1/", "", "state=rfc", kForm).body, kNoCredentials);
  auto refused = send("PATCH", "/api/patches/1/", other_auth_, "state=rfc", kForm);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.body, kNoPermission);
  EXPECT_EQ(send("PATCH", "/api/patches/4/", maint_auth_, "state=rfc", kForm).body, kNoPermission);  // other project
  EXPECT_EQ(send("PATCH", "/api/patches/99/", maint_auth_, "state=rfc", kForm).body,
            R"({"detail":"No Patch matches the given query."})");
  EXPECT_EQ(state_of(1), "new");
  EXPECT_EQ(count("SELECT COUNT(*) FROM event"), 0);
  // The submitter's user, and a delegate, may.
  EXPECT_EQ(send("PATCH", "/api/patches/1/", alice_auth_, "state=rfc", kForm).status, 200);
  EXPECT_EQ(state_of(1), "rfc");
  {
    auto db = store::Database::open(url_);
    db.exec("UPDATE patch SET delegate_id = :u WHERE id = 4", {other_});
  }
  EXPECT_EQ(send("PATCH", "/api/patches/4/", other_auth_, "archived=true", kForm).status, 200);
  // Authentication failures are 403 even where the method would be refused.
  EXPECT_EQ(send("DELETE", "/api/patches/1/", "Token nope").body, R"({"detail":"Invalid token."})");
  EXPECT_EQ(send("DELETE", "/api/patches/1/", maint_auth_).body, R"({"detail":"Method \"DELETE\" not allowed."})");
  EXPECT_EQ(send("POST", "/api/patches/", maint_auth_).status, 405);
  EXPECT_EQ(send("PATCH", "/api/covers/1/", maint_auth_, "{}", kJson).status, 405);
}

TEST_P(ApiWrites, InvalidValuesGetUpstreamsBodiesAndWriteNothing) {
  auto r = send("PATCH", "/api/patches/1/", maint_auth_, R"({"state":"bogus"})", kJson);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body,
            R"({"state":["Invalid state bogus. Expected one of: new, under-review, accepted, rejected, rfc, )"
            R"(not-applicable, changes-requested, awaiting-upstream, superseded, deferred."]})");
  // Names are slugified; an underscore is not a separator.
  EXPECT_EQ(send("PATCH", "/api/patches/1/", maint_auth_, R"({"state":"Under Review"})", kJson).status, 200);
  EXPECT_EQ(std::string(body(send("PATCH", "/api/patches/1/", maint_auth_, R"({"state":"under_review"})", kJson))
                            .at("state")
                            .at(0)
                            .as_string())
                .substr(0, 28),
            "Invalid state under_review. ");
  EXPECT_EQ(send("PATCH", "/api/patches/1/", maint_auth_, R"({"state":3})", kJson).body,
            R"({"state":["Incorrect type. Expected string value, received int."]})");
  EXPECT_EQ(send("PATCH", "/api/patches/1/", maint_auth_, "delegate=" + std::to_string(other_), kForm).body,
            R"({"delegate":["User 'other' is not a maintainer for project 'Test Project'"]})");
  EXPECT_EQ(send("PATCH", "/api/patches/1/", maint_auth_, "delegate=999", kForm).body,
            R"({"delegate":["Invalid pk \"999\" - object does not exist."]})");
  EXPECT_EQ(send("PATCH", "/api/patches/1/", maint_auth_, R"({"delegate":"abc"})", kJson).body,
            R"({"delegate":["Incorrect type. Expected pk value, received str."]})");
  EXPECT_EQ(send("PATCH", "/api/patches/1/", maint_auth_, "archived=maybe", kForm).body,
            R"({"archived":["Must be a valid boolean."]})");
  EXPECT_EQ(send("PATCH", "/api/patches/1/", maint_auth_, R"({"commit_ref":")" + std::string(256, 'a') + "\"}", kJson).body,
            R"({"commit_ref":["Ensure this field has no more than 255 characters."]})");
  // Several bad fields: all reported, in field order; the good ones are not applied.
  r = send("PATCH", "/api/patches/1/", maint_auth_,
           R"({"archived":"x","state":"nope","commit_ref":"kept-out","delegate":999})", kJson);
  EXPECT_EQ(r.status, 400);
  auto errors = body(r).as_object();
  std::vector<std::string> keys;
  for (const auto& kv : errors) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"state", "archived", "delegate"}));
  auto patch = body(get("/api/patches/1/")).as_object();
  EXPECT_EQ(patch.at("state"), "under-review");
  EXPECT_TRUE(patch.at("commit_ref").is_null());
  EXPECT_EQ(patch.at("archived"), false);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event"), 1);  // only the one valid change above

  // Bodies that cannot be read.
  r = send("PATCH", "/api/patches/1/", maint_auth_, R"({"state": )", kJson);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.rfind(R"({"detail":"JSON parse error - )", 0), 0u) << r.body;
  r = send("PATCH", "/api/patches/1/", maint_auth_, "state=rfc", "text/plain");
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(r.body, R"({"detail":"Unsupported media type \"text/plain\" in request."})");
  EXPECT_EQ(send("PATCH", "/api/patches/1/", maint_auth_, "state=rfc").body,
            R"({"detail":"Unsupported media type \"\" in request."})");
  // Permission comes before the body.
  EXPECT_EQ(send("PATCH", "/api/patches/1/", other_auth_, "{nope", kJson).body, kNoPermission);
  // No body: a no-op that answers the patch.
  EXPECT_EQ(send("PATCH", "/api/patches/1/", maint_auth_).status, 200);
  // PUT needs state and delegate.
  EXPECT_EQ(send("PUT", "/api/patches/1/", maint_auth_, "{}", kJson).body,
            R"({"state":["This field is required."],"delegate":["This field is required."]})");
  EXPECT_EQ(state_of(1), "under-review");
}

TEST_P(ApiWrites, MultipartBodies) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"state\"\r\n\r\nchanges-requested\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"archived\"\r\n\r\ntrue\r\n--XyZ--\r\n";
  auto r = send("PATCH", "/api/patches/2/", maint_auth_, body, "multipart/form-data; boundary=XyZ");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(state_of(2), "changes-requested");
}

TEST_P(ApiWrites, Relations) {
  auto r = send("PATCH", "/api/patches/1/", maint_auth_, R"({"related":[2]})", kJson);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body(r).at("related").as_array().at(0).at("id"), 2);
  EXPECT_EQ(body(get("/api/patches/2/")).at("related").as_array().at(0).at("id"), 1);
  // Additive, in form bodies too.
  EXPECT_EQ(send("PATCH", "/api/patches/2/", maint_auth_, "related=3", kForm).status, 200);
  EXPECT_EQ(body(get("/api/patches/1/")).at("related").as_array().size(), 2u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event WHERE category = 'patch-relation-changed'"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event WHERE category = 'patch-relation-changed' AND actor_id IS NULL"), 2);
  // A patch of a project the user does not maintain.
  EXPECT_EQ(send("PATCH", "/api/patches/1/", maint_auth_, R"({"related":[4]})", kJson).body,
            R"({"detail":"At least one patch is part of a project you are not maintaining."})");
  // The submitter may edit the patch but not its relations.
  EXPECT_EQ(send("PATCH", "/api/patches/1/", alice_auth_, R"({"related":[]})", kJson).status, 403);
  EXPECT_EQ(send("PATCH", "/api/patches/1/", maint_auth_, R"({"related":[99]})", kJson).body,
            R"({"related":["Invalid pk \"99\" - object does not exist."]})");
  // Leaving: {1,2,3} -> {2,3}; then {2,3} minus 3 dissolves it.
  EXPECT_EQ(send("PATCH", "/api/patches/1/", maint_auth_, R"({"related":[]})", kJson).status, 200);
  EXPECT_EQ(body(get("/api/patches/2/")).at("related").as_array().size(), 1u);
  EXPECT_EQ(send("PATCH", "/api/patches/3/", maint_auth_, R"({"related":[]})", kJson).status, 200);
  EXPECT_EQ(body(get("/api/patches/2/")).at("related").as_array().size(), 0u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch_relation"), 0);
  // Two relations cannot merge: 409.
  {
    auto db = store::Database::open(url_);
    db.exec("INSERT INTO project_maintainer (project_id, user_id) VALUES (2, :u)", {maint_});
  }
  ASSERT_EQ(send("PATCH", "/api/patches/1/", maint_auth_, R"({"related":[2]})", kJson).status, 200);
  ASSERT_EQ(send("PATCH", "/api/patches/3/", maint_auth_, R"({"related":[4]})", kJson).status, 200);
  r = send("PATCH", "/api/patches/1/", maint_auth_, R"({"related":[3]})", kJson);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body,
            R"({"detail":"At least one patch is already part of another relation. You have to explicitly remove a )"
            R"(patch from its existing relation before moving it to this one."})");
  EXPECT_EQ(body(get("/api/patches/3/")).at("related").as_array().at(0).at("id"), 4);
  // PUT without `related` keeps the relation (upstream dissolves it:
  // docs/compatibility.md W2).
  r = send("PUT", "/api/patches/3/", maint_auth_, R"({"state":"accepted","delegate":null})", kJson);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body(r).at("related").as_array().at(0).at("id"), 4);
}

TEST_P(ApiWrites, Checks) {
  auto r = send("POST", "/api/patches/1/checks/", maint_auth_,
                R"({"context":"ci-build","state":"warning","target_url":"https://ci.example.com/1","description":"slow"})",
                kJson);
  ASSERT_EQ(r.status, 201) << r.body;
  auto check = body(r).as_object();
  EXPECT_EQ(r.headers.get("Location"), check.at("url").as_string().c_str());
  EXPECT_EQ(check.at("url"), "http://pw.example.com/api/patches/1/checks/1/");
  EXPECT_EQ(check.at("user").at("username"), "maint");
  // `user` in the body is ignored: a check is always the requester's (W4).
  auto attributed = send("POST", "/api/patches/1/checks/", maint_auth_,
                         "state=pending&context=other&user=" + std::to_string(other_), kForm);
  EXPECT_EQ(body(attributed).at("user").at("username"), "maint");
  {
    auto db = store::Database::open(url_);
    db.exec("DELETE FROM event WHERE created_check_id = 2");
    db.exec("DELETE FROM check_result WHERE id = 2");
  }
  EXPECT_EQ(check.at("state"), "warning");
  EXPECT_EQ(body(get("/api/patches/1/")).at("check"), "warning");
  // Form, integer state, default context; the newer check per (user, context) counts.
  ASSERT_EQ(send("POST", "/api/patches/1/checks/", alice_auth_, "state=1&context=ci-build", kForm).status, 201);
  EXPECT_EQ(body(get("/api/patches/1/")).at("check"), "warning");  // alice's success is another user's
  ASSERT_EQ(send("POST", "/api/patches/1/checks/", maint_auth_, "state=success&context=ci-build", kForm).status, 201);
  EXPECT_EQ(body(get("/api/patches/1/")).at("check"), "success");
  EXPECT_EQ(body(get("/api/patches/1/checks/")).as_array().size(), 3u);
  EXPECT_EQ(body(get("/api/patches/1/checks/?state=success")).as_array().size(), 2u);

  auto events = body(get("/api/events/?category=check-created")).as_array();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events.back().at("actor").at("username"), "maint");
  EXPECT_EQ(events.back().at("payload").at("check").at("context"), "ci-build");

  EXPECT_EQ(send("POST", "/api/patches/1/checks/", "", "state=success", kForm).body, kNoPermission);
  EXPECT_EQ(send("POST", "/api/patches/1/checks/", other_auth_, "state=success", kForm).body, kNoPermission);
  EXPECT_EQ(send("POST", "/api/patches/99/checks/", maint_auth_, "state=success", kForm).status, 404);
  EXPECT_EQ(send("POST", "/api/patches/1/checks/", maint_auth_, "context=x", kForm).body,
            R"({"state":["A check must have a state."]})");
  EXPECT_EQ(send("POST", "/api/patches/1/checks/", maint_auth_, "state=nope", kForm).body,
            R"({"state":["\"nope\" is not a valid choice."]})");
  EXPECT_EQ(send("POST", "/api/patches/1/checks/", maint_auth_, "state=fail&target_url=not%20a%20url", kForm).body,
            R"({"target_url":["Enter a valid URL."]})");
  EXPECT_EQ(send("POST", "/api/patches/1/checks/", maint_auth_, "state=fail&context=a%20b", kForm).body,
            R"({"context":["Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens."]})");
  EXPECT_EQ(count("SELECT COUNT(*) FROM check_result"), 3);
  EXPECT_EQ(send("PATCH", "/api/patches/1/checks/1/", maint_auth_, "state=fail", kForm).status, 405);
}

TEST_P(ApiWrites, CommentAddressed) {
  auto r = send("PATCH", "/api/1.3/patches/1/comments/1/", maint_auth_, R"({"addressed":true})", kJson);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body(r).at("addressed"), true);
  EXPECT_EQ(send("PATCH", "/api/patches/1/comments/1/", maint_auth_, "addressed=", kForm).body.find("\"addressed\":null") !=
                std::string::npos,
            true);
  EXPECT_EQ(send("PATCH", "/api/patches/1/comments/1/", maint_auth_, R"({"addressed":"maybe"})", kJson).body,
            R"({"addressed":["Must be a valid boolean."]})");
  EXPECT_EQ(send("PATCH", "/api/patches/1/comments/1/", other_auth_, R"({"addressed":true})", kJson).body, kNoPermission);
  EXPECT_EQ(send("PATCH", "/api/patches/1/comments/1/", "", R"({"addressed":true})", kJson).body, kNoCredentials);
  EXPECT_EQ(send("PATCH", "/api/patches/2/comments/1/", maint_auth_, R"({"addressed":true})", kJson).body,
            R"({"detail":"No PatchComment matches the given query."})");
  EXPECT_EQ(send("PATCH", "/api/1.2/patches/1/comments/1/", maint_auth_, R"({"addressed":true})", kJson).status, 404);
  // Cover comments: the cover's submitter's user or a maintainer.
  EXPECT_EQ(send("PATCH", "/api/covers/1/comments/1/", alice_auth_, R"({"addressed":false})", kJson).status, 200);
  EXPECT_EQ(send("PATCH", "/api/covers/1/comments/1/", other_auth_, R"({"addressed":true})", kJson).body, kNoPermission);
  EXPECT_EQ(count("SELECT addressed FROM cover_comment WHERE id = 1"), 0);
  // No event for an update (deviation: upstream re-emits "comment-created").
  EXPECT_EQ(count("SELECT COUNT(*) FROM event"), 0);
}

TEST_P(ApiWrites, Bundles) {
  EXPECT_EQ(send("POST", "/api/1.1/bundles/", "", "name=b", kForm).body, R"({"detail":"Method \"POST\" not allowed."})");
  EXPECT_EQ(send("POST", "/api/1.2/bundles/", "", "name=b", kForm).body, kNoCredentials);
  auto r = send("POST", "/api/1.2/bundles/", other_auth_, "name=mine&patches=3&patches=1&public=True", kForm);
  ASSERT_EQ(r.status, 201) << r.body;
  auto bundle = body(r).as_object();
  EXPECT_EQ(r.headers.get("Location"), "http://pw.example.com/api/1.2/bundles/1/");
  EXPECT_EQ(bundle.at("owner").at("username"), "other");
  EXPECT_EQ(bundle.at("public"), true);
  EXPECT_EQ(bundle.at("patches").as_array().size(), 2u);
  EXPECT_EQ(bundle.at("project").at("link_name"), "test");
  EXPECT_EQ(count("SELECT patch_id FROM bundle_patch WHERE \"order\" = 1"), 3);  // bundle order as given

  EXPECT_EQ(send("POST", "/api/bundles/", other_auth_, "name=mine&patches=2", kForm).body.find("\"name\":["),
            1u);  // duplicate name: 400 on name (upstream: 500)
  EXPECT_EQ(send("POST", "/api/bundles/", other_auth_, R"({"name":"x","patches":[]})", kJson).body,
            R"({"patches":["Bundles cannot be empty"]})");
  EXPECT_EQ(send("POST", "/api/bundles/", other_auth_, R"({"name":"x"})", kJson).body,
            R"({"patches":["This field is required."]})");
  EXPECT_EQ(send("POST", "/api/bundles/", other_auth_, R"({"name":"x","patches":[1,4]})", kJson).body,
            R"({"patches":["Bundle patches must belong to the same project"]})");
  EXPECT_EQ(send("POST", "/api/bundles/", other_auth_, R"({"name":"x","patches":[99]})", kJson).body,
            R"({"patches":["Invalid pk \"99\" - object does not exist."]})");
  EXPECT_EQ(send("POST", "/api/bundles/", other_auth_, R"({"name":"","patches":[1]})", kJson).body,
            R"({"name":["This field may not be blank."]})");
  EXPECT_EQ(send("POST", "/api/bundles/", other_auth_, R"({"name":")" + std::string(51, 'n') + R"(","patches":[1]})", kJson).body,
            R"({"name":["Ensure this field has no more than 50 characters."]})");
  EXPECT_EQ(count("SELECT COUNT(*) FROM bundle"), 1);

  // Owner only: someone else's public bundle is forbidden, a private one absent.
  EXPECT_EQ(send("PATCH", "/api/bundles/1/", maint_auth_, "name=stolen", kForm).body, kNoPermission);
  EXPECT_EQ(send("PATCH", "/api/bundles/1/", "", "name=stolen", kForm).body, kNoCredentials);
  r = send("PATCH", "/api/bundles/1/", other_auth_, "public=False&patches=2", kForm);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body(r).at("patches").as_array().size(), 1u);
  EXPECT_EQ(send("PATCH", "/api/bundles/1/", maint_auth_, "name=stolen", kForm).body,
            R"({"detail":"No Bundle matches the given query."})");
  EXPECT_EQ(send("GET", "/api/bundles/1/").status, 404);
  EXPECT_EQ(send("PUT", "/api/bundles/1/", other_auth_, "public=True", kForm).body,
            R"({"name":["This field is required."],"patches":["This field is required."]})");
  EXPECT_EQ(send("DELETE", "/api/1.1/bundles/1/", other_auth_).status, 405);
  EXPECT_EQ(send("DELETE", "/api/bundles/1/", maint_auth_).status, 404);
  r = send("DELETE", "/api/bundles/1/", other_auth_);
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.body, "");
  EXPECT_FALSE(r.headers.get("Content-Type").has_value());
  EXPECT_EQ(count("SELECT COUNT(*) FROM bundle_patch"), 0);
}

TEST_P(ApiWrites, BulkUpdateExtension) {
  auto r = send("PATCH", "/api/patches/", maint_auth_,
                R"([{"id":1,"state":"accepted"},{"id":2,"state":"rejected","archived":true}])", kJson);
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = body(r).as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].at("state"), "rejected");
  EXPECT_EQ(items[1].at("archived"), true);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event WHERE category = 'patch-state-changed'"), 2);

  // One bad item: nothing is written, and the answer says which.
  r = send("PATCH", "/api/patches/", maint_auth_, R"([{"id":1,"state":"new"},{"id":4,"state":"new"},{"id":3,"state":"x"}])",
           kJson);
  EXPECT_EQ(r.status, 403);
  items = body(r).as_array();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_TRUE(items[0].as_object().empty());
  EXPECT_EQ(items[1].at("detail"), "You do not have permission to perform this action.");
  EXPECT_TRUE(items[2].as_object().contains("state"));
  EXPECT_EQ(state_of(1), "accepted");

  // A whole series with one object.
  r = send("PATCH", "/api/patches/?series=1", maint_auth_, "state=superseded&archived=true", kForm);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body(r).as_array().size(), 3u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch WHERE archived = 1 AND series_id = 1"), 3);
  EXPECT_EQ(send("PATCH", "/api/patches/", "", R"([{"id":1}])", kJson).body, kNoCredentials);
  EXPECT_EQ(send("PATCH", "/api/patches/", maint_auth_, R"({"state":"new"})", kJson).status, 400);
  EXPECT_EQ(send("PATCH", "/api/patches/?series=9", maint_auth_, R"({"state":"new"})", kJson).status, 404);
  // The list itself still answers GET as before.
  EXPECT_EQ(get("/api/patches/").headers.get("Allow"), "GET, HEAD, OPTIONS");
}

TEST_P(ApiWrites, ProjectsAndUsers) {
  auto r = send("PATCH", "/api/projects/test/", maint_auth_,
                R"({"web_url":"https://example.com","commit_url_format":"https://git.example.com/c/{}","name":"ignored"})",
                kJson);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body(r).at("web_url"), "https://example.com");
  EXPECT_EQ(body(r).at("name"), "Test Project");  // read-only fields are ignored
  EXPECT_EQ(send("PUT", "/api/projects/1/", maint_auth_, "{}", kJson).status, 200);  // nothing required
  EXPECT_EQ(send("PATCH", "/api/projects/2/", maint_auth_, R"({"web_url":"x"})", kJson).body, kNoPermission);
  EXPECT_EQ(send("PATCH", "/api/projects/1/", "", R"({"web_url":"x"})", kJson).body, kNoCredentials);
  EXPECT_EQ(send("PATCH", "/api/projects/1/", maint_auth_, R"({"scm_url":")" + std::string(2001, 'u') + "\"}", kJson).body,
            R"({"scm_url":["Ensure this field has no more than 2000 characters."]})");
  EXPECT_EQ(send("PATCH", "/api/projects/nope/", maint_auth_, "{}", kJson).status, 404);

  const std::string me = "/api/users/" + std::to_string(alice_) + "/";
  r = send("PATCH", me, alice_auth_, R"({"first_name":"Alice","settings":{"items_per_page":50,"show_ids":true}})", kJson);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body(r).at("first_name"), "Alice");
  EXPECT_EQ(body(r).at("settings").at("items_per_page"), 50);
  EXPECT_EQ(body(r).at("settings").at("show_ids"), true);
  EXPECT_EQ(send("PATCH", me, maint_auth_, R"({"first_name":"Eve"})", kJson).body, kNoPermission);
  EXPECT_EQ(send("PATCH", me, "", R"({"first_name":"Eve"})", kJson).body, kNoCredentials);
  EXPECT_EQ(send("PATCH", me, alice_auth_, R"({"settings":{"items_per_page":"many"}})", kJson).body,
            R"({"settings":{"items_per_page":["A valid integer is required."]}})");
  EXPECT_EQ(send("PUT", "/api/1.1" + me.substr(4), alice_auth_, R"({"first_name":"A"})", kJson).body,
            R"({"settings":["This field is required."]})");
  // Below 1.2 settings are accepted and ignored.
  EXPECT_EQ(send("PATCH", "/api/1.1" + me.substr(4), alice_auth_, R"({"settings":{"items_per_page":7}})", kJson).status,
            200);
  EXPECT_EQ(count("SELECT items_per_page FROM users WHERE id = :id", {alice_}), 50);
}

INSTANTIATE_TEST_SUITE_P(Engines, ApiWrites, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& engine) { return engine.param; });
