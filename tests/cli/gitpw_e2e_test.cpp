// End to end with Debian's real git-pw (2.0) and curl against a real
// `patchloom serve` on 127.0.0.1 (spec/archive-and-clients.md §3, §5.3, §5.5):
// the linuxppc-dev sample corpus is imported, plus a three-patch series made
// with `git format-patch` here, so that `git pw series apply` has something
// that applies to a repository the test owns.
//
// git-pw 2.0 has no `check` command: checks are created and listed with curl
// the way pwclient's REST backend and CI bots do.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "patchloom/store/database.hpp"
#include "process.hpp"
#include "shared_data.hpp"

namespace patchloom::testing {
namespace {

namespace fs = std::filesystem;

struct Shell {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

bool have_tools() { return std::system("command -v git-pw >/dev/null 2>&1 && command -v curl >/dev/null 2>&1") == 0; }

// A fixture shared by the suite: one server, one database, one set of repos.
class GitPwEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!shared_dir() || !have_tools()) return;
    dir_ = new fs::path(make_temp_dir("gitpw-e2e"));
    db_ = new std::string((*dir_ / "pw.db").string());
    fs::create_directories(*dir_ / "home");
    setup_ok_ = prepare();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    if (dir_) fs::remove_all(*dir_);
    delete dir_;
    delete db_;
    dir_ = nullptr;
    db_ = nullptr;
  }
  void SetUp() override {
    PATCHLOOM_REQUIRE_SHARED();
    if (!have_tools()) GTEST_SKIP() << "git-pw or curl is not installed";
    ASSERT_TRUE(setup_ok_) << setup_log_;
  }

  // Runs `script` with sh in `cwd` (relative to the scratch directory), HOME
  // and git configuration private to the test.
  static Shell sh(const std::string& script, const std::string& cwd = ".") {
    static int counter = 0;
    const fs::path file = *dir_ / ("script-" + std::to_string(counter++) + ".sh");
    const fs::path out = file.string() + ".out";
    std::ofstream(file) << "set -e\n"
                        << "export HOME='" << (*dir_ / "home").string() << "' GIT_PAGER=cat PAGER=cat "
                        << "GIT_CONFIG_NOSYSTEM=1 LC_ALL=C.UTF-8 PATCHLOOM='" << patchloom_binary().string()
                        << "' DB='" << *db_ << "' SRV='http://127.0.0.1:" << port_ << "' TOKEN='" << token_ << "'\n"
                        << "export GIT_AUTHOR_DATE='2026-01-02T03:04:05Z' GIT_COMMITTER_DATE='2026-01-02T03:04:05Z'\n"
                        << "cd '" << (*dir_ / cwd).string() << "'\n"
                        << script << "\n";
    const int status = std::system(("sh '" + file.string() + "' >'" + out.string() + "' 2>&1").c_str());
    Shell result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_file(out);
    return result;
  }

  static long long query(const std::string& sql, const store::Params& params = {}) {
    auto db = store::Database::open(*db_);
    return db.query_value<long long>(sql, params).value_or(-1);
  }
  static std::string query_text(const std::string& sql, const store::Params& params = {}) {
    auto db = store::Database::open(*db_);
    return db.query_value<std::string>(sql, params).value_or("");
  }

  static bool step(const Shell& r, const std::string& what) {
    setup_log_ += "== " + what + " (exit " + std::to_string(r.exit_code) + ")\n" + r.out + "\n";
    return r.exit_code == 0;
  }

