#include "patchloom/parse/diff.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "patchloom/parse/hash.hpp"

namespace patchloom::parse {
namespace {

const std::string kGitDiff =
    "diff --git a/meep.text b/meep.text\n"
    "index 3d75d48..a57f4dd 100644\n"
    "--- a/meep.text\n"
    "+++ b/meep.text\n"
    "@@ -1,1 +1,2 @@\n"
    " meep\n"
    "+meep\n";

TEST(ParsePatch, GitDiffWithCommitMessageAndTrailer) {
  const auto split = parse_patch("Commit message\n\nSigned-off-by: A <a@b.c>\n---\n f | 1 +\n\n" + kGitDiff +
                                 "-- \n2.39.5\n");
  ASSERT_TRUE(split.diff);
  EXPECT_EQ(*split.diff, kGitDiff);
  ASSERT_TRUE(split.comment);
  // The trailer after the hunk and the extra final empty line land in the comment.
  EXPECT_EQ(*split.comment, "Commit message\n\nSigned-off-by: A <a@b.c>\n---\n f | 1 +\n\n-- \n2.39.5\n\n");
}

TEST(ParsePatch, TextOnlyHasNoDiff) {
  const auto split = parse_patch("hello\nworld");
  EXPECT_FALSE(split.diff);
  EXPECT_EQ(split.comment, std::optional<std::string>("hello\nworld\n"));
}

TEST(ParsePatch, EmptyLineInsideHunkIsContext) {
  const auto split = parse_patch("--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\nafter\n");
  ASSERT_TRUE(split.diff);
  EXPECT_EQ(*split.diff, "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n");
  EXPECT_EQ(split.comment, std::optional<std::string>("after\n\n"));
}

TEST(ParsePatch, UnfinishedHunkSwallowsFinalEmptyLine) {
  // The piece after the last '\n' becomes "\n": a context line of the open hunk.
  const auto split = parse_patch("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n+b\n");
  ASSERT_TRUE(split.diff);
  EXPECT_EQ(*split.diff, "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n+b\n\n");
  EXPECT_FALSE(split.comment);
}

TEST(ParsePatch, CvsFormatStartsAtIndex) {
  const std::string cvs =
      "Index: bfd/elf-bfd.h\n"
      "===================================================================\n"
      "RCS file: /cvs/src/src/bfd/elf-bfd.h,v\n"
      "diff -u -p -r1.1 elf-bfd.h\n"
      "--- bfd/elf-bfd.h\t1 Jan 2010\n"
      "+++ bfd/elf-bfd.h\t2 Jan 2010\n"
      "@@ -1 +1 @@\n"
      "-a\n"
      "+b\n";
  const auto split = parse_patch("ChangeLog\n\n" + cvs);
  ASSERT_TRUE(split.diff);
  EXPECT_EQ(*split.diff, cvs);
}

TEST(ParsePatch, MultipleFilesAndNoNewlineMarkers) {
  const std::string diff =
      "diff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n"
      "\\ No newline at end of file\n"
      "diff --git a/y b/y\nindex 3..4 100644\n--- a/y\n+++ b/y\n@@ -1,2 +1 @@\n-c\n-d\n+e\n";
  const auto split = parse_patch(diff + "-- \n2.1\n");
  ASSERT_TRUE(split.diff);
  EXPECT_EQ(*split.diff, diff);
}

TEST(ParsePatch, ExtendedHeaderOnlyDiffs) {
  const std::string rename =
      "diff --git a/x b/y\nsimilarity index 100%\nrename from x\nrename to y\n";
  auto split = parse_patch("msg\n---\n" + rename + "-- \n2.1\n");
  ASSERT_TRUE(split.diff);
  EXPECT_EQ(*split.diff, rename);
  EXPECT_EQ(hash_diff(*split.diff), "da39a3ee5e6b4b0d3255bfef95601890afd80709");

  const std::string mode = "diff --git a/k b/k\nold mode 100644\nnew mode 100755\n";
  split = parse_patch("msg\n---\n" + mode);
  EXPECT_EQ(split.diff, std::optional<std::string>(mode));

  const std::string empty_file = "diff --git a/e b/e\nnew file mode 100644\nindex 0000000..e69de29\n";
  split = parse_patch("msg\n---\n" + empty_file + "-- \n2.1\n");
  EXPECT_EQ(split.diff, std::optional<std::string>(empty_file));
}

TEST(ParsePatch, BinaryFilesDifferIsNotAPatch) {  // E-2
  const std::string text =
      "msg\n---\ndiff --git a/p.bmp b/p.bmp\nindex 1..2 100644\nBinary files a/p.bmp and b/p.bmp differ\n";
  const auto split = parse_patch(text);
  EXPECT_FALSE(split.diff);
  EXPECT_EQ(split.comment, std::optional<std::string>(text + "\n"));
}

TEST(ParsePatch, BinaryBlockRunsUntilDiffThenTextMode) {  // E-1
  const std::string binary =
      "diff --git p.bmp p.bmp\nnew file mode 100644\nindex 0000000..1111111\nGIT binary patch\nliteral 142\n"
      "zcmZ?wbh\n\nliteral 0\nHcmV?d00001\n\n";
  const std::string text_file =
      "diff --git quit.sh quit.sh\nnew file mode 100644\nindex 0000000..f5f929a\n--- /dev/null\n+++ quit.sh\n"
      "@@ -0,0 +1 @@\n+exit\n";
  const auto split = parse_patch("msg\n---\n" + binary + text_file + "-- \n2.35.3\n");
  ASSERT_TRUE(split.diff);
  // The "diff" line after the binary block is held, then dropped to text: the
  // next file's mode and index lines leak into the comment.
  EXPECT_EQ(*split.diff, binary + "diff --git quit.sh quit.sh\n--- /dev/null\n+++ quit.sh\n@@ -0,0 +1 @@\n+exit\n");
  ASSERT_TRUE(split.comment);
  EXPECT_NE(split.comment->find("new file mode 100644\nindex 0000000..f5f929a\n"), std::string::npos);
}

TEST(ParsePatch, TrailerAfterBinaryStaysInDiff) {
  const std::string binary = "diff --git p p\nindex 1..2 100644\nGIT binary patch\nliteral 1\nxx\n\n";
  const auto split = parse_patch("m\n---\n" + binary + "-- \n2.35.3\n\n");
  ASSERT_TRUE(split.diff);
  EXPECT_EQ(*split.diff, binary + "-- \n2.35.3\n\n\n");
}

TEST(ParsePatch, NotDiffs) {
  EXPECT_FALSE(parse_patch("diff --git a/x b/x\nindex 1..2\nsome text\n").diff);
  EXPECT_FALSE(parse_patch("--- text\nnot plus\n").diff);
  EXPECT_FALSE(parse_patch("  diff --git a/x b/x\n  --- a/x\n  +++ b/x\n  @@ -1 +1 @@\n").diff);
  EXPECT_FALSE(parse_patch("difficult\nDifferent\n").diff);
}

TEST(ParsePatch, CrlfLinesKeepTheirCarriageReturn) {
  const auto split = parse_patch("msg\r\n--- a/f\r\n+++ b/f\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n");
  EXPECT_EQ(split.diff, std::optional<std::string>("--- a/f\r\n+++ b/f\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n"));
}

TEST(CleanContent, SpecVectors) {
  EXPECT_EQ(clean_content("Hello\n\n-- \nsig"), "Hello");
  EXPECT_EQ(clean_content("Hello\n___\nfooter"), "Hello");
  EXPECT_EQ(clean_content("Hello\n--\nnot sig"), "Hello\n--\nnot sig");
  EXPECT_EQ(clean_content("Hello\n_x_\nfooter"), "Hello\n_x_\nfooter");
  EXPECT_EQ(clean_content("msg\n---\nnotes\n"), "msg\n---\nnotes");
  EXPECT_EQ(clean_content("-- \nall signature"), "");
  EXPECT_EQ(clean_content(std::string("  a\0b  \n", 7)), "ab");
  EXPECT_EQ(clean_content("end with sig line\n-- "), "end with sig line\n--");  // needs its newline
}

mail::TextPart part(std::string text, std::string subtype) { return mail::TextPart{std::move(text), std::move(subtype)}; }

TEST(FindContent, PlainPartsAndAttachments) {
  std::vector<mail::TextPart> parts = {part("Body text\n\n" + kGitDiff, "plain"), part("<div>x</div>", "html")};
  Content content = find_patch_content(parts);
  EXPECT_EQ(content.diff, std::optional<std::string>(kGitDiff));
  EXPECT_EQ(content.message, "Body text");

  // The last x-patch part wins, even over a diff found in a plain part.
  parts = {part("intro\n" + kGitDiff, "plain"), part("first", "x-patch"), part("--- a\n+++ b\n", "x-diff")};
  content = find_patch_content(parts);
  EXPECT_EQ(content.diff, std::optional<std::string>("--- a\n+++ b\n"));
  EXPECT_EQ(content.message, "intro");

  // Once a diff is known, a plain part is all comment, its diff included.
  parts = {part("patch body", "x-patch"), part("note\n" + kGitDiff, "plain")};
  content = find_patch_content(parts);
  EXPECT_EQ(content.diff, std::optional<std::string>("patch body"));
  EXPECT_EQ(content.message, "note\n" + kGitDiff.substr(0, kGitDiff.size() - 1));

  parts = {part("only a patch", "x-patch")};
  content = find_patch_content(parts);
  EXPECT_EQ(content.diff, std::optional<std::string>("only a patch"));
  EXPECT_EQ(content.message, "");

  parts = {part("<p>html</p>", "html")};
  content = find_patch_content(parts);
  EXPECT_FALSE(content.diff);
  EXPECT_EQ(content.message, "");

  parts = {part(std::string("a\0\0", 3), "x-patch")};  // NULs removed; an empty diff is none
  EXPECT_EQ(find_patch_content(parts).diff, std::optional<std::string>("a"));
  parts = {part(std::string("\0", 1), "x-patch")};
  EXPECT_FALSE(find_patch_content(parts).diff);
}

TEST(FindContent, PartsAreStrippedAndJoined) {
  std::vector<mail::TextPart> parts = {part("  first  \n\n", "plain"), part("\n second\n-- \nsig\n", "plain")};
  EXPECT_EQ(find_patch_content(parts).message, "first\nsecond");
  EXPECT_EQ(find_comment_content(parts), "first\nsecond");
}

TEST(FindContent, CommentContentNeverHasADiff) {
  std::vector<mail::TextPart> parts = {part("> quoted\nreply\n" + kGitDiff, "plain"), part("", "plain"),
                                       part("x", "x-patch")};
  EXPECT_EQ(find_comment_content(parts), "> quoted\nreply\n" + kGitDiff.substr(0, kGitDiff.size() - 1));
}

}  // namespace
}  // namespace patchloom::parse
