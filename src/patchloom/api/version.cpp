#include "patchloom/api/version.hpp"

namespace patchloom::api {

std::string ApiVersion::path_prefix() const {
  if (!pinned) return "/api/";
  return "/api/1." + std::to_string(minor) + "/";
}

std::optional<ApiVersion> parse_version_segment(std::string_view segment) {
  if (segment.size() != 3 || segment[0] != '1' || segment[1] != '.') return std::nullopt;
  const char digit = segment[2];
  if (digit < '0' || digit > '0' + ApiVersion::kLatestMinor) return std::nullopt;
  return ApiVersion{digit - '0', true};
}

}  // namespace patchloom::api