  static bool prepare() {
    // The site: project, maintainer with a token, a second user.
    if (!step(sh("$PATCHLOOM --db \"$DB\" project add --linkname linuxppc-dev --name 'Linux PPC development' "
                 "--listid linuxppc-dev.lists.ozlabs.org --listemail linuxppc-dev@lists.ozlabs.org\n"
                 "echo secret | $PATCHLOOM --db \"$DB\" user add --username maint --email maint@example.com "
                 "--password-stdin\n"
                 "$PATCHLOOM --db \"$DB\" user add --username bystander --email by@example.com\n"
                 "$PATCHLOOM --db \"$DB\" project maintainer add linuxppc-dev --user maint\n"
                 "$PATCHLOOM --db \"$DB\" token create --user maint > token.txt\n"
                 "$PATCHLOOM --db \"$DB\" token create --user bystander > bystander-token.txt\n"),
              "site"))
      return false;
    token_ = read_file(*dir_ / "token.txt");
    while (!token_.empty() && token_.back() == '\n') token_.pop_back();

    // The corpus, then a synthetic series that applies to a repository here.
    const auto corpus = *shared_dir() / "corpus" / "linuxppc-dev-sample.mbox";
    if (!step(sh("$PATCHLOOM --db \"$DB\" import --no-progress '" + corpus.string() + "'"), "import corpus"))
      return false;
    if (!step(sh("git config --global user.name Tester\n"
                 "git config --global user.email tester@example.invalid\n"
                 "git config --global init.defaultBranch main\n"
                 "git init -q src && cd src\n"
                 "printf 'line1\\nline2\\n' > a.txt && git add . && git commit -qm base && git tag base\n"
                 "for i in 1 2 3; do\n"
                 "  echo \"change $i\" >> a.txt; echo \"new $i\" > f$i.txt; git add -A\n"
                 "  git commit -qm \"syn: change number $i\" -m \"Body $i.\" "
                 "-m 'Signed-off-by: Tester <tester@example.invalid>'\n"
                 "done\n"
                 "git format-patch -q --cover-letter --thread=shallow --subject-prefix='PATCH v1' -o ../out base..HEAD\n"
                 "sed -i 's/\\*\\*\\* SUBJECT HERE \\*\\*\\*/synthetic three-patch series/; "
                 "s/\\*\\*\\* BLURB HERE \\*\\*\\*/Cover text./' ../out/0000-cover-letter.patch\n"
                 "for f in ../out/*.patch; do\n"
                 "  { printf 'To: linuxppc-dev@lists.ozlabs.org\\nList-Id: <linuxppc-dev.lists.ozlabs.org>\\n'; "
                 "sed 1d \"$f\"; } | $PATCHLOOM --db \"$DB\" ingest\n"
                 "done\n"
                 "git rev-parse 'HEAD^{tree}' > ../want-tree.txt\n"),
              "synthetic series"))
      return false;

    server_ = new Child({"--db", *db_, "serve", "--listen", "127.0.0.1:0", "--threads", "2"}, "", *dir_);
    port_ = wait_for_port();
    if (port_ == 0) {
      setup_log_ += "serve never said where it listens\n";
      return false;
    }
    return step(sh("git config --global pw.server \"$SRV/api/1.2\"\n"
                   "git config --global pw.project linuxppc-dev\n"
                   "git config --global pw.token \"$TOKEN\"\n"),
                "git-pw configuration");
  }

  static int wait_for_port() {
    static const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+)/)");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      for (const auto& entry : fs::directory_iterator(*dir_)) {
        if (entry.path().extension() != ".err") continue;
        std::smatch m;
        const std::string err = read_file(entry.path());
        if (std::regex_search(err, m, listening)) return std::stoi(m[1]);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
  }

  static long long synthetic_patch(int n) {
    return query("SELECT id FROM patch WHERE name = :n", {"[v1," + std::to_string(n) + "/3] syn: change number " + std::to_string(n)});
  }
  static long long synthetic_series() {
    return query("SELECT id FROM series WHERE name = 'synthetic three-patch series'");
  }
  // A fresh clone of the source repository reset to `base`, in dst/.
  static Shell fresh_clone() { return sh("rm -rf dst && git clone -q src dst && git -C dst reset -q --hard base"); }

  static inline fs::path* dir_ = nullptr;
  static inline std::string* db_ = nullptr;
  static inline Child* server_ = nullptr;
  static inline int port_ = 0;
  static inline std::string token_;
  static inline bool setup_ok_ = false;
  static inline std::string setup_log_;
};

