#pragma once
// Internal to the api module: indented JSON for the browsable (?format=api) page.

#include <string>

#include "context.hpp"

namespace patchloom::api {

// Four-space indentation, ", " free: items end with ",\n", keys take ": ".
std::string render_pretty_json(const json::value& v);

}  // namespace patchloom::api
