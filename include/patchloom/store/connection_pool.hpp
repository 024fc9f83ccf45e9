#pragma once
// Database connections shared by a server's worker threads: one per request
// in flight (a Database is not thread-safe), kept for reuse afterwards.
//
//   auto db = pool.acquire();
//   ... use *db ...
//   pool.release(std::move(db));  // skip this after a failure: the connection is dropped

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "patchloom/store/database.hpp"

namespace patchloom::store {

class ConnectionPool {
 public:
  // `url` as Database::open takes it; at most `max_idle` connections are kept.
  ConnectionPool(std::string url, unsigned max_idle) : url_(std::move(url)), max_idle_(max_idle) {}

  // An idle connection, or a new one (throws DatabaseError when it cannot connect).
  std::unique_ptr<Database> acquire();
  void release(std::unique_ptr<Database> db);

 private:
  std::string url_;
  unsigned max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Database>> idle_;
};

}  // namespace patchloom::store