TEST_F(GitPwEndToEnd, PatchListAndShow) {
  auto list = sh("git pw patch list -f csv");
  ASSERT_EQ(list.exit_code, 0) << list.out;
  EXPECT_EQ(list.out.rfind("\"ID\",\"Date\",\"Name\",\"Submitter\",\"State\",\"Archived\",\"Delegate\"\n", 0), 0u)
      << list.out;
  // Newest first: the synthetic series (2026) comes before the corpus (2025).
  EXPECT_NE(list.out.find("\"" + std::to_string(synthetic_patch(3)) + "\",") , std::string::npos) << list.out;
  EXPECT_NE(list.out.find("\"[v1,1/3] syn: change number 1\",\"Tester (tester@example.invalid)\",\"new\",\"no\",\"\""),
            std::string::npos)
      << list.out;

  const long long id = synthetic_patch(1);
  auto show = sh("git pw patch show " + std::to_string(id) + " -f csv");
  ASSERT_EQ(show.exit_code, 0) << show.out;
  const std::string msgid = query_text("SELECT msgid FROM patch WHERE id = :id", {id});
  EXPECT_NE(show.out.find("\"Message ID\",\"" + msgid + "\""), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("\"State\",\"new\""), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("\"Project\",\"Linux PPC development\""), std::string::npos) << show.out;
  char series_cell[64];
  std::snprintf(series_cell, sizeof series_cell, "\"Series\",\"%-4lld synthetic three-patch series\"", synthetic_series());
  EXPECT_NE(show.out.find(series_cell), std::string::npos) << show.out;

  // A patch of the corpus, by its id.
  const long long corpus_patch = query("SELECT MIN(id) FROM patch");
  auto corpus_show = sh("git pw patch show " + std::to_string(corpus_patch) + " -f csv");
  ASSERT_EQ(corpus_show.exit_code, 0) << corpus_show.out;
  EXPECT_NE(corpus_show.out.find(query_text("SELECT name FROM patch WHERE id = :id", {corpus_patch})), std::string::npos)
      << corpus_show.out;

  auto missing = sh("git pw patch show 999999 || echo \"exit=$?\"");
  EXPECT_NE(missing.out.find("Resource not found"), std::string::npos) << missing.out;
  EXPECT_NE(missing.out.find("exit=1"), std::string::npos) << missing.out;
}

TEST_F(GitPwEndToEnd, PatchUpdateStateDelegateAndArchive) {
  const std::string id = std::to_string(synthetic_patch(2));
  auto update = sh("git pw patch update --state accepted --delegate maint --commit-ref 0123abcd " + id + " -f csv");
  ASSERT_EQ(update.exit_code, 0) << update.out;
  EXPECT_NE(update.out.find("\"State\",\"accepted\""), std::string::npos) << update.out;
  EXPECT_NE(update.out.find("\"Delegate\",\"maint\""), std::string::npos) << update.out;
  EXPECT_NE(update.out.find("\"Commit Ref\",\"0123abcd\""), std::string::npos) << update.out;
  // The stored state, and the events the change recorded.
  EXPECT_EQ(query_text("SELECT s.slug FROM patch p JOIN state s ON s.id = p.state_id WHERE p.id = :id", {std::stoll(id)}),
            "accepted");
  EXPECT_EQ(query_text("SELECT u.username FROM patch p JOIN users u ON u.id = p.delegate_id WHERE p.id = :id",
                       {std::stoll(id)}),
            "maint");
  auto events = sh("curl -sf \"$SRV/api/events/?patch=" + id + "&category=patch-state-changed\"");
  EXPECT_NE(events.out.find("\"previous_state\":\"new\",\"current_state\":\"accepted\""), std::string::npos)
      << events.out;
  EXPECT_NE(events.out.find("\"username\":\"maint\""), std::string::npos) << events.out;

  // Archived patches leave the default list and show up with --archived.
  ASSERT_EQ(sh("git pw patch update --archived true " + id).exit_code, 0);
  auto active = sh("git pw patch list -f csv --state accepted");
  EXPECT_EQ(active.out.find("\"" + id + "\","), std::string::npos) << active.out;
  auto archived = sh("git pw patch list -f csv --state accepted --archived");
  EXPECT_NE(archived.out.find("\"" + id + "\","), std::string::npos) << archived.out;
  EXPECT_NE(archived.out.find("\"accepted\",\"yes\",\"maint\""), std::string::npos) << archived.out;

  // A user who does not maintain the project is refused, and nothing changes.
  auto refused = sh("git -c pw.token=$(cat bystander-token.txt) pw patch update --state rejected " + id +
                    " || echo \"exit=$?\"");
  EXPECT_NE(refused.out.find("You do not have permission to perform this action."), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("exit=1"), std::string::npos) << refused.out;
  EXPECT_EQ(query_text("SELECT s.slug FROM patch p JOIN state s ON s.id = p.state_id WHERE p.id = :id", {std::stoll(id)}),
            "accepted");
  // A bad token is refused even for reads.
  auto bad = sh("git -c pw.token=0000000000000000000000000000000000000000 pw patch list || echo \"exit=$?\"");
  EXPECT_NE(bad.out.find("Invalid token."), std::string::npos) << bad.out;
}

