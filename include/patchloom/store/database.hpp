#pragma once
// The database: one connection to SQLite or PostgreSQL through SOCI, with a
// small portable layer on top so that callers write one SQL text for both
// engines and never splice values into it.
//
// SQL conventions (docs/storage.md):
//   - Parameters are named placeholders (`:name`), bound in order of
//     appearance from a Params list; the names are for the reader only.
//   - Portable SQL only: both engines accept `INSERT ... ON CONFLICT DO
//     NOTHING`, `RETURNING`, `LIMIT/OFFSET`, `COALESCE`, window functions.
//   - Booleans are 0/1 integers, datetimes util::Timestamp (BIGINT
//     microseconds), binary data Bytes. Text may not contain NUL (PostgreSQL
//     cannot store it): such a parameter throws DatabaseError on both engines.
//
// A Database is one connection: not thread-safe; use one per thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace soci {
class session;
}

namespace patchloom::store {

namespace detail {
class SqliteStatements;
}

enum class Dialect { sqlite, postgresql };

// Binary data (a BLOB on SQLite, a BYTEA on PostgreSQL). A distinct type so
// that a parameter or a column read knows it must not be treated as text.
struct Bytes {
  std::string data;
  bool operator==(const Bytes&) const = default;
};

// A SQL NULL parameter: Null{} (std::nullopt works too).
struct Null {};

// One bound parameter or fetched column value. Implicit conversions let
// callers write db.exec(sql, {project_id, msgid, std::nullopt, Bytes{raw}}).
// (A plain struct rather than std::variant: GCC 12 warns falsely about
// variants holding strings built in initializer lists.)
class Value {
 public:
  enum class Kind { none, integer, real, text, bytes };  // none: SQL NULL

  Value() = default;
  Value(Null) {}                                            // NOLINT
  Value(std::nullopt_t) {}                                  // NOLINT
  Value(bool b) : kind_(Kind::integer), int_(b ? 1 : 0) {}  // NOLINT: booleans are 0/1
  Value(int i) : kind_(Kind::integer), int_(i) {}           // NOLINT
  Value(unsigned i) : kind_(Kind::integer), int_(i) {}      // NOLINT
  Value(long i) : kind_(Kind::integer), int_(i) {}          // NOLINT
  Value(long long i) : kind_(Kind::integer), int_(i) {}     // NOLINT
  Value(unsigned long i) : kind_(Kind::integer), int_(static_cast<long long>(i)) {}  // NOLINT
  Value(double d) : kind_(Kind::real), real_(d) {}          // NOLINT
  Value(std::string s) : kind_(Kind::text), text_(std::move(s)) {}       // NOLINT
  Value(std::string_view s) : kind_(Kind::text), text_(s) {}             // NOLINT
  Value(const char* s) : kind_(Kind::text), text_(s) {}                  // NOLINT
  Value(Bytes b) : kind_(Kind::bytes), text_(std::move(b.data)) {}       // NOLINT
  template <typename T>
  Value(const std::optional<T>& o) {                        // NOLINT
    if (o) *this = Value(*o);
  }

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::none; }
  long long integer() const { return int_; }
  double real() const { return real_; }
  // The text, or the bytes of a Kind::bytes value.
  const std::string& text() const { return text_; }

 private:
  Kind kind_ = Kind::none;
  long long int_ = 0;
  double real_ = 0;
  std::string text_;
};

using Params = std::vector<Value>;

// One fetched row. Getters convert between integer widths and from the text
// SQLite reports for computed columns; they throw DatabaseError on a NULL
// (use the opt_ form for NULLable columns) or on a value of the wrong kind.
class Row {
 public:
  Row(Dialect dialect, std::vector<std::string> names, std::vector<Value> values);

  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const { return values_.at(i).is_null(); }
  // Index of a column by name (as the SELECT list names it); throws when absent.
  std::size_t index(std::string_view name) const;

  long long i64(std::size_t i) const;
  int i32(std::size_t i) const;
  bool boolean(std::size_t i) const;
  double real(std::size_t i) const;
  std::string text(std::size_t i) const;
  Bytes bytes(std::size_t i) const;
  std::optional<long long> opt_i64(std::size_t i) const;
  std::optional<int> opt_i32(std::size_t i) const;
  std::optional<bool> opt_boolean(std::size_t i) const;
  std::optional<std::string> opt_text(std::size_t i) const;
  std::optional<Bytes> opt_bytes(std::size_t i) const;

  // Typed access for generic code: T is one of the getters' result types.
  template <typename T>
  T get(std::size_t i) const;

 private:
  Dialect dialect_;
  std::vector<std::string> names_;
  std::vector<Value> values_;
};

