// Conformance with upstream Patchwork's recorded answers
// (../shared/conformance/linuxppc-dev-sample): a fresh database set up as
// upstream's was (project, user `golden` with a token), the sample mbox
// imported with the real `patchloom import`, the API served on a free port,
// and every recorded URL fetched and compared: status, Link header, body
// field by field in order (event `date` excluded).
//
// What depends on ingest (ids, names, series, events) is only as good as
// ingest's output; the test prints the number of differing responses per
// file with examples.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "patchloom/api/app.hpp"
#include "openapi_validator.hpp"
#include "patchloom/http/server.hpp"
#include "pg_cluster.hpp"
#include "shared_data.hpp"

namespace json = boost::json;
namespace fs = std::filesystem;
using namespace patchloom;
using patchloom::testing::OpenApiSpec;
using patchloom::testing::violation_kind;

namespace {

constexpr std::string_view kGoldenBase = "http://127.0.0.1:8000";

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

// Runs the patchloom binary; returns its exit code, stdout in `out`.
int run_patchloom(const fs::path& scratch, const std::vector<std::string>& args, std::string& out,
                  const std::string& input = "") {
  std::string cmd = shell_quote(patchloom::testing::patchloom_binary().string());
  for (const auto& a : args) cmd += " " + shell_quote(a);
  const fs::path in = scratch / "stdin.txt", o = scratch / "stdout.txt", e = scratch / "stderr.txt";
  std::ofstream(in) << input;
  cmd += " <" + shell_quote(in.string()) + " >" + shell_quote(o.string()) + " 2>" + shell_quote(e.string());
  const int rc = std::system(cmd.c_str());
  out = patchloom::testing::read_file(o);
  if (rc != 0) std::cerr << "patchloom failed: " << cmd << "\n" << patchloom::testing::read_file(e) << "\n";
  return rc;
}

struct HttpAnswer {
  int status = 0;
  std::string link;
  bool has_link = false;
  std::string content_type;
  std::string body;
};

// A minimal HTTP/1.1 GET over a fresh connection.
HttpAnswer http_get(std::uint16_t port, const std::string& target, const std::string& token) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed");
  }
  std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n";
  if (!token.empty()) request += "Authorization: Token " + token + "\r\n";
  request += "Connection: close\r\n\r\n";
  ::send(fd, request.data(), request.size(), 0);
  std::string raw;
  char buf[65536];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    raw.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  HttpAnswer answer;
  const auto head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) return answer;
  std::istringstream head(raw.substr(0, head_end));
  std::string line;
  std::getline(head, line);
  answer.status = std::atoi(line.substr(9, 3).c_str());
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (name == "link") {
      answer.link = value;
      answer.has_link = true;
    }
    if (name == "content-type") answer.content_type = value;
  }
  answer.body = raw.substr(head_end + 4);
  return answer;
}

void replace_all(std::string& s, std::string_view from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
}

// The first difference between `want` and `got` (object keys compared in
// order), or "" when equal. `skip_event_dates` ignores `date` of the items of
// a top-level array.
std::string first_difference(const json::value& want, const json::value& got, const std::string& path,
                             bool skip_event_dates, int depth = 0) {
  if (want.kind() != got.kind() &&
      !(want.is_number() && got.is_number()))  // int64 vs uint64 parse of the same number
    return path + ": kind differs: want " + json::serialize(want).substr(0, 200) + " got " +
           json::serialize(got).substr(0, 200);
  if (want.is_object()) {
    const auto& w = want.get_object();
    const auto& g = got.get_object();
    auto wi = w.begin();
    auto gi = g.begin();
    for (; wi != w.end() && gi != g.end(); ++wi, ++gi) {
      if (wi->key() != gi->key())
        return path + ": key order/name differs: want '" + std::string(wi->key()) + "' got '" + std::string(gi->key()) + "'";
      if (skip_event_dates && depth == 1 && wi->key() == "date") continue;
      auto d = first_difference(wi->value(), gi->value(), path + "." + std::string(wi->key()), skip_event_dates, depth + 1);
      if (!d.empty()) return d;
    }
    if (wi != w.end()) return path + ": missing key '" + std::string(wi->key()) + "'";
    if (gi != g.end()) return path + ": extra key '" + std::string(gi->key()) + "'";
    return "";
  }
  if (want.is_array()) {
    const auto& w = want.get_array();
    const auto& g = got.get_array();
    if (w.size() != g.size())
      return path + ": array size want " + std::to_string(w.size()) + " got " + std::to_string(g.size());
    for (std::size_t i = 0; i < w.size(); ++i) {
      auto d = first_difference(w[i], g[i], path + "[" + std::to_string(i) + "]", skip_event_dates, depth + 1);
      if (!d.empty()) return d;
    }
    return "";
  }
  if (want.is_number()) {
    if (json::value_to<double>(want) != json::value_to<double>(got))
      return path + ": want " + json::serialize(want) + " got " + json::serialize(got);
    return "";
  }
  if (want != got) return path + ": want " + json::serialize(want).substr(0, 300) + " got " + json::serialize(got).substr(0, 300);
  return "";
}