TEST_F(GitPwEndToEnd, SeriesListShowAndApply) {
  const std::string sid = std::to_string(synthetic_series());
  auto list = sh("git pw series list -f csv");
  ASSERT_EQ(list.exit_code, 0) << list.out;
  EXPECT_NE(list.out.find("\"" + sid + "\","), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("\"synthetic three-patch series\",\"1\""), std::string::npos) << list.out;

  auto show = sh("git pw series show " + sid + " -f csv");
  ASSERT_EQ(show.exit_code, 0) << show.out;
  EXPECT_NE(show.out.find("\"Received\",\"3 of 3\""), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("\"Complete\",\"True\""), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("[v1,0/3] synthetic three-patch series"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("[v1,3/3] syn: change number 3"), std::string::npos) << show.out;

  ASSERT_EQ(fresh_clone().exit_code, 0);
  auto apply = sh("git pw series apply " + sid, "dst");
  ASSERT_EQ(apply.exit_code, 0) << apply.out;
  EXPECT_NE(apply.out.find("Applying: syn: change number 1"), std::string::npos) << apply.out;
  EXPECT_NE(apply.out.find("Applying: syn: change number 3"), std::string::npos) << apply.out;
  auto tree = sh("git rev-parse 'HEAD^{tree}'", "dst");
  EXPECT_EQ(tree.out, read_file(*dir_ / "want-tree.txt"));

  // One patch with its dependencies (?series=*).
  ASSERT_EQ(fresh_clone().exit_code, 0);
  auto patch_apply = sh("git pw patch apply " + std::to_string(synthetic_patch(3)), "dst");
  ASSERT_EQ(patch_apply.exit_code, 0) << patch_apply.out;
  EXPECT_EQ(sh("git rev-parse 'HEAD^{tree}'", "dst").out, read_file(*dir_ / "want-tree.txt"));
}

TEST_F(GitPwEndToEnd, Bundles) {
  const std::string p1 = std::to_string(synthetic_patch(1)), p2 = std::to_string(synthetic_patch(2)),
                    p3 = std::to_string(synthetic_patch(3));
  auto create = sh("git pw bundle create --public e2e-bundle " + p2 + " " + p3 + " -f csv");
  ASSERT_EQ(create.exit_code, 0) << create.out;
  EXPECT_NE(create.out.find("\"Name\",\"e2e-bundle\""), std::string::npos) << create.out;
  EXPECT_NE(create.out.find("\"Public\",\"True\""), std::string::npos) << create.out;

  // git-pw 2.0 sends PATCH/DELETE to /bundles/<what was typed>/, so changes
  // need the bundle's id (by name they are a 404 upstream too); reads take names.
  const std::string bid = std::to_string(query("SELECT id FROM bundle WHERE name = 'e2e-bundle'"));
  // git-pw puts added patches first: the bundle (and its mbox) is 1, 2, 3.
  auto add = sh("git pw bundle add " + bid + " " + p1 + " -f csv");
  ASSERT_EQ(add.exit_code, 0) << add.out;
  EXPECT_NE(add.out.find("syn: change number 1"), std::string::npos) << add.out;
  EXPECT_EQ(query("SELECT COUNT(*) FROM bundle_patch bp JOIN bundle b ON b.id = bp.bundle_id WHERE b.name = 'e2e-bundle'"),
            3);

  auto list = sh("git pw bundle list -f csv");
  ASSERT_EQ(list.exit_code, 0) << list.out;
  EXPECT_NE(list.out.find("\"e2e-bundle\",\"maint\",\"yes\""), std::string::npos) << list.out;

  // Anyone may read a public bundle's mbox; the series applies from it.
  ASSERT_EQ(fresh_clone().exit_code, 0);
  auto apply = sh("git pw bundle apply e2e-bundle", "dst");
  EXPECT_EQ(apply.exit_code, 0) << apply.out;
  EXPECT_EQ(sh("git rev-parse 'HEAD^{tree}'", "dst").out, read_file(*dir_ / "want-tree.txt"));

  auto remove = sh("git pw bundle remove " + bid + " " + p1 + " -f csv");
  ASSERT_EQ(remove.exit_code, 0) << remove.out;
  EXPECT_EQ(query("SELECT COUNT(*) FROM bundle_patch bp JOIN bundle b ON b.id = bp.bundle_id WHERE b.name = 'e2e-bundle'"),
            2);
  ASSERT_EQ(sh("git pw bundle delete " + bid).exit_code, 0);
  EXPECT_EQ(query("SELECT COUNT(*) FROM bundle WHERE name = 'e2e-bundle'"), 0);
}

TEST_F(GitPwEndToEnd, ChecksWithCurlAsPwclientAndBotsSendThem) {
  const std::string id = std::to_string(synthetic_patch(1));
  auto create = sh("curl -s -o check.json -w '%{http_code}' -X POST -H \"Authorization: Token $TOKEN\" "
                   "-H 'Content-Type: application/json' "
                   "-d '{\"context\":\"ci-build\",\"state\":\"success\",\"target_url\":\"https://ci.example.com/1\","
                   "\"description\":\"built\"}' \"$SRV/api/patches/" + id + "/checks/\"; echo; cat check.json");
  ASSERT_EQ(create.exit_code, 0) << create.out;
  EXPECT_EQ(create.out.rfind("201\n", 0), 0u) << create.out;
  EXPECT_NE(create.out.find("\"context\":\"ci-build\""), std::string::npos) << create.out;
  // Form-encoded, as git-pw-style clients send.
  auto form = sh("curl -s -o /dev/null -w '%{http_code}' -X POST -H \"Authorization: Token $TOKEN\" "
                 "-d 'state=warning&context=lint' \"$SRV/api/patches/" + id + "/checks/\"");
  EXPECT_EQ(form.out, "201");
  auto list = sh("curl -sf \"$SRV/api/patches/" + id + "/checks/\"");
  EXPECT_NE(list.out.find("\"context\":\"ci-build\""), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("\"context\":\"lint\""), std::string::npos) << list.out;
  auto patch = sh("curl -sf \"$SRV/api/patches/" + id + "/\"");
  EXPECT_NE(patch.out.find("\"check\":\"warning\""), std::string::npos) << patch.out;
  auto events = sh("curl -sf \"$SRV/api/events/?category=check-created&patch=" + id + "\"");
  EXPECT_NE(events.out.find("\"state\":\"success\""), std::string::npos) << events.out;

  // Refused without credentials or permission; nothing stored.
  auto anonymous = sh("curl -s -w ' %{http_code}' -X POST -d 'state=fail' \"$SRV/api/patches/" + id + "/checks/\"");
  EXPECT_EQ(anonymous.out, R"({"detail":"You do not have permission to perform this action."} 403)");
  auto bad = sh("curl -s -w ' %{http_code}' -X POST -H \"Authorization: Token $TOKEN\" -d 'state=nope' "
                "\"$SRV/api/patches/" + id + "/checks/\"");
  EXPECT_EQ(bad.out, R"({"state":["\"nope\" is not a valid choice."]} 400)");
  EXPECT_EQ(query("SELECT COUNT(*) FROM check_result WHERE patch_id = :id", {std::stoll(id)}), 2);
}

