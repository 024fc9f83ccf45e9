#pragma once
// Query-parameter parsing shared by the list endpoints (spec/api.md §1.7).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchloom/util/time.hpp"

namespace patchloom::api {

// `archived`, `public`: "true"/"1" and "false"/"0" in any case; anything
// else means no filter (nullopt).
std::optional<bool> parse_bool_filter(std::string_view value);

// `since` / `before`: an ISO 8601 date or date-time as Django parses it
// ("2024-01-01", "2024-01-01T09:00", "2024-01-01 09:00:00.5", optional "Z" or
// ±HH:MM which is converted to UTC). nullopt when unparseable.
std::optional<util::Timestamp> parse_filter_datetime(std::string_view value);

// The search terms of `q` (django-filter/DRF SearchFilter): whitespace and
// commas separate terms, double-quoted phrases stay whole (quotes removed).
std::vector<std::string> search_terms(std::string_view q);

struct OrderField {
  std::string name;
  bool descending = false;
};
// `order`: comma-separated names with optional '-' prefix; names not in
// `allowed` are dropped. Empty when none survive (use the default order).
std::vector<OrderField> parse_order(std::string_view order, const std::vector<std::string_view>& allowed);

// State filter value -> name to compare case-insensitively: '-' becomes ' '.
std::string state_name_from_filter(std::string_view value);

}  // namespace patchloom::api
