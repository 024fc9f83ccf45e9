#include <gtest/gtest.h>

#include <cstdlib>

#include "cli_fixture.hpp"

namespace patchloom::testing {
namespace {

class ImportCommandTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    add_test_project();
  }

  // 3 standalone patches, a cover with 2 patches, a review of patch 1, a
  // mail without Message-Id, a mail for an unknown list, patch 1 again.
  std::vector<GeneratedMail> mixed_mails() {
    std::vector<GeneratedMail> mails = {make_patch(1), make_patch(2), make_patch(3)};
    for (auto& m : make_series("series", 2)) mails.push_back(m);
    mails.push_back(make_mail("<review-1@example.com>", "Re: [PATCH] widget: change number 1",
                              "> Change widget number 1.\n\nReviewed-by: Bob Reviewer <bob@example.com>\n", 100,
                              "<patch-1@example.com>"));
    mails.push_back({"", "From: a@example.com\nSubject: [PATCH] no id\nList-Id: <" + std::string(kTestListId) +
                             ">\n\nbody\n"});
    mails.push_back(make_mail("<stray@example.com>", "[PATCH] stray", "A patch.\n" + generated_diff(70), 0, "",
                              "unknown.lists.example.com"));
    mails.push_back(make_patch(1));
    return mails;
  }

