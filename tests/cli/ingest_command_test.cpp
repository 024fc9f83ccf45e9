#include <gtest/gtest.h>

#include "cli_fixture.hpp"

namespace patchloom::testing {
namespace {

constexpr int kTempFail = 75;

class IngestCommandTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    add_test_project();
  }
};

TEST_F(IngestCommandTest, StoresAPatchThenReportsTheDuplicate) {
  const auto mail = make_patch(1);
  auto first = patchloom({"ingest"}, mail.raw);
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("patch "), std::string::npos) << first.err;
  EXPECT_NE(first.err.find(mail.msgid), std::string::npos) << first.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch WHERE msgid = :m", {mail.msgid}), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM message WHERE msgid = :m", {mail.msgid}), 1);

  auto second = patchloom({"ingest"}, mail.raw);
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("duplicate"), std::string::npos) << second.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), 1);
}

// parsemail reads stdin through universal newlines, so a CRLF mail from an
// MTA gives the same patch as its LF form (the mbox import keeps CRLF, as
// parsearchive does).
TEST_F(IngestCommandTest, CrlfMailFromTheMtaIsReadWithUniversalNewlines) {
  const auto lf = make_patch(11);
  std::string crlf;
  for (char c : lf.raw) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  auto r = patchloom({"ingest"}, crlf);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch WHERE msgid = :m", {lf.msgid}), 1) << r.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch WHERE instr(diff, char(13)) > 0 OR instr(content, char(13)) > 0 "
                  "OR instr(headers, char(13)) > 0"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch WHERE diff LIKE '%' || char(10) || '+%'"), 1);
}

TEST_F(IngestCommandTest, UnwritableDatabaseAsksTheMtaToRetry) {
  const auto mail = make_patch(2);
  auto r = run_patchloom({"--db", (dir_ / "no-such-dir" / "sub" / "x.db").string(), "ingest"}, mail.raw, dir_);
  EXPECT_EQ(r.exit_code, kTempFail) << r.err;
  EXPECT_NE(r.err.find("temporary failure"), std::string::npos) << r.err;
}

// A database that does not exist yet is created (schema included), so the
// first delivery is a final "no project", not a retry loop.
TEST_F(IngestCommandTest, NewDatabaseIsCreatedOnFirstDelivery) {
  const auto mail = make_patch(12);
  const auto fresh = (dir_ / "fresh.db").string();
  auto r = run_patchloom({"--db", fresh, "ingest"}, mail.raw, dir_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("no-project"), std::string::npos) << r.err;
  auto status = run_patchloom({"--db", fresh, "migrate", "--status"}, "", dir_);
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;  // nothing pending
}

TEST_F(IngestCommandTest, MailForNoProjectIsAcceptedLoggedAndKept) {
  const auto mail = make_mail("<stray@example.com>", "[PATCH] stray", "A patch.\n" + generated_diff(7), 0, "",
                              "unknown.lists.example.com");
  const auto rejects = (dir_ / "rejects.mbox").string();
  auto r = patchloom({"ingest", "--rejects", rejects}, mail.raw);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("no-project"), std::string::npos) << r.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), 0);
  const auto kept = read_file(rejects);
  EXPECT_TRUE(kept.starts_with("From ")) << kept;
  EXPECT_NE(kept.find("\nX-Patchloom-Reject-Reason: no-project"), std::string::npos) << kept;
  EXPECT_NE(kept.find("Message-Id: <stray@example.com>\n"), std::string::npos) << kept;
}

TEST_F(IngestCommandTest, BrokenMailIsRejectedWithExitZero) {
  // No Message-Id: upstream raises ValueError, parsemail.sh still exits 0.
  const std::string raw = "From: a@example.com\nSubject: [PATCH] x\nList-Id: <" + std::string(kTestListId) +
                          ">\n\nbody\n";
  auto r = patchloom({"ingest"}, raw);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("rejected"), std::string::npos) << r.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), 0);
}

TEST_F(IngestCommandTest, ListIdOptionSelectsTheProject) {
  const auto mail = make_mail("<forced@example.com>", "[PATCH] forced", "A patch.\n" + generated_diff(8), 0, "",
                              "unknown.lists.example.com");
  auto r = patchloom({"ingest", "--list-id", kTestListId}, mail.raw);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch WHERE msgid = '<forced@example.com>'"), 1) << r.err;
}

TEST_F(IngestCommandTest, IgnoreHintStoresNothing) {
  auto mail = make_patch(9);
  mail.raw.insert(0, "X-Patchwork-Hint: ignore\n");
  auto r = patchloom({"ingest"}, mail.raw);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("ignored"), std::string::npos) << r.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch"), 0);
}

}  // namespace
}  // namespace patchloom::testing
