// The whole API handler (spec/api.md) on a small SQLite database: the input
// picks the method, credentials and Accept header, then gives the
// request-target (first line) and the body (the rest). Whatever arrives,
// the answer is never a 500 or an escaped exception, and a JSON answer is
// valid JSON. Bodies reach the write side once it parses them.

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <unistd.h>

#include "fuzz_check.hpp"
#include "patchloom/api/app.hpp"
#include "patchloom/api/auth.hpp"
#include "patchloom/store/database.hpp"
#include "patchloom/store/migrations.hpp"

namespace {

using namespace patchloom;

struct Fixture {
  std::string token;
  http::Handler handler;
};

// One of each kind of row, so that every endpoint's detail and list paths
// (filters, joins, embedding) have something to render.
void fill(store::Database& db) {
  db.exec(
      "INSERT INTO project (linkname, name, listid, listemail, list_archive_url_format) VALUES "
      "('test', 'Test Project', 'test.lists.example.com', 'test@lists.example.com', 'https://lore.example.com/r/{}')");
  db.exec("INSERT INTO person (email, email_lower, name) VALUES ('alice@example.com', 'alice@example.com', 'Alice')");
  db.exec(
      "INSERT INTO cover (msgid, project_id, date, headers, content, name, submitter_id) VALUES "
      "('<cover.0@example.com>', 1, 1704099599000000, 'Subject: [PATCH 0/2] widgets', 'Cover.', "
      "'[v2,0/2] widgets', 1)");
  db.exec(
      "INSERT INTO series (project_id, cover_letter_id, name, date, submitter_id, version, total) VALUES "
      "(1, 1, 'Frobnicate', 1704099600000000, 1, 2, 2)");
  db.exec(
      "INSERT INTO patch (msgid, project_id, date, headers, content, name, submitter_id, diff, state_id, hash, "
      "series_id, number) VALUES ('<patch.1/slash@example.com>', 1, 1704099601000000, "
      "'Subject: x\nReceived: a', 'Use it.', '[v2,1/2] widgets: add', 1, 'diff', 1, "
      "'41dd9d70eff16800cd41c27affddfb4836a060a6', 1, 1)");
  db.exec(
      "INSERT INTO patch_comment (msgid, patch_id, date, headers, content, submitter_id) VALUES "
      "('<c1@example.com>', 1, 1704099602000000, 'Subject: Re: x', 'ok', 1)");
  db.exec(
      "INSERT INTO cover_comment (msgid, cover_id, date, headers, content, submitter_id) VALUES "
      "('<c2@example.com>', 1, 1704099603000000, 'Subject: Re: y', 'fine', 1)");
  if (!api::create_user(db, "fuzz", "fuzz@example.com", "")) std::abort();
  db.exec(
      "INSERT INTO check_result (patch_id, user_id, date, state, target_url, description, context) VALUES "
      "(1, 1, 1704099604000000, 1, 'https://ci.example.com/1', 'passed', 'build')");
  db.exec("INSERT INTO bundle (owner_id, project_id, name, public) VALUES (1, 1, 'mine', 1)");
  db.exec("INSERT INTO bundle_patch (bundle_id, patch_id, \"order\") VALUES (1, 1, 1)");
  db.exec(
      "INSERT INTO event (project_id, category, date, patch_id, series_id) VALUES "
      "(1, 'patch-created', 1704099601000000, 1, 1)");
}

Fixture& fixture() {
  static Fixture* f = [] {
    // One database per fuzzing process, removed at exit.
    static const std::filesystem::path dir = [] {
      std::string pattern = (std::filesystem::temp_directory_path() / "patchloom-fuzz-XXXXXX").string();
      if (mkdtemp(pattern.data()) == nullptr) std::abort();
      return std::filesystem::path(pattern);
    }();
    std::atexit([] { std::filesystem::remove_all(dir); });
    const std::string url = (dir / "api.sqlite").string();
    auto db = store::Database::open(url);
    store::migrate(db);
    fill(db);
    auto token = api::create_token(db, "fuzz");
    if (!token) std::abort();
    return new Fixture{*token, api::make_api_handler(api::ApiOptions{url, {}, 2})};
  }();
  return *f;
}

constexpr const char* kMethods[] = {"GET", "HEAD", "OPTIONS", "GET", "POST", "PUT", "PATCH", "DELETE"};
constexpr const char* kAccepts[] = {"", "application/json", "text/html", "application/json; indent=4"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  Fixture& f = fixture();
  const unsigned control = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto newline = rest.find('\n');
  std::string target(rest.substr(0, newline));
  const std::string_view body = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
  if (target.rfind("/api", 0) != 0) target = "/api/" + target;

  http::Request request;
  if (!http::set_target(request, target).ok()) return 0;  // the server answers 400 itself
  request.method = kMethods[control & 7];
  request.headers.add("Host", "pw.example.com");
  if (control & 8) request.headers.add("Authorization", "Token " + f.token);
  if (const char* accept = kAccepts[(control >> 4) & 3]; *accept != '\0') request.headers.add("Accept", accept);
  if (!body.empty()) {
    request.headers.add("Content-Type", (control & 64) ? "application/x-www-form-urlencoded" : "application/json");
    request.body = std::string(body);
  }

  http::Response response;
  try {
    response = f.handler(request);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "handler threw: %s\n", e.what());
    PATCHLOOM_FUZZ_CHECK(!"the handler threw");
  }
  PATCHLOOM_FUZZ_CHECK(response.status >= 200 && response.status < 500);
  if (response.headers.get("Content-Type") == "application/json" && !response.body.empty()) {
    boost::system::error_code ec;
    (void)boost::json::parse(response.body, ec);
    PATCHLOOM_FUZZ_CHECK(!ec);
  }
  return 0;
}
