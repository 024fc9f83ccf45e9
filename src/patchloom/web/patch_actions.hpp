#pragma once
// Internal to the web module: what logged-in users change from the pages:
// state, delegate and archived (maintainers), and bundles (any user).

#include <string>
#include <vector>

#include "context.hpp"

namespace patchloom::web {

// The controls under the patch list's checkboxes (inside its <form>).
std::string bulk_form_controls(Ctx& ctx, bool maintainer);
// The patch page's form for one patch.
std::string patch_form(Ctx& ctx, long long patch_id, bool maintainer);

// Applies a submitted form (action=update or action=bundle) to the checked
// patches (patch_id=N, repeated) or to `patch_ids`; returns a message for
// the page. The CSRF token has been checked by the caller; `maintainer`
// shows whether the update controls were offered.
std::string apply_bulk_form(Ctx& ctx, long long project_id, const http::QueryParams& form, bool maintainer);
std::string apply_patch_form(Ctx& ctx, long long patch_id, const http::QueryParams& form, bool maintainer);

}  // namespace patchloom::web
