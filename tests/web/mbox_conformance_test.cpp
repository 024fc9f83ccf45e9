// The mbox downloads against upstream Patchwork's own files for the sample
// corpus (../shared/conformance/linuxppc-dev-sample/mbox): the sample mbox
// imported with the real `patchloom import` into a project set up as
// upstream's was, then every recorded download fetched from the web handler
// and compared byte for byte, with its status, Content-Type and
// Content-Disposition. And `git am` on a series mbox made from a throwaway
// repository with git format-patch.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "patchloom/web/app.hpp"
#include "shared_data.hpp"
#include "web_site.hpp"

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace patchloom;

namespace {

int sh(const std::string& command) { return std::system(command.c_str()); }

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string bin() { return quoted(patchloom::testing::patchloom_binary().string()); }

http::Response fetch(const http::Handler& handler, std::string_view target) {
  http::Request request;
  request.method = "GET";
  if (!http::set_target(request, target)) throw std::runtime_error("bad target");
  request.headers.add("Host", "127.0.0.1:8000");
  return handler(request);
}

}  // namespace

TEST(MboxConformance, ByteIdenticalToUpstream) {
  PATCHLOOM_REQUIRE_SHARED();
  const fs::path shared = *patchloom::testing::shared_dir();
  const fs::path golden = shared / "conformance" / "linuxppc-dev-sample" / "mbox";
  const fs::path scratch = patchloom::testing::make_temp_dir("web-mbox-conformance");
  const std::string db = (scratch / "golden.db").string();
  const std::string quiet = " >" + quoted((scratch / "log").string()) + " 2>&1";
  ASSERT_EQ(sh(bin() + " --db " + quoted(db) +
               " project add --name 'Linux PPC development' --linkname linuxppc-dev"
               " --listid linuxppc-dev.lists.ozlabs.org --listemail linuxppc-dev@lists.ozlabs.org" + quiet),
            0);
  const bool imported =
      sh(bin() + " --db " + quoted(db) + " import --no-progress " +
         quoted((shared / "corpus" / "linuxppc-dev-sample.mbox").string()) + quiet) == 0;
  ASSERT_TRUE(imported) << patchloom::testing::read_file(scratch / "log");

  const http::Handler handler = web::make_web_handler(web::WebOptions{db, {}, 2});
  std::ifstream index(golden / "index.jsonl");
  std::string line;
  int total = 0, mismatches = 0;
  std::map<std::string, int> by_kind;
  while (std::getline(index, line)) {
    ++total;
    const json::object entry = json::parse(line).as_object();
    std::string url(entry.at("url").as_string());
    url = url.substr(url.find('/', std::string_view("http://").size()));
    const auto got = fetch(handler, url);
    const std::string want = patchloom::testing::read_file(golden.parent_path() / std::string(entry.at("file").as_string()));
    std::string why;
    if (got.status != entry.at("status").as_int64())
      why = "status " + std::to_string(got.status);
    else if (got.headers.get("Content-Type").value_or("") != entry.at("content_type").as_string())
      why = "Content-Type " + std::string(got.headers.get("Content-Type").value_or(""));
    else if (got.headers.get("Content-Disposition").value_or("") != entry.at("content_disposition").as_string())
      why = "Content-Disposition " + std::string(got.headers.get("Content-Disposition").value_or(""));
    else if (got.body != want) {
      std::size_t at = 0;
      while (at < want.size() && at < got.body.size() && want[at] == got.body[at]) ++at;
      const std::size_t from = want.rfind('\n', at) == std::string::npos ? 0 : want.rfind('\n', at) + 1;
      why = "body differs at byte " + std::to_string(at) + ": want «" + want.substr(from, at - from + 60) + "» got «" +
            got.body.substr(from, at - from + 60) + "»";
    }
    if (!why.empty()) {
      ++mismatches;
      const std::string kind(entry.at("kind").as_string());
      if (by_kind[kind]++ < 3) std::cout << "  " << url << ": " << why << "\n";
    }
  }
  std::cout << "[mbox conformance] " << mismatches << " of " << total << " downloads differ from upstream\n";
  RecordProperty("mbox_mismatches", mismatches);
  EXPECT_GT(total, 900);
  EXPECT_EQ(mismatches, 0);

  // The list pages over the same data: 691 patches, 100 per page.
  const auto count_rows = [](const std::string& html) {
    std::size_t n = 0;
    for (auto at = html.find("<tr><td>"); at != std::string::npos; at = html.find("<tr><td>", at + 1)) ++n;
    return n;
  };
  const auto first = fetch(handler, "/project/linuxppc-dev/list/?state=*&archived=both");
  EXPECT_NE(first.body.find("691 patches"), std::string::npos);
  EXPECT_EQ(count_rows(first.body), 100u);
  EXPECT_EQ(count_rows(fetch(handler, "/project/linuxppc-dev/list/?state=*&archived=both&page=7").body), 91u);
  EXPECT_NE(first.body.find("page=7"), std::string::npos);
  fs::remove_all(scratch);
}

