#include "patchloom/parse/submission.hpp"

#include <gtest/gtest.h>

#include <string>

#include "patchloom/mail/message.hpp"

namespace patchloom::parse {
namespace {

const std::string kDiff =
    "diff --git a/f b/f\nindex 1..2 100644\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n";

std::string mail_text(const std::string& headers, const std::string& body) { return headers + "\n" + body; }

std::string basic_headers(const std::string& subject, const std::string& extra = "") {
  return "From: Foo Bar <foo@bar.com>\nSubject: " + subject +
         "\nMessage-Id: <m1@x>\nDate: Wed, 1 Jun 2016 22:00:54 +0200\nList-Id: <test.example.com>\n" + extra;
}

Submission parse_text(const std::string& raw, const ProjectContext& project = {}) {
  return parse_submission(mail::Message::parse(raw), project);
}

TEST(Submission, MissingHeadersInUpstreamOrder) {
  EXPECT_EQ(parse_text(mail_text("Subject: x\nMessage-Id: <a@b>\n", "body")).error,
            std::optional<std::string>("Missing 'From' header"));
  EXPECT_EQ(parse_text(mail_text("Message-Id: <a@b>\n", "body")).error,
            std::optional<std::string>("Missing 'From' header"));
  EXPECT_EQ(parse_text(mail_text("From: a@b.c\nMessage-Id: <a@b>\n", "body")).error,
            std::optional<std::string>("Missing 'Subject' header"));
  EXPECT_EQ(parse_text(mail_text("From: a@b.c\nSubject: x\n", "body")).error,
            std::optional<std::string>("Missing 'Message-Id' header"));
  // Present but empty still counts as present; an empty Message-Id is broken.
  EXPECT_EQ(parse_text(mail_text("From:\nSubject:\nMessage-Id:\n", "body")).error,
            std::optional<std::string>("Broken 'Message-Id' header"));
}

TEST(Submission, HintIgnore) {
  const Submission s = parse_text(mail_text(basic_headers("[PATCH] x", "X-Patchwork-Hint: IGNORE\n"), kDiff));
  EXPECT_TRUE(s.ignored);
  EXPECT_FALSE(parse_text(mail_text(basic_headers("[PATCH] x", "X-Patchwork-Hint: keep\n"), kDiff)).ignored);
}

TEST(Submission, PatchFields) {
  const Submission s = parse_text(
      mail_text(basic_headers("[Linuxppc-dev] [PATCH v2 1/3] x: fix",
                              "In-Reply-To: <c@x>\nReferences: <a@x> <b@x> <c@x>\nX-Patchwork-Delegate: d@x.org\n"
                              "X-Patchwork-State: under review\n"),
                "Commit message\r\n\r\nSigned-off-by: Foo Bar <foo@bar.com>\n---\n" + kDiff),
      ProjectContext{"linuxppc-dev", ""});
  ASSERT_FALSE(s.error);
  EXPECT_EQ(s.kind, Kind::kPatch);
  EXPECT_EQ(s.msgid, "<m1@x>");
  EXPECT_EQ(s.name, "[v2,1/3] x: fix");
  EXPECT_EQ(s.prefixes, (std::vector<std::string>{"v2", "1/3"}));
  ASSERT_TRUE(s.marker);
  EXPECT_EQ(s.marker->x, 1);
  EXPECT_EQ(s.marker->n, 3);
  EXPECT_EQ(s.version, 2);
  EXPECT_EQ(s.refs, (std::vector<std::string>{"<c@x>", "<b@x>", "<a@x>"}));
  ASSERT_TRUE(s.date);
  EXPECT_EQ(util::format_iso(*s.date), "2016-06-01T20:00:54");
  EXPECT_EQ(s.diff, std::optional<std::string>(kDiff));
  EXPECT_EQ(s.content, "Commit message\n\nSigned-off-by: Foo Bar <foo@bar.com>\n---");
  ASSERT_TRUE(s.author);
  EXPECT_EQ(s.author->name, std::optional<std::string>("Foo Bar"));
  EXPECT_EQ(s.author->email, "foo@bar.com");
  EXPECT_EQ(s.delegate_email, std::optional<std::string>("d@x.org"));
  EXPECT_EQ(s.state_name, std::optional<std::string>("under review"));
  EXPECT_FALSE(s.action_required);
  EXPECT_EQ(s.list_ids, std::vector<std::string>{"test.example.com"});
  EXPECT_TRUE(s.headers.starts_with("From: Foo Bar <foo@bar.com>\nSubject: [Linuxppc-dev] [PATCH v2 1/3] x: fix"));
}

TEST(Submission, Classification) {
  // 0/N without a diff: a cover candidate; with a diff: a patch (E-9).
  EXPECT_EQ(parse_text(mail_text(basic_headers("[PATCH 0/2] cover"), "intro\n")).kind, Kind::kCoverCandidate);
  EXPECT_EQ(parse_text(mail_text(basic_headers("[PATCH 0/2] cover"), kDiff)).kind, Kind::kPatch);
  // A reply is never a patch or a cover.
  Submission reply = parse_text(mail_text(basic_headers("Re: [PATCH 0/2] cover"), "> quoted\nok\n" + kDiff));
  EXPECT_EQ(reply.kind, Kind::kCommentCandidate);
  EXPECT_TRUE(reply.is_comment);
  EXPECT_FALSE(reply.diff);
  EXPECT_FALSE(reply.hash);
  // Not a reply, no diff, no marker: maybe a comment.
  EXPECT_EQ(parse_text(mail_text(basic_headers("question"), "text\n")).kind, Kind::kCommentCandidate);
  // Nothing usable at all.
  EXPECT_EQ(parse_text(mail_text(basic_headers("[PATCH] x"), "-- \nsig only\n")).kind, Kind::kNone);
  // A pull request without a diff is a patch with no hash.
  const Submission pull = parse_text(mail_text(
      basic_headers("[GIT PULL] x"),
      "The following changes since commit abc:\n\nare available in the git repository at:\n\n"
      "  git://h/r.git tag\n\nfor you\n"));
  EXPECT_EQ(pull.kind, Kind::kPatch);
  EXPECT_EQ(pull.pull_url, std::optional<std::string>("git://h/r.git tag"));
  EXPECT_FALSE(pull.hash);
}

TEST(Submission, BadFromOnlyMattersForStoredMails) {
  const Submission s = parse_text(mail_text(
      "From: root@localhost\nSubject: [PATCH] x\nMessage-Id: <m@x>\nX-Patchwork-Action-Required: \n", kDiff));
  EXPECT_FALSE(s.error);
  EXPECT_EQ(s.kind, Kind::kPatch);
  EXPECT_FALSE(s.author);
  EXPECT_EQ(s.author_error, std::optional<std::string>("Invalid 'From' header"));
  EXPECT_TRUE(s.action_required);
  EXPECT_FALSE(s.date);  // no Date header: "now"
}

TEST(Submission, DependsOnFromContent) {
  const Submission s = parse_text(
      mail_text(basic_headers("[PATCH 0/2] cover"), "intro\n\nDepends-on: <base@x>\n"));
  ASSERT_EQ(s.depends_on.size(), 1u);
  EXPECT_EQ(s.depends_on[0].value, "<base@x>");
}

Result<Author> author_of(const std::string& headers, const std::string& listemail = "list@lists.example.org") {
  return find_author(mail::Message::parse(mail_text(headers, "body\n")), listemail);
}

// spec/parser.md §2.6 vectors.
TEST(Author, SplitForms) {
  auto a = author_of("From: \"Yann E. MORIN\" <yann@free.fr>\n");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->name, std::optional<std::string>("Yann E. MORIN"));
  EXPECT_EQ(a->email, "yann@free.fr");
  a = author_of("From: <foo@bar.com>\n");
  EXPECT_EQ(a->name, std::optional<std::string>(""));
  a = author_of("From: foo@bar.com\n");
  EXPECT_EQ(a->name, std::nullopt);
  a = author_of("From: foo at bar.com (Foo Bar)\n");
  EXPECT_EQ(a->email, "foo@bar.com");
  EXPECT_EQ(a->name, std::optional<std::string>("Foo Bar"));
  a = author_of("From: =?utf-8?q?M=C3=BCller=2C_Hans?= <h@x.de>\n");
  EXPECT_EQ(a->name, std::optional<std::string>("M\xC3\xBCller, Hans"));
  for (const char* bad : {"From: O'Brien <o'brien@x.com>\n", "From: root@localhost\n", "From: Foo Bar foo@bar.com\n",
                          "From: Foo <foo@[1.2.3.4]>\n", "From:\n"}) {
    SCOPED_TRACE(bad);
    a = author_of(bad);
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error(), "Invalid 'From' header");
  }
}