// One imported database and server per engine, set up on first use and kept
// for the whole suite (importing takes a while).
struct GoldenServer {
  fs::path scratch;
  std::string token;
  std::unique_ptr<http::Server> server;
  bool ok = false;
  bool imported = false;

  // `db`: a database URL, or "" for a new SQLite file.
  explicit GoldenServer(std::string db) : scratch(patchloom::testing::make_temp_dir("api-conformance")) {
    if (db.empty()) db = (scratch / "golden.db").string();
    std::string out;
    ok = run_patchloom(scratch,
                       {"--db", db, "project", "add", "--name", "Linux PPC development", "--linkname", "linuxppc-dev",
                        "--listid", "linuxppc-dev.lists.ozlabs.org", "--listemail", "linuxppc-dev@lists.ozlabs.org",
                        "--web-url", "https://github.com/linuxppc/wiki/wiki", "--scm-url",
                        "git://git.kernel.org/pub/scm/linux/kernel/git/powerpc/linux.git", "--webscm-url",
                        "https://git.kernel.org/pub/scm/linux/kernel/git/powerpc/linux.git/", "--list-archive-url",
                        "https://lore.kernel.org/linuxppc-dev/", "--list-archive-url-format",
                        "https://lore.kernel.org/r/{}/", "--commit-url-format",
                        "https://git.kernel.org/pub/scm/linux/kernel/git/powerpc/linux.git/commit/?id={}"},
                       out) == 0;
    ok = ok && run_patchloom(scratch, {"--db", db, "user", "add", "--username", "golden", "--email",
                                       "golden@peer.invalid"},
                             out) == 0;
    ok = ok && run_patchloom(scratch, {"--db", db, "token", "create", "--user", "golden"}, out) == 0;
    if (ok) {
      while (!out.empty() && out.back() == '\n') out.pop_back();
      token = out.substr(out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1);
    }
    // Depends on ingest: the sample mbox through the real import command.
    const std::string mbox = (*patchloom::testing::shared_dir() / "corpus" / "linuxppc-dev-sample.mbox").string();
    imported = ok && run_patchloom(scratch, {"--db", db, "import", "--no-progress", mbox}, out) == 0;
    if (!ok) return;
    http::Config config;
    config.port = 0;
    config.threads = 2;
    config.access_log = [](const http::AccessLogEntry&) {};
    server = std::make_unique<http::Server>(config, api::make_api_handler(api::ApiOptions{db, {}, 4}));
    server->start();
  }
  GoldenServer(const GoldenServer&) = delete;
  GoldenServer& operator=(const GoldenServer&) = delete;
  ~GoldenServer() {
    server.reset();
    fs::remove_all(scratch);
  }
};

