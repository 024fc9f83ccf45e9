#pragma once
// Internal to the api module: one handler per endpoint; each resource lives
// in its own source file.

#include "listing.hpp"

namespace patchloom::api {

ApiResult index_detail(Ctx& ctx);
ApiResult project_list(Ctx& ctx);
ApiResult project_detail(Ctx& ctx, const std::string& id_or_linkname);
ApiResult person_list(Ctx& ctx);
ApiResult person_detail(Ctx& ctx, long long id);
ApiResult user_list(Ctx& ctx);
ApiResult user_detail(Ctx& ctx, long long id);
ApiResult patch_list(Ctx& ctx);
ApiResult patch_detail(Ctx& ctx, long long id);
ApiResult cover_list(Ctx& ctx);
ApiResult cover_detail(Ctx& ctx, long long id);
ApiResult series_list(Ctx& ctx);
ApiResult series_detail(Ctx& ctx, long long id);
// `parent` is "patch" or "cover".
ApiResult comment_list(Ctx& ctx, std::string_view parent, long long parent_id);
ApiResult comment_detail(Ctx& ctx, std::string_view parent, long long parent_id, long long id);
ApiResult check_list(Ctx& ctx, long long patch_id);
ApiResult check_detail(Ctx& ctx, long long patch_id, long long id);
ApiResult bundle_list(Ctx& ctx);
ApiResult bundle_detail(Ctx& ctx, long long id);
ApiResult event_list(Ctx& ctx);

// Writes (PUT is `full`: required fields must be present).
ApiResult patch_update(Ctx& ctx, long long id, bool full);
ApiResult patch_bulk_update(Ctx& ctx);  // extension: docs/api-extensions.md
ApiResult check_create(Ctx& ctx, long long patch_id);
ApiResult comment_update(Ctx& ctx, std::string_view parent, long long parent_id, long long id);
ApiResult bundle_create(Ctx& ctx);
ApiResult bundle_update(Ctx& ctx, long long id, bool full);
ApiResult bundle_delete(Ctx& ctx, long long id);
ApiResult project_update(Ctx& ctx, const std::string& id_or_linkname);
ApiResult user_update(Ctx& ctx, long long id, bool full);

// Patches rendered as the list (detail = false) or detail shape, in the
// order of `ids` (ids that do not exist are skipped).
json::array render_patches(Ctx& ctx, const std::vector<long long>& ids, bool detail);

}  // namespace patchloom::api
