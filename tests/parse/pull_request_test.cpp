#include "patchloom/parse/pull_request.hpp"

#include <gtest/gtest.h>

#include <string>

namespace patchloom::parse {
namespace {

// The template of spec/parser.md §4.5.
std::string pull_mail(const std::string& url_lines) {
  return "The following changes since commit 0123456789abcdef:\n\n  Linux 6.1 (2022-12-11)\n\n"
         "are available in the git repository at:\n\n  " +
         url_lines + "\n\nfoo";
}

TEST(PullRequest, SpecVectors) {
  const char* same[] = {"git@github.com:foo/bar.git master", "user@host:/srv/git/repo.git br", "ftp://x/y z",
                        "https://github.com/foo/bar.git tags/v1.0"};
  for (const char* url : same) {
    SCOPED_TRACE(url);
    EXPECT_EQ(parse_pull_request(pull_mail(url)), std::optional<std::string>(url));
  }
  EXPECT_EQ(parse_pull_request(pull_mail("https://example.com/r.git \\\n  branch")),
            std::optional<std::string>("https://example.com/r.git \\ branch"));
  // E-4: a lone word two lines later becomes the branch.
  EXPECT_EQ(parse_pull_request(pull_mail("https://github.com/foo/bar.git")),
            std::optional<std::string>("https://github.com/foo/bar.git foo"));
  for (const char* url : {"https://host/a b c", "https://h/x?y=1 br", "<https://h/x.git> br"}) {
    SCOPED_TRACE(url);
    EXPECT_EQ(parse_pull_request(pull_mail(url)), std::nullopt);
  }
}

TEST(PullRequest, CaseAndNoPull) {
  EXPECT_EQ(parse_pull_request("the following changes since commit abc:\nx\nare available in the Git repository "
                               "at:\n  git://h/r.git next\n"),
            std::optional<std::string>("git://h/r.git next"));
  EXPECT_EQ(parse_pull_request("Just a patch.\n"), std::nullopt);
  EXPECT_EQ(parse_pull_request("  The following changes since commit abc:\nare available in the git repository "
                               "at:\n  git://h/r.git next\n"),
            std::nullopt);  // the phrase must start a line
}

}  // namespace
}  // namespace patchloom::parse
