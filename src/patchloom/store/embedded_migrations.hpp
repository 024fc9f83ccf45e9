#pragma once
// The migration files as compiled into the binary; the definition is
// generated at build time by embed_migrations.cmake.

#include <cstddef>

namespace patchloom::store::detail {

struct EmbeddedMigration {
  const char* name;  // file name without .sql, e.g. "0001_initial"
  const char* sql;
};

extern const EmbeddedMigration kEmbeddedMigrations[];
extern const std::size_t kEmbeddedMigrationCount;

}  // namespace patchloom::store::detail