TEST_F(GitPwEndToEnd, RestWritesAsPwclientSendsThem) {
  const std::string id = std::to_string(synthetic_patch(3));
  auto json = sh("curl -s -w ' %{http_code}' -X PATCH -H \"Authorization: Token $TOKEN\" "
                 "-H 'Content-Type: application/json' -d '{\"state\":\"under-review\",\"archived\":false}' "
                 "\"$SRV/api/patches/" + id + "/\"");
  EXPECT_NE(json.out.find("\"state\":\"under-review\""), std::string::npos) << json.out;
  EXPECT_EQ(json.out.substr(json.out.size() - 4), " 200");
  // b4's lookup without the trailing slash, then its form-encoded PATCH.
  auto b4 = sh("curl -s -o /dev/null -w '%{http_code}' -X PATCH -H \"Authorization: Token $TOKEN\" -d 'state=rfc' "
               "\"$SRV/api/1.2/patches/" + id + "/\"");
  EXPECT_EQ(b4.out, "200");
  auto anonymous = sh("curl -s -w ' %{http_code}' -X PATCH -d 'state=new' \"$SRV/api/patches/" + id + "/\"");
  EXPECT_EQ(anonymous.out, R"({"detail":"Authentication credentials were not provided."} 403)");
  auto bogus = sh("curl -s -w ' %{http_code}' -X PATCH -H \"Authorization: Token $TOKEN\" -d 'state=bogus' "
                  "\"$SRV/api/patches/" + id + "/\"");
  EXPECT_NE(bogus.out.find(R"({"state":["Invalid state bogus. Expected one of: new, under-review,)"), std::string::npos)
      << bogus.out;
  auto malformed = sh("curl -s -w ' %{http_code}' -X PATCH -H \"Authorization: Token $TOKEN\" "
                      "-H 'Content-Type: application/json' -d '{' \"$SRV/api/patches/" + id + "/\"");
  EXPECT_NE(malformed.out.find("JSON parse error - "), std::string::npos) << malformed.out;
  EXPECT_EQ(malformed.out.substr(malformed.out.size() - 4), " 400");
  EXPECT_EQ(query_text("SELECT s.slug FROM patch p JOIN state s ON s.id = p.state_id WHERE p.id = :id", {std::stoll(id)}),
            "rfc");
  // Basic authentication works the same as a token.
  auto basic = sh("curl -s -o /dev/null -w '%{http_code}' -u maint:secret -X PATCH -d 'state=new' "
                  "\"$SRV/api/patches/" + id + "/\"");
  EXPECT_EQ(basic.out, "200");
  // The bulk extension: the whole series in one request.
  auto bulk = sh("curl -s -o /dev/null -w '%{http_code}' -X PATCH -H \"Authorization: Token $TOKEN\" "
                 "-d 'state=deferred' \"$SRV/api/patches/?series=" + std::to_string(synthetic_series()) + "\"");
  EXPECT_EQ(bulk.out, "200");
  EXPECT_EQ(query("SELECT COUNT(*) FROM patch p JOIN state s ON s.id = p.state_id WHERE p.series_id = :s AND "
                  "s.slug = 'deferred'",
                  {synthetic_series()}),
            3);
}

TEST_F(GitPwEndToEnd, SecretsAreNotStoredOrLoggedInClear) {
  EXPECT_EQ(query("SELECT COUNT(*) FROM api_token WHERE key_hash = :t OR lookup = :t", {token_}), 0);
  EXPECT_EQ(query("SELECT COUNT(*) FROM users WHERE password_hash = 'secret'"), 0);
  EXPECT_EQ(query_text("SELECT substr(password_hash, 1, 10) FROM users WHERE username = 'maint'"), "$argon2id$");
  // The access log so far (the server's stderr) names no credential.
  for (const auto& entry : fs::directory_iterator(*dir_)) {
    if (entry.path().extension() != ".err") continue;
    const std::string log = read_file(entry.path());
    EXPECT_EQ(log.find(token_), std::string::npos);
    EXPECT_EQ(log.find("bWFpbnQ6c2VjcmV0"), std::string::npos);  // maint:secret in base64
  }
}

}  // namespace
}  // namespace patchloom::testing
