// b4 (Debian's 0.12) against a real `patchloom serve`: a series made with
// git format-patch is imported, `b4 am <msgid>` fetches it through the
// archive (HEAD redirect, then t.mbox.gz) and `git am` applies b4's mbox in a
// throwaway clone, giving the same tree as the original branch.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "../cli/process.hpp"
#include "patchloom/mail/mbox.hpp"
#include "patchloom/mail/message.hpp"
#include "shared_data.hpp"

using namespace patchloom::testing;
namespace fs = std::filesystem;

namespace {

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Shell {
  int status = -1;
  std::string output;
};

// Runs a shell command line with HOME, GIT_CONFIG_GLOBAL and the XDG
// directories inside `home`, so neither git nor b4 reads or writes the
// user's own configuration and caches.
Shell sh(const fs::path& home, const std::string& command) {
  const fs::path log = home / "last-command.log";
  const std::string line = "export HOME=" + quote(home.string()) + " GIT_CONFIG_GLOBAL=" +
                           quote((home / ".gitconfig").string()) + " GIT_CONFIG_NOSYSTEM=1 XDG_CACHE_HOME=" +
                           quote((home / "cache").string()) + " XDG_DATA_HOME=" + quote((home / "data").string()) +
                           " XDG_CONFIG_HOME=" + quote((home / "config").string()) +
                           " GIT_AUTHOR_DATE='2024-01-01T10:00:00Z' GIT_COMMITTER_DATE='2024-01-01T10:00:00Z'; " +
                           "( " + command + " ) > " + quote(log.string()) + " 2>&1";
  Shell r;
  const int status = std::system(line.c_str());
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.output = read_file(log);
  return r;
}

int wait_for_listen_port(const fs::path& scratch) {
  static const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+)/)");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    for (const auto& entry : fs::directory_iterator(scratch)) {
      if (entry.path().extension() != ".err") continue;
      std::smatch m;
      std::string err = read_file(entry.path());
      if (std::regex_search(err, m, listening)) return std::stoi(m[1]);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return 0;
}

