#pragma once
// Internal to the web module: one maintainer change of a patch from a page,
// through the store's patch update logic (the same rules as the API's PATCH).

#include <string>

#include "context.hpp"

namespace patchloom::web {

// Form values; "" leaves a field as it is.
struct PatchChange {
  std::string state;     // a state slug
  std::string delegate;  // a user id, or "none"
  std::string archived;  // "true" or "false"
};

// "" on success, else why the change was refused.
std::string update_patch(Ctx& ctx, long long patch_id, const PatchChange& change);

}  // namespace patchloom::web
