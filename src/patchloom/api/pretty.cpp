#include "pretty.hpp"

namespace patchloom::api {

namespace {

void write(std::string& out, const json::value& v, int depth, int width) {
  const std::string indent(static_cast<std::size_t>((depth + 1) * width), ' ');
  const std::string closing(static_cast<std::size_t>(depth * width), ' ');
  if (const auto* o = v.if_object(); o != nullptr && !o->empty()) {
    out += "{\n";
    bool first = true;
    for (const auto& kv : *o) {
      if (!first) out += ",\n";
      first = false;
      out += indent + render_json(json::string(kv.key())) + ": ";
      write(out, kv.value(), depth + 1, width);
    }
    out += "\n" + closing + "}";
  } else if (const auto* a = v.if_array(); a != nullptr && !a->empty()) {
    out += "[\n";
    bool first = true;
    for (const auto& item : *a) {
      if (!first) out += ",\n";
      first = false;
      out += indent;
      write(out, item, depth + 1, width);
    }
    out += "\n" + closing + "]";
  } else {
    out += render_json(v);
  }
}

}  // namespace

std::string render_pretty_json(const json::value& v, int indent) {
  std::string out;
  write(out, v, 0, indent);
  return out;
}

}  // namespace patchloom::api
