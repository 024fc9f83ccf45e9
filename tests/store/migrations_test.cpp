#include "patchloom/store/migrations.hpp"

#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace patchloom::store {
namespace {

class MigrationsTest : public testing::StoreTest {
 protected:
  bool migrate_on_open() const override { return false; }
};

TEST_P(MigrationsTest, NewDatabaseStartsAtVersionZero) { EXPECT_EQ(schema_version(db()), 0); }

TEST_P(MigrationsTest, MigrateAppliesEverythingOnceAndThenNothing) {
  const auto& all = migrations();
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(migrate(db()), static_cast<int>(all.size()));
  EXPECT_EQ(schema_version(db()), all.back().version);
  EXPECT_EQ(migrate(db()), 0);
  EXPECT_EQ(schema_version(db()), all.back().version);
  EXPECT_EQ(db().query_value<long long>("SELECT COUNT(*) FROM schema_version"), static_cast<long long>(all.size()));
  // The fixtures were inserted once, not once per run.
  EXPECT_EQ(db().query_value<long long>("SELECT COUNT(*) FROM state"), 10);
  EXPECT_EQ(db().query_value<long long>("SELECT COUNT(*) FROM tag"), 3);
}

TEST_P(MigrationsTest, RecordsTheMigrationNames) {
  migrate(db());
  EXPECT_EQ(db().query_value<std::string>("SELECT name FROM schema_version WHERE version = 1"), "0001_initial");
}

TEST_P(MigrationsTest, ReopeningWithMigrateKeepsTheData) {
  migrate(db());
  db().exec("INSERT INTO project (linkname, name, listid, listemail) VALUES ('p', 'P', 'p.x', 'p@x')");
  auto again = Database::open(url(), OpenOptions{.migrate = true});
  EXPECT_EQ(again.query_value<long long>("SELECT COUNT(*) FROM project"), 1);
}

TEST_P(MigrationsTest, RefusesADatabaseNewerThanTheProgram) {
  migrate(db());
  db().exec("INSERT INTO schema_version (version, name, applied) VALUES (9999, '9999_future', 0)");
  EXPECT_THROW(migrate(db()), DatabaseError);
}

TEST_P(MigrationsTest, FailedMigrationLeavesNoTrace) {
  // A table that migration 1 creates already exists: the migration fails
  // part-way and its transaction takes every earlier statement back.
  db().exec("CREATE TABLE bundle (id INTEGER)");
  EXPECT_THROW(migrate(db()), DatabaseError);
  EXPECT_EQ(schema_version(db()), 0);
  EXPECT_THROW(db().exec("SELECT COUNT(*) FROM project"), DatabaseError);
}

INSTANTIATE_TEST_SUITE_P(Engines, MigrationsTest, ::testing::Values(Dialect::sqlite, Dialect::postgresql),
                         testing::dialect_name);

TEST(MigrationListTest, VersionsAscendFromOneWithoutGaps) {
  const auto& all = migrations();
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].version, static_cast<int>(i + 1)) << all[i].name;
}

TEST(RenderMigrationTest, SubstitutesPlaceholdersPerEngine) {
  const char* sql = "CREATE TABLE t (id {{ID}}, raw {{BLOB}} NOT NULL)";
  EXPECT_EQ(render_migration(sql, Dialect::sqlite),
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, raw BLOB NOT NULL)");
  EXPECT_EQ(render_migration(sql, Dialect::postgresql), "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, raw BYTEA NOT NULL)");
  EXPECT_THROW(render_migration("x {{NOPE}}", Dialect::sqlite), std::logic_error);
}

TEST(SplitSqlTest, SplitsAtTopLevelSemicolonsOnly) {
  auto parts = split_sql(
      "CREATE TABLE a (x TEXT DEFAULT 'a;b'); -- a comment; with a semicolon\n"
      "INSERT INTO a VALUES ('it''s; fine');\n"
      "CREATE TABLE \"odd;name\" (y INT)\n");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "CREATE TABLE a (x TEXT DEFAULT 'a;b')");
  EXPECT_NE(parts[1].find("'it''s; fine'"), std::string::npos);
  EXPECT_EQ(parts[1].find("comment"), std::string::npos);
  EXPECT_NE(parts[2].find("\"odd;name\""), std::string::npos);
}

TEST(SplitSqlTest, IgnoresBlankAndCommentOnlyStatements) {
  EXPECT_TRUE(split_sql("  ;\n-- only a comment;\n ; ").empty());
  EXPECT_THROW(split_sql("SELECT 'unterminated"), std::logic_error);
}

}  // namespace
}  // namespace patchloom::store
