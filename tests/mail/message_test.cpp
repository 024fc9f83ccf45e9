// Expected values are spec/parser.md §2.1/§2.4 vectors, or what CPython
// 3.11's email.message_from_bytes (compat32) gives for the same bytes.
#include "patchloom/mail/message.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace patchloom::mail {
namespace {

std::vector<std::pair<std::string, std::string>> header_pairs(const Message& m) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Header& h : m.headers()) out.emplace_back(h.name, h.value);
  return out;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

std::vector<std::string> part_types(const Message& m) {
  std::vector<std::string> out;
  for (const Part& p : m.parts()) out.push_back(p.content_type.type);
  return out;
}

std::vector<std::string> text_subtypes(const Message& m) {
  std::vector<std::string> out;
  for (const TextPart& p : m.text_parts()) out.push_back(p.subtype);
  return out;
}

TEST(MessageHeaders, FoldingAndCrlfAreKept) {
  const Message m = Message::parse("Subject: a\r\n b\r\n\tc\r\nX: y\r\n\r\nbody\r\n");
  EXPECT_EQ(header_pairs(m), (Pairs{{"Subject", "a\r\n b\r\n\tc"}, {"X", "y"}}));
  EXPECT_EQ(m.parts()[0].payload, "body\r\n");
}

TEST(MessageHeaders, UniversalNewlinesLikeMessageFromBinaryFile) {
  const std::string raw = "Subject: a\r\n b\r\n\r\nbody\r\nx\rdone";
  const Message m = Message::parse(raw, LineEnds::universal);
  EXPECT_EQ(header_pairs(m), (Pairs{{"Subject", "a\n b"}}));
  EXPECT_EQ(m.parts()[0].payload, "body\nx\ndone");
  EXPECT_EQ(m.raw(), raw);
  EXPECT_EQ(Message::parse(raw).parts()[0].payload, "body\r\nx\rdone");
}

TEST(MessageHeaders, LoneCarriageReturnEndsALine) {
  const Message m = Message::parse("Subject: a\r\n b\rX: y\r\nnot a header line\nmore\n");
  EXPECT_EQ(header_pairs(m), (Pairs{{"Subject", "a\r\n b"}, {"X", "y"}}));
  // No blank line: the first non-header line starts the body.
  EXPECT_EQ(m.parts()[0].payload, "not a header line\nmore\n");
}

TEST(MessageHeaders, LeadingBlanksStrippedTrailingKept) {
  const Message m = Message::parse(" cont\nSubject:   \t a \t\n\nbody");
  // A continuation line before any header is dropped.
  EXPECT_EQ(header_pairs(m), (Pairs{{"Subject", "a \t"}}));
  EXPECT_EQ(m.parts()[0].payload, "body");
}

TEST(MessageHeaders, EightBitBytesAndMalformedLines) {
  const Message m = Message::parse("Subject: a\x80" "b\n:x\nA b: c\nY: z\n\nbody");
  // ":x" has no name and is skipped; "A b: c" is not a header, so the body starts there.
  EXPECT_EQ(header_pairs(m), (Pairs{{"Subject", "a\x80" "b"}}));
  EXPECT_EQ(m.parts()[0].payload, "A b: c\nY: z\n\nbody");
}

TEST(MessageHeaders, FromLines) {
  const Message envelope = Message::parse("From someone Mon Jan 1\nSubject: a\nFrom foo\nX: b\n\nbody");
  ASSERT_TRUE(envelope.envelope_from());
  EXPECT_EQ(*envelope.envelope_from(), "From someone Mon Jan 1");
  // A "From " line in the middle of the headers is ignored.
  EXPECT_EQ(header_pairs(envelope), (Pairs{{"Subject", "a"}, {"X", "b"}}));

  // As the last header line it is taken for the first body line.
  const Message last = Message::parse("Subject: a\nFrom foo\n\nbody");
  EXPECT_EQ(header_pairs(last), (Pairs{{"Subject", "a"}}));
  EXPECT_EQ(last.parts()[0].payload, "From foo\nbody");
}

TEST(MessageHeaders, LookupIsCaseInsensitiveAndOrdered) {
  const Message m = Message::parse("Received: one\nreceived: two\nTo: x\nRECEIVED: three\n\n");
  ASSERT_NE(m.header("RECEIVED"), nullptr);
  EXPECT_EQ(m.header("RECEIVED")->value, "one");
  const auto all = m.all_headers("Received");
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[2]->value, "three");
  EXPECT_FALSE(m.has_header("Subject"));
  EXPECT_TRUE(m.has_header("to"));
}

TEST(MessageHeaders, EmptyAndHeaderlessInput) {
  EXPECT_TRUE(Message::parse("").headers().empty());
  const Message body_only = Message::parse("\nSubject: not a header\n");
  EXPECT_TRUE(body_only.headers().empty());
  EXPECT_EQ(body_only.parts()[0].payload, "Subject: not a header\n");
}

