#pragma once
// Series and SeriesReference rows (spec/parser.md §6).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchloom/model/series.hpp"
#include "patchloom/store/database.hpp"
#include "patchloom/util/time.hpp"

namespace patchloom::store {

std::optional<model::Series> get_series(Database& db, long long series_id);
long long insert_series(Database& db, long long project_id, util::Timestamp date, long long submitter_id,
                        long long version, long long total);
void set_series_name(Database& db, long long series_id, const std::optional<std::string>& name);
void set_series_cover(Database& db, long long series_id, long long cover_id);

// Series registered for msgid in the project (SeriesReference).
std::optional<long long> find_series_by_reference(Database& db, long long project_id, std::string_view msgid);
// get_or_create: a msgid already registered keeps its series.
void add_series_reference(Database& db, long long project_id, long long series_id, std::string_view msgid);

// Series of the project by this submitter with this version and total whose
// date lies in [from, to], most recent first.
std::vector<model::Series> find_series_by_markers(Database& db, long long project_id, long long submitter_id,
                                              long long version, long long total, util::Timestamp from,
                                              util::Timestamp to);

std::optional<long long> series_project(Database& db, long long series_id);
void add_series_dependency(Database& db, long long from_series_id, long long to_series_id);

}  // namespace patchloom::store
