// Ingestor behaviour on mails written here: persons, DMARC, duplicates,
// hints, X-Patchwork-State/Delegate, delegation rules, tags, comment parents
// and the archive of dropped mails (spec/parser.md §2.6, §3, §8, §9, §10).

#include "patchloom/ingest/ingestor.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <thread>
#include <vector>

#include "ingest_fixture.hpp"
#include "patchloom/store/compression.hpp"
#include "patchloom/util/time.hpp"

namespace patchloom::ingest::testing {
namespace {

std::string diff_for(const std::string& path) {
  return "diff --git a/" + path + " b/" + path + "\nindex 1111111..2222222 100644\n--- a/" + path + "\n+++ b/" +
         path + "\n@@ -1 +1,2 @@\n a\n+b\n";
}

struct Mail {
  std::string from = "Alice Example <alice@example.org>";
  std::string subject = "[PATCH] drivers: fix a";
  std::string msgid = "<m1@example.org>";
  std::string date = "Wed, 1 Jun 2016 22:00:54 +0200";
  std::string list_id = "<test.example.com>";
  std::string extra;  // more header lines, each ending in "\n"
  std::string body = "Commit message\n\nSigned-off-by: Alice Example <alice@example.org>\n---\n" + diff_for("drivers/a.c");

  std::string str() const {
    std::string out;
    if (!from.empty()) out += "From: " + from + "\n";
    out += "Subject: " + subject + "\n";
    out += "Message-Id: " + msgid + "\n";
    out += "Date: " + date + "\n";
    if (!list_id.empty()) out += "List-Id: " + list_id + "\n";
    out += extra;
    out += "Content-Type: text/plain; charset=\"utf-8\"\n\n" + body;
    return out;
  }
};

Mail reply(const std::string& msgid, const std::string& in_reply_to, const std::string& body,
           const std::string& references = "") {
  Mail m;
  m.from = "Bob Reviewer <bob@example.org>";
  m.subject = "Re: [PATCH] drivers: fix a";
  m.msgid = msgid;
  m.extra = "In-Reply-To: " + in_reply_to + "\n";
  if (!references.empty()) m.extra += "References: " + references + "\n";
  m.body = body;
  return m;
}

class IngestorTest : public IngestTest {
 protected:
  void SetUp() override {
    IngestTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    project_ = add_project();
  }

  long long add_user(const std::string& username, const std::string& email) {
    long long id = db().insert("INSERT INTO users (username, email, date_joined) VALUES (:u, :e, 0)", {username, email});
    ingestor().reload();
    return id;
  }

  long long project_ = 0;
};

TEST_P(IngestorTest, PatchIsStoredWithItsMessage) {
  IngestResult r = ingest(Mail().str());
  ASSERT_EQ(r.outcome, Outcome::Patch) << r.reason;
  EXPECT_EQ(r.msgid, "<m1@example.org>");
  auto row = db().query_one(
      "SELECT p.name, p.date, p.state_id, s.name, p.hash, p.message_id, m.kind, m.msgid, p.archived, p.number"
      " FROM patch p JOIN state s ON s.id = p.state_id JOIN message m ON m.id = p.message_id WHERE p.id = :id",
      {r.object_id});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text(0), "drivers: fix a");
  EXPECT_EQ(util::format_iso(row->i64(1)), "2016-06-01T20:00:54");
  EXPECT_EQ(row->text(3), "New");
  EXPECT_EQ(row->text(4).size(), 40u);
  EXPECT_EQ(row->i64(5), r.message_id);
  EXPECT_EQ(row->text(6), "patch");
  EXPECT_EQ(row->text(7), "<m1@example.org>");
  EXPECT_FALSE(row->boolean(8));
  EXPECT_EQ(row->i32(9), 1);  // an unnumbered patch gets its own series of one
  EXPECT_EQ(count("SELECT COUNT(*) FROM series WHERE total = 1 AND name = 'drivers: fix a'"), 1);
}

TEST_P(IngestorTest, LatestNonEmptyNameWinsAndEmailKeepsItsFirstCase) {
  Mail first;
  first.from = "Old Name <Alice@Example.org>";
  ASSERT_EQ(ingest(first.str()).outcome, Outcome::Patch);
  Mail second;
  second.msgid = "<m2@example.org>";
  second.from = "New Name <alice@example.ORG>";
  ASSERT_EQ(ingest(second.str()).outcome, Outcome::Patch);
  Mail third;
  third.msgid = "<m3@example.org>";
  third.from = "<ALICE@example.org>";  // empty name: keeps the stored one
  ASSERT_EQ(ingest(third.str()).outcome, Outcome::Patch);
  auto rows = db().query("SELECT email, name FROM person");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].text(0), "Alice@Example.org");
  EXPECT_EQ(rows[0].text(1), "New Name");
  EXPECT_EQ(count("SELECT COUNT(DISTINCT submitter_id) FROM patch"), 1);
}