// Runs on SQLite and, when a PostgreSQL cluster can be started, PostgreSQL.
class Conformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!patchloom::testing::shared_dir()) GTEST_SKIP() << "no shared data";
    auto& slot = servers_[GetParam()];
    if (!slot) {
      std::string db;
      if (GetParam() == "postgresql") {
        std::string why;
        auto* cluster = patchloom::testing::shared_pg_cluster(&why);
        if (cluster == nullptr) GTEST_SKIP() << "no PostgreSQL: " << why;
        db = cluster->create_schema();
      }
      slot = std::make_unique<GoldenServer>(db);
    }
    golden_ = slot.get();
  }
  static void TearDownTestSuite() { servers_.clear(); }

  struct FileReport {
    int total = 0;
    int differing = 0;
    std::vector<std::string> examples;
    int validated = 0;  // JSON answers checked against the OpenAPI schema
    int violating = 0;  // ... that break it where upstream's answer does not
    int as_upstream = 0;  // ... that break it as upstream's answer does
    std::vector<std::string> violations;
  };

  // patchloom's answer against upstream's OpenAPI schema for it. Upstream's
  // own answers break the schema in places (openapi_schema_test lists them);
  // only violations upstream does not share count.
  static void check_schema(const OpenApiSpec& spec, const std::string& url, int status, const json::value& want,
                           const json::value& got, FileReport& report) {
    const auto* schema = spec.response_schema("GET", url, status);
    if (schema == nullptr) return;
    ++report.validated;
    const auto errors = spec.validate(got, *schema);
    if (errors.empty()) return;
    if (!spec.validate(want, *schema).empty()) {
      ++report.as_upstream;
      return;
    }
    ++report.violating;
    if (report.violations.size() < 3) report.violations.push_back(url + " -> " + errors.front());
  }

  FileReport compare_file(const fs::path& file, const OpenApiSpec& spec) {
    FileReport report;
    const std::string base = "http://127.0.0.1:" + std::to_string(golden_->server->port());
    const bool events = file.filename().string() == "list-events.jsonl";
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      ++report.total;
      replace_all(line, kGoldenBase, base);
      auto golden = json::parse(line).as_object();
      const std::string url(golden.at("url").as_string());
      const int want_status = static_cast<int>(golden.at("status").to_number<int>());
      // The recorded 403s are the unauthenticated requests.
      auto got = http_get(golden_->server->port(), url, want_status == 403 ? "" : golden_->token);
      std::string diff;
      if (got.status != want_status) {
        diff = "status want " + std::to_string(want_status) + " got " + std::to_string(got.status);
      } else if (golden.at("link").is_null() ? got.has_link : got.link != golden.at("link").as_string()) {
        diff = "Link want " + json::serialize(golden.at("link")) + " got '" + got.link + "'";
      } else if (golden.at("body").is_string()) {
        // Upstream's HTML 404 page: patchloom has its own (docs: compatibility).
        if (got.content_type != "text/html; charset=utf-8") diff = "HTML 404 expected, got " + got.content_type;
      } else {
        boost::system::error_code ec;
        auto body = json::parse(got.body, ec);
        diff = ec ? "body is not JSON: " + got.body.substr(0, 200)
                  : first_difference(golden.at("body"), body, "body", events);
        if (!ec) check_schema(spec, url, got.status, golden.at("body"), body, report);
      }
      if (!diff.empty()) {
        ++report.differing;
        if (report.examples.size() < 3) report.examples.push_back(url + " -> " + diff);
      }
    }
    return report;
  }

  void run_version(const std::string& version) {
    ASSERT_TRUE(golden_->ok) << "setting up the database failed";
    const fs::path dir = *patchloom::testing::shared_dir() / "conformance" / "linuxppc-dev-sample" / version;
    const auto spec = OpenApiSpec::load(*patchloom::testing::shared_dir() / "spec" / "schemas" / (version + ".yaml"));
    std::map<std::string, FileReport> reports;
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.path().extension() == ".jsonl")
        reports[entry.path().filename().string()] = compare_file(entry.path(), spec);
    int differing = 0, validated = 0, as_upstream = 0;
    for (const auto& [name, r] : reports) {
      std::cout << "[conformance " << GetParam() << " " << version << "] " << name << ": " << r.differing << "/" << r.total << " differ\n";
      for (const auto& e : r.examples) std::cout << "    " << e << "\n";
      differing += r.differing;
      validated += r.validated;
      as_upstream += r.as_upstream;
      for (const auto& v : r.violations) std::cout << "    schema: " << v << "\n";
      EXPECT_EQ(r.violating, 0) << version << "/" << name << ": answers breaking the OpenAPI schema";
      RecordProperty(GetParam() + "/" + version + "/" + name, std::to_string(r.differing) + "/" + std::to_string(r.total));
    }
    // What does not depend on ingest's output must match exactly.
    EXPECT_EQ(reports["index.jsonl"].differing, 0);
    EXPECT_EQ(reports["project.jsonl"].differing, 0);
    if (!golden_->imported) {
      std::cout << "[conformance " << GetParam() << " " << version << "] the import failed or is incomplete: data-dependent files "
                << "are reported, not asserted\n";
      return;
    }
    for (const auto& [name, r] : reports) EXPECT_EQ(r.differing, 0) << version << "/" << name;
    std::cout << "[conformance " << GetParam() << " " << version << "] total differing responses: " << differing
              << "; " << validated << " answers checked against the OpenAPI schema, " << as_upstream
              << " break it as upstream's do\n";
  }

  // No answers were recorded for v1.1-v1.3: the v1.4 requests are replayed
  // on those versions and patchloom's answers checked against their schemas,
  // with upstream's v1.4 answer standing in for upstream's.
  void check_unrecorded_version(const std::string& version) {
    ASSERT_TRUE(golden_->ok) << "setting up the database failed";
    const auto shared = *patchloom::testing::shared_dir();
    const auto spec = OpenApiSpec::load(shared / "spec" / "schemas" / ("v" + version + ".yaml"));
    FileReport report;
    for (const auto& entry : fs::directory_iterator(shared / "conformance" / "linuxppc-dev-sample" / "v1.4")) {
      std::ifstream in(entry.path());
      std::string line;
      while (std::getline(in, line)) {
        auto golden = json::parse(line).as_object();
        if (golden.at("status").to_number<int>() != 200) continue;
        std::string url(golden.at("url").as_string());
        replace_all(url, "/api/1.4/", "/api/" + version + "/");
        auto got = http_get(golden_->server->port(), url, golden_->token);
        boost::system::error_code ec;
        auto body = json::parse(got.body, ec);
        ASSERT_FALSE(ec) << url << ": " << got.body.substr(0, 200);
        check_schema(spec, url, got.status, golden.at("body"), body, report);
      }
    }
    std::cout << "[openapi " << GetParam() << " v" << version << "] " << report.validated
              << " answers checked against the OpenAPI schema, " << report.as_upstream
              << " break it as upstream's v1.4 answers do\n";
    for (const auto& v : report.violations) std::cout << "    schema: " << v << "\n";
    EXPECT_GT(report.validated, 0);
    EXPECT_EQ(report.violating, 0) << "v" << version << ": answers breaking the OpenAPI schema";
  }

  // The kinds of schema violations in upstream's recorded answers.
  static std::set<std::string> upstream_violation_kinds() {
    std::set<std::string> kinds;
    const auto shared = *patchloom::testing::shared_dir();
    for (const std::string version : {"v1.0", "v1.4"}) {
      const auto spec = OpenApiSpec::load(shared / "spec" / "schemas" / (version + ".yaml"));
      for (const auto& entry : fs::directory_iterator(shared / "conformance" / "linuxppc-dev-sample" / version)) {
        std::ifstream in(entry.path());
        std::string line;
        while (std::getline(in, line)) {
          const auto golden = json::parse(line).as_object();
          const auto* schema = spec.response_schema("GET", std::string(golden.at("url").as_string()),
                                                    golden.at("status").to_number<int>());
          if (schema == nullptr) continue;
          for (const auto& e : spec.validate(golden.at("body"), *schema)) kinds.insert(violation_kind(e));
        }
      }
    }
    return kinds;
  }

  // Fetches `target` and checks it against `spec`; violations of a kind
  // upstream's answers do not have go to `report`. Returns the answer.
  json::value check_unrecorded(const OpenApiSpec& spec, const std::string& target, const std::set<std::string>& known,
                               FileReport& report) {
    auto got = http_get(golden_->server->port(), target, golden_->token);
    boost::system::error_code ec;
    auto body = json::parse(got.body, ec);
    const auto* schema = spec.response_schema("GET", target, got.status);
    if (ec || got.status != 200 || schema == nullptr) return nullptr;  // not in this version
    ++report.validated;
    bool own = false;
    for (const auto& e : spec.validate(body, *schema)) {
      if (known.contains(violation_kind(e))) continue;
      own = true;
      if (report.violations.size() < 5) report.violations.push_back(target + " -> " + e);
    }
    report.violating += own ? 1 : 0;
    return body;
  }

  GoldenServer* golden_ = nullptr;
  static inline std::map<std::string, std::unique_ptr<GoldenServer>> servers_;
};

}  // namespace

