#include "pg_cluster.hpp"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "shared_data.hpp"

namespace patchloom::testing {

namespace {

std::filesystem::path pg_bin_dir() {
  const char* env = std::getenv("PATCHLOOM_PG_BIN");
  return env != nullptr && *env != '\0' ? std::filesystem::path(env) : "/usr/lib/postgresql/15/bin";
}

// A port nothing listens on right now. Another process may take it before
// the server binds it; start() retries with a new port when that happens.
int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  // The sockets API takes sockaddr*; sockaddr_in is the documented overlay.
  auto* sa = reinterpret_cast<sockaddr*>(&addr);
  if (::bind(fd, sa, sizeof(addr)) != 0 || ::getsockname(fd, sa, &len) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string read_if_exists(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return "";
  return read_file(path);
}

void exec_sql(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot connect to the test cluster: " + message);
  }
  PGresult* res = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  std::string message = ok ? "" : PQerrorMessage(conn);
  PQclear(res);
  PQfinish(conn);
  if (!ok) throw std::runtime_error(sql + ": " + message);
}

class PgEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { cluster.reset(); }
  std::unique_ptr<PgCluster> cluster;
  std::string failure;
  bool tried = false;
};

// Registered at load time so the cluster stops when the tests end; gtest
// owns the object.
PgEnvironment* const g_environment =
    static_cast<PgEnvironment*>(::testing::AddGlobalTestEnvironment(new PgEnvironment));

}  // namespace

std::string PgCluster::unavailable_reason() {
  auto bin = pg_bin_dir();
  for (const char* tool : {"initdb", "pg_ctl"}) {
    if (::access((bin / tool).c_str(), X_OK) != 0) return (bin / tool).string() + " not found";
  }
  if (::geteuid() == 0 && ::getpwnam("postgres") == nullptr) return "running as root and no `postgres` user exists";
  return "";
}

PgCluster::PgCluster() : bin_(pg_bin_dir()) {
  if (auto why = unavailable_reason(); !why.empty()) throw std::runtime_error(why);
  dir_ = make_temp_dir("patchloom-pg");
  as_postgres_user_ = ::geteuid() == 0;
  if (as_postgres_user_) {
    const passwd* pw = ::getpwnam("postgres");
    if (::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("cannot chown " + dir_.string());
  }
  try {
    run((bin_ / "initdb").string() + " -D " + (dir_ / "data").string() +
        " -A trust -U postgres -E UTF8 --no-locale --no-sync");
    start();
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    throw;
  }
}

void PgCluster::start() {
  // Durability is irrelevant for a throwaway cluster; speed is not.
  std::string last_error;
  for (int attempt = 0; attempt < 3; ++attempt) {
    port_ = free_port();
    try {
      run((bin_ / "pg_ctl").string() + " -D " + (dir_ / "data").string() + " -l " + (dir_ / "server.log").string() +
          " -w -t 60 -o \"-k " + dir_.string() + " -p " + std::to_string(port_) +
          " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start");
      running_ = true;
      return;
    } catch (const std::runtime_error& e) {
      last_error = e.what();
    }
  }
  throw std::runtime_error(last_error + "\nserver log:\n" + read_if_exists(dir_ / "server.log"));
}

PgCluster::~PgCluster() {
  if (running_) {
    try {
      run((bin_ / "pg_ctl").string() + " -D " + (dir_ / "data").string() + " -m immediate -w stop");
    } catch (const std::exception&) {
      // Nothing more to do in a destructor; the directory goes anyway.
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string PgCluster::run(const std::string& command) const {
  const auto log = dir_ / "command.log";
  std::string full = (as_postgres_user_ ? "runuser -u postgres -- " : "") + command + " > " + log.string() + " 2>&1";
  int rc = std::system(full.c_str());
  std::string output = read_if_exists(log);
  if (rc != 0) throw std::runtime_error("`" + command + "` failed:\n" + output);
  return output;
}

std::string PgCluster::url(const std::string& database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PgCluster::create_database() {
  std::string name = "test_" + std::to_string(++databases_);
  exec_sql(url("postgres"), "CREATE DATABASE " + name);
  return url(name);
}

std::string PgCluster::create_schema() {
  if (!shared_database_) {
    exec_sql(url("postgres"), "CREATE DATABASE schemas");
    shared_database_ = true;
  }
  std::string name = "test_" + std::to_string(++schemas_);
  exec_sql(url("schemas"), "CREATE SCHEMA " + name);
  return url("schemas") + "?options=-csearch_path%3D" + name;
}

PgCluster* shared_pg_cluster(std::string* why) {
  PgEnvironment& env = *g_environment;
  if (!env.tried) {
    env.tried = true;
    env.failure = PgCluster::unavailable_reason();
    if (env.failure.empty()) {
      try {
        env.cluster = std::make_unique<PgCluster>();
      } catch (const std::exception& e) {
        env.failure = e.what();
      }
    }
  }
  if (why != nullptr) *why = env.failure;
  return env.cluster.get();
}

}  // namespace patchloom::testing
