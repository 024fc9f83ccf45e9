#pragma once
// Runs one statement on SQLite through its C API rather than SOCI: SOCI 4.0
// reads columns declared INTEGER (every id) as 32-bit ints, reports computed
// columns as text and cannot bind blobs, while the C API gives each value's
// real storage class and 64-bit integers. Shares the SOCI session's
// connection, so transactions are common to both paths.

#include <functional>
#include <memory>
#include <unordered_map>
#include <string>
#include <string_view>

#include "patchloom/store/database.hpp"

namespace soci {
class session;
}

namespace patchloom::store::detail {

// PostgreSQL text cannot hold NUL and SOCI would silently cut the value
// there; refusing it on both engines keeps them identical. Throws
// DatabaseError for parameter `index` (0-based) when `text` contains NUL.
void require_no_nul(const std::string& text, std::size_t index);

// Asks SQLite for its multi-thread mode before the first connection opens:
// no mutex around every API call, which Debian's default (serialized) takes.
// A Database is used by one thread at a time (the server's pool hands each
// connection to one request), which is all that mode requires. Without
// effect once SQLite has been initialised.
void use_multithread_mode();

// Prepared statements of one SQLite connection, kept by SQL text: ingest
// runs the same few dozen statements for every mail, and preparing costs
// about as much as running them. Finalizes everything on destruction, which
// must come before the connection closes.
class SqliteStatements {
 public:
  explicit SqliteStatements(soci::session& session);
  ~SqliteStatements();
  SqliteStatements(const SqliteStatements&) = delete;
  SqliteStatements& operator=(const SqliteStatements&) = delete;

  // Runs `sql` with `params`, calling `on_row` (when not null) for each row;
  // returns the number of rows changed. Throws DatabaseError.
  long long run(std::string_view sql, const Params& params, const std::function<void(const Row&)>* on_row);

 private:
  struct Entry;
  std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;
  void* db_;  // sqlite3*, kept opaque so that this header needs no sqlite3.h
};

}  // namespace patchloom::store::detail
