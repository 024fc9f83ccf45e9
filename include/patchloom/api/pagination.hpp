#pragma once
// Page-number pagination as DRF's PageNumberPagination with Patchwork's
// settings (spec/api.md §1.6): `page` (or "last"), `per_page` (default 30,
// at most 250).

#include <optional>
#include <string_view>

namespace patchloom::api {

inline constexpr long long kDefaultPerPage = 30;
inline constexpr long long kMaxPerPage = 250;

struct Page {
  long long number = 1;
  long long per_page = kDefaultPerPage;
  long long last = 1;  // number of pages; 1 for an empty result
  long long offset() const { return (number - 1) * per_page; }
};

// The page size from the last `per_page` value (nullopt when absent): a
// positive integer clamped to 250, anything else the default.
long long parse_per_page(std::optional<std::string_view> per_page);

// The page to serve from the last `page` value, given the total count.
// nullopt means "Invalid page." (404): not an integer, < 1, or beyond the
// last page.
std::optional<Page> resolve_page(std::optional<std::string_view> page, long long per_page, long long count);

// Python int() on a str: optional surrounding whitespace, optional sign,
// ASCII digits (underscores between digits allowed). nullopt otherwise.
std::optional<long long> parse_python_int(std::string_view text);

}  // namespace patchloom::api
