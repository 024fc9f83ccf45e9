#pragma once
// A fixture for tests of the real `patchloom` binary: a scratch directory,
// a fresh SQLite database in it with one project for kTestListId, and
// helpers to run commands and count rows.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "mail_gen.hpp"
#include "patchloom/store/database.hpp"
#include "process.hpp"
#include "shared_data.hpp"

namespace patchloom::testing {

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("patchloom-cli");
    db_path_ = (dir_ / "test.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs `patchloom --db <test db> args...`.
  ProcessResult patchloom(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {"--db", db_path_});
    return run_patchloom(args, input, dir_);
  }

  // Adds the project every generated mail belongs to.
  void add_test_project() {
    auto r = patchloom({"project", "add", "--linkname", "cli-test", "--name", "CLI test", "--listid", kTestListId,
                        "--listemail", "cli-test@lists.example.com"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  long long count(const std::string& sql, const store::Params& params = {}) {
    auto db = store::Database::open(db_path_);
    return db.query_value<long long>(sql, params).value_or(-1);
  }

  std::filesystem::path write(const std::string& name, const std::string& content) {
    auto path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::filesystem::path dir_;
  std::string db_path_;
};

}  // namespace patchloom::testing
