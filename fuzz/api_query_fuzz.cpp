// The API's query-string layer on arbitrary text: request-target parsing and
// decoding (http::set_target), then every value parser the list endpoints use
// (spec/api.md §1.6-§1.7): pagination, booleans, dates, search terms, order.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "patchloom/api/filters.hpp"
#include "patchloom/api/pagination.hpp"
#include "patchloom/http/request.hpp"
#include "patchloom/util/time.hpp"

namespace {

using namespace patchloom;

void check_int(std::string_view value) {
  const auto n = api::parse_python_int(value);
  if (n) {
    // int() ignores surrounding whitespace and a '+' sign.
    PATCHLOOM_FUZZ_CHECK(api::parse_python_int(" " + std::string(value) + "\n") == n);
  }
  const long long per_page = api::parse_per_page(value);
  PATCHLOOM_FUZZ_CHECK(per_page >= 1 && per_page <= api::kMaxPerPage);
  // Counts from 0 to far beyond any real table: the page must stay in range
  // and its offset must not overflow.
  for (long long count : {0LL, 1LL, 31LL, 1000000000000LL}) {
    const auto page = api::resolve_page(value, per_page, count);
    if (!page) continue;
    PATCHLOOM_FUZZ_CHECK(page->number >= 1 && page->number <= page->last);
    PATCHLOOM_FUZZ_CHECK(page->offset() >= 0 && page->offset() <= count);
  }
}

void check_datetime(std::string_view value) {
  const auto t = api::parse_filter_datetime(value);
  if (!t) return;
  // A parsed value never leaves what a Python datetime can hold (with at
  // most a day of UTC offset on either side).
  static const util::Timestamp kMin = *util::from_civil(1, 1, 1, 0, 0, 0) - 86400LL * 1000000;
  static const util::Timestamp kMax = *util::from_civil(9999, 12, 31, 23, 59, 59, 999999) + 86400LL * 1000000;
  PATCHLOOM_FUZZ_CHECK(*t >= kMin && *t <= kMax);
}

void check_search(std::string_view q) {
  for (const auto& term : api::search_terms(q)) {
    PATCHLOOM_FUZZ_CHECK(!term.empty() || q.find('"') != std::string_view::npos ||
                         q.find('\'') != std::string_view::npos);
    PATCHLOOM_FUZZ_CHECK(term.size() <= q.size());
  }
}

void check_order(std::string_view order) {
  static const std::vector<std::string_view> kAllowed = {"id", "name", "date", "submitter"};
  for (const auto& field : api::parse_order(order, kAllowed)) {
    bool known = false;
    for (auto name : kAllowed) known = known || name == field.name;
    PATCHLOOM_FUZZ_CHECK(known);
  }
}

void check_value(std::string_view value) {
  check_int(value);
  check_datetime(value);
  check_search(value);
  check_order(value);
  (void)api::parse_bool_filter(value);
  PATCHLOOM_FUZZ_CHECK(api::state_name_from_filter(value).size() == value.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  check_value(raw);

  http::Request request;
  for (const std::string& prefix : {std::string("/api/patches/?"), std::string()}) {
    const std::string target = prefix + std::string(raw);
    if (!http::set_target(request, target).ok()) continue;
    PATCHLOOM_FUZZ_CHECK(!request.path.empty() && !request.raw_path.empty());
    PATCHLOOM_FUZZ_CHECK(request.target == target);
    for (const auto& [key, value] : request.query) {
      PATCHLOOM_FUZZ_CHECK(request.query.get(key).has_value());
      check_value(value);
    }
  }
  return 0;
}
