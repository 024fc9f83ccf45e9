# cmake -P embed_migrations.cmake -DOUTPUT=<file.cpp> -DSOURCES=<a.sql;b.sql>
# Writes a C++ source holding every migration file as a raw string literal.
set(delimiter "plsql")
set(body "")
foreach(src IN LISTS SOURCES)
  get_filename_component(name "${src}" NAME_WE)
  file(READ "${src}" sql)
  string(FIND "${sql}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${src} contains the raw-string delimiter )${delimiter}\"")
  endif()
  string(APPEND body "  {\"${name}\", R\"${delimiter}(${sql})${delimiter}\"},\n")
endforeach()
set(content "// Generated from src/patchloom/store/migrations/*.sql by embed_migrations.cmake; do not edit.
#include \"embedded_migrations.hpp\"

namespace patchloom::store::detail {

const EmbeddedMigration kEmbeddedMigrations[] = {
${body}};
const std::size_t kEmbeddedMigrationCount = sizeof(kEmbeddedMigrations) / sizeof(kEmbeddedMigrations[0]);

}  // namespace patchloom::store::detail
")
# Only touch the output when it changes, so an unchanged schema rebuilds nothing.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${content}")
