#pragma once
// A fresh, migrated database (SQLite file or a PostgreSQL schema) with one
// project, mails fed through the real Ingestor, and the archive handler
// called in-process.

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <optional>
#include <string>

#include "patchloom/archive/app.hpp"
#include "patchloom/ingest/ingestor.hpp"
#include "patchloom/store/database.hpp"
#include "pg_cluster.hpp"
#include "shared_data.hpp"

namespace patchloom::archive::testing {

inline constexpr const char* kListId = "archive-test.lists.example.com";

// One mail of the test list. `refs` become In-Reply-To (the first) and
// References (all, oldest first as MUAs write them).
inline std::string make_mail(const std::string& msgid, const std::string& subject, const std::string& body,
                             int minute, const std::vector<std::string>& refs = {}) {
  char date[64];
  std::snprintf(date, sizeof date, "Mon, 01 Jan 2024 10:%02d:00 +0000", minute);
  std::string raw = "From: Alice Example <alice@example.com>\n"
                    "To: Archive list <archive-test@lists.example.com>\n"
                    "Subject: " + subject + "\n"
                    "Date: " + std::string(date) + "\n"
                    "Message-Id: <" + msgid + ">\n";
  if (!refs.empty()) {
    raw += "In-Reply-To: <" + refs.back() + ">\nReferences:";
    for (const auto& r : refs) raw += " <" + r + ">";
    raw += "\n";
  }
  raw += "List-Id: Archive test <" + std::string(kListId) + ">\n"
         "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n" + body;
  return raw;
}

inline std::string gunzip(const std::string& data) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return "<inflateInit2 failed>";
  std::string out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : "<bad gzip stream>";
}

class ArchiveTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == store::Dialect::postgresql) {
      PATCHLOOM_REQUIRE_POSTGRESQL();
      url_ = ::patchloom::testing::shared_pg_cluster()->create_schema();
    } else {
      dir_ = ::patchloom::testing::make_temp_dir("patchloom-archive");
      url_ = (dir_ / "test.db").string();
    }
    db_.emplace(store::Database::open(url_, store::OpenOptions{.synchronous = store::Synchronous::normal,
                                                               .migrate = true}));
    db_->exec("INSERT INTO project (linkname, name, listid, listemail) VALUES (:l, :n, :i, :e)",
              {"archive-test", "Archive <test> list", kListId, "archive-test@lists.example.com"});
    ingestor_.emplace(*db_);
    handler_ = make_archive_handler(ArchiveOptions{url_, {}, 2});
  }

  void TearDown() override {
    ingestor_.reset();
    db_.reset();
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

  void ingest(const std::string& raw) {
    auto result = ingestor_->ingest(raw);
    ASSERT_NE(result.message_id, 0) << "not archived: " << result.reason;
  }

  http::Response get(const std::string& target, const std::string& method = "GET") {
    http::Request request;
    request.method = method;
    EXPECT_TRUE(http::set_target(request, target).ok()) << target;
    request.headers.add("Host", "archive.example.com");
    return handler_(request);
  }

  store::Database& db() { return *db_; }

  std::filesystem::path dir_;
  std::string url_;
  std::optional<store::Database> db_;
  std::optional<ingest::Ingestor> ingestor_;
  http::Handler handler_;
};

inline std::string dialect_name(const ::testing::TestParamInfo<store::Dialect>& info) {
  return info.param == store::Dialect::sqlite ? "SQLite" : "PostgreSQL";
}

}  // namespace patchloom::archive::testing