// §2.4 body decoding vectors.
struct BodyCase {
  const char* mail;
  std::vector<std::string> texts;
};

TEST(MessageTextParts, BodyDecodingVectors) {
  const BodyCase cases[] = {
      {"Content-Type: text/plain; charset=us-ascii\n\ncaf\xc3\xa9", {}},
      {"Content-Type: text/plain; charset=utf-8\n\ncaf\xe9", {}},
      {"Content-Type: text/plain\n\ncaf\xe9", {"caf\xc3\xa9"}},
      {"Content-Type: text/plain; charset=\"x-unknown\"\n\ncaf\xc3\xa9", {"caf\xc3\xa9"}},
      {"Content-Type: TEXT/PLAIN; CHARSET=UTF-8\n\ncaf\xc3\xa9", {"caf\xc3\xa9"}},
      {"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nY2Fmw6k=\n", {"caf\xc3\xa9"}},
      {"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
       "caf=C3=A9 soft=\nbreak\n",
       {"caf\xc3\xa9 softbreak\n"}},
      // windows-1252 cannot decode 0x81, so iso-8859-1 is used.
      {"Subject: x\n\ncaf\x81\xe9", {"caf\xc2\x81\xc3\xa9"}},
  };
  for (const BodyCase& c : cases) {
    const Message m = Message::parse(c.mail);
    std::vector<std::string> texts;
    for (const TextPart& p : m.text_parts()) texts.push_back(p.text);
    EXPECT_EQ(texts, c.texts) << c.mail;
  }
}

TEST(MessageTextParts, SubtypesOfSinglePartMails) {
  EXPECT_EQ(text_subtypes(Message::parse("Content-Type: text/html\n\n<p>x</p>\n")),
            std::vector<std::string>{"html"});
  EXPECT_EQ(text_subtypes(Message::parse("Content-Type: text/x-patch; name=a.patch\n\n--- a\n+++ b\n")),
            std::vector<std::string>{"x-patch"});
  // Not exactly one '/': text/plain.
  EXPECT_EQ(text_subtypes(Message::parse("Content-Type: text\n\nx")), std::vector<std::string>{"plain"});
  EXPECT_EQ(text_subtypes(Message::parse("Content-Type: a/b/c\n\nx")), std::vector<std::string>{"plain"});
  // A garbage subtype is kept and so matches nothing.
  EXPECT_EQ(text_subtypes(Message::parse("Content-Type: text/p\n\nx")), std::vector<std::string>{"p"});
  EXPECT_TRUE(Message::parse("Content-Type: image/png\n\nx").text_parts().empty());
}

TEST(MessageTextParts, CharsetParameter) {
  const Message m = Message::parse("Content-Type:  Text/Plain ;charset=UTF-8;\n\nx");
  EXPECT_EQ(m.parts()[0].content_type.type, "text/plain");
  EXPECT_EQ(m.parts()[0].charset(), "utf-8");
  const Message rfc2231 = Message::parse("Content-Type: text/plain; charset*=utf-8''UTF%2d8\n\nx");
  EXPECT_EQ(rfc2231.parts()[0].charset(), "utf-8");
  const Message quoted = Message::parse("Content-Type: text; charset=\"Foo\"\n\nx");
  EXPECT_EQ(quoted.parts()[0].charset(), "foo");
  const Message eight_bit = Message::parse("Content-Type: text/plain; charset=ut\xe9\n\nx");
  EXPECT_EQ(eight_bit.parts()[0].charset(), std::nullopt);
}

TEST(MessageTextParts, BytesCodecCharsetIsAContentError) {
  // codecs.lookup accepts these names but bytes.decode raises LookupError,
  // which escapes Patchwork's _find_content.
  for (const char* charset : {"quoted-printable", "HEX", "base_64", "zlib", "rot13"}) {
    const Message m = Message::parse(std::string("Content-Type: text/plain; charset=") + charset + "\n\nx");
    EXPECT_TRUE(m.content_error().has_value()) << charset;
  }
  EXPECT_FALSE(Message::parse("Content-Type: text/plain; charset=utf-8\n\nx").content_error().has_value());
  // Only text parts are decoded, so an attachment with such a charset is harmless.
  EXPECT_FALSE(Message::parse("Content-Type: image/png; charset=hex\n\nx").content_error().has_value());
}

TEST(MessageTextParts, TransferEncodingKeepsCrlfForEightBit) {
  const Message m = Message::parse(
      "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nline\r\nnext\r\n");
  ASSERT_EQ(m.text_parts().size(), 1U);
  EXPECT_EQ(m.text_parts()[0].text, "line\r\nnext\r\n");
}

