#include "patchloom/store/statement_cache.hpp"

#include <soci/soci.h>

#include <vector>

#include "bytea.hpp"

namespace patchloom::store {
namespace {

thread_local StatementCache* active_cache = nullptr;

// One letter per parameter: the SOCI type it is bound as.
char kind_of(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::none: return 'n';
    case Value::Kind::integer: return 'i';
    case Value::Kind::real: return 'd';
    case Value::Kind::text: return 's';
    case Value::Kind::bytes: return 'b';
  }
  return 'n';
}

Value column(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return Value();
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_string:
    case soci::dt_blob:
    case soci::dt_xml: return Value(r.get<std::string>(i));
    case soci::dt_integer: return Value(r.get<int>(i));
    case soci::dt_long_long: return Value(r.get<long long>(i));
    case soci::dt_unsigned_long_long: return Value(static_cast<long long>(r.get<unsigned long long>(i)));
    case soci::dt_double: return Value(r.get<double>(i));
    case soci::dt_date: break;
  }
  throw DatabaseError(DatabaseError::Kind::other, "unsupported column type in " + r.get_properties(i).get_name());
}

}  // namespace

// A prepared statement with the storage its parameters are bound to (SOCI
// binds by address, so the vectors never grow after preparation).
struct StatementCache::Entry {
  Entry(soci::session& session, std::size_t n) : st(session), ints(n), doubles(n), strings(n), indicators(n) {}
  soci::statement st;
  soci::row row;
  bool returns_rows = false;
  std::vector<long long> ints;
  std::vector<double> doubles;
  std::vector<std::string> strings;
  std::vector<soci::indicator> indicators;

  void set(const Params& params, Dialect dialect) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      indicators[i] = soci::i_ok;
      switch (v.kind()) {
        case Value::Kind::none: indicators[i] = soci::i_null; break;
        case Value::Kind::integer: ints[i] = v.integer(); break;
        case Value::Kind::real: doubles[i] = v.real(); break;
        case Value::Kind::text: strings[i] = v.text(); break;
        case Value::Kind::bytes:
          strings[i] = dialect == Dialect::postgresql ? encode_bytea_hex(v.text()) : v.text();
          break;
      }
    }
  }
};

StatementCache::StatementCache(Database& db) : db_(db) {}
StatementCache::~StatementCache() = default;

StatementCache::Entry& StatementCache::entry(std::string_view sql, const Params& params, bool returns_rows) {
  std::string key(sql);
  key += '\x1f';
  for (const auto& p : params) key += kind_of(p);
  key += returns_rows ? 'r' : 'x';
  auto found = entries_.find(key);
  if (found != entries_.end()) return *found->second;

  auto e = std::make_unique<Entry>(db_.session(), params.size());
  e->returns_rows = returns_rows;
  for (std::size_t i = 0; i < params.size(); ++i) {
    switch (kind_of(params[i])) {
      case 'i': e->st.exchange(soci::use(e->ints[i], e->indicators[i])); break;
      case 'd': e->st.exchange(soci::use(e->doubles[i], e->indicators[i])); break;
      default: e->st.exchange(soci::use(e->strings[i], e->indicators[i])); break;
    }
  }
  if (returns_rows) e->st.exchange(soci::into(e->row));
  e->st.alloc();
  e->st.prepare(std::string(sql));
  e->st.define_and_bind();
  return *entries_.emplace(std::move(key), std::move(e)).first->second;
}

long long StatementCache::exec(std::string_view sql, const Params& params) {
  try {
    Entry& e = entry(sql, params, false);
    e.set(params, db_.dialect());
    e.st.execute(true);
    return e.st.get_affected_rows();
  } catch (const soci::soci_error& err) {
    throw DatabaseError(classify_error(err), err.what());
  }
}

void StatementCache::query_each(std::string_view sql, const Params& params,
                                const std::function<void(const Row&)>& fn) {
  std::vector<Row> rows;
  try {
    Entry& e = entry(sql, params, true);
    e.set(params, db_.dialect());
    // Every row is read before `fn` runs, so the statement is finished (and
    // holds no read lock) even if `fn` throws or issues other statements.
    for (bool more = e.st.execute(true); more; more = e.st.fetch()) {
      std::vector<std::string> names;
      std::vector<Value> values;
      for (std::size_t i = 0; i < e.row.size(); ++i) {
        names.push_back(e.row.get_properties(i).get_name());
        values.push_back(column(e.row, i));
      }
      rows.emplace_back(db_.dialect(), std::move(names), std::move(values));
    }
  } catch (const soci::soci_error& err) {
    throw DatabaseError(classify_error(err), err.what());
  }
  for (const auto& r : rows) fn(r);
}

std::optional<long long> StatementCache::try_insert(std::string_view sql, const Params& params) {
  std::string with_returning(sql);
  with_returning += " RETURNING id";
  std::optional<long long> id;
  query_each(with_returning, params, [&id](const Row& r) {
    if (!id) id = r.i64(0);
  });
  return id;
}

StatementCache::Use::Use(StatementCache& cache) : previous_(active_cache) { active_cache = &cache; }
StatementCache::Use::~Use() { active_cache = previous_; }

StatementCache* StatementCache::active(const Database& db) {
  // SQLite goes through Database's own C-API path (real BLOBs, 64-bit
  // integers, its own prepared statements); SOCI's SQLite rows lack those.
  if (db.is_sqlite()) return nullptr;
  return active_cache != nullptr && &active_cache->db_ == &db ? active_cache : nullptr;
}

long long Sql::exec(std::string_view sql, const Params& params) {
  return cache_ ? cache_->exec(sql, params) : db_.exec(sql, params);
}

void Sql::query_each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& fn) {
  if (cache_) {
    cache_->query_each(sql, params, fn);
  } else {
    db_.query_each(sql, params, fn);
  }
}

std::optional<Row> Sql::query_one(std::string_view sql, const Params& params) {
  std::optional<Row> first;
  query_each(sql, params, [&first](const Row& r) {
    if (!first) first = r;
  });
  return first;
}

std::vector<Row> Sql::query(std::string_view sql, const Params& params) {
  std::vector<Row> rows;
  query_each(sql, params, [&rows](const Row& r) { rows.push_back(r); });
  return rows;
}

std::optional<long long> Sql::try_insert(std::string_view sql, const Params& params) {
  return cache_ ? cache_->try_insert(sql, params) : db_.try_insert(sql, params);
}

long long Sql::insert(std::string_view sql, const Params& params) {
  auto id = try_insert(sql, params);
  if (!id) throw DatabaseError(DatabaseError::Kind::other, "INSERT returned no row: " + std::string(sql));
  return *id;
}

}  // namespace patchloom::store
