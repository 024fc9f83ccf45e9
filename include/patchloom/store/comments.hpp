#pragma once
// Patch and cover comments, and the parent lookups of spec/parser.md §9.

#include <optional>
#include <string>
#include <string_view>

#include "patchloom/model/submission.hpp"
#include "patchloom/store/database.hpp"

namespace patchloom::store {

// The patch of the latest (by date) patch comment with this msgid on a patch
// of the project.
std::optional<long long> find_patch_of_comment(Database& db, long long project_id, std::string_view msgid);
// The cover of a cover comment with this msgid on a cover of the project.
std::optional<long long> find_cover_of_comment(Database& db, long long project_id, std::string_view msgid);

// Inserts into patch_comment or cover_comment by comment.parent_kind;
// nullopt when (msgid, parent) already exists.
std::optional<long long> insert_comment(Database& db, const model::Comment& comment);

}  // namespace patchloom::store