constexpr const char* kMultipart =
    "From: a@example.com\n"
    "Subject: [PATCH] x\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"===XX===\"\n"
    "\n"
    "This is a multi-part message in MIME format.\n"
    "--===XX===\n"
    "Content-Type: multipart/alternative; boundary=alt\n"
    "\n"
    "--alt\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "Hello w=C3=B6rld\n"
    "\n"
    "--alt\n"
    "Content-Type: text/html; charset=utf-8\n"
    "\n"
    "<div>Hello</div>\n"
    "--alt--\n"
    "\n"
    "--===XX===\n"
    "Content-Type: text/x-patch; charset=us-ascii; name=\"fix.patch\"\n"
    "Content-Transfer-Encoding: base64\n"
    "Content-Disposition: attachment; filename=\"fix.patch\"\n"
    "\n"
    "LS0tIGEvZgorKysgYi9mCg==\n"
    "--===XX===\n"
    "Content-Type: message/rfc822\n"
    "\n"
    "From: b@example.com\n"
    "Subject: forwarded\n"
    "Content-Type: text/plain\n"
    "\n"
    "inner text\n"
    "--===XX===\n"
    "Content-Type: application/octet-stream\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "AAEC\n"
    "--===XX===--\n"
    "epilogue\n";

TEST(MessageMime, NestedMultipartWalkIsPreOrder) {
  const Message m = Message::parse(kMultipart);
  EXPECT_EQ(part_types(m), (std::vector<std::string>{"multipart/mixed", "multipart/alternative", "text/plain",
                                                     "text/html", "text/x-patch", "message/rfc822", "text/plain",
                                                     "application/octet-stream"}));
  std::vector<int> depths;
  for (const Part& p : m.parts()) depths.push_back(p.depth);
  EXPECT_EQ(depths, (std::vector<int>{0, 1, 2, 2, 1, 1, 2, 1}));
  ASSERT_EQ(m.text_parts().size(), 4U);
  // The line end before each boundary belongs to the boundary: one is removed.
  EXPECT_EQ(m.text_parts()[0].text, "Hello w\xc3\xb6rld\n");
  EXPECT_EQ(m.text_parts()[1].text, "<div>Hello</div>");
  EXPECT_EQ(m.text_parts()[2].text, "--- a/f\n+++ b/f\n");
  EXPECT_EQ(m.text_parts()[2].subtype, "x-patch");
  EXPECT_EQ(m.text_parts()[3].text, "inner text");
  EXPECT_EQ(m.parts()[7].decoded_payload(), std::string("\0\1\2", 3));
  ASSERT_NE(m.parts()[4].header("content-disposition"), nullptr);
}

TEST(MessageMime, CrlfMultipart) {
  const Message m = Message::parse(
      "Content-Type: multipart/mixed; boundary=A\r\n\r\n--A\r\nContent-Type: text/plain\r\n\r\none\r\n"
      "two\r\n--A--\r\n");
  ASSERT_EQ(m.text_parts().size(), 1U);
  EXPECT_EQ(m.text_parts()[0].text, "one\r\ntwo");
}

TEST(MessageMime, BoundaryLineMayCarryTrailingBlanks) {
  const Message m = Message::parse(
      "Content-Type: multipart/mixed; boundary=XX\n\npre\n--XX\nContent-Type: text/plain\n\none\n\n"
      "--XX  \t\nContent-Type: text/html\n\ntwo\n--XX--\nepi\n");
  ASSERT_EQ(m.text_parts().size(), 2U);
  EXPECT_EQ(m.text_parts()[0].text, "one\n");
  EXPECT_EQ(m.text_parts()[1].text, "two");
}

TEST(MessageMime, StartBoundaryMissingMeansNoParts) {
  const Message m = Message::parse("Content-Type: multipart/mixed; boundary=XX\n\npre\n--YY\n\none\n");
  EXPECT_EQ(part_types(m), std::vector<std::string>{"multipart/mixed"});
  EXPECT_FALSE(m.parts()[0].is_container);
  EXPECT_EQ(m.parts()[0].payload, "pre\n--YY\n\none\n");
  EXPECT_TRUE(m.text_parts().empty());
}

TEST(MessageMime, NoBoundaryParameterMeansNoParts) {
  const Message m = Message::parse("Content-Type: multipart/mixed\n\n--XX\n\none\n--XX\n\ntwo");
  EXPECT_EQ(part_types(m), std::vector<std::string>{"multipart/mixed"});
  EXPECT_TRUE(m.text_parts().empty());
}

