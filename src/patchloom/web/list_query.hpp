#pragma once
// Internal to the web module: the patch list's filters and its query.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchloom/http/request.hpp"
#include "patchloom/store/database.hpp"
#include "patchloom/util/time.hpp"

namespace patchloom::web {

// The list's query parameters, as Patchwork's list pages name them.
struct ListFilter {
  std::string state;      // "" = states that need action, "*" = any (the default with `series`), else a slug or id
  std::string submitter;  // a person id, or text matched in name and email
  std::string delegate;   // "" = any, "none", or a user id
  std::string archived;   // "" or "false" (default), "true", "both"
  std::string q;          // words that must all appear in the name
  std::string series;     // a series id
  std::string order;      // [-]id|name|date|submitter|delegate|state; "" = -date
};

ListFilter read_filter(const http::QueryParams& query);
// The non-default filters as a query string without '?', `order` in place of
// the filter's own ordering.
std::string filter_query(const ListFilter& filter, std::string_view order);

struct CheckCounts {
  int success = 0;
  int warning = 0;
  int fail = 0;
};

struct ListRow {
  long long id = 0;
  std::string msgid;
  std::string name;
  util::Timestamp date = 0;
  long long submitter_id = 0;
  std::string submitter;  // name, or email when there is none
  std::optional<std::string> delegate;
  std::string state;
  bool archived = false;
  std::optional<long long> series_id;
  long long acked = 0, reviewed = 0, tested = 0;
  CheckCounts checks;  // the latest check of each context
};

long long count_patches(store::Database& db, long long project_id, const ListFilter& filter);
std::vector<ListRow> list_patches(store::Database& db, long long project_id, const ListFilter& filter, long long limit,
                                  long long offset);

// Tag counts (A, R, T) and check counts of these patches, filled into rows.
void add_tags_and_checks(store::Database& db, std::vector<ListRow>& rows);

}  // namespace patchloom::web