TEST_P(IngestorTest, DmarcMungedFromIsUndone) {
  Mail viaOriginal;
  viaOriginal.from = "Foo Bar via Test <test@example.com>";
  viaOriginal.extra = "X-Original-From: Foo Bar <foo@real.org>\n";
  ASSERT_EQ(ingest(viaOriginal.str()).outcome, Outcome::Patch);
  Mail viaCc;
  viaCc.msgid = "<m2@example.org>";
  viaCc.from = "'Carol Q' via Test <TEST@example.com>";
  viaCc.extra = "Cc: Someone <s@x.org>, Carol Q <carol@cc.org>\n";
  ASSERT_EQ(ingest(viaCc.str()).outcome, Outcome::Patch);
  auto rows = db().query("SELECT email, name FROM person ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].text(0), "foo@real.org");
  EXPECT_EQ(rows[0].text(1), "Foo Bar");
  EXPECT_EQ(rows[1].text(0), "carol@cc.org");
  EXPECT_EQ(rows[1].text(1), "Carol Q");
}

TEST_P(IngestorTest, SameMessageIdTwiceIsADuplicate) {
  ASSERT_EQ(ingest(Mail().str()).outcome, Outcome::Patch);
  IngestResult again = ingest(Mail().str());
  EXPECT_EQ(again.outcome, Outcome::Duplicate);
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event"), 4);  // patch, series created; patch, series completed
}

TEST_P(IngestorTest, IgnoreHintIsOnlyArchived) {
  Mail m;
  m.extra = "X-Patchwork-Hint: IGNORE\n";
  EXPECT_EQ(ingest(m.str()).outcome, Outcome::Ignored);
  EXPECT_EQ(count("SELECT COUNT(*) FROM message WHERE kind = 'none'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM person"), 0);
  m.list_id = "<other.example.com>";
  m.msgid = "<m2@example.org>";
  EXPECT_EQ(ingest(m.str()).outcome, Outcome::Ignored);  // checked before the project upstream
  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), 1);
}

TEST_P(IngestorTest, UnknownListIsReported) {
  Mail m;
  m.list_id = "<other.example.com>";
  IngestResult r = ingest(m.str());
  EXPECT_EQ(r.outcome, Outcome::NoProject);
  EXPECT_EQ(r.reason, "no project for List-Id other.example.com");  // tells the admin what to add
  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), 0);
  IngestOptions forced;
  forced.list_id = "test.example.com";
  EXPECT_EQ(ingest(m.str(), forced).outcome, Outcome::Patch);
}

TEST_P(IngestorTest, SubjectMatchPicksTheProject) {
  ProjectSpec other;
  other.linkname = "other";
  other.name = "Other";
  other.subject_match = R"(\[PATCH other\])";
  long long other_id = add_project(other);
  Mail m;
  m.subject = "[PATCH other] thing";
  IngestResult r = ingest(m.str());
  ASSERT_EQ(r.outcome, Outcome::Patch);
  EXPECT_EQ(r.project_id, other_id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch WHERE name = 'thing'"), 1);  // the linkname prefix is dropped
  Mail plain;
  plain.msgid = "<m2@example.org>";
  EXPECT_EQ(ingest(plain.str()).project_id, project_);
}

TEST_P(IngestorTest, BrokenMailIsRejectedAndNothingIsStored) {
  Mail no_from;
  no_from.from.clear();
  IngestResult r = ingest(no_from.str());
  EXPECT_EQ(r.outcome, Outcome::Rejected);
  EXPECT_EQ(r.reason, "Missing 'From' header");
  Mail bad_from;
  bad_from.from = "root@localhost";
  IngestResult r2 = ingest(bad_from.str());
  EXPECT_EQ(r2.outcome, Outcome::Rejected);
  EXPECT_EQ(r2.reason, "Invalid 'From' header");
  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM person"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM series"), 0);
}

