#include "patchloom/store/database.hpp"

#include "bytea.hpp"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <stdexcept>

#include "patchloom/store/migrations.hpp"
#include "sqlite_statement.hpp"

namespace patchloom::store {

namespace {

constexpr int kSqliteConstraint = 19;  // SQLITE_CONSTRAINT
constexpr int kSqliteBusy = 5;         // SQLITE_BUSY
constexpr int kSqliteLocked = 6;       // SQLITE_LOCKED

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// libpq's keyword/value form with every value quoted: SOCI 4.0 mangles URIs.
std::string postgresql_connect_string(std::string_view url) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(std::string(url).c_str(), &err);
  if (options == nullptr) {
    std::string message = err != nullptr ? err : "cannot parse the URL";
    PQfreemem(err);
    throw DatabaseError(DatabaseError::Kind::other, "bad PostgreSQL URL: " + message);
  }
  std::string out;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    out += o->keyword;
    out += "='";
    for (const char* c = o->val; *c != '\0'; ++c) {
      if (*c == '\'' || *c == '\\') out += '\\';
      out += *c;
    }
    out += "' ";
  }
  PQconninfoFree(options);
  return out;
}

std::string sqlite_path(std::string_view url) {
  if (starts_with(url, "sqlite:")) url.remove_prefix(7);
  if (starts_with(url, "//")) url.remove_prefix(2);  // sqlite:///abs/path
  if (url.empty()) throw DatabaseError(DatabaseError::Kind::other, "empty SQLite path");
  return std::string(url);
}

std::unique_ptr<soci::session> open_sqlite(const std::string& path, const OpenOptions& options) {
  // SOCI parses the connect string itself; quoting keeps spaces in the path.
  std::string quoted;
  for (char c : path) {
    if (c == '"') throw DatabaseError(DatabaseError::Kind::other, "SQLite path may not contain '\"'");
    quoted += c;
  }
  detail::use_multithread_mode();
  auto session = std::make_unique<soci::session>(soci::sqlite3, "db=\"" + quoted + "\"");
  soci::session& s = *session;
  // Values below are ours, not user input: formatting them into PRAGMAs
  // (which take no parameters) is safe.
  s << "PRAGMA busy_timeout = " + std::to_string(options.busy_timeout_ms);
  std::string mode;
  s << "PRAGMA journal_mode = WAL", soci::into(mode);
  s << std::string("PRAGMA synchronous = ") + (options.synchronous == Synchronous::full ? "FULL" : "NORMAL");
  s << "PRAGMA foreign_keys = ON";
  s << "PRAGMA cache_size = -65536";     // 64 MiB page cache
  s << "PRAGMA mmap_size = 268435456";   // 256 MiB of the file mapped for reads
  s << "PRAGMA temp_store = MEMORY";
  return session;
}

std::unique_ptr<soci::session> open_postgresql(std::string_view url) {
  auto session = std::make_unique<soci::session>(soci::postgresql, postgresql_connect_string(url));
  *session << "SET bytea_output = 'hex'";
  *session << "SET client_encoding = 'UTF8'";
  *session << "SET client_min_messages = warning";  // no NOTICEs on stderr
  return session;
}

// Holds the bound copies of parameters for the duration of one statement:
// SOCI binds by address, so the vectors are sized once and never grow.
struct Bindings {
  explicit Bindings(std::size_t n) : ints(n), doubles(n), strings(n), indicators(n, soci::i_ok) {}
  std::vector<long long> ints;
  std::vector<double> doubles;
  std::vector<std::string> strings;
  std::vector<soci::indicator> indicators;
};

void bind_params(soci::statement& st, Bindings& b, const Params& params, Dialect dialect) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    switch (v.kind()) {
      case Value::Kind::none:
        b.indicators[i] = soci::i_null;
        st.exchange(soci::use(b.strings[i], b.indicators[i]));
        break;
      case Value::Kind::integer:
        b.ints[i] = v.integer();
        st.exchange(soci::use(b.ints[i], b.indicators[i]));
        break;
      case Value::Kind::real:
        b.doubles[i] = v.real();
        st.exchange(soci::use(b.doubles[i], b.indicators[i]));
        break;
      case Value::Kind::text:
        detail::require_no_nul(v.text(), i);
        b.strings[i] = v.text();
        st.exchange(soci::use(b.strings[i], b.indicators[i]));
        break;
      case Value::Kind::bytes:
        // SOCI 4.0 cannot write BYTEA through its blob type (it means large
        // objects on PostgreSQL), so bytes go as text in BYTEA's hex input form.
        b.strings[i] = dialect == Dialect::postgresql ? encode_bytea_hex(v.text()) : v.text();
        st.exchange(soci::use(b.strings[i], b.indicators[i]));
        break;
    }
  }
}

