// kill -9 among concurrent `patchloom ingest` deliveries: an MTA that sees a
// delivery die (or exit 75) delivers the mail again. Afterwards every mail is
// stored exactly once, every delivery acknowledged with exit 0 is among them,
// and the database is intact.

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <memory>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "cli_fixture.hpp"

namespace patchloom::testing {
namespace {

constexpr int kTempFail = 75;

class IngestKillTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    add_test_project();
  }
};

TEST_F(IngestKillTest, KilledConcurrentDeliveriesAreRedeliveredAndStoredOnce) {
  constexpr int kMails = 24;
  constexpr int kRounds = 8;
  std::vector<GeneratedMail> mails;
  for (int i = 0; i < kMails; ++i) mails.push_back(make_patch(1000 + i));

  std::mt19937 random(20261123);
  std::vector<int> pending(kMails);
  for (int i = 0; i < kMails; ++i) pending[i] = i;
  std::vector<bool> acknowledged(kMails, false);
  int killed = 0;
  for (int round = 0; round < kRounds && !pending.empty(); ++round) {
    std::vector<std::unique_ptr<Child>> children;
    for (int i : pending)
      children.push_back(
          std::make_unique<Child>(std::vector<std::string>{"--db", db_path_, "ingest"}, mails[i].raw, dir_));
    // In the first rounds, kill -9 every other delivery at a random moment
    // (before, during or after its transaction).
    if (round < kRounds / 2) {
      for (std::size_t c = 0; c < children.size(); c += 2) {
        std::this_thread::sleep_for(std::chrono::milliseconds(random() % 40));
        children[c]->kill(SIGKILL);
      }
    }
    std::vector<int> retry;
    for (std::size_t c = 0; c < children.size(); ++c) {
      const int mail = pending[c];
      ProcessResult r;
      try {
        r = children[c]->wait();
      } catch (const std::runtime_error&) {
        // Killed between fork and exec, before it opened its output files:
        // it never read the mail.
        ++killed;
        retry.push_back(mail);
        continue;
      }
      if (r.exit_code == 0 && r.signal == 0) {
        acknowledged[mail] = true;
        continue;
      }
      if (r.signal == SIGKILL) ++killed;
      EXPECT_TRUE(r.signal == SIGKILL || r.exit_code == kTempFail) << r.exit_code << " " << r.err;
      retry.push_back(mail);
    }
    pending = retry;
  }
  ASSERT_TRUE(pending.empty()) << pending.size() << " mails still undelivered";
  EXPECT_GT(killed, 0) << "no delivery was killed: the test proved nothing";

  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), kMails);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT msgid) FROM message"), kMails);
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch"), kMails);
  for (int i = 0; i < kMails; ++i) {
    ASSERT_TRUE(acknowledged[i]);
    EXPECT_EQ(count("SELECT COUNT(*) FROM patch WHERE msgid = :m",
                    {std::string("<patch-" + std::to_string(1000 + i) + "@example.com>")}),
              1)
        << i;
  }
  auto db = store::Database::open(db_path_);
  EXPECT_EQ(db.query_value<std::string>("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(db.query_value<std::string>("PRAGMA journal_mode"), "wal");
}

}  // namespace
}  // namespace patchloom::testing