TEST_P(IngestorTest, StateAndDelegateHeaders) {
  long long del = add_user("del", "Del@Example.com");
  Mail m;
  m.extra = "X-Patchwork-State: under review\nX-Patchwork-Delegate: del@example.com\n";
  IngestResult r = ingest(m.str());
  ASSERT_EQ(r.outcome, Outcome::Patch);
  auto row = db().query_one("SELECT s.name, p.delegate_id FROM patch p JOIN state s ON s.id = p.state_id");
  EXPECT_EQ(row->text(0), "Under Review");
  EXPECT_EQ(row->opt_i64(1), del);
  Mail unknown;
  unknown.msgid = "<m2@example.org>";
  unknown.extra = "X-Patchwork-State: no such state\nX-Patchwork-Delegate: nobody@example.com\n";
  ASSERT_EQ(ingest(unknown.str()).outcome, Outcome::Patch);
  auto row2 = db().query_one("SELECT s.ordering, p.delegate_id FROM patch p JOIN state s ON s.id = p.state_id"
                             " WHERE p.msgid = '<m2@example.org>'");
  EXPECT_EQ(row2->i32(0), 0);
  EXPECT_TRUE(row2->is_null(1));
  EXPECT_EQ(count("SELECT COUNT(*) FROM event WHERE category IN ('patch-delegated', 'patch-state-changed')"), 0);
}

TEST_P(IngestorTest, DelegationRules) {
  long long drivers = add_user("drivers", "drivers@example.com");
  long long docs = add_user("docs", "docs@example.com");
  long long header = add_user("header", "header@example.com");
  db().exec("INSERT INTO delegation_rule (project_id, user_id, path, priority) VALUES (:p, :u, 'drivers/*', 0)",
            {project_, drivers});
  db().exec("INSERT INTO delegation_rule (project_id, user_id, path, priority) VALUES (:p, :u, 'docs/*', 0)",
            {project_, docs});
  ingestor().reload();

  Mail one;  // drivers/a.c only
  ASSERT_EQ(ingest(one.str()).outcome, Outcome::Patch);
  Mail two;  // files of two different users
  two.msgid = "<m2@example.org>";
  two.body = "Two files\n---\n" + diff_for("drivers/a.c") + diff_for("docs/b.txt");
  ASSERT_EQ(ingest(two.str()).outcome, Outcome::Patch);
  Mail unmatched;  // a file no rule covers
  unmatched.msgid = "<m3@example.org>";
  unmatched.body = "Two files\n---\n" + diff_for("drivers/a.c") + diff_for("README");
  ASSERT_EQ(ingest(unmatched.str()).outcome, Outcome::Patch);
  Mail by_header;  // the header wins over the rules
  by_header.msgid = "<m4@example.org>";
  by_header.extra = "X-Patchwork-Delegate: header@example.com\n";
  ASSERT_EQ(ingest(by_header.str()).outcome, Outcome::Patch);

  auto rows = db().query("SELECT delegate_id FROM patch ORDER BY id");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].opt_i64(0), drivers);
  EXPECT_TRUE(rows[1].is_null(0));
  EXPECT_TRUE(rows[2].is_null(0));
  EXPECT_EQ(rows[3].opt_i64(0), header);
}

TEST_P(IngestorTest, TagsCountPatchAndItsComments) {
  Mail patch;
  patch.body = "Commit\n\nAcked-by: A <a@x.org>\nReviewed-by: R <r@x.org>\n---\n" + diff_for("drivers/a.c");
  ASSERT_EQ(ingest(patch.str()).outcome, Outcome::Patch);
  auto counts = [&] {
    std::map<std::string, long long> out;
    for (const auto& r : db().query("SELECT t.name, pt.count FROM patch_tag pt JOIN tag t ON t.id = pt.tag_id")) {
      out[r.text(0)] = r.i64(1);
    }
    return out;
  };
  EXPECT_EQ(counts(), (std::map<std::string, long long>{{"Acked-by", 1}, {"Reviewed-by", 1}}));
  IngestResult c = ingest(reply("<c1@example.org>", "<m1@example.org>",
                                "> Acked-by: quoted <q@x.org>\n\nreviewed-by: Z <z@x.org>\nTested-by: T <t@x.org>\n")
                              .str());
  ASSERT_EQ(c.outcome, Outcome::Comment);
  EXPECT_EQ(counts(), (std::map<std::string, long long>{{"Acked-by", 1}, {"Reviewed-by", 2}, {"Tested-by", 1}}));
  auto event = db().query_one("SELECT patch_id, patch_comment_id FROM event WHERE category = 'patch-comment-created'");
  ASSERT_TRUE(event);
  EXPECT_EQ(event->i64(1), c.object_id);
}

