// Mails on which upstream Patchwork raises (so parsemail exits 1 and the mail
// is lost, or parsearchive counts an error) but patchloom stores sensibly.
// Each case is a row of docs/compatibility.md (P1-P4).
#include <gtest/gtest.h>

#include <string>

#include "patchloom/mail/message.hpp"
#include "patchloom/parse/submission.hpp"

namespace patchloom::parse {
namespace {

const std::string kDiff = "diff --git a/f b/f\nindex 1..2 100644\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n";
const ProjectContext kList{"test", "list@lists.example.org"};

Submission parse_mail(const std::string& headers, const std::string& body) {
  const std::string raw = "Subject: [PATCH] f: change a to b\nMessage-Id: <m1@x>\n"
                          "Date: Wed, 1 Jun 2016 22:00:54 +0200\nList-Id: <test.example.com>\n" +
                          headers + "\n" + body;
  return parse_submission(mail::Message::parse(raw), kList);
}

// P1 (E-12): a munged From with no display name makes upstream's un-munging
// raise AttributeError. The nameless Reply-To entry matches the nameless From.
TEST(UpstreamCrash, BareListAddressInFromIsUnmunged) {
  auto s = parse_mail("From: list@lists.example.org\nReply-To: real@example.com\n", "Fix.\n" + kDiff);
  ASSERT_FALSE(s.error);
  ASSERT_TRUE(s.author);
  EXPECT_EQ(s.author->email, "real@example.com");
  EXPECT_EQ(s.kind, Kind::kPatch);
}

// P2 (E-12): an X-Original-From without a valid address raises upstream; here
// the Reply-To/Cc search runs next, and the munged sender stays when it fails.
TEST(UpstreamCrash, InvalidOriginalFromFallsThrough) {
  auto s = parse_mail("From: Foo via Test <list@lists.example.org>\nX-Original-From: Foo <not an address>\n"
                      "Cc: Foo <foo@cc.org>\n",
                      "Fix.\n" + kDiff);
  ASSERT_TRUE(s.author);
  EXPECT_EQ(s.author->email, "foo@cc.org");
  EXPECT_EQ(s.author->name, std::optional<std::string>("Foo"));

  s = parse_mail("From: Foo via Test <list@lists.example.org>\nX-Original-From: garbage\n", "Fix.\n" + kDiff);
  ASSERT_TRUE(s.author);
  EXPECT_EQ(s.author->email, "list@lists.example.org");
}

// P3 (E-12): a Reply-To entry whose name matches but whose address is invalid
// gives upstream a NULL email and a failed insert; the munged sender stays.
TEST(UpstreamCrash, MatchingReplyToWithInvalidAddressKeepsSender) {
  auto s = parse_mail("From: Foo via Test <list@lists.example.org>\nReply-To: Foo <no-at-sign>\n", "Fix.\n" + kDiff);
  ASSERT_TRUE(s.author);
  EXPECT_EQ(s.author->email, "list@lists.example.org");
  EXPECT_EQ(s.author->name, std::optional<std::string>("Foo via Test"));
}

// P4: a charset naming one of Python's bytes-to-bytes codecs
// (charset=quoted-printable, seen 3 times in the linuxppc-dev 20k corpus)
// passes codecs.lookup, then str(payload, charset) raises LookupError.
// The part is decoded with the no-charset fallbacks instead, and the mail
// is flagged so tools can tell.
TEST(UpstreamCrash, BytesCodecCharsetDecodesWithFallbacks) {
  for (const std::string charset : {"quoted-printable", "base64", "hex", "rot13"}) {
    SCOPED_TRACE(charset);
    auto s = parse_mail("From: Foo <foo@example.com>\nContent-Type: text/plain; charset=" + charset + "\n",
                        "Fix caf\xc3\xa9.\n" + kDiff);
    ASSERT_FALSE(s.error);
    EXPECT_EQ(s.kind, Kind::kPatch);
    EXPECT_EQ(s.content, "Fix caf\xc3\xa9.");
    EXPECT_EQ(s.diff, std::optional<std::string>(kDiff));
  }
  auto message = mail::Message::parse("Content-Type: text/plain; charset=quoted-printable\n\nx\n");
  EXPECT_TRUE(message.content_error().has_value());
}

}  // namespace
}  // namespace patchloom::parse
