#pragma once
// A fresh, migrated database with one project per test, on SQLite (a
// temporary file) or PostgreSQL (a new schema in the binary's shared
// cluster), plus helpers to feed mails to an Ingestor and to read mbox files
// the way upstream's parsearchive does (spec/parser.md §1.2).

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "patchloom/ingest/ingestor.hpp"
#include "patchloom/mail/mbox.hpp"
#include "patchloom/store/database.hpp"
#include "patchloom/store/migrations.hpp"
#include "pg_cluster.hpp"
#include "shared_data.hpp"

namespace patchloom::ingest::testing {

// The mails of an mbox file as upstream's parsearchive reads it (Python's
// mailbox.mbox: no ">From " unquoting).
inline std::vector<std::string> read_mbox(const std::filesystem::path& path) {
  auto reader = mail::MboxReader::open(path, mail::MboxQuoting::python_compat);
  if (!reader) throw std::runtime_error("cannot read " + path.string() + ": " + reader.error());
  std::vector<std::string> out;
  while (auto message = reader->next()) out.push_back(std::move(message->raw));
  return out;
}

struct ProjectSpec {
  std::string linkname = "test-project";
  std::string name = "Test Project";
  std::string listid = "test.example.com";
  std::string listemail = "test@example.com";
  std::string subject_match;
};

class IngestTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == store::Dialect::postgresql) {
      PATCHLOOM_REQUIRE_POSTGRESQL();
      url_ = ::patchloom::testing::shared_pg_cluster()->create_schema();
    } else {
      dir_ = ::patchloom::testing::make_temp_dir("patchloom-ingest");
      url_ = (dir_ / "test.db").string();
    }
    db_.emplace(store::Database::open(url_, store::OpenOptions{.synchronous = store::Synchronous::normal,
                                                               .migrate = true}));
  }

  void TearDown() override {
    ingestor_.reset();
    db_.reset();
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

  store::Database& db() { return *db_; }

  long long add_project(const ProjectSpec& p = {}) {
    long long id = db().insert(
        "INSERT INTO project (linkname, name, listid, listemail, subject_match) VALUES (:l, :n, :i, :e, :s)",
        {p.linkname, p.name, p.listid, p.listemail, p.subject_match});
    if (ingestor_) ingestor_->reload();
    return id;
  }

  Ingestor& ingestor() {
    if (!ingestor_) ingestor_.emplace(db());
    return *ingestor_;
  }

  IngestResult ingest(const std::string& raw, const IngestOptions& options = {}) {
    return ingestor().ingest(raw, options);
  }

  long long count(const std::string& sql, const store::Params& params = {}) {
    return db().query_value<long long>(sql, params).value_or(-1);
  }

 private:
  std::filesystem::path dir_;
  std::string url_;
  std::optional<store::Database> db_;
  std::optional<Ingestor> ingestor_;
};

inline std::string dialect_name(const ::testing::TestParamInfo<store::Dialect>& info) {
  return info.param == store::Dialect::sqlite ? "SQLite" : "PostgreSQL";
}

}  // namespace patchloom::ingest::testing
