#include "patchloom/parse/hash.hpp"

#include <gtest/gtest.h>

namespace patchloom::parse {
namespace {

constexpr const char* kEmptySha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";

// spec/parser.md §7 vectors.
TEST(Hash, AddLinePatch) {
  EXPECT_EQ(hash_diff("diff --git a/meep.text b/meep.text\n"
                      "index 3d75d48..a57f4dd 100644\n"
                      "--- a/meep.text\n"
                      "+++ b/meep.text\n"
                      "@@ -1,1 +1,2 @@\n"
                      " meep\n"
                      "+meep\n"),
            "f59149b3310fb8f337b1cfc845c060ed6ef85df8");
}

TEST(Hash, SampleDiffWithTimestampsAndDevNull) {
  EXPECT_EQ(hash_diff("--- /dev/null\t2011-01-01 00:00:00.000000000 +0800\n"
                      "+++ a\t2011-01-01 00:00:00.000000000 +0800\n"
                      "@@ -0,0 +1 @@\n"
                      "+a\n"),
            "1a97d1ddffe62b958b582f5d5fdde34ba8d4d2c6");
}

TEST(Hash, OneLineChangeIgnoresCrlfAndNoNewlineMarkers) {
  const char* expected = "55a796d31a5a90af598862300e5a616da8ac982f";
  EXPECT_EQ(hash_diff("--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n"), expected);
  EXPECT_EQ(hash_diff("--- a/f\r\n+++ b/f\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n"), expected);
  EXPECT_EQ(hash_diff("--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n"
                      "\\ No newline at end of file\n"),
            expected);
}

TEST(Hash, ContextLine) {
  EXPECT_EQ(hash_diff("--- a/foo.c\n+++ b/foo.c\n@@ -1,2 +1,2 @@\n-a\n+b\n c\n"),
            "ec29d678e7b42c72bfc04adc1f5d5ca31ce1201d");
}

TEST(Hash, TwoHunksKeepOnlyCounts) {
  EXPECT_EQ(hash_diff("--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n d\n@@ -10 +10,2 @@\n-x\n+y\n+z\n"),
            "d3ce4c9054b141f4c0f985dbb0337d1ebcfb7538");
  // Line numbers and section headings do not count.
  EXPECT_EQ(hash_diff("--- a/f\n+++ b/f\n@@ -5,3 +7,3 @@ int main()\n a\n-b\n+c\n d\n@@ -90 +92,2 @@\n-x\n+y\n+z\n"),
            "d3ce4c9054b141f4c0f985dbb0337d1ebcfb7538");
}

TEST(Hash, HeaderOnlyDiffsHashNothing) {
  EXPECT_EQ(hash_diff("diff --git a/x b/y\nsimilarity index 100%\nrename from x\nrename to y\n"), kEmptySha1);
  EXPECT_EQ(hash_diff("diff --git a/x b/x\nold mode 100644\nnew mode 100755\n"), kEmptySha1);
  EXPECT_EQ(hash_diff("diff --git a/p.bmp b/p.bmp\nnew file mode 100644\nindex 0000000..1111111\n"
                      "GIT binary patch\nliteral 142\nzcmZ?wbh\n\nliteral 0\nHcmV?d00001\n\n"),
            kEmptySha1);
}

TEST(Hash, PathsLoseTheirFirstComponent) {
  // -p0 paths (no '/') become empty; "a/x" and "foo/x" hash alike.
  EXPECT_EQ(hash_diff("--- a/dir/f\n+++ b/dir/f\n@@ -1 +1 @@\n-a\n+b\n"),
            hash_diff("--- x/dir/f\n+++ y/dir/f\n@@ -1 +1 @@\n-a\n+b\n"));
  EXPECT_EQ(hash_diff("--- f\n+++ f\n@@ -1 +1 @@\n-a\n+b\n"), hash_diff("--- g\n+++ h\n@@ -1 +1 @@\n-a\n+b\n"));
  // E-22: a removed line "-- x" is read as a file name line.
  EXPECT_EQ(hash_diff("--- a/f\n+++ b/f\n@@ -1 +1 @@\n--- sql comment\n+b\n"),
            hash_diff("--- a/f\n+++ b/f\n@@ -1 +1 @@\n--- other comment\n+b\n"));
}

}  // namespace
}  // namespace patchloom::parse
