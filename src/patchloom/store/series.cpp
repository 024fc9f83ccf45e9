#include "patchloom/store/series.hpp"

#include "patchloom/store/statement_cache.hpp"

namespace patchloom::store {

namespace {

constexpr std::string_view kSeriesColumns =
    "id, project_id, cover_letter_id, name, date, submitter_id, version, total";

model::Series to_series(const Row& r) {
  model::Series s;
  s.id = r.i64(0);
  s.project_id = r.opt_i64(1);
  s.cover_letter_id = r.opt_i64(2);
  s.name = r.opt_text(3);
  s.date = r.i64(4);
  s.submitter_id = r.i64(5);
  s.version = r.i32(6);
  s.total = r.i32(7);
  return s;
}

}  // namespace

std::optional<model::Series> get_series(Database& db, long long series_id) {
  auto row = sql(db).query_one("SELECT " + std::string(kSeriesColumns) + " FROM series WHERE id = :id", {series_id});
  if (!row) return std::nullopt;
  return to_series(*row);
}

long long insert_series(Database& db, long long project_id, util::Timestamp date, long long submitter_id,
                        long long version, long long total) {
  return sql(db).insert(
      "INSERT INTO series (project_id, date, submitter_id, version, total) VALUES (:project, :date, :submitter,"
      " :version, :total)",
      {project_id, date, submitter_id, version, total});
}

void set_series_name(Database& db, long long series_id, const std::optional<std::string>& name) {
  sql(db).exec("UPDATE series SET name = :name WHERE id = :id", {name, series_id});
}

void set_series_cover(Database& db, long long series_id, long long cover_id) {
  sql(db).exec("UPDATE series SET cover_letter_id = :cover WHERE id = :id", {cover_id, series_id});
}

std::optional<long long> find_series_by_reference(Database& db, long long project_id, std::string_view msgid) {
  return sql(db).query_value<long long>(
      "SELECT series_id FROM series_reference WHERE project_id = :project AND msgid = :msgid", {project_id, msgid});
}

void add_series_reference(Database& db, long long project_id, long long series_id, std::string_view msgid) {
  sql(db).exec(
      "INSERT INTO series_reference (project_id, series_id, msgid) VALUES (:project, :series, :msgid)"
      " ON CONFLICT DO NOTHING",
      {project_id, series_id, msgid});
}

std::vector<model::Series> find_series_by_markers(Database& db, long long project_id, long long submitter_id,
                                              long long version, long long total, util::Timestamp from,
                                              util::Timestamp to) {
  std::vector<model::Series> out;
  sql(db).query_each("SELECT " + std::string(kSeriesColumns) +
                    " FROM series WHERE project_id = :project AND submitter_id = :submitter AND version = :version"
                    " AND total = :total AND date >= :from AND date <= :to ORDER BY date DESC, id DESC",
                {project_id, submitter_id, version, total, from, to},
                [&out](const Row& r) { out.push_back(to_series(r)); });
  return out;
}

std::optional<long long> series_project(Database& db, long long series_id) {
  return sql(db).query_value<long long>("SELECT project_id FROM series WHERE id = :id", {series_id});
}

void add_series_dependency(Database& db, long long from_series_id, long long to_series_id) {
  sql(db).exec("INSERT INTO series_dependency (from_series_id, to_series_id) VALUES (:from, :to) ON CONFLICT DO NOTHING",
          {from_series_id, to_series_id});
}

}  // namespace patchloom::store
