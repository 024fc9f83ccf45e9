#pragma once
// A fresh, migrated database for each test, on SQLite (a temporary file) or
// on PostgreSQL (a new schema in the binary's shared test cluster):
// parameterise a suite with ::testing::Values(Dialect::sqlite,
// Dialect::postgresql) and every test runs on both engines.

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "patchloom/store/database.hpp"
#include "patchloom/store/migrations.hpp"
#include "pg_cluster.hpp"
#include "shared_data.hpp"

namespace patchloom::store::testing {

class StoreTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::postgresql) {
      PATCHLOOM_REQUIRE_POSTGRESQL();
      url_ = ::patchloom::testing::shared_pg_cluster()->create_schema();
    } else {
      dir_ = ::patchloom::testing::make_temp_dir("patchloom-store");
      url_ = (dir_ / "test.db").string();
    }
    db_.emplace(Database::open(url_, OpenOptions{.migrate = migrate_on_open()}));
  }

  void TearDown() override {
    db_.reset();
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

  // Suites that test migration itself start from an empty database.
  virtual bool migrate_on_open() const { return true; }

  Database& db() { return *db_; }
  const std::string& url() const { return url_; }

 private:
  std::filesystem::path dir_;
  std::string url_;
  std::optional<Database> db_;
};

inline std::string dialect_name(const ::testing::TestParamInfo<Dialect>& info) {
  return info.param == Dialect::sqlite ? "SQLite" : "PostgreSQL";
}

}  // namespace patchloom::store::testing