Value column_value(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return Value();
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_string:
    case soci::dt_blob:
    case soci::dt_xml:
      return Value(r.get<std::string>(i));
    case soci::dt_integer:
      return Value(r.get<int>(i));
    case soci::dt_long_long:
      return Value(r.get<long long>(i));
    case soci::dt_unsigned_long_long:
      return Value(static_cast<long long>(r.get<unsigned long long>(i)));
    case soci::dt_double:
      return Value(r.get<double>(i));
    case soci::dt_date:
      break;
  }
  throw DatabaseError(DatabaseError::Kind::other,
                      "column " + r.get_properties(i).get_name() + " has a date type; store util::Timestamp integers");
}

Row to_row(const soci::row& r, Dialect dialect) {
  std::vector<std::string> names;
  std::vector<Value> values;
  names.reserve(r.size());
  values.reserve(r.size());
  for (std::size_t i = 0; i < r.size(); ++i) {
    names.push_back(r.get_properties(i).get_name());
    values.push_back(column_value(r, i));
  }
  return Row(dialect, std::move(names), std::move(values));
}

[[noreturn]] void rethrow(const std::exception& e) {
  throw DatabaseError(classify_error(e), e.what());
}

}  // namespace

DatabaseError::Kind classify_error(const std::exception& e) {
  if (const auto* dbe = dynamic_cast<const DatabaseError*>(&e)) return dbe->kind();
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    std::string state = pg->sqlstate();
    if (state == "23505") return DatabaseError::Kind::unique_violation;
    if (state == "23503") return DatabaseError::Kind::foreign_key_violation;
    if (state == "40001" || state == "40P01" || state == "55P03") return DatabaseError::Kind::busy;
    return DatabaseError::Kind::other;
  }
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    // SOCI reports only the primary result code; the message tells which
    // constraint failed.
    std::string_view message = lite->what();
    if (lite->result() == kSqliteConstraint) {
      if (message.find("UNIQUE constraint failed") != std::string_view::npos) return DatabaseError::Kind::unique_violation;
      if (message.find("FOREIGN KEY constraint failed") != std::string_view::npos) return DatabaseError::Kind::foreign_key_violation;
    }
    if (lite->result() == kSqliteBusy || lite->result() == kSqliteLocked) return DatabaseError::Kind::busy;
  }
  return DatabaseError::Kind::other;
}

Database::Database(Dialect dialect, std::unique_ptr<soci::session> session)
    : dialect_(dialect), session_(std::move(session)) {
  if (dialect_ == Dialect::sqlite) sqlite_statements_ = std::make_unique<detail::SqliteStatements>(*session_);
}

Database::Database(Database&&) noexcept = default;

Database& Database::operator=(Database&& other) noexcept {
  sqlite_statements_.reset();  // finalized before their connection closes
  dialect_ = other.dialect_;
  session_ = std::move(other.session_);
  sqlite_statements_ = std::move(other.sqlite_statements_);
  transaction_depth_ = other.transaction_depth_;
  savepoint_depth_ = other.savepoint_depth_;
  return *this;
}
Database::~Database() = default;

Database Database::open(std::string_view url, const OpenOptions& options) {
  std::unique_ptr<soci::session> session;
  Dialect dialect = Dialect::sqlite;
  try {
    if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
      dialect = Dialect::postgresql;
      session = open_postgresql(url);
    } else {
      session = open_sqlite(sqlite_path(url), options);
    }
  } catch (const soci::soci_error& e) {
    rethrow(e);
  }
  Database db(dialect, std::move(session));
  if (options.migrate) migrate(db);
  return db;
}

soci::session& Database::session() { return *session_; }

long long Database::exec(std::string_view sql, const Params& params) {
  if (dialect_ == Dialect::sqlite) return sqlite_statements_->run(sql, params, nullptr);
  try {
    soci::statement st(*session_);
    Bindings bindings(params.size());
    bind_params(st, bindings, params, dialect_);
    st.alloc();
    st.prepare(std::string(sql), soci::details::st_one_time_query);
    st.define_and_bind();
    st.execute(true);
    return st.get_affected_rows();
  } catch (const soci::soci_error& e) {
    rethrow(e);
  }
}