TEST_P(IngestorTest, CommentOnAPatchInTheAncestryBeatsTheCover) {
  Mail cover;
  cover.subject = "[PATCH 0/1] the series";
  cover.msgid = "<cover@example.org>";
  cover.body = "About the series.\n";
  ASSERT_EQ(ingest(cover.str()).outcome, Outcome::Cover);
  Mail patch;
  patch.subject = "[PATCH 1/1] the patch";
  patch.msgid = "<patch@example.org>";
  patch.extra = "In-Reply-To: <cover@example.org>\nReferences: <cover@example.org>\n";
  ASSERT_EQ(ingest(patch.str()).outcome, Outcome::Patch);
  // E-7: In-Reply-To is the cover, but a patch appears in References.
  IngestResult r = ingest(
      reply("<r1@example.org>", "<cover@example.org>", "A reply.\n", "<patch@example.org> <cover@example.org>").str());
  ASSERT_EQ(r.outcome, Outcome::Comment);
  EXPECT_FALSE(r.cover_comment);
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch_comment c JOIN patch p ON p.id = c.patch_id"
                  " WHERE p.msgid = '<patch@example.org>'"),
            1);
  // A reply to the cover alone is a cover comment; a reply to a comment
  // finds the comment's parent.
  IngestResult r2 = ingest(reply("<r2@example.org>", "<cover@example.org>", "On the cover.\n").str());
  ASSERT_EQ(r2.outcome, Outcome::Comment);
  EXPECT_TRUE(r2.cover_comment);
  IngestResult r3 = ingest(reply("<r3@example.org>", "<r2@example.org>", "Deeper.\n").str());
  ASSERT_EQ(r3.outcome, Outcome::Comment);
  EXPECT_TRUE(r3.cover_comment);
  EXPECT_EQ(count("SELECT COUNT(*) FROM cover_comment WHERE addressed IS NULL"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM series WHERE cover_letter_id IS NOT NULL AND name = 'the series'"), 1);
}

TEST_P(IngestorTest, ActionRequiredMarksPatchCommentsUnaddressed) {
  ASSERT_EQ(ingest(Mail().str()).outcome, Outcome::Patch);
  Mail r = reply("<c1@example.org>", "<m1@example.org>", "Please fix.\n");
  r.extra += "X-Patchwork-Action-Required:\n";
  ASSERT_EQ(ingest(r.str()).outcome, Outcome::Comment);
  EXPECT_EQ(count("SELECT addressed FROM patch_comment"), 0);
}

TEST_P(IngestorTest, DroppedReplyIsStillArchived) {
  IngestResult r = ingest(reply("<c1@example.org>", "<unknown@example.org>", "Hello.\n").str());
  EXPECT_EQ(r.outcome, Outcome::Dropped);
  EXPECT_GT(r.message_id, 0);
  auto row = db().query_one("SELECT kind, msgid, in_reply_to, from_email, raw_size FROM message");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text(0), "none");
  EXPECT_EQ(row->text(1), "<c1@example.org>");
  EXPECT_EQ(row->text(2), "<unknown@example.org>");
  EXPECT_EQ(row->text(3), "bob@example.org");
  EXPECT_EQ(count("SELECT COUNT(*) FROM message_reference"), 1);
  const std::string raw = reply("<c1@example.org>", "<unknown@example.org>", "Hello.\n").str();
  EXPECT_EQ(row->i64(4), static_cast<long long>(raw.size()));
  auto stored = db().query_one("SELECT raw FROM message");
  auto restored = store::uncompress(stored->bytes(0).data);
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ(*restored, raw);  // kept byte for byte
  EXPECT_EQ(count("SELECT COUNT(*) FROM person"), 0);  // a dropped mail creates no Person
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch_comment"), 0);
  IngestOptions no_archive;
  no_archive.keep_unclassified = false;
  EXPECT_EQ(ingest(reply("<c2@example.org>", "<unknown@example.org>", "Hi.\n").str(), no_archive).outcome,
            Outcome::Dropped);
  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), 1);
}

