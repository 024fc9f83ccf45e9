#pragma once
// Internal to the api module: indented JSON for the browsable (?format=api) page.

#include <string>

#include "context.hpp"

namespace patchloom::api {

// Python's json.dumps(indent=N) with DRF's separators: items end with ",\n",
// keys take ": ", empty containers stay "[]" / "{}".
std::string render_pretty_json(const json::value& v, int indent = 4);

}  // namespace patchloom::api