class B4EndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists("/usr/bin/b4") || !fs::exists("/usr/bin/git")) GTEST_SKIP() << "b4 or git is not installed";
    dir_ = make_temp_dir("patchloom-b4");
    home_ = dir_ / "home";
    fs::create_directories(home_ / "cache");
    fs::create_directories(dir_ / "server");
    db_ = (dir_ / "archive.db").string();
    // git needs an identity to commit, and b4 0.12 stops silently after the
    // first patch without one.
    std::ofstream(home_ / ".gitconfig") << "[user]\n\tname = Tester\n\temail = tester@example.invalid\n"
                                           "[init]\n\tdefaultBranch = main\n";
  }
  void TearDown() override {
    server_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  Shell run(const std::string& command) { return sh(home_, command); }

  // A repository with a base commit and a three-patch branch; the series as
  // one mbox with a cover letter, threaded shallowly, carrying the List-Id.
  std::string make_series() {
    const std::string src = quote((dir_ / "src").string());
    auto r = run("git init -q " + src + " && cd " + src +
                 " && printf 'int a;\\nint b;\\nint c;\\n' > widget.c && git add widget.c && git commit -qm base"
                 " && git tag base"
                 " && sed -i 's/int a;/int a = 1;/' widget.c && git commit -qam 'widget: set a'"
                 " && sed -i 's/int b;/int b = 2;/' widget.c && git commit -qam 'widget: set b'"
                 " && printf 'From the start\\n' >> widget.c && git commit -qam 'widget: add a From line'"
                 " && git format-patch -q --cover-letter --thread=shallow -o ../patches"
                 " --add-header='List-Id: Archive test <archive-test.lists.example.com>'"
                 " --to=archive-test@lists.example.com base..HEAD"
                 " && cat ../patches/*.patch > ../series.mbox");
    EXPECT_EQ(r.status, 0) << r.output;
    // The cover letter's Message-Id.
    const std::string cover = read_file(dir_ / "patches" / "0000-cover-letter.patch");
    std::smatch m;
    static const std::regex message_id(R"(Message-Id: <([^>]+)>)", std::regex::icase);
    EXPECT_TRUE(std::regex_search(cover, m, message_id));
    return m[1];
  }

  void start_server(const std::string& linkname = "archive-test",
                    const std::string& listid = "archive-test.lists.example.com",
                    const fs::path& mbox = {}) {
    auto add = run_patchloom({"--db", db_, "project", "add", "--linkname", linkname, "--name", linkname, "--listid",
                              listid, "--listemail", "list@lists.example.com"},
                             "", dir_);
    ASSERT_EQ(add.exit_code, 0) << add.err;
    auto import = run_patchloom(
        {"--db", db_, "import", "--no-progress", mbox.empty() ? (dir_ / "series.mbox").string() : mbox.string()}, "",
        dir_);
    ASSERT_EQ(import.exit_code, 0) << import.err;
    ASSERT_EQ(import.err.find("imported 0 messages"), std::string::npos) << import.err;
    import_report_ = import.err;
    server_.emplace(std::vector<std::string>{"--db", db_, "serve", "--listen", "127.0.0.1:0", "--threads", "2"}, "",
                    dir_ / "server");
    port_ = wait_for_listen_port(dir_ / "server");
    ASSERT_GT(port_, 0) << "serve never said where it listens";
  }

  // b4 am with the given midmask; returns the .mbx it wrote ("" on failure).
  fs::path b4_am(const std::string& midmask, const std::string& msgid, const std::string& out_name,
               const std::string& options = "") {
    auto r = run("git config --global b4.midmask " + quote(midmask) +
                 " && git config --global b4.linkmask " + quote("http://127.0.0.1:" + std::to_string(port_) +
                                                                "/archive/r/%s") +
                 " && git config --global b4.searchmask " +
                 quote("http://127.0.0.1:" + std::to_string(port_) + "/archive/all/?x=m&t=1&q=%s") +
                 " && git config --global b4.attestation-policy off");
    EXPECT_EQ(r.status, 0) << r.output;
    const fs::path out = dir_ / out_name;
    fs::create_directories(out);
    r = run("cd " + quote(dir_.string()) + " && b4 --no-interactive am -C " + options + " -o " + quote(out.string()) + " " +
            quote(msgid));
    b4_output_ = r.output;
    EXPECT_EQ(r.status, 0) << r.output << "\nimport: " << import_report_;
    for (const auto& entry : fs::directory_iterator(out))
      if (entry.path().extension() == ".mbx") return entry.path();
    ADD_FAILURE() << "b4 wrote no .mbx:\n" << r.output;
    return {};
  }

  // Applies the mbox on the base commit of a fresh clone; the resulting tree
  // must be the source branch's.
  void expect_applies(const fs::path& mbx) {
    const std::string src = quote((dir_ / "src").string());
    const std::string dst = quote((dir_ / ("dst-" + mbx.parent_path().filename().string())).string());
    auto r = run("git clone -q " + src + " " + dst + " && cd " + dst + " && git checkout -q -b apply base && git am " +
                 quote(mbx.string()) + " && test \"$(git rev-parse HEAD^{tree})\" = \"$(git -C " + src +
                 " rev-parse HEAD^{tree})\" && git log --format=%s base..HEAD");
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("widget: set a\n"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("widget: add a From line"), std::string::npos) << r.output;
  }

  fs::path dir_;
  fs::path home_;
  std::string db_;
  std::optional<Child> server_;
  int port_ = 0;
  std::string b4_output_;
  std::string import_report_;
};

}  // namespace

