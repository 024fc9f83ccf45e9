// Failure modes of mail delivery: several MTA deliveries at once, and an
// import killed mid-way then run again.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>
#include <thread>

#include "cli_fixture.hpp"

namespace patchloom::testing {
namespace {

constexpr int kTempFail = 75;

class DeliveryTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    add_test_project();
  }

  // What a series looks like once stored: one series holding every patch,
  // numbered 1..n, with the cover letter linked.
  struct SeriesShape {
    long long series = 0, patches_in_series = 0, distinct_numbers = 0, cover_linked = 0, total = 0;
    bool operator==(const SeriesShape&) const = default;
  };
  SeriesShape shape() {
    SeriesShape s;
    s.series = count("SELECT COUNT(*) FROM series");
    s.patches_in_series = count("SELECT COUNT(*) FROM patch WHERE series_id = (SELECT MIN(id) FROM series)");
    s.distinct_numbers = count("SELECT COUNT(DISTINCT number) FROM patch WHERE series_id IS NOT NULL");
    s.cover_linked = count(
        "SELECT COUNT(*) FROM series s JOIN cover c ON c.id = s.cover_letter_id WHERE c.msgid = '<conc-0@example.com>'");
    s.total = count("SELECT MIN(total) FROM series");
    return s;
  }
};

TEST_F(DeliveryTest, ConcurrentDeliveriesOfASeriesMatchSequentialDelivery) {
  constexpr int kPatches = 8;
  const auto mails = make_series("conc", kPatches);

  // Sequential, in order.
  for (const auto& mail : mails) {
    auto r = patchloom({"ingest"}, mail.raw);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const SeriesShape expected = shape();
  EXPECT_EQ(expected, (SeriesShape{1, kPatches, kPatches, 1, kPatches}));

  // Concurrent, shuffled, into a fresh database; exit 75 is retried the way
  // an MTA would (bounded).
  db_path_ = (dir_ / "concurrent.db").string();
  add_test_project();
  std::vector<const GeneratedMail*> order;
  for (const auto& mail : mails) order.push_back(&mail);
  std::shuffle(order.begin(), order.end(), std::mt19937(20240101));
  std::vector<const GeneratedMail*> pending = order;
  for (int round = 0; round < 5 && !pending.empty(); ++round) {
    std::vector<std::unique_ptr<Child>> children;
    for (const auto* mail : pending)
      children.push_back(std::make_unique<Child>(std::vector<std::string>{"--db", db_path_, "ingest"}, mail->raw, dir_));
    std::vector<const GeneratedMail*> retry;
    for (std::size_t i = 0; i < children.size(); ++i) {
      auto r = children[i]->wait();
      if (r.exit_code == kTempFail) {
        retry.push_back(pending[i]);
        continue;
      }
      EXPECT_EQ(r.exit_code, 0) << r.err;
    }
    pending = retry;
  }
  EXPECT_TRUE(pending.empty()) << pending.size() << " deliveries still failing after 5 rounds";
  EXPECT_EQ(shape(), expected);
  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), kPatches + 1);
}

TEST_F(DeliveryTest, ImportKilledMidwayThenRerunStoresEveryMailOnce) {
  constexpr int kMails = 4000;
  std::vector<GeneratedMail> mails;
  for (int i = 0; i < kMails; ++i) mails.push_back(make_patch(i));
  const auto mbox = write("big.mbox", to_mbox(mails));

  bool killed_midway = false;
  {
    Child import({"--db", db_path_, "import", mbox.string()}, "", dir_);
    // Wait until a part of the input is stored, then kill -9.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      long long stored = 0;
      try {
        stored = count("SELECT COUNT(*) FROM message");
      } catch (const std::exception&) {
        continue;  // the writer holds a lock for a moment
      }
      if (stored >= kMails / 10) break;
    }
    import.kill(SIGKILL);
    auto r = import.wait();
    killed_midway = r.signal == SIGKILL;
  }
  const long long before = count("SELECT COUNT(*) FROM message");
  EXPECT_TRUE(killed_midway) << "import finished before it could be killed";
  EXPECT_LT(before, kMails);

  auto rerun = patchloom({"import", mbox.string()});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), kMails);
  EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT DISTINCT project_id, msgid FROM message) d"), kMails);
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch"), kMails);
  EXPECT_NE(rerun.err.find(std::to_string(before) + " duplicates"), std::string::npos) << rerun.err;
}

}  // namespace
}  // namespace patchloom::testing
