#pragma once
// Tags and per-patch tag counts (spec/parser.md §8).

#include <string>
#include <vector>

#include "patchloom/model/state.hpp"
#include "patchloom/store/database.hpp"

namespace patchloom::store {

std::vector<model::Tag> list_tags(Database& db);

// Adds (tag id, count) increments to the patch's patch_tag rows, creating
// them as needed. Counts are additive over a patch's content and its
// comments (spec/parser.md §8), so ingest never needs to recount.
void add_patch_tags(Database& db, long long patch_id, const std::vector<std::pair<long long, long long>>& increments);

}  // namespace patchloom::store