TEST(MessageMime, MissingCloseBoundaryKeepsParts) {
  const Message m = Message::parse("Content-Type: multipart/mixed; boundary=XX\n\n--XX\n\none\n--XX\n\ntwo");
  ASSERT_EQ(m.text_parts().size(), 2U);
  EXPECT_EQ(m.text_parts()[0].text, "one");
  EXPECT_EQ(m.text_parts()[1].text, "two");
}

TEST(MessageMime, OuterBoundaryEndsInnerPart) {
  const Message m = Message::parse(
      "Content-Type: multipart/mixed; boundary=\"A\"\n\n--A\nContent-Type: multipart/alternative; boundary=B\n\n"
      "--B\n\ninner\n--A\n\nouter2\n--A--\n");
  EXPECT_EQ(part_types(m),
            (std::vector<std::string>{"multipart/mixed", "multipart/alternative", "text/plain", "text/plain"}));
  ASSERT_EQ(m.text_parts().size(), 2U);
  EXPECT_EQ(m.text_parts()[0].text, "inner");
  EXPECT_EQ(m.text_parts()[1].text, "outer2");
}

TEST(MessageMime, RepeatedBoundaryLinesDelimitNothing) {
  const Message m = Message::parse("Content-Type: multipart/mixed; boundary=A\n\n--A\n--A\n\none\n--A--\n");
  EXPECT_EQ(part_types(m), (std::vector<std::string>{"multipart/mixed", "text/plain"}));
}

TEST(MessageMime, SameBoundaryNestedTwice) {
  const Message m = Message::parse(
      "Content-Type: multipart/mixed; boundary=A\n\n--A\nContent-Type: multipart/mixed; boundary=A\n\n--A\n\none\n"
      "--A--\n");
  EXPECT_EQ(part_types(m), (std::vector<std::string>{"multipart/mixed", "multipart/mixed", "text/plain"}));
  EXPECT_FALSE(m.parts()[1].is_container);
  ASSERT_EQ(m.text_parts().size(), 1U);
  EXPECT_EQ(m.text_parts()[0].text, "one");
}

TEST(MessageMime, DigestPartsDefaultToMessage) {
  const Message m = Message::parse("Content-Type: multipart/digest; boundary=A\n\n--A\n\nSubject: x\n\nfwd\n--A--\n");
  EXPECT_EQ(part_types(m), (std::vector<std::string>{"multipart/digest", "message/rfc822", "text/plain"}));
  ASSERT_EQ(m.text_parts().size(), 1U);
  EXPECT_EQ(m.text_parts()[0].text, "fwd");
  ASSERT_NE(m.parts()[2].header("subject"), nullptr);
}

TEST(MessageMime, DeliveryStatusBlocksAreEmptyTextParts) {
  const Message m = Message::parse(
      "Content-Type: multipart/report; boundary=A\n\n--A\nContent-Type: text/plain\n\nhello\n--A\n"
      "Content-Type: message/delivery-status\n\nReporting-MTA: dns; x\n\nFinal-Recipient: rfc822; y\n"
      "Action: failed\n--A--\n");
  EXPECT_EQ(part_types(m), (std::vector<std::string>{"multipart/report", "text/plain", "message/delivery-status",
                                                     "text/plain", "text/plain"}));
  ASSERT_NE(m.parts()[4].header("action"), nullptr);
  std::vector<std::string> texts;
  for (const TextPart& p : m.text_parts()) texts.push_back(p.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"hello", "", ""}));
}

TEST(MessageMime, EmptyBoundaryParameter) {
  const Message m = Message::parse("Content-Type: multipart/mixed; boundary=\"\"\n\n--\n\none\n----\n");
  ASSERT_EQ(m.text_parts().size(), 1U);
  EXPECT_EQ(m.text_parts()[0].text, "one");
}

TEST(MessageMime, UndecodablePartIsDroppedOthersKept) {
  const Message m = Message::parse(
      "Content-Type: multipart/mixed; boundary=A\n\n--A\nContent-Type: text/plain; charset=us-ascii\n\n"
      "caf\xc3\xa9\n--A\nContent-Type: text/x-diff\n\n+x\n--A--\n");
  EXPECT_EQ(text_subtypes(m), std::vector<std::string>{"x-diff"});
}

TEST(MessageMime, NeverCrashesOnTruncationsOfAMultipart) {
  const std::string mail = kMultipart;
  for (std::size_t n = 0; n <= mail.size(); ++n) {
    const Message m = Message::parse(mail.substr(0, n));
    EXPECT_FALSE(m.parts().empty());
  }
}

TEST(MessageMime, DeepNestingIsBounded) {
  std::string mail;
  for (int i = 0; i < 100000; ++i) mail += "Content-Type: message/rfc822\n\n";
  const Message m = Message::parse(mail);
  EXPECT_GT(m.parts().size(), 50U);
  EXPECT_LT(m.parts().size(), 1000U);
}

}  // namespace
}  // namespace patchloom::mail