template <> long long Row::get<long long>(std::size_t i) const;
template <> int Row::get<int>(std::size_t i) const;
template <> bool Row::get<bool>(std::size_t i) const;
template <> double Row::get<double>(std::size_t i) const;
template <> std::string Row::get<std::string>(std::size_t i) const;
template <> Bytes Row::get<Bytes>(std::size_t i) const;
template <> std::optional<long long> Row::get<std::optional<long long>>(std::size_t i) const;
template <> std::optional<int> Row::get<std::optional<int>>(std::size_t i) const;
template <> std::optional<bool> Row::get<std::optional<bool>>(std::size_t i) const;
template <> std::optional<std::string> Row::get<std::optional<std::string>>(std::size_t i) const;
template <> std::optional<Bytes> Row::get<std::optional<Bytes>>(std::size_t i) const;

// Every failure reported by the database, classified so callers can react to
// the expected ones (a concurrent insert of the same msgid) and let the rest
// propagate.
class DatabaseError : public std::runtime_error {
 public:
  enum class Kind { unique_violation, foreign_key_violation, busy, other };
  DatabaseError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }
  bool is_unique_violation() const { return kind_ == Kind::unique_violation; }

 private:
  Kind kind_;
};

// Classifies any exception thrown by SOCI (for code using session() directly).
DatabaseError::Kind classify_error(const std::exception& e);

enum class Synchronous { full, normal };

struct OpenOptions {
  // SQLite: FULL for the MTA path (a mail acknowledged is on disk), NORMAL
  // for bulk imports (still safe against corruption in WAL mode).
  Synchronous synchronous = Synchronous::full;
  // SQLite: how long a writer waits for another process's write lock.
  int busy_timeout_ms = 30000;
  // Runs migrate() after opening (creating a new database on first use).
  bool migrate = false;
};

class Database {
 public:
  // `url`: a plain path or `sqlite:PATH` for SQLite (created when missing);
  // `postgresql://[user[:password]@]host[:port]/dbname[?param=value...]` (or
  // `postgres://`) for PostgreSQL. Throws DatabaseError when it cannot connect.
  static Database open(std::string_view url, const OpenOptions& options = {});

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  Dialect dialect() const { return dialect_; }
  bool is_sqlite() const { return dialect_ == Dialect::sqlite; }
  bool is_postgresql() const { return dialect_ == Dialect::postgresql; }
  // The raw SOCI session, for statically typed bulk work. Errors thrown from
  // it are soci::soci_error; classify them with classify_error().
  soci::session& session();

  // Runs a statement that returns no rows; returns the number of rows affected.
  long long exec(std::string_view sql, const Params& params = {});
  // Runs a query and returns every row.
  std::vector<Row> query(std::string_view sql, const Params& params = {});
  // The first row, or nullopt when there is none.
  std::optional<Row> query_one(std::string_view sql, const Params& params = {});
  // Streams rows to `fn` without holding them all in memory.
  void query_each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& fn);
  // The first column of the first row (nullopt when no row or NULL), e.g.
  // db.query_value<long long>("SELECT COUNT(*) FROM patch").
  template <typename T>
  std::optional<T> query_value(std::string_view sql, const Params& params = {}) {
    auto row = query_one(sql, params);
    if (!row || row->is_null(0)) return std::nullopt;
    return row->get<T>(0);
  }

  // Runs an INSERT (without RETURNING) into a table with an `id` column and
  // returns the new row's id. try_insert returns nullopt when no row was
  // inserted (`INSERT ... ON CONFLICT DO NOTHING`).
  long long insert(std::string_view sql, const Params& params = {});
  std::optional<long long> try_insert(std::string_view sql, const Params& params = {});

  // PostgreSQL: serialises ingestion into one project across processes for
  // the rest of the current transaction (pg_advisory_xact_lock). SQLite: no-op,
  // since a write transaction (BEGIN IMMEDIATE) already excludes every writer.
  void lock_project(long long project_id);

  bool in_transaction() const { return transaction_depth_ > 0; }

 private:
  friend class Transaction;
  friend class Savepoint;
  Database(Dialect dialect, std::unique_ptr<soci::session> session);

  Dialect dialect_;
  std::unique_ptr<soci::session> session_;
  // SQLite's prepared statements; declared after session_ so that they are
  // finalized before the connection closes.
  std::unique_ptr<detail::SqliteStatements> sqlite_statements_;
  int transaction_depth_ = 0;
  // Open savepoints; each is named after its depth, so the same few SQL
  // texts recur and stay prepared (a name per savepoint filled the cache).
  int savepoint_depth_ = 0;
};

// A write transaction: BEGIN IMMEDIATE on SQLite (writers queue on the lock
// up front instead of failing on upgrade), BEGIN on PostgreSQL. Rolled back by
// the destructor unless commit() was called. Not nestable: use Savepoint
// inside a transaction.
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  void commit();
  void rollback();

 private:
  Database& db_;
  bool open_ = true;
};

// A savepoint inside a transaction: lets a caller try a statement that may
// fail (a unique violation) and carry on. On PostgreSQL a failed statement
// otherwise aborts the whole transaction. Rolled back to by the destructor
// unless release() was called.
class Savepoint {
 public:
  explicit Savepoint(Database& db);
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  ~Savepoint();

  void release();
  void rollback();

 private:
  Database& db_;
  std::string name_;
  bool open_ = true;
};

}  // namespace patchloom::store
