// Hostile and malformed API input (spec/api.md §1.6-§1.7, §3): whatever a
// client sends in the query string, the path or the body, the answer is
// upstream's (empty lists, clamped pages, 404s) and never a 500.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <string>

#include "patchloom/api/app.hpp"
#include "patchloom/api/auth.hpp"
#include "patchloom/store/database.hpp"
#include "patchloom/store/migrations.hpp"
#include "shared_data.hpp"

namespace json = boost::json;
using namespace patchloom;

namespace {

constexpr int kPatches = 260;  // more than the largest page (250)

class ApiBadInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(patchloom::testing::make_temp_dir("api-bad-input"));
    const std::string url = (*dir_ / "db.sqlite").string();
    auto db = store::Database::open(url);
    store::migrate(db);
    db.exec(
        "INSERT INTO project (linkname, name, listid, listemail) VALUES "
        "('test', 'Test Project', 'test.lists.example.com', 'test@lists.example.com')");
    db.exec("INSERT INTO person (email, email_lower, name) VALUES ('bob@example.com', 'bob@example.com', 'Bob')");
    // Patch n is dated 2024-01-01T00:00:00 + n seconds; patch 1 has an odd msgid.
    db.exec(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + std::to_string(kPatches) +
        ") INSERT INTO patch (msgid, project_id, date, headers, content, name, submitter_id, diff, state_id) "
        "SELECT CASE i WHEN 1 THEN '<a/b+c%20\"q\"@example.com>' ELSE '<p' || i || '@example.com>' END, 1, "
        "1704067200000000 + i * 1000000, '', 'body', 'patch ' || i, 1, '', 1 FROM n");
    ASSERT_TRUE(api::create_user(db, "carol", "carol@example.com", ""));
    token_ = new std::string(*api::create_token(db, "carol"));
    handler_ = new http::Handler(api::make_api_handler(api::ApiOptions{url, {}, 2}));
  }
  static void TearDownTestSuite() {
    delete handler_;
    delete token_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }

  static http::Response send(const std::string& target, const std::string& method = "GET",
                             const std::string& body = "") {
    http::Request request;
    request.method = method;
    EXPECT_TRUE(http::set_target(request, target).ok()) << target;
    request.headers.add("Host", "pw.example.com");
    request.headers.add("Authorization", "Token " + *token_);
    if (!body.empty()) {
      request.headers.add("Content-Type", "application/json");
      request.body = body;
    }
    http::Response response = (*handler_)(request);
    EXPECT_LT(response.status, 500) << method << " " << target;
    return response;
  }
  // The JSON list a 200 answer carries.
  static json::array list(const std::string& target) {
    auto response = send(target);
    EXPECT_EQ(response.status, 200) << target;
    return json::parse(response.body).as_array();
  }
  static std::string detail(const http::Response& response) {
    return std::string(json::parse(response.body).at("detail").as_string());
  }

  static std::filesystem::path* dir_;
  static std::string* token_;
  static http::Handler* handler_;
};

std::filesystem::path* ApiBadInput::dir_ = nullptr;
std::string* ApiBadInput::token_ = nullptr;
http::Handler* ApiBadInput::handler_ = nullptr;

}  // namespace

TEST_F(ApiBadInput, PerPageIsClampedOrDefaulted) {
  EXPECT_EQ(list("/api/patches/?per_page=1000").size(), 250u);
  // int() has no limit: any positive number of digits is clamped to 250.
  EXPECT_EQ(list("/api/patches/?per_page=99999999999999999999").size(), 250u);
  for (auto bad : {"0", "-5", "-99999999999999999999", "abc", "1e3", "1.5", "", "%20"})
    EXPECT_EQ(list(std::string("/api/patches/?per_page=") + bad).size(), 30u) << bad;
  // The last of repeated single-valued parameters wins.
  EXPECT_EQ(list("/api/patches/?per_page=2&per_page=3").size(), 3u);
}

TEST_F(ApiBadInput, BadPagesAreInvalidPage) {
  for (auto bad : {"0", "-1", "abc", "99999999999999999999", "2.0", "%00", "1_"}) {
    auto response = send(std::string("/api/patches/?page=") + bad);
    EXPECT_EQ(response.status, 404) << bad;
    EXPECT_EQ(detail(response), "Invalid page.") << bad;
  }
  EXPECT_EQ(list("/api/patches/?page=last&per_page=250").size(), std::size_t{kPatches - 250});
}

TEST_F(ApiBadInput, UnknownParametersAreIgnored) {
  EXPECT_EQ(list("/api/patches/?frobnicate=1&%C3%A9=%FF&=x").size(), 30u);
  EXPECT_EQ(list("/api/patches/?order=bogus,-,,--id").at(0).at("id"), 1);
}

