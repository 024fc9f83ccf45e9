#include "patchloom/mail/header_decode.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <string>

#include "patchloom/mail/message.hpp"
#include "shared_data.hpp"

namespace patchloom::mail {
namespace {

// spec/parser.md §2.2, header decoding vectors.
TEST(CleanHeader, SpecVectors) {
  const std::pair<std::string, std::string> cases[] = {
      {"=?utf-8?q?a?= =?utf-8?q?b?=", "ab"},
      {"plain =?utf-8?q?a?= =?utf-8?q?b?= end", "plain ab end"},
      {"=?utf-8?q?a?=plain", "a plain"},
      {"x=?utf-8?q?a?=y", "x a y"},
      {"=?utf-8?q?caf=E9?=", "caf\xEF\xBF\xBD"},
      {"=?iso-8859-1?q?caf=E9?=", "caf\xC3\xA9"},
      {"=?x-unknown?q?caf=E9?=", "caf\xEF\xBF\xBD"},
      {"=?utf-8?b?w6k?=", "\xC3\xA9"},
      {"=?utf-8?b?w6k=?= =?iso-8859-1?q?=E9?=", "\xC3\xA9\xC3\xA9"},
      {"=?UTF-8?Q?a_b?=", "a b"},
      {"=?utf-8?q?caf=C3=A9?= na\xC3\xAFve", "=?utf-8?q?caf=C3=A9?= na\xEF\xBF\xBD\xEF\xBF\xBDve"},
      {"caf\xC3\xA9", "caf\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"caf\xE9", "caf\xEF\xBF\xBD"},
      {"  lots   of\n   folded \n\t space  ", "lots of folded space"},
      {"=?utf-8?q?line1=0Aline2?=", "line1 line2"},
      {"=?utf-8?q?a=00b?=", "ab"},
      {"=?utf-8?b?!!!!?=", ""},
      {"=?utf-8*en?q?lang?=", "lang"},
      {"=?gb2312?b?xOO6ww==?=", "\xE4\xBD\xA0\xE5\xA5\xBD"},
      {"=?windows-1252?q?=93quoted=94?=", "\xE2\x80\x9Cquoted\xE2\x80\x9D"},
      {"", ""},
      {" ", ""},
  };
  for (const auto& [raw, expected] : cases) {
    EXPECT_EQ(clean_header(raw), std::optional<std::string>(expected)) << raw;
  }
}

TEST(CleanHeader, RawUtf8GivesReplacementCharacterPerByte) {
  EXPECT_EQ(clean_header("Rafa\xC5\x82"), "Rafa\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(CleanHeader, UndecodableBase64WordGivesNone) {
  EXPECT_EQ(clean_header("=?utf-8?b?abcde?="), std::nullopt);  // one data character too many
}

TEST(CleanHeader, EncodedNewlineBeforeFieldNameIsAnEmbeddedHeader) {
  // An unencoded us-ascii word that decodes to "\nX-Evil:" would fold into
  // a line that starts a new header: Python refuses it (None).
  EXPECT_EQ(clean_header("=?us-ascii?q?a=0AX-Evil:_b?="), std::nullopt);
  EXPECT_EQ(clean_header("=?us-ascii?q?a=0A_X-Evil:_b?="), "a X-Evil: b");
}

TEST(EncodeStoredHeader, SpecVectors) {
  const std::array<std::array<std::string, 3>, 10> cases = {{
      {"From", "A B <a@b.c>", "A B <a@b.c>"},
      {"Subject",
       "[PATCH v3 2/7] this is a very long subject line that goes on and on and on well past the seventy eight "
       "column limit, really",
       "[PATCH v3 2/7] this is a very long subject line that goes on and on\n"
       " and on well past the seventy eight column limit, really"},
      {"References",
       "<aaaaaaaaaaaaaaaaaaaaaaaaaaa@bbbbbbbbbbbbbbbbbbbbbb.com> "
       "<cccccccccccccccccccccccccccccc@ddddddddddddddddddd.org> <eeeeeeeeeeeeeeeeeeee@ffffffffffffff.net>",
       "<aaaaaaaaaaaaaaaaaaaaaaaaaaa@bbbbbbbbbbbbbbbbbbbbbb.com>\n"
       " <cccccccccccccccccccccccccccccc@ddddddddddddddddddd.org>\n"
       " <eeeeeeeeeeeeeeeeeeee@ffffffffffffff.net>"},
      {"X-Long-NoSpace", std::string(104, 'a'), "\n " + std::string(104, 'a')},
      {"X-Enc", "=?utf-8?q?caf=C3=A9?= and more text =?iso-8859-1?q?na=EFve?=",
       "=?utf-8?b?Y2Fmw6k=?= and more text =?iso-8859-1?q?na=EFve?="},
      {"X-Enc2", "plain prefix =?utf-8?q?=C3=A9?= suffix", "plain prefix =?utf-8?b?w6k=?= suffix"},
      {"X-Folded", "one\n two\n\tthree", "one\n two\n\tthree"},
      {"From", "=?utf-8?q?J=C3=B6rg_M=C3=BCller?= <j@x.de>", "=?utf-8?b?SsO2cmcgTcO8bGxlcg==?= <j@x.de>"},
      {"Subject",
       "=?utf-8?q?=5BPATCH_v2_1/3=5D_s=C3=BCbsystem=3A_a_fairly_long_subject_line_with_umlauts_=C3=A4=C3=B6=C3=BC_to_"
       "force_folding?=",
       "=?utf-8?q?=5BPATCH_v2_1/3=5D_s=C3=BCbsystem=3A_a_fairly_long_subjec?=\n"
       "\t=?utf-8?q?t_line_with_umlauts_=C3=A4=C3=B6=C3=BC_to_force_folding?="},
      {"Cc",
       "Very Long Name Number One <one@example.com>, Very Long Name Number Two <two@example.com>, three@example.com",
       "Very Long Name Number One <one@example.com>,\n"
       " Very Long Name Number Two <two@example.com>, three@example.com"},
  }};
  for (const auto& [name, raw, expected] : cases) {
    EXPECT_EQ(encode_stored_header(name, raw), std::optional<std::string>(expected)) << name << ": " << raw;
  }
}

// Outputs of CPython 3.11's Header.encode() for values that exercise the
// formatter's line bookkeeping.
TEST(EncodeStoredHeader, FoldingQuirksMatchCPython) {
  // A lone trailing space is dropped only when the value has several lines.
  EXPECT_EQ(encode_stored_header("X", "foo \n bar"), "foo\n bar");
  EXPECT_EQ(encode_stored_header("X", "foo "), "foo ");
  // A whitespace-only continuation line joins the line before.
  EXPECT_EQ(encode_stored_header("X", "a\n  \n b"), "a  \n b");
  // A form feed is a line break to Python, so "b:" starts a line: dropped.
  EXPECT_EQ(encode_stored_header("X", "a\x0C" "b: c"), std::nullopt);
  EXPECT_EQ(clean_header("a\x0C" "b: c"), std::nullopt);
  // No split point on the first line: the word moves to a line of its own.
  EXPECT_EQ(encode_stored_header("Subject", std::string(70, 'x') + " " + std::string(20, 'y') + "\n z"),
            "\n " + std::string(70, 'x') + "\n " + std::string(20, 'y') + "\n z");
  // Breaks prefer a word ending in ';'.
  EXPECT_EQ(encode_stored_header("Received", "a;b " + std::string(80, 'c')), "a;b\n " + std::string(80, 'c'));
}

TEST(EncodeStoredHeader, RawUtf8BecomesUnknown8bitWords) {
  // spec/parser.md §2.3, from 0014-with-unencoded-utf8-headers.
  EXPECT_EQ(encode_stored_header("Subject", "MAINTAINERS: Update entry for BCM5301X ARM to include Rafa\xC5\x82 Mi\xC5\x82"
                                            "ecki"),
            "=?unknown-8bit?q?MAINTAINERS=3A_Update_entry_for_BCM5301X_ARM_to_in?=\n"
            "\t=?unknown-8bit?q?clude_Rafa=C5=82_Mi=C5=82ecki?=");
  EXPECT_EQ(encode_stored_header("From", "Rafa\xC5\x82 Mi\xC5\x82"
                                         "ecki <zajec5@gmail.com>"),
            "=?unknown-8bit?b?UmFmYcWCIE1pxYJlY2tpIDx6YWplYzVAZ21haWwuY29tPg==?=");
}

std::optional<std::string> stored_header_line(const Message& m, std::string_view name) {
  const std::string all = stored_headers(m);
  std::size_t pos = 0;
  while (pos < all.size()) {
    std::size_t end = all.find('\n', pos);
    if (end == std::string::npos) end = all.size();
    if (all.compare(pos, name.size() + 2, std::string(name) + ": ") == 0) {
      // The header plus its continuation lines.
      while (end < all.size() && (all[end + 1] == ' ' || all[end + 1] == '\t')) {
        end = all.find('\n', end + 1);
        if (end == std::string::npos) end = all.size();
      }
      return all.substr(pos, end - pos);
    }
    pos = end + 1;
  }
  return std::nullopt;
}

Message corpus_mail(const std::string& file) {
  return Message::parse(testing::read_file(*testing::shared_dir() / "corpus/upstream-tests/mail" / file));
}

TEST(StoredHeaders, UnencodedUtf8HeadersFromCorpus) {
  PATCHLOOM_REQUIRE_SHARED();
  const Message m = corpus_mail("0014-with-unencoded-utf8-headers.mbox");
  EXPECT_EQ(stored_header_line(m, "Subject"),
            "Subject: =?unknown-8bit?q?MAINTAINERS=3A_Update_entry_for_BCM5301X_ARM_to_in?=\n"
            "\t=?unknown-8bit?q?clude_Rafa=C5=82_Mi=C5=82ecki?=");
  EXPECT_EQ(stored_header_line(m, "From"),
            "From: =?unknown-8bit?b?UmFmYcWCIE1pxYJlY2tpIDx6YWplYzVAZ21haWwuY29tPg==?=");
}

TEST(StoredHeaders, OneStrayByteOnlyAffectsItsHeader) {
  PATCHLOOM_REQUIRE_SHARED();
  const Message m = corpus_mail("0012-invalid-header-char.mbox");
  const std::string stored = stored_headers(m);
  std::size_t encoded = 0;
  for (const Header& h : m.headers()) {
    const bool eight_bit = std::any_of(h.value.begin(), h.value.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    const std::string line = h.name + ": " + (eight_bit ? std::string("=?unknown-8bit?q?") : h.value);
    EXPECT_NE(stored.find(line), std::string::npos) << line;
    encoded += eight_bit ? 1 : 0;
  }
  EXPECT_EQ(encoded, 1u);
}

TEST(StoredHeaders, InvalidUtf8HeadersFromCorpus) {
  PATCHLOOM_REQUIRE_SHARED();
  const Message m = corpus_mail("0015-with-invalid-utf8-headers.mbox");
  EXPECT_EQ(stored_header_line(m, "From"), "From: =?utf-8?b?UmFmYcWCIE1pxYJlY2tp?= <zajec5@gmail.com>");
  const auto cc = stored_header_line(m, "Cc");
  ASSERT_TRUE(cc);
  EXPECT_TRUE(cc->starts_with("Cc: =?unknown-8bit?q?bcm-kernel-feedback-list=40broadcom=2Ecom=2C_Rafa=FF=FF?=\n\t"));
}

TEST(StoredHeaders, FuzzXFaceHeaderIsDropped) {
  PATCHLOOM_REQUIRE_SHARED();
  const Message m = Message::parse(testing::read_file(*testing::shared_dir() / "corpus/upstream-tests/fuzz/x-face.mbox"));
  ASSERT_TRUE(m.has_header("X-Face"));
  EXPECT_EQ(clean_header(m, "X-Face"), std::nullopt);
  EXPECT_EQ(stored_headers(m).find("X-Face:"), std::string::npos);
}

}  // namespace
}  // namespace patchloom::mail
