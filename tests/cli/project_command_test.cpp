#include <gtest/gtest.h>

#include "cli_fixture.hpp"

namespace patchloom::testing {
namespace {

class ProjectCommandTest : public CliTest {};

TEST_F(ProjectCommandTest, AddListShowEditRoundTrip) {
  auto added = patchloom({"project", "add", "--linkname", "widgets", "--name", "Widget tools", "--listid",
                          "widgets.lists.example.com", "--listemail", "widgets@lists.example.com", "--web-url",
                          "https://widgets.example.com/", "--list-archive-url-format",
                          "https://lore.example.com/r/{}/", "--subject-match", "\\[widgets\\]"});
  ASSERT_EQ(added.exit_code, 0) << added.err;

  auto list = patchloom({"project", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("widgets\twidgets.lists.example.com\tWidget tools"), std::string::npos) << list.out;

  auto show = patchloom({"project", "show", "widgets"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("name: Widget tools\n"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("listemail: widgets@lists.example.com\n"), std::string::npos);
  EXPECT_NE(show.out.find("web_url: https://widgets.example.com/\n"), std::string::npos);
  EXPECT_NE(show.out.find("list_archive_url_format: https://lore.example.com/r/{}/\n"), std::string::npos);
  EXPECT_NE(show.out.find("subject_match: \\[widgets\\]\n"), std::string::npos);
  EXPECT_NE(show.out.find("use_tags: true\n"), std::string::npos);

  auto edit = patchloom({"project", "edit", "widgets", "--name", "Widgets", "--scm-url", "git://example.com/w.git"});
  ASSERT_EQ(edit.exit_code, 0) << edit.err;
  show = patchloom({"project", "show", "widgets"});
  EXPECT_NE(show.out.find("name: Widgets\n"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("scm_url: git://example.com/w.git\n"), std::string::npos) << show.out;
  // Fields not given to edit keep their value.
  EXPECT_NE(show.out.find("web_url: https://widgets.example.com/\n"), std::string::npos) << show.out;
  EXPECT_EQ(count("SELECT COUNT(*) FROM project WHERE name = 'Widgets'"), 1);
}

TEST_F(ProjectCommandTest, ListIsOrderedByLinkname) {
  for (const char* linkname : {"zeta", "alpha", "mid"}) {
    auto r = patchloom({"project", "add", "--linkname", linkname, "--name", std::string("P ") + linkname, "--listid",
                        std::string(linkname) + ".example.com", "--listemail", std::string(linkname) + "@example.com"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  auto list = patchloom({"project", "list"});
  const auto alpha = list.out.find("alpha"), mid = list.out.find("mid"), zeta = list.out.find("zeta");
  ASSERT_NE(zeta, std::string::npos);
  EXPECT_LT(alpha, mid);
  EXPECT_LT(mid, zeta);
}

TEST_F(ProjectCommandTest, DuplicateLinknameIsRefused) {
  add_test_project();
  auto again = patchloom({"project", "add", "--linkname", "cli-test", "--name", "Another", "--listid",
                          "other.example.com", "--listemail", "other@example.com"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("linkname 'cli-test' already exists"), std::string::npos) << again.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM project"), 1);
}

TEST_F(ProjectCommandTest, DuplicateNameAndSecondDefaultProjectAreRefused) {
  add_test_project();
  auto same_name = patchloom({"project", "add", "--linkname", "other", "--name", "CLI test", "--listid",
                              "other.example.com", "--listemail", "other@example.com"});
  EXPECT_NE(same_name.exit_code, 0);
  EXPECT_NE(same_name.err.find("named 'CLI test' already exists"), std::string::npos) << same_name.err;

  // A second project on the same list needs its own subject_match.
  auto second_default = patchloom({"project", "add", "--linkname", "other", "--name", "Other", "--listid",
                                   kTestListId, "--listemail", "other@example.com"});
  EXPECT_NE(second_default.exit_code, 0);
  EXPECT_NE(second_default.err.find("already has a default project"), std::string::npos) << second_default.err;
  auto with_match = patchloom({"project", "add", "--linkname", "other", "--name", "Other", "--listid", kTestListId,
                               "--listemail", "other@example.com", "--subject-match", "PROJECT[\\s]?X"});
  EXPECT_EQ(with_match.exit_code, 0) << with_match.err;
}

TEST_F(ProjectCommandTest, BadSubjectRegexIsRefused) {
  auto r = patchloom({"project", "add", "--linkname", "bad", "--name", "Bad", "--listid", "bad.example.com",
                      "--listemail", "bad@example.com", "--subject-match", "[unclosed"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("subject_match '[unclosed' is not a valid regular expression"), std::string::npos) << r.err;

  add_test_project();
  auto edit = patchloom({"project", "edit", "cli-test", "--subject-match", "(a"});
  EXPECT_NE(edit.exit_code, 0);
  EXPECT_NE(edit.err.find("not a valid regular expression"), std::string::npos) << edit.err;
}

TEST_F(ProjectCommandTest, SubjectMatchLongerThan64IsRefused) {
  auto r = patchloom({"project", "add", "--linkname", "long", "--name", "Long", "--listid", "long.example.com",
                      "--listemail", "long@example.com", "--subject-match", std::string(65, 'a')});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("subject_match must be at most 64 characters"), std::string::npos) << r.err;
}

TEST_F(ProjectCommandTest, LinknameMustBeASlug) {
  auto r = patchloom({"project", "add", "--linkname", "has space", "--name", "S", "--listid", "s.example.com",
                      "--listemail", "s@example.com"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("is not a slug"), std::string::npos) << r.err;
}

TEST_F(ProjectCommandTest, UnknownProjectIsAnError) {
  add_test_project();
  auto show = patchloom({"project", "show", "nope"});
  EXPECT_NE(show.exit_code, 0);
  EXPECT_NE(show.err.find("no project with linkname 'nope'"), std::string::npos) << show.err;
  auto edit = patchloom({"project", "edit", "nope", "--name", "x"});
  EXPECT_NE(edit.exit_code, 0);
}

TEST_F(ProjectCommandTest, RequiredFieldsAreRequired) {
  auto r = patchloom({"project", "add", "--linkname", "x", "--name", "X"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--listid"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace patchloom::testing