  void expect_mixed_counts(const ProcessResult& r) {
    EXPECT_NE(r.err.find("imported 10 messages"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(": 5 patches, 1 covers, 1 comments, 0 dropped (archived only), 0 ignored, 1 duplicates, "
                         "1 no-project, 1 rejected, 0 errors"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(count("SELECT COUNT(*) FROM patch"), 5);
    EXPECT_EQ(count("SELECT COUNT(*) FROM cover"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM patch_comment"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM message"), 7);
  }
};

TEST_F(ImportCommandTest, MboxCountsAndRejects) {
  const auto mbox = write("in.mbox", to_mbox(mixed_mails()));
  const auto rejects = dir_ / "rejects.mbox";
  auto r = patchloom({"import", "--rejects", rejects.string(), mbox.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  expect_mixed_counts(r);

  const auto kept = read_file(rejects);
  // Two entries, each with its reason, the mails otherwise intact.
  EXPECT_TRUE(kept.starts_with("From mboxrd@z ")) << kept;
  EXPECT_EQ(kept.find("\nFrom mboxrd@z ", kept.find("\nFrom mboxrd@z ") + 1), std::string::npos);
  EXPECT_NE(kept.find("\nFrom mboxrd@z "), std::string::npos) << kept;
  EXPECT_NE(kept.find("X-Patchloom-Reject-Reason: rejected"), std::string::npos) << kept;
  EXPECT_NE(kept.find("Subject: [PATCH] no id\n"), std::string::npos) << kept;
  EXPECT_NE(kept.find("X-Patchloom-Reject-Reason: no-project"), std::string::npos) << kept;
  EXPECT_NE(kept.find("Message-Id: <stray@example.com>\n"), std::string::npos) << kept;
}

TEST_F(ImportCommandTest, RejectsDefaultToBesideTheDatabase) {
  const auto mbox = write("in.mbox", to_mbox(mixed_mails()));
  auto r = patchloom({"import", mbox.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto kept = read_file(db_path_ + ".rejects.mbox");
  EXPECT_NE(kept.find("X-Patchloom-Reject-Reason: no-project"), std::string::npos) << kept;
}

TEST_F(ImportCommandTest, RejectsFileReadsBackWithMboxrd) {
  const auto mbox = write("in.mbox", to_mbox(mixed_mails()));
  const auto rejects = dir_ / "rejects.mbox";
  ASSERT_EQ(patchloom({"import", "--rejects", rejects.string(), mbox.string()}).exit_code, 0);
  // Re-importing the rejects (the stray mail now forced to the project) stores it.
  auto again = patchloom({"import", "--mboxrd", "--list-id", kTestListId, "--rejects",
                          (dir_ / "rejects2.mbox").string(), rejects.string()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("imported 2 messages"), std::string::npos) << again.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch WHERE msgid = '<stray@example.com>'"), 1);
}

TEST_F(ImportCommandTest, GzipMboxIsDetectedByItsMagic) {
  const auto mbox = write("in.data", to_mbox(mixed_mails()));
  ASSERT_EQ(std::system(("gzip -n " + mbox.string()).c_str()), 0);
  auto r = patchloom({"import", "--rejects", (dir_ / "rejects.mbox").string(), mbox.string() + ".gz"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  expect_mixed_counts(r);
}

TEST_F(ImportCommandTest, MboxOnStandardInput) {
  auto r = patchloom({"import", "--rejects", (dir_ / "rejects.mbox").string(), "-"}, to_mbox(mixed_mails()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  expect_mixed_counts(r);
}

TEST_F(ImportCommandTest, Maildir) {
  const auto maildir = dir_ / "Maildir";
  for (const char* sub : {"cur", "new", "tmp"}) std::filesystem::create_directories(maildir / sub);
  int i = 0;
  for (const auto& mail : mixed_mails()) {
    // Maildir names sort in delivery order here, as Patchwork reads them.
    const auto name = std::to_string(1700000000 + i) + ".M" + std::to_string(i) + ".host";
    std::ofstream(maildir / (i % 2 == 0 ? "cur" : "new") / name, std::ios::binary) << mail.raw;
    ++i;
  }
  auto r = patchloom({"import", "--rejects", (dir_ / "rejects.mbox").string(), maildir.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("imported 10 messages"), std::string::npos) << r.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), 7);
}

TEST_F(ImportCommandTest, ReimportIsAllDuplicates) {
  const auto mbox = write("in.mbox", to_mbox(make_series("again", 3)));
  ASSERT_EQ(patchloom({"import", mbox.string()}).exit_code, 0);
  auto r = patchloom({"import", mbox.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(": 0 patches, 0 covers, 0 comments, 0 dropped (archived only), 0 ignored, 4 duplicates"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM series"), 1);
}

// Mails are parsed on several threads but stored in input order: the ids
// (and so every API answer) are those of a one-thread import.
TEST_F(ImportCommandTest, ParallelPreparationKeepsInputOrder) {
  std::vector<GeneratedMail> mails = mixed_mails();
  for (int i = 10; i < 60; ++i) mails.push_back(make_patch(i));
  for (auto& m : make_series("order", 5)) mails.push_back(m);
  const auto mbox = write("in.mbox", to_mbox(mails));
  auto serial = patchloom({"import", "--jobs", "1", mbox.string()});
  ASSERT_EQ(serial.exit_code, 0) << serial.err;
  auto ids_in_order = [&] {
    auto db = store::Database::open(db_path_);
    std::string out;
    for (const auto& row : db.query("SELECT id, msgid FROM message ORDER BY id")) out += row.text(1) + "\n";
    for (const auto& row : db.query("SELECT id, msgid, series_id, number FROM patch ORDER BY id"))
      out += std::to_string(row.i64(0)) + " " + row.text(1) + " " + std::to_string(row.opt_i64(2).value_or(0)) + " " +
             std::to_string(row.opt_i64(3).value_or(0)) + "\n";
    return out;
  };
  const std::string expected = ids_in_order();
  std::filesystem::remove(db_path_);
  add_test_project();
  auto parallel = patchloom({"import", "--jobs", "4", mbox.string()});
  ASSERT_EQ(parallel.exit_code, 0) << parallel.err;
  EXPECT_EQ(ids_in_order(), expected);
  // The same counts ("... /s): 55 patches, ..."), whatever the speed.
  auto counts = [](const std::string& err) { return err.substr(err.find("/s): ")); };
  EXPECT_EQ(counts(parallel.err), counts(serial.err));
}

TEST_F(ImportCommandTest, MissingInputIsAnError) {
  auto r = patchloom({"import", (dir_ / "nope.mbox").string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("nope.mbox"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace patchloom::testing
