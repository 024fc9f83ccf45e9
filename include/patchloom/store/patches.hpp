#pragma once
// Patch rows and the queries series resolution and comments need on them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchloom/model/submission.hpp"
#include "patchloom/store/database.hpp"

namespace patchloom::store {

std::optional<long long> find_patch(Database& db, long long project_id, std::string_view msgid);
// Inserts a new patch (id, series, number, commit_ref, related and archived
// are ignored: a new patch has none); returns its id.
long long insert_patch(Database& db, const model::Patch& patch);
void set_patch_series(Database& db, long long patch_id, long long series_id, long long number);

// Number of patches of the series numbered `number`.
bool series_has_number(Database& db, long long series_id, long long number);
// Patches of the series with number < `number`.
long long count_series_patches_below(Database& db, long long series_id, long long number);
long long count_series_patches(Database& db, long long series_id);
// (id, number) of patches with number > `number`, by number.
std::vector<std::pair<long long, long long>> series_patches_above(Database& db, long long series_id, long long number);
// Name of the series' patch number 1, if any.
std::optional<std::string> series_first_patch_name(Database& db, long long series_id);
// Series of the first patch (lowest id) with this msgid in any project.
std::optional<std::optional<long long>> first_patch_series_any_project(Database& db, std::string_view msgid);

}  // namespace patchloom::store
