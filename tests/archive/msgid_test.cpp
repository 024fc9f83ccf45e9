// Message-ids in archive URLs: public-inbox's escaping and the path parser.

#include <gtest/gtest.h>

#include "patchloom/archive/msgid.hpp"

using namespace patchloom::archive;
using Kind = ArchivePath::Kind;

TEST(ArchiveMsgid, EscapesLikePublicInbox) {
  // '@' and the sub-delims stay; '/', '%', '#', '?', space and 8-bit bytes are %XX.
  EXPECT_EQ(escape_msgid("20260306101600.57355-1-david@kernel.org"), "20260306101600.57355-1-david@kernel.org");
  EXPECT_EQ(escape_msgid("a/b%c#d?e f"), "a%2Fb%25c%23d%3Fe%20f");
  EXPECT_EQ(escape_msgid("x+y=z$!&'()*,;:~_.-"), "x+y=z$!&'()*,;:~_.-");
  EXPECT_EQ(escape_msgid("caf\xc3\xa9@x"), "caf%C3%A9@x");
  EXPECT_EQ(escape_msgid("<q>\"x\""), "%3Cq%3E%22x%22");
}

TEST(ArchiveMsgid, RoundTripsThroughThePathParser) {
  for (std::string id : {"plain@example.com", "with/slash@example.com", "a//b/@x", "per%cent+plus=@x",
                         "sp ace#hash?q@x", "caf\xc3\xa9@x"}) {
    for (std::string suffix : {"/", "/raw", "/T/", "/t/", "/t.mbox.gz", "/t.atom"}) {
      auto p = parse_archive_path("/archive/list/" + escape_msgid(id) + suffix);
      EXPECT_EQ(p.msgid, id) << suffix;
      EXPECT_EQ(p.list, "list");
    }
  }
}

TEST(ArchiveMsgid, SlashDecodedByAFrontEndStillMatches) {
  auto p = parse_archive_path("/archive/list/with/slash@example.com/T/");
  EXPECT_EQ(p.kind, Kind::flat);
  EXPECT_EQ(p.msgid, "with/slash@example.com");
  p = parse_archive_path("/archive/list/with/slash@example.com/t.mbox.gz");
  EXPECT_EQ(p.kind, Kind::thread_mbox);
  EXPECT_EQ(p.msgid, "with/slash@example.com");
}

TEST(ArchiveMsgid, ClientEncodingsDecodeOnce) {
  // b4 sends quote_plus: '@' as %40, '+' as %2B, '/' as %2F; a literal '+' is not a space.
  auto p = parse_archive_path("/archive/l/a%2Bb%40x%2Fy");
  EXPECT_EQ(p.kind, Kind::message_redirect);
  EXPECT_EQ(p.msgid, "a+b@x/y");
  p = parse_archive_path("/archive/l/a+b@x/");
  EXPECT_EQ(p.msgid, "a+b@x");
  // %2540 is "%40" after one decoding, not "@".
  p = parse_archive_path("/archive/l/a%2540x/");
  EXPECT_EQ(p.msgid, "a%40x");
}

TEST(ArchiveMsgid, PathKinds) {
  EXPECT_EQ(parse_archive_path("/archive").kind, Kind::root);
  EXPECT_EQ(parse_archive_path("/archive/").kind, Kind::root);
  EXPECT_EQ(parse_archive_path("/archive/l").kind, Kind::list_redirect);
  EXPECT_EQ(parse_archive_path("/archive/l/").kind, Kind::index);
  EXPECT_EQ(parse_archive_path("/archive/l/index.html").kind, Kind::index);
  EXPECT_EQ(parse_archive_path("/archive/l/new.atom").kind, Kind::new_atom);
  EXPECT_EQ(parse_archive_path("/archive/l/m@x").kind, Kind::message_redirect);
  EXPECT_EQ(parse_archive_path("/archive/l/m@x/").kind, Kind::message);
  EXPECT_EQ(parse_archive_path("/archive/l/m@x/f/").kind, Kind::message);
  EXPECT_EQ(parse_archive_path("/archive/l/m@x/T").kind, Kind::flat_redirect);
  EXPECT_EQ(parse_archive_path("/archive/l/m@x/t").kind, Kind::nested_redirect);
  EXPECT_EQ(parse_archive_path("/archive/l/m@x/R").kind, Kind::reply_redirect);
  EXPECT_EQ(parse_archive_path("/archive/l/m@x/t.mbox").kind, Kind::thread_mbox);
  auto r = parse_archive_path("/archive/r/m%40x");
  EXPECT_EQ(r.kind, Kind::short_link);
  EXPECT_EQ(r.msgid, "m@x");
  EXPECT_EQ(parse_archive_path("/archive/l/bad%zz/").kind, Kind::not_found);
  EXPECT_EQ(parse_archive_path("/archive/l/nul%00@x/raw").kind, Kind::not_found);
  EXPECT_EQ(parse_archive_path("/archive/l%00/").kind, Kind::not_found);
  EXPECT_EQ(parse_archive_path("/archive/l/%").kind, Kind::not_found);
  EXPECT_EQ(parse_archive_path("/archiveX").kind, Kind::not_found);
}

TEST(ArchiveMsgid, SubjectFileNames) {
  EXPECT_EQ(subject_filename("[PATCH v2 1/4] mm: move vma_kernel_pagesize() from hugetlb to mm.h"),
            "PATCH-v2-1-4-mm-move-vma_kernel_pagesize-from-hugetlb-to-mm.h");
  EXPECT_EQ(subject_filename("..--x--.."), "x");
  EXPECT_EQ(subject_filename(""), "no-subject");
  EXPECT_EQ(subject_filename("<>"), "no-subject");
}