TEST_F(B4EndToEnd, AmThroughAPerListMidmaskAppliesWithGitAm) {
  const std::string cover = make_series();
  ASSERT_FALSE(cover.empty());
  start_server();
  // Not under /all/: b4 first sends HEAD <list>/<msgid>, follows the Location's
  // directory, then GETs <list>/<msgid>/t.mbox.gz.
  // -c also asks the searchmask (/archive/all/, POST x=m) for newer revisions.
  auto mbx = b4_am("http://127.0.0.1:" + std::to_string(port_) + "/archive/archive-test/%s", cover, "out-list", "-c");
  ASSERT_FALSE(mbx.empty());
  EXPECT_NE(b4_output_.find("Analyzing 4 messages in the thread"), std::string::npos) << b4_output_;
  EXPECT_NE(b4_output_.find("Total patches: 3"), std::string::npos) << b4_output_;
  expect_applies(mbx);
  const std::string mbox = read_file(mbx);
  // b4 keeps the body's "From " line intact through mboxrd quoting.
  EXPECT_NE(mbox.find("\n+From the start\n"), std::string::npos);
  server_->kill(SIGTERM);
  auto result = server_->wait();
  EXPECT_NE(result.err.find("HEAD /archive/archive-test/"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("/t.mbox.gz 200"), std::string::npos) << result.err;
  EXPECT_TRUE(std::regex_search(result.err, std::regex(R"(POST /archive/all/\?x=m&t=1&q=\S+ 200 )"))) << result.err;
}

TEST_F(B4EndToEnd, AmOfOnePatchThroughTheAllAlias) {
  const std::string cover = make_series();
  ASSERT_FALSE(cover.empty());
  start_server();
  // The second patch's id: b4 fetches the whole thread and still finds the series.
  const std::string patch = read_file(dir_ / "patches" / "0002-widget-set-b.patch");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(patch, m, std::regex(R"(Message-Id: <([^>]+)>)", std::regex::icase)));
  auto mbx = b4_am("http://127.0.0.1:" + std::to_string(port_) + "/archive/all/%s", m[1], "out-all");
  ASSERT_FALSE(mbx.empty());
  expect_applies(mbx);
}

// A real series from the sample corpus: b4 finds all eight patches of v9,
// in order, with the corpus's Message-Ids and subjects.
TEST_F(B4EndToEnd, AmOfACorpusSeries) {
  PATCHLOOM_REQUIRE_SHARED();
  const fs::path sample = *shared_dir() / "corpus" / "linuxppc-dev-sample.mbox";
  const std::string cover = "20250114170840.1633-1-ilpo.jarvinen@linux.intel.com";
  // The patches of the series as the corpus has them: subject -> Message-Id.
  std::vector<std::pair<std::string, std::string>> patches;
  auto reader = patchloom::mail::MboxReader::open(sample);
  ASSERT_TRUE(reader) << reader.error();
  while (auto m = reader->next()) {
    auto message = patchloom::mail::Message::parse(std::move(m->raw));
    const auto* subject = message.header("Subject");
    const auto* irt = message.header("In-Reply-To");
    const auto* id = message.header("Message-Id");
    if (subject && irt && id && subject->value.starts_with("[PATCH v9 ") &&
        irt->value.find(cover) != std::string::npos)
      patches.emplace_back(subject->value, id->value);
  }
  std::sort(patches.begin(), patches.end());
  ASSERT_EQ(patches.size(), 8u);
  start_server("linuxppc-dev", "linuxppc-dev.lists.ozlabs.org", sample);
  auto mbx = b4_am("http://127.0.0.1:" + std::to_string(port_) + "/archive/linuxppc-dev/%s", cover, "out-corpus");
  ASSERT_FALSE(mbx.empty());
  EXPECT_NE(b4_output_.find("Total patches: 8"), std::string::npos) << b4_output_;
  const std::string mbox = read_file(mbx);
  std::size_t last = 0;
  for (const auto& [subject, id] : patches) {
    const auto at = mbox.find("Message-Id: " + id, last);
    ASSERT_NE(at, std::string::npos) << id << " missing or out of order";
    // b4 rewrites the subject's prefix but keeps the counter (long subjects are folded).
    const std::string prefix = "Subject: " + subject.substr(0, subject.find(']') + 1);
    EXPECT_NE(mbox.rfind(prefix, at), std::string::npos) << prefix;
    last = at;
  }
  std::size_t subjects = 0;
  for (auto pos = mbox.find("\nSubject: [PATCH v9 "); pos != std::string::npos;
       pos = mbox.find("\nSubject: [PATCH v9 ", pos + 1))
    ++subjects;
  EXPECT_EQ(subjects, 8u);
}
