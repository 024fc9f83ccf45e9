#include "patchloom/store/database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "patchloom/store/compression.hpp"
#include "store_fixture.hpp"

namespace patchloom::store {
namespace {

using testing::StoreTest;

long long add_project(Database& db, const std::string& linkname) {
  return db.insert(
      "INSERT INTO project (linkname, name, listid, listemail) VALUES (:linkname, :name, :listid, :listemail)",
      {linkname, "Project " + linkname, linkname + ".example.org", linkname + "@example.org"});
}

long long count(Database& db, const std::string& table) {
  return db.query_value<long long>("SELECT COUNT(*) FROM " + table).value();
}

class DatabaseTest : public StoreTest {};

TEST_P(DatabaseTest, ReportsItsDialect) { EXPECT_EQ(db().dialect(), GetParam()); }

TEST_P(DatabaseTest, HasPatchworksDefaultStatesInOrder) {
  auto rows = db().query("SELECT name, slug, action_required FROM state ORDER BY ordering");
  const std::vector<std::string> names = {"New",        "Under Review",   "Accepted",          "Rejected",
                                          "RFC",        "Not Applicable", "Changes Requested", "Awaiting Upstream",
                                          "Superseded", "Deferred"};
  ASSERT_EQ(rows.size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(rows[i].text(0), names[i]);
  EXPECT_EQ(rows[1].text(1), "under-review");
  EXPECT_TRUE(rows[0].boolean(2));   // New needs action
  EXPECT_TRUE(rows[1].boolean(2));   // Under Review too
  EXPECT_FALSE(rows[2].boolean(2));  // Accepted does not
}

TEST_P(DatabaseTest, HasPatchworksDefaultTags) {
  auto rows = db().query("SELECT name, pattern, abbrev, show_column FROM tag ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].text(0), "Acked-by");
  EXPECT_EQ(rows[0].text(1), "^Acked-by:");
  EXPECT_EQ(rows[0].text(2), "A");
  EXPECT_EQ(rows[1].text(2), "R");
  EXPECT_EQ(rows[2].text(0), "Tested-by");
  EXPECT_TRUE(rows[2].boolean(3));
}

TEST_P(DatabaseTest, InsertReturnsIdsInInsertionOrder) {
  long long a = add_project(db(), "alpha");
  long long b = add_project(db(), "beta");
  EXPECT_GT(a, 0);
  EXPECT_EQ(b, a + 1);
  auto row = db().query_one("SELECT linkname FROM project WHERE id = :id", {b});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text(0), "beta");
}

TEST_P(DatabaseTest, NullsRoundTrip) {
  long long id = db().insert("INSERT INTO person (email, email_lower, name, user_id) VALUES (:e, :l, :n, :u)",
                             {"a@example.org", "a@example.org", std::optional<std::string>(), Null{}});
  auto row = db().query_one("SELECT name, user_id FROM person WHERE id = :id", {id});
  ASSERT_TRUE(row);
  EXPECT_TRUE(row->is_null(0));
  EXPECT_EQ(row->opt_text(0), std::nullopt);
  EXPECT_EQ(row->opt_i64(1), std::nullopt);
  EXPECT_THROW(row->text(0), DatabaseError);
}

TEST_P(DatabaseTest, UnicodeTextRoundTrips) {
  const std::string name = "J\xc3\xa9r\xc3\xb4me \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80 \xd0\x96";
  long long id = db().insert("INSERT INTO person (email, email_lower, name) VALUES (:e, :l, :n)",
                             {"j@example.org", "j@example.org", name});
  EXPECT_EQ(db().query_value<std::string>("SELECT name FROM person WHERE id = :id", {id}), name);
  // Lookups by a unicode value bind and compare bytes exactly.
  EXPECT_EQ(db().query_value<long long>("SELECT id FROM person WHERE name = :n", {name}), id);
}

TEST_P(DatabaseTest, TextWithNulIsRefusedOnBothEngines) {
  const std::string with_nul("a\0b", 3);
  EXPECT_THROW(db().exec("INSERT INTO person (email, email_lower) VALUES (:e, 'x')", {with_nul}), DatabaseError);
  EXPECT_EQ(count(db(), "person"), 0);
}

TEST_P(DatabaseTest, LargeTextRoundTrips) {
  long long project = add_project(db(), "big");
  long long person = db().insert("INSERT INTO person (email, email_lower) VALUES ('b@x.org', 'b@x.org')");
  std::string diff;
  for (int i = 0; diff.size() < 8u << 20; ++i) diff += "+line " + std::to_string(i) + " \xc3\xa4 of a big diff\n";
  long long id = db().insert(
      "INSERT INTO patch (msgid, project_id, date, headers, content, name, submitter_id, diff) "
      "VALUES (:msgid, :project, :date, :headers, :content, :name, :submitter, :diff)",
      {"<big@x.org>", project, 1700000000000000LL, "Subject: big\n", Null{}, "big", person, diff});
  auto row = db().query_one("SELECT diff, content, date FROM patch WHERE id = :id", {id});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text(0).size(), diff.size());
  EXPECT_EQ(row->text(0), diff);
  EXPECT_FALSE(row->opt_text(1));
  EXPECT_EQ(row->i64(2), 1700000000000000LL);
}

TEST_P(DatabaseTest, Int64AndBooleansRoundTrip) {
  long long project = add_project(db(), "ints");
  const long long far_future = (1LL << 60) + 12345;
  const long long before_epoch = -62135596800000000LL;  // 0001-01-01
  long long a = db().insert(
      "INSERT INTO message (project_id, msgid, date, received, raw_size, raw) VALUES (:p, :m, :d, :r, 0, :raw)",
      {project, "<a@x>", far_future, before_epoch, Bytes{}});
  auto row = db().query_one("SELECT date, received FROM message WHERE id = :id", {a});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->i64(0), far_future);
  EXPECT_EQ(row->i64(1), before_epoch);
  db().exec("UPDATE project SET use_tags = :b, send_notifications = :t WHERE id = :id", {false, true, project});
  auto flags = db().query_one("SELECT use_tags, send_notifications FROM project WHERE id = :id", {project});
  ASSERT_TRUE(flags);
  EXPECT_FALSE(flags->boolean(0));
  EXPECT_TRUE(flags->boolean(1));
  EXPECT_EQ(flags->get<std::optional<bool>>(1), std::optional<bool>(true));
}

TEST_P(DatabaseTest, IdsBeyond32BitsRoundTrip) {
  const long long big = 5000000000LL;
  db().exec("INSERT INTO person (id, email, email_lower) VALUES (:id, 'big@x', 'big@x')", {big});
  EXPECT_EQ(db().query_value<long long>("SELECT id FROM person WHERE email = 'big@x'"), big);
  EXPECT_EQ(db().query_value<long long>("SELECT MAX(id) + 1 FROM person"), big + 1);
}

TEST_P(DatabaseTest, WrongParameterCountIsAnError) {
  EXPECT_THROW(db().exec("UPDATE project SET name = :n WHERE id = :id", {"x"}), DatabaseError);
}

TEST_P(DatabaseTest, BinaryDataIsStoredAsBinary) {
  long long project = add_project(db(), "bin");
  db().exec("INSERT INTO message (project_id, msgid, date, received, raw_size, raw) VALUES (:p, '<b@x>', 0, 0, 1, :r)",
            {project, Bytes{"\x01"}});
  const char* sql = db().is_sqlite() ? "SELECT typeof(raw) FROM message" : "SELECT pg_typeof(raw)::text FROM message";
  EXPECT_EQ(db().query_value<std::string>(sql), db().is_sqlite() ? "blob" : "bytea");
  EXPECT_EQ(db().query_value<long long>("SELECT length(raw) FROM message"), 1);
}

TEST_P(DatabaseTest, BinaryDataRoundTripsExactly) {
  long long project = add_project(db(), "raw");
  std::string every_byte;
  for (int round = 0; round < 3; ++round) {
    for (int c = 0; c < 256; ++c) every_byte += static_cast<char>(c);
  }
  static constexpr char kMail[] = "From: a@x\r\nSubject: t\r\n\r\nbody\0with NUL\xff\xfe\r\n";
  std::string mail(kMail, sizeof(kMail) - 1);
  mail += every_byte;
  const std::string compressed = compress(mail);
  long long id1 = db().insert(
      "INSERT INTO message (project_id, msgid, date, received, raw_size, raw) VALUES (:p, '<1@x>', :d, :r, :s, :raw)",
      {project, 1000000LL, 2000000LL, static_cast<long long>(mail.size()), Bytes{compressed}});
  long long id2 = db().insert(
      "INSERT INTO message (project_id, msgid, date, received, raw_size, raw) VALUES (:p, '<2@x>', :d, :r, :s, :raw)",
      {project, 1000000LL, 2000000LL, static_cast<long long>(every_byte.size()), Bytes{every_byte}});
  auto row1 = db().query_one("SELECT raw, raw_size FROM message WHERE id = :id", {id1});
  ASSERT_TRUE(row1);
  Bytes raw = row1->bytes(0);
  EXPECT_EQ(raw.data, compressed);
  auto restored = uncompress(raw.data);
  ASSERT_TRUE(restored.ok()) << restored.error();
  EXPECT_EQ(*restored, mail);
  EXPECT_EQ(row1->i64(1), static_cast<long long>(mail.size()));
  EXPECT_EQ(db().query_value<Bytes>("SELECT raw FROM message WHERE id = :id", {id2}), Bytes{every_byte});
  // An empty value stays empty, not NULL.
  long long id3 = db().insert(
      "INSERT INTO message (project_id, msgid, date, received, raw_size, raw) VALUES (:p, '<3@x>', 0, 0, 0, :raw)",
      {project, Bytes{}});
  EXPECT_EQ(db().query_value<Bytes>("SELECT raw FROM message WHERE id = :id", {id3}), Bytes{});
}

TEST_P(DatabaseTest, UniqueViolationIsRecognisable) {
  add_project(db(), "dup");
  try {
    add_project(db(), "dup");
    FAIL() << "a duplicate linkname was accepted";
  } catch (const DatabaseError& e) {
    EXPECT_TRUE(e.is_unique_violation()) << e.what();
    EXPECT_EQ(e.kind(), DatabaseError::Kind::unique_violation);
  }
}

TEST_P(DatabaseTest, ForeignKeyViolationIsEnforcedAndRecognisable) {
  try {
    db().exec("INSERT INTO person (email, email_lower, user_id) VALUES ('f@x', 'f@x', 424242)");
    FAIL() << "a dangling user_id was accepted";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.kind(), DatabaseError::Kind::foreign_key_violation) << e.what();
  }
}