void Database::query_each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& fn) {
  if (dialect_ == Dialect::sqlite) {
    sqlite_statements_->run(sql, params, &fn);
    return;
  }
  try {
    soci::row r;
    soci::statement st(*session_);
    Bindings bindings(params.size());
    bind_params(st, bindings, params, dialect_);
    st.exchange(soci::into(r));
    st.alloc();
    st.prepare(std::string(sql), soci::details::st_one_time_query);
    st.define_and_bind();
    for (bool more = st.execute(true); more; more = st.fetch()) fn(to_row(r, dialect_));
  } catch (const soci::soci_error& e) {
    rethrow(e);
  }
}

std::vector<Row> Database::query(std::string_view sql, const Params& params) {
  std::vector<Row> rows;
  query_each(sql, params, [&rows](const Row& r) { rows.push_back(r); });
  return rows;
}

std::optional<Row> Database::query_one(std::string_view sql, const Params& params) {
  // Reads every row the statement yields: callers add LIMIT 1 when a query
  // may match many.
  std::optional<Row> first;
  query_each(sql, params, [&first](const Row& r) {
    if (!first) first = r;
  });
  return first;
}

std::optional<long long> Database::try_insert(std::string_view sql, const Params& params) {
  // Both engines support RETURNING (SQLite since 3.35).
  std::string with_returning(sql);
  with_returning += " RETURNING id";
  auto row = query_one(with_returning, params);
  if (!row) return std::nullopt;
  return row->i64(0);
}

long long Database::insert(std::string_view sql, const Params& params) {
  auto id = try_insert(sql, params);
  if (!id) throw DatabaseError(DatabaseError::Kind::other, "INSERT returned no row: " + std::string(sql));
  return *id;
}

void Database::lock_project(long long project_id) {
  if (dialect_ != Dialect::postgresql) return;
  if (!in_transaction()) throw std::logic_error("lock_project outside a transaction");
  query("SELECT 1 FROM pg_advisory_xact_lock(:project_id)", {project_id});
}

Transaction::Transaction(Database& db) : db_(db) {
  if (db_.transaction_depth_ > 0) throw std::logic_error("nested Transaction: use a Savepoint");
  db_.exec(db_.is_sqlite() ? "BEGIN IMMEDIATE" : "BEGIN");
  db_.transaction_depth_ = 1;
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    rollback();
  } catch (const std::exception&) {
    // A destructor must not throw; the connection's own rollback on error
    // or close finishes the job.
    db_.transaction_depth_ = 0;
  }
}

void Transaction::commit() {
  if (!open_) throw std::logic_error("commit of a finished transaction");
  db_.exec("COMMIT");  // when this throws, the destructor still rolls back
  open_ = false;
  db_.transaction_depth_ = 0;
  db_.savepoint_depth_ = 0;
}

void Transaction::rollback() {
  if (!open_) return;
  open_ = false;
  db_.transaction_depth_ = 0;
  db_.savepoint_depth_ = 0;
  db_.exec("ROLLBACK");
}

Savepoint::Savepoint(Database& db) : db_(db) {
  if (!db_.in_transaction()) throw std::logic_error("Savepoint outside a transaction");
  name_ = "patchloom_sp" + std::to_string(++db_.savepoint_depth_);
  db_.exec("SAVEPOINT " + name_);
}

Savepoint::~Savepoint() {
  if (!open_) return;
  try {
    rollback();
  } catch (const std::exception&) {
    // The enclosing transaction's rollback cleans up.
  }
}

void Savepoint::release() {
  if (!open_) throw std::logic_error("release of a finished savepoint");
  open_ = false;
  --db_.savepoint_depth_;
  db_.exec("RELEASE SAVEPOINT " + name_);
}

void Savepoint::rollback() {
  if (!open_) return;
  open_ = false;
  --db_.savepoint_depth_;
  db_.exec("ROLLBACK TO SAVEPOINT " + name_);
  db_.exec("RELEASE SAVEPOINT " + name_);
}

std::string encode_bytea_hex(const std::string& data) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + data.size() * 2);
  for (unsigned char c : data) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace patchloom::store
