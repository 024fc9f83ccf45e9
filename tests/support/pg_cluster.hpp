#pragma once
// A throwaway PostgreSQL cluster for tests: initdb into a temporary directory,
// started with pg_ctl on 127.0.0.1 and a free port (unix socket in the same
// directory), stopped and removed on destruction. PostgreSQL refuses to run
// as root, so as root the cluster runs as the `postgres` system user
// (DESIGN.md, practical notes).
//
// One cluster serves a whole test binary: shared_pg_cluster() starts it on
// first use and a gtest Environment stops it when the tests end. Tests get
// their own schema (or database) in it with create_schema().

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

namespace patchloom::testing {

class PgCluster {
 public:
  // Starts a cluster; throws std::runtime_error (with the server log) when it
  // cannot. Binaries come from $PATCHLOOM_PG_BIN or /usr/lib/postgresql/15/bin.
  PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;
  ~PgCluster();

  int port() const { return port_; }
  // postgresql:// URL of `database` in this cluster.
  std::string url(const std::string& database) const;
  // Creates a new, empty database with a unique name; returns its URL.
  // Slow (about half a second here): prefer create_schema().
  std::string create_database();
  // Creates a new, empty schema with a unique name in a shared database and
  // returns a URL whose connections use it as their search_path: as isolated
  // as a database for unqualified names, and fast to create.
  std::string create_schema();

  // Why no cluster can run here (binaries missing), or "" when one can.
  static std::string unavailable_reason();

 private:
  void start();
  std::string run(const std::string& command) const;  // as the cluster's owner

  std::filesystem::path dir_;
  std::filesystem::path bin_;
  bool as_postgres_user_ = false;
  bool running_ = false;
  int port_ = 0;
  int databases_ = 0;
  int schemas_ = 0;
  bool shared_database_ = false;
};

// The binary's shared cluster, started on first call; nullptr when
// PostgreSQL is unavailable or failed to start (`why` says which).
PgCluster* shared_pg_cluster(std::string* why = nullptr);

}  // namespace patchloom::testing

// Skips the current test visibly when PostgreSQL is not installed; fails it
// when PostgreSQL is installed but the cluster did not start.
#define PATCHLOOM_REQUIRE_POSTGRESQL()                                                  \
  do {                                                                                  \
    std::string patchloom_pg_why;                                                       \
    if (::patchloom::testing::shared_pg_cluster(&patchloom_pg_why) == nullptr) {        \
      if (!::patchloom::testing::PgCluster::unavailable_reason().empty()) {             \
        GTEST_SKIP() << "PostgreSQL not available: " << patchloom_pg_why;               \
      }                                                                                 \
      GTEST_FAIL() << "the PostgreSQL test cluster did not start: " << patchloom_pg_why; \
    }                                                                                   \
  } while (0)