TEST(ConformanceCompare, SeesOrderValueAndShapeDifferences) {
  auto a = json::parse(R"({"a":1,"b":[1,{"c":"x"}]})");
  EXPECT_EQ(first_difference(a, json::parse(R"({"a":1,"b":[1,{"c":"x"}]})"), "body", false), "");
  EXPECT_NE(first_difference(a, json::parse(R"({"b":[1,{"c":"x"}],"a":1})"), "body", false), "");
  EXPECT_NE(first_difference(a, json::parse(R"({"a":1,"b":[1,{"c":"y"}]})"), "body", false), "");
  EXPECT_NE(first_difference(a, json::parse(R"({"a":1,"b":[1]})"), "body", false), "");
  EXPECT_NE(first_difference(a, json::parse(R"({"a":1,"b":[1,{"c":"x"}],"d":null})"), "body", false), "");
  auto events = json::parse(R"([{"id":1,"date":"2026-01-01T00:00:00.1","payload":{"date":"x"}}])");
  EXPECT_EQ(first_difference(events, json::parse(R"([{"id":1,"date":"2027","payload":{"date":"x"}}])"), "body", true), "");
  EXPECT_NE(first_difference(events, json::parse(R"([{"id":1,"date":"2027","payload":{"date":"y"}}])"), "body", true), "");
}

