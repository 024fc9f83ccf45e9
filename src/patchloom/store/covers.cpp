#include "patchloom/store/covers.hpp"

#include "patchloom/store/statement_cache.hpp"

namespace patchloom::store {

std::optional<long long> find_cover(Database& db, long long project_id, std::string_view msgid) {
  return sql(db).query_value<long long>("SELECT id FROM cover WHERE project_id = :project AND msgid = :msgid",
                                   {project_id, msgid});
}

long long insert_cover(Database& db, const model::Cover& c) {
  return sql(db).insert(
      "INSERT INTO cover (msgid, project_id, date, headers, content, name, submitter_id, message_id)"
      " VALUES (:msgid, :project, :date, :headers, :content, :name, :submitter, :message)",
      {c.msgid, c.project_id, c.date, c.headers, c.content, c.name, c.submitter_id, c.message_id});
}

int count_covers_named(Database& db, std::string_view name) {
  return static_cast<int>(
      sql(db).query_value<long long>("SELECT COUNT(*) FROM (SELECT 1 FROM cover WHERE name = :name LIMIT 2) AS c", {name})
          .value_or(0));
}

std::optional<long long> cover_series(Database& db, long long cover_id) {
  return sql(db).query_value<long long>("SELECT id FROM series WHERE cover_letter_id = :cover", {cover_id});
}

std::optional<std::optional<long long>> first_cover_series_any_project(Database& db, std::string_view msgid) {
  auto row = sql(db).query_one(
      "SELECT s.id FROM cover c LEFT JOIN series s ON s.cover_letter_id = c.id WHERE c.msgid = :msgid"
      " ORDER BY c.id LIMIT 1",
      {msgid});
  if (!row) return std::nullopt;
  return row->opt_i64(0);
}

}  // namespace patchloom::store
