// Auto-delegation helpers (spec/parser.md §10.3): Python fnmatch semantics,
// the file list of a diff, and the rule decision.

#include "patchloom/ingest/delegation.hpp"

#include <gtest/gtest.h>

namespace patchloom::ingest {
namespace {

struct GlobCase {
  const char* name;
  const char* pattern;
  bool matches;
};

// Each expectation checked against CPython 3.11's fnmatch.fnmatchcase.
TEST(FnmatchCase, AgreesWithPython) {
  const GlobCase cases[] = {
      {"patchwork/views/about.py", "patchwork/views/about.py", true},
      {"a/manage.py", "*/manage.py", true},
      {"manage.py", "*/manage.py", false},
      {"x/y/manage.py", "*/manage.py", true},
      {"drivers/net/a.c", "drivers/*", true},
      {"Drivers/net", "drivers/*", false},
      {"a.c", "?.c", true},
      {"ab.c", "?.c", false},
      {"b", "[a-c]", true},
      {"d", "[a-c]", false},
      {"d", "[!a-c]", true},
      {"-", "[a-]", true},
      {"b", "[z-a]", false},
      {"x", "[!]", false},
      {"!", "[!]", false},
      {"[!]", "[!]", true},
      {"]", "[]]", true},
      {"[", "[", true},
      {"[x", "[x", true},
      {"q", "[!q-]", false},
      {"-", "[!q-]", false},
      {"ab", "a*b*", true},
      {"a\nb", "a*", true},
      {"xyz", "*y*", true},
      {"arch/powerpc/kernel/x.c", "arch/powerpc/*", true},
      {"b", "[c-a-z]", false},
      {"y", "[c-a-z]", false},
      {"-", "[c-a-z]", true},
      {"z", "[c-a-z]", true},
      {"é.c", "?.c", true},
      {"", "*", true},
      {"", "", true},
      {"a", "", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(fnmatch_case(c.name, c.pattern), c.matches) << c.name << " ~ " << c.pattern;
  }
}

TEST(DiffFilenames, OldAndNewNamesWithoutFirstComponent) {
  const char* diff =
      "diff --git a/drivers/x.c b/drivers/y.c\n"
      "--- a/drivers/x.c\n"
      "+++ b/drivers/y.c\n"
      "@@ -1 +1 @@\n-a\n+b\n"
      "--- /dev/null\r\n"
      "+++ b/new.txt\t2011-01-01\n"
      "@@ -0,0 +1 @@\n+a\n"
      "--- plain\n"
      "+++ plain\n";
  EXPECT_EQ(diff_filenames(diff), (std::vector<std::string>{"", "drivers/x.c", "drivers/y.c", "new.txt"}));
}

TEST(ChooseDelegate, AllFilesMustMapToOneUser) {
  std::vector<DelegationRule> rules = {{1, "drivers/*", 0}, {2, "drivers/net/*", 5}, {3, "docs/*", 0}};
  sort_rules(rules);
  ASSERT_EQ(rules.front().path, "drivers/net/*");  // highest priority first
  EXPECT_EQ(choose_delegate({"drivers/net/a.c"}, rules), 2);
  EXPECT_EQ(choose_delegate({"drivers/a.c", "drivers/b.c"}, rules), 1);
  EXPECT_EQ(choose_delegate({"drivers/a.c", "docs/b.txt"}, rules), std::nullopt);  // different users
  EXPECT_EQ(choose_delegate({"drivers/a.c", "README"}, rules), std::nullopt);       // a file without a rule
  EXPECT_EQ(choose_delegate({}, rules), std::nullopt);
}

TEST(SortRules, PriorityDescendingThenPath) {
  std::vector<DelegationRule> rules = {{1, "b", 0}, {2, "a", 0}, {3, "c", 1}};
  sort_rules(rules);
  EXPECT_EQ(rules[0].path, "c");
  EXPECT_EQ(rules[1].path, "a");
  EXPECT_EQ(rules[2].path, "b");
}

}  // namespace
}  // namespace patchloom::ingest
