#include "patchloom/mail/message_id.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "patchloom/mail/date.hpp"
#include "patchloom/mail/header_decode.hpp"
#include "patchloom/mail/message.hpp"
#include "shared_data.hpp"

namespace patchloom::mail {
namespace {

Message mail_with(const std::string& headers) {
  return Message::parse("From: a@b.cd\n" + headers + "Subject: x\n\nbody\n");
}

std::string msgid_of(const std::string& headers) {
  const auto id = find_message_id(mail_with(headers));
  return id ? *id : "error: " + id.error();
}

// spec/parser.md §2.8.
TEST(FindMessageId, SpecExamples) {
  EXPECT_EQ(msgid_of("Message-Id: <x@y> (comment)\n"), "<x@y>");
  EXPECT_EQ(msgid_of("Message-ID: 5899abc@radware.com>\n"), "5899abc@radware.com>");
  EXPECT_EQ(msgid_of("Message-ID: >\n"), ">");
  EXPECT_EQ(msgid_of(std::string("Message-ID: \0\0k>\n", 17)), "k>");
}

TEST(FindMessageId, MissingOrEmptyIsAnError) {
  EXPECT_EQ(msgid_of(""), "error: Broken 'Message-Id' header");
  EXPECT_EQ(msgid_of("Message-Id: \n"), "error: Broken 'Message-Id' header");
  EXPECT_EQ(msgid_of("Message-Id: =?utf-8?b?abcde?=\n"), "error: Broken 'Message-Id' header");
}

TEST(FindMessageId, TruncatesTo255) {
  EXPECT_EQ(msgid_of("Message-Id: " + std::string(300, 'm') + "\n"), std::string(255, 'm'));
}

TEST(FindReferences, InReplyToFirstThenReferencesNewestFirst) {
  // spec/parser.md §2.8 example: IRT <525...> with References A B C D <525...>.
  const Message m = mail_with(
      "In-Reply-To: <525@vmware.com>\n"
      "References: <A@x> <B@x>\n <C@x> <D@x> <525@vmware.com>\n");
  EXPECT_EQ(find_references(m), (std::vector<std::string>{"<525@vmware.com>", "<D@x>", "<C@x>", "<B@x>", "<A@x>"}));
}

TEST(FindReferences, EachInReplyToCountsAndTextWithoutBracketsIsIgnored) {
  const Message m = mail_with(
      "In-Reply-To: <a@x> (comment) <z@x>\n"
      "In-Reply-To: <a@x>\n"
      "In-Reply-To: bare-id\n"
      "In-Reply-To: \n"
      "References: junk <b@x> more junk\n"
      "References: <a@x> <c@x>\n");
  EXPECT_EQ(find_references(m), (std::vector<std::string>{"<a@x>", "<a@x>", "bare-id", "<b@x>", "<c@x>"}));
}

TEST(MsgidUrlForms, StripAndEncode) {
  EXPECT_EQ(url_msgid("<patch.1/slash@example.com>"), "patch.1/slash@example.com");
  EXPECT_EQ(encoded_msgid("<patch.1/slash@example.com>"), "patch.1%2Fslash@example.com");
  EXPECT_EQ(decode_msgid("patch.1%2Fslash@example.com"), "<patch.1/slash@example.com>");
}

Message fuzz_mail(const char* name) {
  return Message::parse(testing::read_file(*testing::shared_dir() / "corpus/upstream-tests/fuzz" / name));
}

// spec/parser.md §2.9: message ids and dates of the fuzz corpus.
TEST(FuzzCorpus, MessageIds) {
  PATCHLOOM_REQUIRE_SHARED();
  const std::pair<const char*, const char*> cases[] = {
      {"msgid-len.mbox", "<1m>"},
      {"msgid-len2.mbox", ">"},
      {"msgidheader.mbox", "<m>"},
      {"dateheader.mbox", "k>"},
  };
  for (const auto& [file, expected] : cases) {
    const auto id = find_message_id(fuzz_mail(file));
    ASSERT_TRUE(id) << file << ": " << id.error();
    EXPECT_EQ(*id, expected) << file;
  }
}

TEST(FuzzCorpus, AbsurdDatesMeanNow) {
  PATCHLOOM_REQUIRE_SHARED();
  for (const char* file : {"date-oserror.mbox", "date-too-long.mbox", "date.mbox", "dateheader.mbox",
                           "year-out-of-range.mbox"}) {
    const auto cleaned = clean_header(fuzz_mail(file), "Date");
    EXPECT_EQ(cleaned ? parse_mail_date(*cleaned) : std::nullopt, std::nullopt) << file;
  }
}

}  // namespace
}  // namespace patchloom::mail