TEST_P(DatabaseTest, OtherErrorsAreNotConstraintViolations) {
  try {
    db().exec("SELECT no_such_column FROM project");
    FAIL() << "a bad query succeeded";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.kind(), DatabaseError::Kind::other) << e.what();
  }
}

TEST_P(DatabaseTest, TryInsertWithOnConflictReportsNoRow) {
  const char* sql =
      "INSERT INTO person (email, email_lower) VALUES (:e, :l) ON CONFLICT DO NOTHING";
  auto first = db().try_insert(sql, {"c@x", "c@x"});
  auto second = db().try_insert(sql, {"c@x", "c@x"});
  ASSERT_TRUE(first);
  EXPECT_FALSE(second);
  EXPECT_EQ(count(db(), "person"), 1);
}

TEST_P(DatabaseTest, TransactionRollsBackOnException) {
  try {
    Transaction tx(db());
    add_project(db(), "lost");
    throw std::runtime_error("caller failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(count(db(), "project"), 0);
  EXPECT_FALSE(db().in_transaction());
  {
    Transaction tx(db());
    add_project(db(), "kept");
    tx.commit();
  }
  EXPECT_EQ(count(db(), "project"), 1);
}

TEST_P(DatabaseTest, TransactionsDoNotNest) {
  Transaction tx(db());
  EXPECT_THROW(Transaction inner(db()), std::logic_error);
}

TEST_P(DatabaseTest, SavepointRecoversFromAFailedStatement) {
  Transaction tx(db());
  add_project(db(), "one");
  {
    Savepoint sp(db());
    EXPECT_THROW(add_project(db(), "one"), DatabaseError);
  }  // rolled back to the savepoint: on PostgreSQL the transaction is usable again
  add_project(db(), "two");
  tx.commit();
  EXPECT_EQ(count(db(), "project"), 2);
}

TEST_P(DatabaseTest, ReleasedSavepointKeepsItsWork) {
  Transaction tx(db());
  {
    Savepoint sp(db());
    add_project(db(), "inner");
    sp.release();
  }
  tx.commit();
  EXPECT_EQ(count(db(), "project"), 1);
}

TEST_P(DatabaseTest, LockProjectNeedsATransactionOnPostgreSQL) {
  long long id = add_project(db(), "locked");
  {
    Transaction tx(db());
    db().lock_project(id);
    db().lock_project(id);  // re-entrant within one transaction
    tx.commit();
  }
  if (db().is_postgresql()) {
    EXPECT_THROW(db().lock_project(id), std::logic_error);
  }
}

TEST_P(DatabaseTest, ComputedColumnsConvert) {
  add_project(db(), "a");
  add_project(db(), "b");
  auto row = db().query_one("SELECT COUNT(*), MAX(id), MIN(linkname), COUNT(*) * 1.5 FROM project");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->i64(0), 2);
  EXPECT_EQ(row->i32(1), row->i64(1));
  EXPECT_EQ(row->text(2), "a");
  EXPECT_DOUBLE_EQ(row->real(3), 3.0);
  EXPECT_EQ(db().query_value<long long>("SELECT MAX(id) FROM project WHERE linkname = 'none'"), std::nullopt);
}

TEST_P(DatabaseTest, QueryEachStreamsRowsAndColumnsHaveNames) {
  for (const char* name : {"c", "a", "b"}) add_project(db(), name);
  std::vector<std::string> seen;
  db().query_each("SELECT id, linkname FROM project ORDER BY linkname", {},
                  [&seen](const Row& r) { seen.push_back(r.text(r.index("linkname"))); });
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(db().exec("UPDATE project SET web_url = :u WHERE linkname <> :l", {"https://x", "a"}), 2);
}

TEST_P(DatabaseTest, StatementsCanBeRerunFromTheirOwnRowCallback) {
  for (const char* name : {"a", "b"}) add_project(db(), name);
  const char* sql = "SELECT linkname FROM project WHERE linkname >= :from ORDER BY linkname";
  std::vector<std::string> seen;
  db().query_each(sql, {"a"}, [&](const Row& outer) {
    db().query_each(sql, {outer.text(0)}, [&](const Row& inner) { seen.push_back(outer.text(0) + inner.text(0)); });
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"aa", "ab", "bb"}));
  // The same statement again, after the nesting, with fresh parameters.
  EXPECT_EQ(db().query(sql, {"b"}).size(), 1u);
}