TEST(MboxGitAm, SeriesMboxAppliesWithGitAm) {
  if (sh("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "git is not installed";
  const fs::path dir = patchloom::testing::make_temp_dir("web-git-am");
  const std::string src = quoted((dir / "src").string()), dst = quoted((dir / "dst").string());
  const std::string git_env =
      "GIT_AUTHOR_NAME=Tester GIT_AUTHOR_EMAIL=tester@example.invalid GIT_COMMITTER_NAME=Tester "
      "GIT_COMMITTER_EMAIL=tester@example.invalid GIT_AUTHOR_DATE='2025-01-14T17:00:00Z' "
      "GIT_COMMITTER_DATE='2025-01-14T17:00:00Z' ";
  const std::string quiet = " >/dev/null 2>&1";
  ASSERT_EQ(sh("git init -q " + src + " && cd " + src + " && printf 'base\\n' > f.txt && git add f.txt && " + git_env +
               "git commit -q -m base" + quiet),
            0);
  for (int i = 1; i <= 3; ++i) {
    ASSERT_EQ(sh("cd " + src + " && printf 'line " + std::to_string(i) + "\\nFrom the start\\n' >> f.txt && " + git_env +
                 "git commit -q -am 'syn: change number " + std::to_string(i) + "'" + quiet),
              0);
  }
  ASSERT_EQ(sh("cd " + src + " && " + git_env +
               "git format-patch -q --cover-letter --thread -o ../out HEAD~3 && "
               "sed -i 's/\\*\\*\\* SUBJECT HERE \\*\\*\\*/synthetic series/' ../out/0000-cover-letter.patch" + quiet),
            0);

  patchloom::testing::WebSite site("syn", "syn.example.org");
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir / "out")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 4u);
  for (const fs::path& f : files) {
    std::string mail = patchloom::testing::read_file(f);
    mail = mail.substr(mail.find('\n') + 1);  // the "From <sha> ..." line
    EXPECT_NE(site.ingest("List-Id: <syn.example.org>\n" + mail), "rejected");
  }
  const auto series = site.get("/series/1/mbox/");
  ASSERT_EQ(series.status, 200);
  std::ofstream(dir / "series.mbox") << series.body;
  ASSERT_EQ(sh("git clone -q " + src + " " + dst + quiet + " && cd " + dst + " && git reset -q --hard HEAD~3 && " +
               git_env + "git am -q ../series.mbox" + quiet),
            0);
  EXPECT_EQ(sh("test \"$(git -C " + src + " rev-parse 'HEAD^{tree}')\" = \"$(git -C " + dst +
               " rev-parse 'HEAD^{tree}')\""),
            0);
  EXPECT_EQ(sh("test \"$(git -C " + dst + " log --format=%s -1)\" = 'syn: change number 3'"), 0);
  fs::remove_all(dir);
}
