// Upstream's series test mails (corpus/upstream-tests/series), each ingested
// in file order into a fresh project: the series of spec/parser.md §6.9 and
// the events of §10.4.

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ingest_fixture.hpp"

namespace patchloom::ingest::testing {
namespace {

struct ExpectedSeries {
  std::optional<std::string> name;  // nullopt: NULL
  int version;
  int total;
  bool cover;
  std::vector<int> numbers;  // patch numbers in the series
  bool received_all;
};

using Expected = std::vector<ExpectedSeries>;  // in series id order

const std::string kLorem = "test: Add some lorem ipsum";
const std::string kSample = "A sample series";

const std::map<std::string, Expected>& expectations() {
  static const std::map<std::string, Expected> table = {
      {"base-single-patch", {{kLorem, 1, 1, false, {1}, true}}},
      {"base-cover-letter", {{kSample, 1, 2, true, {1, 2}, true}}},
      {"base-deep-threaded", {{kSample, 1, 2, true, {1, 2}, true}}},
      {"base-no-cover-letter", {{"[1/2] " + kLorem, 1, 2, false, {1, 2}, true}}},
      {"base-out-of-order", {{kSample, 1, 2, true, {1, 2}, true}}},
      {"base-different-versions", {{"net: dsa: Multi-CPU ground work (v3)", 3, 4, true, {1, 2, 3, 4}, true}}},
      {"base-no-references",
       {{"[net,v2,1/2] net: ieee802154: remove explicit set skb->sk", 2, 2, false, {1, 2}, true}}},
      {"base-no-references-no-cover",
       {{"powerpc/dlpar: Correct display of hot-add/hot-remove CPUs and memory", 1, 2, true, {1, 2}, true}}},
      {"base-incomplete", {{kSample, 1, 2, true, {1}, false}}},
      {"base-extra-patches", {{kSample, 1, 2, true, {1, 2, 3}, true}}},
      {"bugs-multiple-references", {{"PM / OPP: Minor cleanups", 2, 4, true, {1, 2, 3, 4}, true}}},
      {"bugs-mixed-versions",
       {{"[1/2] " + kLorem, 1, 2, false, {1}, false}, {std::nullopt, 2, 2, false, {2}, false}}},
      {"bugs-nocover",
       {{"[1/2] " + kLorem, 1, 2, false, {1, 2}, true}, {"[v2,1/2] " + kLorem, 2, 2, false, {1, 2}, true}}},
      {"bugs-nocover-noversion",
       {{"[1/2] " + kLorem, 1, 2, false, {1, 2}, true}, {"[1/2] " + kLorem, 1, 2, false, {1, 2}, true}}},
      {"bugs-spamming",
       {{"[v2,1/4] Rework tagging infrastructure", 2, 4, false, {1}, false},
        {"[v2,1/4] Rework tagging infrastructure", 2, 4, false, {1}, false},
        {"[v2,1/4] Rework tagging infrastructure", 2, 4, false, {1}, false}}},
      {"bugs-unnumbered",
       {{kSample, 1, 2, true, {1}, false}, {"This is an orphaned patch!", 1, 1, false, {1}, true}}},
      {"bugs-multiple-content-types",
       {{"[-next] bpf: Use PTR_ERR_OR_ZERO in xsk_map_inc()", 1, 1, false, {1}, true}}},
      {"dependency-base-patch", {{"Add test files for testing", 1, 2, true, {1, 2}, true}}},
      {"mercurial-cover-letter", {{"Sample Mercurial patches", 1, 2, true, {1, 2}, true}}},
      {"mercurial-no-cover-letter",
       {{"[1 of 2] contrib: fix check-commit to not reject commits from `hg sign` and `hg tag`", 1, 2, false,
         {1, 2}, true}}},
      {"revision-basic", {{kSample, 1, 2, true, {1, 2}, true}, {kSample, 2, 2, true, {1, 2}, true}}},
      {"revision-threaded-to-cover", {{kSample, 1, 2, true, {1, 2}, true}, {kSample, 2, 2, true, {1, 2}, true}}},
      {"revision-threaded-to-patch", {{kSample, 1, 2, true, {1, 2}, true}, {kSample, 2, 2, true, {1, 2}, true}}},
      {"revision-out-of-order", {{kSample, 1, 2, true, {1, 2}, true}, {kSample, 2, 2, true, {1, 2}, true}}},
      {"revision-threaded-to-single-patch",
       {{kLorem, 1, 1, false, {1}, true}, {"[v2] " + kLorem, 2, 1, false, {1}, true}}},
      {"revision-no-cover-letter",
       {{kSample, 1, 2, true, {1, 2}, true}, {"[v2,1/2] " + kLorem, 2, 2, false, {1, 2}, true}}},
      {"revision-unlabeled", {{kSample, 1, 2, true, {1, 2}, true}, {kSample, 1, 2, true, {1, 2}, true}}},
      {"revision-unlabeled-noreferences",
       {{"[net,v2,1/2] net: ieee802154: remove explicit set skb->sk", 2, 2, false, {1, 2}, true},
        {"[net,v2,1/2] net: ieee802154: remove explicit set skb->sk", 2, 2, false, {1, 2}, true}}},
  };
  return table;
}

class SeriesCorpusTest : public IngestTest {
 protected:
  std::filesystem::path series_dir() { return *::patchloom::testing::shared_dir() / "corpus/upstream-tests/series"; }

