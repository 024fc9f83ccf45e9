#pragma once
// Prepared statements kept for reuse on one connection. Database::exec and
// query prepare every statement anew, which costs more than running it for
// the small statements ingest issues by the dozen per mail; a
// StatementCache prepares each distinct (SQL text, parameter types) once.
//
// The store's query functions (persons.cpp, patches.cpp, ...) run their SQL
// through sql(db): while a StatementCache::Use for the same Database is alive
// on the calling thread, they go through its cache, otherwise straight to the
// Database. So callers opt in without any change to the functions' signatures.
//
// Only PostgreSQL uses it: on SQLite, Database runs statements through the C
// API with its own prepared statements (real BLOBs, 64-bit integers), so
// active() is always nullptr there and sql(db) is the Database itself.
//
// Not thread-safe, like the Database it belongs to. Entries live as long as
// the cache; it must not outlive its Database.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "patchloom/store/database.hpp"

namespace patchloom::store {

class StatementCache {
 public:
  explicit StatementCache(Database& db);
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  Database& database() { return db_; }

  // The same contracts as Database's methods of the same names.
  long long exec(std::string_view sql, const Params& params);
  void query_each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& fn);
  std::optional<long long> try_insert(std::string_view sql, const Params& params);

  // While alive, sql(db) on this thread uses `cache` for its Database.
  class Use {
   public:
    explicit Use(StatementCache& cache);
    ~Use();
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;

   private:
    StatementCache* previous_;
  };
  // The cache in use on this thread for `db`, or nullptr.
  static StatementCache* active(const Database& db);

 private:
  struct Entry;
  Entry& entry(std::string_view sql, const Params& params, bool returns_rows);

  Database& db_;
  std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;
};

// Runs SQL through the active StatementCache of a Database, or the Database.
class Sql {
 public:
  explicit Sql(Database& db) : db_(db), cache_(StatementCache::active(db)) {}

  long long exec(std::string_view sql, const Params& params = {});
  void query_each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& fn);
  std::optional<Row> query_one(std::string_view sql, const Params& params = {});
  template <typename T>
  std::optional<T> query_value(std::string_view sql, const Params& params = {}) {
    auto row = query_one(sql, params);
    if (!row || row->is_null(0)) return std::nullopt;
    return row->get<T>(0);
  }
  std::vector<Row> query(std::string_view sql, const Params& params = {});
  std::optional<long long> try_insert(std::string_view sql, const Params& params = {});
  long long insert(std::string_view sql, const Params& params = {});

 private:
  Database& db_;
  StatementCache* cache_;
};

inline Sql sql(Database& db) { return Sql(db); }

}  // namespace patchloom::store
