#include "sqlite_statement.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <memory>
#include <string>
#include <vector>

namespace patchloom::store::detail {

namespace {

// soci-sqlite3.h includes sqlite3.h inside namespace sqlite_api.
using sqlite_api::sqlite3;
using sqlite_api::sqlite3_stmt;

// SQLITE_STATIC: SQLite uses the caller's bytes without copying them. Safe
// because the parameters outlive the statement's use of them: run_prepared()
// resets the statement and clears its bindings before it returns. A mail's
// content, diff and compressed raw bytes are then not copied once more.
const sqlite_api::sqlite3_destructor_type kStatic = nullptr;

sqlite3* native_handle(soci::session& session) {
  return static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
}

DatabaseError::Kind kind_of(int extended_code) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return DatabaseError::Kind::unique_violation;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return DatabaseError::Kind::foreign_key_violation;
    default:
      break;
  }
  const int primary = extended_code & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return DatabaseError::Kind::busy;
  return DatabaseError::Kind::other;
}

[[noreturn]] void fail(sqlite3* db, std::string_view sql) {
  throw DatabaseError(kind_of(sqlite_api::sqlite3_extended_errcode(db)),
                      std::string(sqlite_api::sqlite3_errmsg(db)) + " while executing \"" + std::string(sql) + "\"");
}

void bind(sqlite3* db, sqlite3_stmt* st, std::string_view sql, const Params& params) {
  const int expected = sqlite_api::sqlite3_bind_parameter_count(st);
  if (expected != static_cast<int>(params.size())) {
    throw DatabaseError(DatabaseError::Kind::other, "statement has " + std::to_string(expected) + " placeholders but " +
                                                        std::to_string(params.size()) + " parameters were given: " +
                                                        std::string(sql));
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    const int pos = static_cast<int>(i) + 1;
    int rc = SQLITE_OK;
    switch (v.kind()) {
      case Value::Kind::none:
        rc = sqlite_api::sqlite3_bind_null(st, pos);
        break;
      case Value::Kind::integer:
        rc = sqlite_api::sqlite3_bind_int64(st, pos, v.integer());
        break;
      case Value::Kind::real:
        rc = sqlite_api::sqlite3_bind_double(st, pos, v.real());
        break;
      case Value::Kind::text:
        require_no_nul(v.text(), i);
        rc = sqlite_api::sqlite3_bind_text64(st, pos, v.text().data(), v.text().size(), kStatic, SQLITE_UTF8);
        break;
      case Value::Kind::bytes:
        // A NULL data pointer would bind NULL: an empty blob needs zeroblob.
        rc = v.text().empty() ? sqlite_api::sqlite3_bind_zeroblob(st, pos, 0)
                              : sqlite_api::sqlite3_bind_blob64(st, pos, v.text().data(), v.text().size(),
                                                                kStatic);
        break;
    }
    if (rc != SQLITE_OK) fail(db, sql);
  }
}

std::string column_bytes(sqlite3_stmt* st, int i, bool text) {
  const void* data = text ? static_cast<const void*>(sqlite_api::sqlite3_column_text(st, i))
                          : sqlite_api::sqlite3_column_blob(st, i);
  const int size = sqlite_api::sqlite3_column_bytes(st, i);
  return data == nullptr ? std::string() : std::string(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

Value column_value(sqlite3_stmt* st, int i) {
  switch (sqlite_api::sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER:
      return Value(static_cast<long long>(sqlite_api::sqlite3_column_int64(st, i)));
    case SQLITE_FLOAT:
      return Value(sqlite_api::sqlite3_column_double(st, i));
    case SQLITE_TEXT:
      return Value(column_bytes(st, i, true));
    case SQLITE_BLOB:
      return Value(Bytes{column_bytes(st, i, false)});
    default:
      return Value();
  }
}

}  // namespace

void require_no_nul(const std::string& text, std::size_t index) {
  if (text.find('\0') != std::string::npos) {
    throw DatabaseError(DatabaseError::Kind::other,
                        "text parameter " + std::to_string(index + 1) + " contains NUL (bind binary data as Bytes)");
  }
}

void use_multithread_mode() {
  static const int rc = [] {
    const int mode = sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    // Memory statistics take a global mutex around every allocation.
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return mode;
  }();
  (void)rc;  // SQLITE_MISUSE when already initialised: the defaults stay
}

namespace {

// More distinct statements than this means SQL built at run time (filters,
// IN lists): start over rather than grow without bound.
constexpr std::size_t kMaxCachedStatements = 512;

using StatementPtr = std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)>;

StatementPtr prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  if (sqlite_api::sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw,
                                     &tail) != SQLITE_OK) {
    fail(db, sql);
  }
  return StatementPtr(raw, sqlite_api::sqlite3_finalize);
}

long long run_prepared(sqlite3* db, sqlite3_stmt* st, std::string_view sql, const Params& params,
                       const std::vector<std::string>& names, const std::function<void(const Row&)>* on_row) {
  // Leaves the statement reset (no read lock held, bindings cleared) however
  // this returns, so that it can be reused.
  struct Reset {
    sqlite3_stmt* st;
    ~Reset() {
      sqlite_api::sqlite3_reset(st);
      sqlite_api::sqlite3_clear_bindings(st);
    }
  } reset{st};
  bind(db, st, sql, params);
  const int columns = static_cast<int>(names.size());
  for (;;) {
    const int rc = sqlite_api::sqlite3_step(st);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) fail(db, sql);
    if (on_row == nullptr) continue;
    std::vector<Value> values;
    values.reserve(names.size());
    for (int i = 0; i < columns; ++i) values.push_back(column_value(st, i));
    (*on_row)(Row(Dialect::sqlite, names, std::move(values)));
  }
  return sqlite_api::sqlite3_changes64(db);
}

std::vector<std::string> column_names(sqlite3_stmt* st) {
  std::vector<std::string> names;
  const int columns = sqlite_api::sqlite3_column_count(st);
  for (int i = 0; i < columns; ++i) names.emplace_back(sqlite_api::sqlite3_column_name(st, i));
  return names;
}

}  // namespace

struct SqliteStatements::Entry {
  StatementPtr st;
  std::vector<std::string> names;
  bool busy = false;  // running now (a row callback may run the same SQL again)
};

SqliteStatements::SqliteStatements(soci::session& session) : db_(native_handle(session)) {}
SqliteStatements::~SqliteStatements() = default;

long long SqliteStatements::run(std::string_view sql, const Params& params,
                                const std::function<void(const Row&)>* on_row) {
  auto* db = static_cast<sqlite3*>(db_);
  std::string key(sql);
  auto found = entries_.find(key);
  if (found == entries_.end()) {
    auto st = prepare(db, sql);
    if (!st) return 0;  // only whitespace or comments
    if (entries_.size() >= kMaxCachedStatements) {
      std::erase_if(entries_, [](const auto& kv) { return !kv.second->busy; });
    }
    auto entry = std::make_unique<Entry>(Entry{std::move(st), {}, false});
    entry->names = column_names(entry->st.get());
    found = entries_.emplace(std::move(key), std::move(entry)).first;
  }
  Entry& e = *found->second;
  if (e.busy) {
    // Re-entered from a row callback: a one-off statement of its own.
    auto st = prepare(db, sql);
    return run_prepared(db, st.get(), sql, params, e.names, on_row);
  }
  e.busy = true;
  struct Idle {
    Entry& e;
    ~Idle() { e.busy = false; }
  } idle{e};
  return run_prepared(db, e.st.get(), sql, params, e.names, on_row);
}

}  // namespace patchloom::store::detail