  void ingest_file(const std::string& stem) {
    add_project();
    IngestOptions options;
    options.list_id = "test.example.com";
    for (const auto& mail : read_mbox(series_dir() / (stem + ".mbox"))) {
      IngestResult r = ingest(mail, options);
      ASSERT_NE(r.outcome, Outcome::Rejected) << stem << ": " << r.reason;
    }
  }

  std::vector<ExpectedSeries> actual_series() {
    std::vector<ExpectedSeries> out;
    for (const auto& row : db().query("SELECT id, name, version, total, cover_letter_id FROM series ORDER BY id")) {
      ExpectedSeries s{row.opt_text(1), row.i32(2), row.i32(3), !row.is_null(4), {}, false};
      for (const auto& p : db().query("SELECT number FROM patch WHERE series_id = :s ORDER BY number", {row.i64(0)})) {
        s.numbers.push_back(p.i32(0));
      }
      s.received_all = s.total <= static_cast<int>(s.numbers.size());
      out.push_back(s);
    }
    return out;
  }

  std::vector<std::string> event_categories() {
    std::vector<std::string> out;
    for (const auto& row : db().query("SELECT category FROM event ORDER BY id")) out.push_back(row.text(0));
    return out;
  }
};

std::string describe(const ExpectedSeries& s) {
  std::string out = "name=" + s.name.value_or("<NULL>") + " v" + std::to_string(s.version) + " total=" +
                    std::to_string(s.total) + (s.cover ? " cover" : " no-cover") + " numbers=[";
  for (int n : s.numbers) out += std::to_string(n) + ",";
  out += "] all=" + std::string(s.received_all ? "true" : "false");
  return out;
}

TEST_P(SeriesCorpusTest, EveryFileGivesTheUpstreamSeries) {
  PATCHLOOM_REQUIRE_SHARED();
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(series_dir())) {
    if (entry.path().extension() != ".mbox") continue;
    ++files;
    std::string stem = entry.path().stem().string();
    SCOPED_TRACE(stem);
    auto expected = expectations().find(stem);
    ASSERT_NE(expected, expectations().end()) << "no expectation for " << stem;
    // A fresh database per file.
    TearDown();
    SetUp();
    ingest_file(stem);
    std::vector<ExpectedSeries> actual = actual_series();
    ASSERT_EQ(actual.size(), expected->second.size());
    for (std::size_t i = 0; i < actual.size(); ++i) {
      EXPECT_EQ(describe(actual[i]), describe(expected->second[i])) << "series #" << i + 1;
    }
  }
  EXPECT_EQ(files, expectations().size());
}

TEST_P(SeriesCorpusTest, OutOfOrderEvents) {
  PATCHLOOM_REQUIRE_SHARED();
  ingest_file("base-out-of-order");
  EXPECT_EQ(event_categories(), (std::vector<std::string>{"patch-created", "series-created", "patch-created",
                                                          "patch-completed", "patch-completed", "series-completed",
                                                          "cover-created"}));
  // patch-completed fires for the arriving 1/2, then its successor 2/2.
  auto rows = db().query(
      "SELECT p.number FROM event e JOIN patch p ON p.id = e.patch_id WHERE e.category = 'patch-completed' ORDER BY e.id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].i32(0), 1);
  EXPECT_EQ(rows[1].i32(0), 2);
}

TEST_P(SeriesCorpusTest, ExtraPatchesCompleteTheSeriesTwice) {
  PATCHLOOM_REQUIRE_SHARED();
  ingest_file("base-extra-patches");
  EXPECT_EQ(event_categories(),
            (std::vector<std::string>{"series-created", "cover-created", "patch-created", "patch-completed",
                                      "patch-created", "patch-completed", "series-completed", "patch-created",
                                      "patch-completed", "series-completed"}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM event WHERE series_id IS NOT NULL AND category <> 'series-created'"
                  " AND series_id <> (SELECT MIN(id) FROM series)"),
            0);
}

TEST_P(SeriesCorpusTest, OnlyNewSeriesRegisterReferences) {
  PATCHLOOM_REQUIRE_SHARED();
  // §6.3 [run]: base-cover-letter and base-deep-threaded end with a single
  // SeriesReference, the cover's msgid.
  for (const char* stem : {"base-cover-letter", "base-deep-threaded"}) {
    SCOPED_TRACE(stem);
    TearDown();
    SetUp();
    ingest_file(stem);
    auto rows = db().query("SELECT r.msgid, c.msgid FROM series_reference r, cover c");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].text(0), rows[0].text(1));
  }
}

TEST_P(SeriesCorpusTest, ReplyBecomesAPatchComment) {
  PATCHLOOM_REQUIRE_SHARED();
  ingest_file("bugs-multiple-content-types");
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM patch_comment"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, SeriesCorpusTest,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql), dialect_name);

}  // namespace
}  // namespace patchloom::ingest::testing