TEST_F(ApiBadInput, BadDatesGiveAnEmptyList) {
  for (auto bad : {"2024-13-01", "2024-02-30", "yesterday", "2024-01-01T25:00", "2024-01-01T09:00:00%2B",
                   "2024-01-01%00", "99999-01-01", "0000-01-01", "2024-01-01T09:00:00.", "%E2%80%8B",
                   "2024-01-01T09:00%2B24:00", "0001-01-01T00:00%2B99:00"}) {
    EXPECT_TRUE(list(std::string("/api/patches/?since=") + bad).empty()) << bad;
    EXPECT_TRUE(list(std::string("/api/patches/?before=") + bad).empty()) << bad;
  }
  // A good value with a zone is converted to UTC: 2024-01-01T00:00:10 onwards.
  EXPECT_EQ(list("/api/patches/?since=2024-01-01T01:00:10%2B01:00&order=date").at(0).at("id"), 10);
}

// Date bounds walk the date index on SQLite (patches.cpp); the answer is
// still in id order, paginated, and combines with other filters.
TEST_F(ApiBadInput, DateBoundedListsKeepIdOrder) {
  const std::string window = "/api/patches/?since=2024-01-01T00:00:50&before=2024-01-01T00:01:40";
  const auto first = list(window);
  ASSERT_EQ(first.size(), 30u);
  EXPECT_EQ(first.at(0).at("id"), 50);
  EXPECT_EQ(first.at(29).at("id"), 79);
  const auto second = list(window + "&page=2");
  ASSERT_EQ(second.size(), 20u);
  EXPECT_EQ(second.at(19).at("id"), 99);
  EXPECT_EQ(list("/api/patches/?since=2024-01-01T00:00:50&order=-id").at(0).at("id"), kPatches);
  EXPECT_EQ(list(window + "&submitter=1&state=new").size(), 30u);
  EXPECT_TRUE(list(window + "&submitter=2").empty());
}

TEST_F(ApiBadInput, BadObjectFiltersGiveAnEmptyList) {
  for (auto filter : {"project=99999999999999999999", "project=-1", "series=abc", "submitter=%27%20OR%201=1--",
                      "state=%00", "delegate=nobody", "project=1&project=nope"})
    EXPECT_TRUE(list(std::string("/api/patches/?") + filter).empty()) << filter;
  EXPECT_EQ(list("/api/patches/?archived=maybe").size(), 30u);  // not a boolean: no filter
}

TEST_F(ApiBadInput, NonNumericAndHugeIdsAreNotFound) {
  EXPECT_EQ(detail(send("/api/patches/9223372036854775807/")), "No Patch matches the given query.");
  // Upstream's database driver overflows on ids beyond int64 (a 500); such a
  // path routes nowhere here, like any other non-id segment.
  for (auto path : {"/api/patches/99999999999999999999/", "/api/patches/99999999999999999999/checks/",
                    "/api/1.3/patches/1/comments/99999999999999999999/", "/api/people/99999999999999999999/",
                    "/api/patches/-1/", "/api/patches/1e3/", "/api/patches/%31/x/", "/api/series/0x1/"})
    EXPECT_EQ(send(path).status, 404) << path;
  // A project is looked up by linkname too; an odd one is simply not found.
  EXPECT_EQ(send("/api/projects/%3Cscript%3E/").status, 404);
}

TEST_F(ApiBadInput, OddMessageIds) {
  // msgid is matched as "<" + value + ">", after one URL decoding.
  auto found = list("/api/1.2/patches/?msgid=a%2Fb%2Bc%2520%22q%22%40example.com");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].at("msgid"), "<a/b+c%20\"q\"@example.com>");
  for (auto odd : {"%3Ca/b%2Bc%2520%22q%22@example.com%3E", "a/b+c%2520%22q%22@example.com", "%00", "%FF%FE",
                   "'%3B%20DROP%20TABLE%20patch%3B--", "%25", "%3C%3E"})
    EXPECT_TRUE(list(std::string("/api/1.2/patches/?msgid=") + odd).empty()) << odd;
  EXPECT_EQ(list("/api/patches/?per_page=1&order=-id").at(0).at("id"), kPatches);  // the table survived
}

TEST_F(ApiBadInput, OddSearchTerms) {
  // LIKE wildcards and quotes are matched literally.
  for (auto q : {"%25", "_", "%5C", "%22unbalanced", "%00"})
    EXPECT_TRUE(list(std::string("/api/patches/?q=") + q).empty()) << q;
  EXPECT_EQ(list("/api/patches/?q=260%20patch").size(), 1u);   // two terms, both in "patch 260"
  EXPECT_TRUE(list("/api/patches/?q=%22260%20patch%22").empty());  // one quoted phrase
}

TEST_F(ApiBadInput, MalformedBodiesAreClientErrors) {
  // Whatever the write side answers (405 while it is read-only, 400 for a
  // bad body), it is a JSON client error.
  for (auto body : {"{", "[]", "null", "{\"state\": 5}", "{\"state\": \"\\ud800\"}", "\xff\xfe", "1e99999"}) {
    for (auto method : {"PATCH", "PUT", "POST"}) {
      auto response = send(std::string(method) == "POST" ? "/api/patches/1/checks/" : "/api/patches/1/", method, body);
      EXPECT_GE(response.status, 400) << method << " " << body;
      EXPECT_NO_THROW((void)json::parse(response.body)) << method << " " << body;
    }
  }
}
