#include "patchloom/store/migrations.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "embedded_migrations.hpp"
#include "patchloom/util/time.hpp"

namespace patchloom::store {

namespace {

// pg_advisory_xact_lock key that serialises concurrent migrators
// ("plmg" in ASCII); project ids used by lock_project are far smaller.
constexpr long long kMigrationLockKey = 0x706c6d67LL << 16;

int version_of(std::string_view name) {
  std::size_t digits = 0;
  while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits])) != 0) ++digits;
  if (digits == 0) throw std::logic_error("migration file name without a number: " + std::string(name));
  return std::stoi(std::string(name.substr(0, digits)));
}

std::vector<Migration> load_embedded() {
  std::vector<Migration> out;
  for (std::size_t i = 0; i < detail::kEmbeddedMigrationCount; ++i) {
    const auto& m = detail::kEmbeddedMigrations[i];
    out.push_back(Migration{version_of(m.name), m.name, m.sql});
  }
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i].version == out[i - 1].version) {
      throw std::logic_error("two migrations numbered " + std::to_string(out[i].version));
    }
  }
  return out;
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

bool has_version_table(Database& db) {
  const char* sql = db.is_sqlite()
                        ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
                        : "SELECT COUNT(*) FROM information_schema.tables "
                          "WHERE table_schema = current_schema() AND table_name = 'schema_version'";
  return db.query_value<long long>(sql).value_or(0) > 0;
}

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = load_embedded();
  return all;
}

std::string render_migration(std::string_view sql, Dialect dialect) {
  const bool sqlite = dialect == Dialect::sqlite;
  std::string out;
  out.reserve(sql.size() + 512);
  std::size_t pos = 0;
  while (pos < sql.size()) {
    std::size_t open = sql.find("{{", pos);
    if (open == std::string_view::npos) break;
    std::size_t close = sql.find("}}", open);
    if (close == std::string_view::npos) throw std::logic_error("unterminated {{ in a migration");
    out.append(sql.substr(pos, open - pos));
    std::string_view key = sql.substr(open + 2, close - open - 2);
    if (key == "ID") {
      out += sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY";
    } else if (key == "BLOB") {
      out += sqlite ? "BLOB" : "BYTEA";
    } else {
      throw std::logic_error("unknown migration placeholder {{" + std::string(key) + "}}");
    }
    pos = close + 2;
  }
  out.append(sql.substr(pos));
  return out;
}

std::vector<std::string> split_sql(std::string_view script) {
  std::vector<std::string> statements;
  std::string current;
  auto flush = [&] {
    if (!is_blank(current)) statements.push_back(current);
    current.clear();
  };
  for (std::size_t i = 0; i < script.size(); ++i) {
    char c = script[i];
    if (c == '-' && i + 1 < script.size() && script[i + 1] == '-') {
      while (i < script.size() && script[i] != '\n') ++i;  // comment to end of line
      current += '\n';
    } else if (c == '\'' || c == '"') {
      // A quoted string or identifier; a doubled quote is an escaped one
      // and simply re-enters the loop.
      std::size_t end = script.find(c, i + 1);
      if (end == std::string_view::npos) throw std::logic_error("unterminated quote in SQL script");
      current.append(script.substr(i, end - i + 1));
      i = end;
    } else if (c == ';') {
      flush();
    } else {
      current += c;
    }
  }
  flush();
  return statements;
}

int schema_version(Database& db) {
  if (!has_version_table(db)) return 0;
  return static_cast<int>(db.query_value<long long>("SELECT MAX(version) FROM schema_version").value_or(0));
}

int migrate(Database& db) {
  Transaction tx(db);
  if (db.is_postgresql()) db.query("SELECT 1 FROM pg_advisory_xact_lock(:key)", {kMigrationLockKey});
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_version ("
      " version INTEGER PRIMARY KEY,"
      " name VARCHAR(255) NOT NULL,"
      " applied BIGINT NOT NULL)");
  const int current = schema_version(db);
  const auto& all = migrations();
  if (!all.empty() && current > all.back().version) {
    throw DatabaseError(DatabaseError::Kind::other,
                        "the database's schema version " + std::to_string(current) +
                            " is newer than this program's " + std::to_string(all.back().version));
  }
  int applied = 0;
  for (const auto& m : all) {
    if (m.version <= current) continue;
    for (const auto& statement : split_sql(render_migration(m.sql, db.dialect()))) db.exec(statement);
    db.exec("INSERT INTO schema_version (version, name, applied) VALUES (:version, :name, :applied)",
            {m.version, m.name, util::now_utc()});
    ++applied;
  }
  tx.commit();
  return applied;
}

}  // namespace patchloom::store
