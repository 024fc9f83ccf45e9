#pragma once
// Creating, changing and deleting bundles (spec/api.md §2.10): validation
// with upstream's messages and the owner-only rules. Shared by the REST API
// (≥1.2) and the web UI.

#include <optional>
#include <string>
#include <vector>

#include "patchloom/store/database.hpp"
#include "patchloom/store/patch_updates.hpp"

namespace patchloom::store {

struct BundleChange {
  std::optional<std::string> name;
  std::optional<std::vector<long long>> patches;  // replaces the list; order kept, repeats dropped
  std::optional<bool> is_public;
};

// A bundle the user may see: public, or their own. Others are not found.
bool bundle_visible(Database& db, long long bundle_id, std::optional<long long> user_id);

// Owner = the user (anonymous: not_authenticated). `name` and `patches` are
// required. outcome.id = the new bundle.
WriteOutcome create_bundle(Database& db, std::optional<long long> user_id, const BundleChange& change);
// Owner only: someone else's private bundle is not found, their public one
// forbidden. `full` (PUT) requires `name` and `patches`.
WriteOutcome update_bundle(Database& db, long long bundle_id, std::optional<long long> user_id,
                           const BundleChange& change, bool full);
WriteOutcome delete_bundle(Database& db, long long bundle_id, std::optional<long long> user_id);

}  // namespace patchloom::store