TEST_P(DatabaseTest, ManyDistinctStatementsStayCorrect) {
  long long id = add_project(db(), "many");
  for (int i = 0; i < 600; ++i) {
    const std::string sql = "SELECT id + " + std::to_string(i) + " FROM project WHERE id = :id";
    ASSERT_EQ(db().query_value<long long>(sql, {id}), id + i);
  }
}

TEST_P(DatabaseTest, AFailedStatementCanBeRunAgain) {
  add_project(db(), "again");
  EXPECT_THROW(add_project(db(), "again"), DatabaseError);
  EXPECT_GT(add_project(db(), "again2"), 0);  // the same cached INSERT, reset after its failure
}

INSTANTIATE_TEST_SUITE_P(Engines, DatabaseTest, ::testing::Values(Dialect::sqlite, Dialect::postgresql),
                         testing::dialect_name);

// SQLite-only behaviour: connection settings and writers across processes.
class SqliteTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = ::patchloom::testing::make_temp_dir("patchloom-sqlite"); }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string path() const { return (dir_ / "test.db").string(); }
  std::filesystem::path dir_;
};

TEST_F(SqliteTest, CreatesTheFileAndAppliesSettings) {
  auto db = Database::open("sqlite:" + path(), OpenOptions{.synchronous = Synchronous::normal, .migrate = true});
  EXPECT_TRUE(std::filesystem::exists(path()));
  EXPECT_EQ(db.query_value<std::string>("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(db.query_value<long long>("PRAGMA foreign_keys"), 1);
  EXPECT_EQ(db.query_value<long long>("PRAGMA synchronous"), 1);  // NORMAL
  EXPECT_EQ(db.query_value<long long>("PRAGMA busy_timeout"), 30000);
  auto full = Database::open(path());
  EXPECT_EQ(full.query_value<long long>("PRAGMA synchronous"), 2);  // FULL
  EXPECT_EQ(count(full, "state"), 10);
}

TEST_F(SqliteTest, WritersWaitForEachOtherUpToTheBusyTimeout) {
  auto first = Database::open(path(), OpenOptions{.migrate = true});
  auto impatient = Database::open(path(), OpenOptions{.busy_timeout_ms = 50});
  auto patient = Database::open(path(), OpenOptions{.busy_timeout_ms = 10000});

  Transaction holding(first);
  add_project(first, "held");
  try {
    Transaction tx(impatient);
    FAIL() << "a second writer got the lock";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.kind(), DatabaseError::Kind::busy) << e.what();
  }

  std::thread release([&holding] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    holding.commit();
  });
  {
    Transaction tx(patient);  // waits for the commit instead of failing
    add_project(patient, "after");
    tx.commit();
  }
  release.join();
  EXPECT_EQ(count(patient, "project"), 2);
}

TEST(DatabaseOpenTest, RejectsABadPostgresqlUrl) {
  EXPECT_THROW(Database::open("postgresql://127.0.0.1:1/x?nonsense_option=1"), DatabaseError);
}

}  // namespace
}  // namespace patchloom::store
