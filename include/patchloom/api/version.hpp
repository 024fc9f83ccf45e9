#pragma once
// The REST API version of one request (spec/api.md §1.1-§1.2): "/api/" is the
// latest version with no version segment, "/api/1.N/" pins 1.0 ... 1.4.

#include <optional>
#include <string>
#include <string_view>

namespace patchloom::api {

struct ApiVersion {
  static constexpr int kLatestMinor = 4;

  int minor = kLatestMinor;
  bool pinned = false;  // the URL carried "1.N/"

  // "≥1.N" in the spec: true for pinned versions from 1.N and for "/api/".
  bool at_least(int wanted_minor) const { return minor >= wanted_minor; }
  // "/api/" or "/api/1.N/": the prefix of every DRF-reversed URL.
  std::string path_prefix() const;
};

// The version named by one path segment ("1.0" ... "1.4"; nothing else, not
// even upstream's accidental "1x0").
std::optional<ApiVersion> parse_version_segment(std::string_view segment);

}  // namespace patchloom::api
