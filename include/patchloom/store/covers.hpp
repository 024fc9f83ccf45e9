#pragma once
// Cover letter rows.

#include <optional>
#include <string>
#include <string_view>

#include "patchloom/model/submission.hpp"
#include "patchloom/store/database.hpp"

namespace patchloom::store {

std::optional<long long> find_cover(Database& db, long long project_id, std::string_view msgid);
long long insert_cover(Database& db, const model::Cover& cover);
// How many covers in ANY project have exactly this name, capped at 2
// (upstream's Cover.objects.get(name=...) only cares about 0, 1 or more).
int count_covers_named(Database& db, std::string_view name);
// The cover's series (the series whose cover_letter is this cover), if any.
std::optional<long long> cover_series(Database& db, long long cover_id);
// Series of the first cover (lowest id) with this msgid in any project.
std::optional<std::optional<long long>> first_cover_series_any_project(Database& db, std::string_view msgid);

}  // namespace patchloom::store