TEST(Author, DmarcUnmunging) {
  auto a = author_of("From: Foo via Test <list@lists.example.org>\nX-Original-From: Foo <foo@real.org>\n");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->name, std::optional<std::string>("Foo"));
  EXPECT_EQ(a->email, "foo@real.org");

  a = author_of("From: Foo via Test <list@lists.example.org>\nCc: Bar <b@b.org>, Foo <foo@cc.org>\n");
  EXPECT_EQ(a->name, std::optional<std::string>("Foo"));
  EXPECT_EQ(a->email, "foo@cc.org");

  a = author_of("From: 'Foo' via Test <LIST@lists.example.org>\nReply-To: Foo <foo@r.org>\nCc: Foo <foo@cc.org>\n");
  EXPECT_EQ(a->email, "foo@r.org");  // Reply-To before Cc; the list address in any case

  a = author_of("From: <list@lists.example.org>\nReply-To: foo@bar.com\n");
  EXPECT_EQ(a->name, std::nullopt);
  EXPECT_EQ(a->email, "foo@bar.com");

  // Another list, or no match: the From stays.
  a = author_of("From: Foo via Test <list@lists.example.org>\nCc: Bar <b@b.org>\n");
  EXPECT_EQ(a->email, "list@lists.example.org");
  EXPECT_EQ(a->name, std::optional<std::string>("Foo via Test"));
  a = author_of("From: Foo via Test <list@lists.example.org>\nX-Original-From: Foo <foo@real.org>\n", "");
  EXPECT_EQ(a->email, "list@lists.example.org");
}

// spec/parser.md §3.1 vectors.
TEST(ListId, Candidates) {
  auto ids = [](const std::string& headers) {
    return list_id_candidates(mail::Message::parse(mail_text("From: a@b.c\n" + headers, "x\n")));
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids(""), V{});
  EXPECT_EQ(ids("List-Id: \n"), V{});
  EXPECT_EQ(ids("List-Id: test.example.com\n"), V{"test.example.com"});
  EXPECT_EQ(ids("List-Id: Test text <test.example.com>\n"), V{"test.example.com"});
  EXPECT_EQ(ids("List-Id: two words\n"), V{});
  EXPECT_EQ(ids("X-list: c.org\nX-Mailing-List: <b.org>\nList-ID: <a.org>\nList-Id: <second.org>\n"),
            (V{"a.org", "b.org", "c.org"}));
}

}  // namespace
}  // namespace patchloom::parse
