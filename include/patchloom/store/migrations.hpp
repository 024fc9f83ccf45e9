#pragma once
// Numbered schema migrations. The source of truth is
// src/patchloom/store/migrations/NNNN_name.sql; the build embeds every file
// into the binary (embed_migrations.cmake), so a deployed binary carries its
// schema. Applied versions are recorded in the schema_version table.

#include <string>
#include <string_view>
#include <vector>

#include "patchloom/store/database.hpp"

namespace patchloom::store {

struct Migration {
  int version;             // NNNN from the file name
  std::string_view name;   // the file name without .sql
  std::string_view sql;    // portable SQL with {{ID}} / {{BLOB}} placeholders
};

// Every embedded migration, in ascending version order.
const std::vector<Migration>& migrations();

// The highest version applied to `db`, 0 for a new (empty) database.
int schema_version(Database& db);

// Applies, in one transaction, every migration newer than the database's
// version, creating the schema on a new database. Idempotent; safe to run
// from several processes at once (they serialise). Returns how many it ran.
int migrate(Database& db);

// The migration's SQL for one engine: placeholders substituted.
std::string render_migration(std::string_view sql, Dialect dialect);

// Splits a script into statements at top-level semicolons, skipping `--`
// comments and respecting quoted strings and identifiers.
std::vector<std::string> split_sql(std::string_view script);

}  // namespace patchloom::store