TEST_P(IngestorTest, GroupedCommitsKeepEachMailAtomic) {
  ingestor().set_commit_every(10);
  ASSERT_EQ(ingest(Mail().str()).outcome, Outcome::Patch);
  Mail bad_from;  // rejected inside the group: its savepoint is rolled back
  bad_from.msgid = "<m2@example.org>";
  bad_from.from = "root@localhost";
  EXPECT_EQ(ingest(bad_from.str()).outcome, Outcome::Rejected);
  EXPECT_EQ(ingest(Mail().str()).outcome, Outcome::Duplicate);
  ASSERT_EQ(ingest(reply("<c1@example.org>", "<m1@example.org>", "Fine.\n").str()).outcome, Outcome::Comment);
  ingestor().flush();
  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch_comment"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM person"), 2);
  ingestor().set_commit_every(1);
  Mail later;
  later.msgid = "<m3@example.org>";
  ASSERT_EQ(ingest(later.str()).outcome, Outcome::Patch);
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch"), 2);
}

// The bulk import's split: mails prepared on other threads, stored in their
// input order on this one, give what ingest() gives.
TEST_P(IngestorTest, MailsPreparedOnOtherThreadsStoreLikeIngest) {
  std::vector<std::string> raws = {Mail().str(), reply("<c1@example.org>", "<m1@example.org>", "Acked-by: B <b@x.org>\n").str()};
  Mail unknown_list;
  unknown_list.msgid = "<m9@example.org>";
  unknown_list.list_id = "<elsewhere.example.com>";
  raws.push_back(unknown_list.str());
  raws.push_back(Mail().str());  // the same Message-ID again

  ingestor().load();
  std::vector<PreparedMail> prepared(raws.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < raws.size(); ++i) {
    threads.emplace_back([&, i] { prepared[i] = ingestor().prepare(raws[i]); });
  }
  for (auto& t : threads) t.join();

  std::vector<Outcome> outcomes;
  for (const auto& mail : prepared) outcomes.push_back(ingestor().store(mail).outcome);
  EXPECT_EQ(outcomes, (std::vector<Outcome>{Outcome::Patch, Outcome::Comment, Outcome::NoProject, Outcome::Duplicate}));
  EXPECT_EQ(prepared[2].raw(), raws[2]);  // kept for a rejects file
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch_tag"), 1);  // counted while preparing, stored with the comment
  auto stored = db().query_one("SELECT raw FROM message WHERE msgid = :m", {"<m1@example.org>"});
  ASSERT_TRUE(stored);
  EXPECT_EQ(store::uncompress(stored->bytes(0).data).value(), raws[0]);
}

// A prepared mail survives storing, so the mails of a group rolled back by a
// database error can be stored again (what `patchloom import` does).
TEST_P(IngestorTest, PreparedMailsAreStoredAgainAfterARolledBackGroup) {
  ingestor().load();
  ingestor().set_commit_every(10);
  PreparedMail patch = ingestor().prepare(Mail().str());
  PreparedMail review = ingestor().prepare(reply("<c1@example.org>", "<m1@example.org>", "Acked-by: B <b@x.org>\n").str());
  ASSERT_EQ(ingestor().store(patch).outcome, Outcome::Patch);
  db().exec("DROP TABLE patch_tag");  // inside the open group, so undone with it
  EXPECT_ANY_THROW(ingestor().store(review));
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch"), 0);  // the whole group is gone
  EXPECT_EQ(ingestor().store(patch).outcome, Outcome::Patch);
  EXPECT_EQ(ingestor().store(review).outcome, Outcome::Comment);
  ingestor().flush();
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch_comment"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch_tag"), 1);
}

TEST_P(IngestorTest, PrepareBeforeLoadFailsLoudly) {
  PreparedMail mail = ingestor().prepare(Mail().str());
  EXPECT_THROW(ingestor().store(mail), std::logic_error);
  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, IngestorTest,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql), dialect_name);

}  // namespace
}  // namespace patchloom::ingest::testing