TEST_P(Conformance, Version14) {
  PATCHLOOM_REQUIRE_SHARED();
  run_version("v1.4");
}

TEST_P(Conformance, Version10) {
  PATCHLOOM_REQUIRE_SHARED();
  run_version("v1.0");
}

TEST_P(Conformance, UnrecordedVersionsMatchTheirSchemas) {
  PATCHLOOM_REQUIRE_SHARED();
  for (const std::string version : {"1.1", "1.2", "1.3"}) check_unrecorded_version(version);
}

// Endpoints upstream's recording does not cover (lists of covers, users,
// bundles, checks, comments and the first item of each), on every version.
TEST_P(Conformance, UnrecordedEndpointsMatchTheirSchemas) {
  PATCHLOOM_REQUIRE_SHARED();
  ASSERT_TRUE(golden_->ok) << "setting up the database failed";
  const auto known = upstream_violation_kinds();
  const std::string host = "http://127.0.0.1:" + std::to_string(golden_->server->port());
  for (const std::string version : {"1.0", "1.1", "1.2", "1.3", "1.4"}) {
    const auto spec = OpenApiSpec::load(*patchloom::testing::shared_dir() / "spec" / "schemas" / ("v" + version + ".yaml"));
    FileReport report;
    for (const std::string list : {"covers/", "users/", "bundles/", "patches/1/checks/", "patches/1/comments/",
                                   "covers/1/comments/", "projects/", "events/?category=patch-created"}) {
      const auto body = check_unrecorded(spec, "/api/" + version + "/" + list, known, report);
      if (!body.is_array() || body.as_array().empty()) continue;
      const auto* first = body.as_array().front().as_object().if_contains("url");
      if (first != nullptr && first->is_string() && first->as_string().starts_with(host))
        check_unrecorded(spec, std::string(first->as_string()).substr(host.size()), known, report);
    }
    std::cout << "[openapi " << GetParam() << " v" << version << "] " << report.validated
              << " unrecorded answers checked against the OpenAPI schema\n";
    for (const auto& v : report.violations) std::cout << "    schema: " << v << "\n";
    EXPECT_GT(report.validated, 2) << version;
    EXPECT_EQ(report.violating, 0) << "v" << version << ": answers breaking the OpenAPI schema";
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, Conformance, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& engine) { return engine.param; });
