#pragma once
// Internal to the api module: the shared mechanics of list endpoints
// (spec/api.md §1.6-§1.7): filters -> q -> order -> pagination.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "context.hpp"
#include "patchloom/api/pagination.hpp"

namespace patchloom::api {

// What a resource handler returns; the app adds the common headers.
struct ApiResult {
  json::value body;
  std::string link;  // Link header, "" when none
  int status = 200;
  std::string location = "";  // Location header of a 201, "" when none
};

// One page of rows of `SELECT <columns> FROM <from> <where> ORDER BY <order>`,
// after a COUNT over the same set. Throws ApiError 404 "Invalid page.".
struct PageRows {
  std::vector<store::Row> rows;
  Page page;
};
PageRows fetch_page(Ctx& ctx, std::string_view columns, std::string_view from, const Where& where,
                    std::string_view order_sql);

// A list answer: the items and the Link header of `page`.
ApiResult list_result(const Ctx& ctx, json::array items, const Page& page);

// The last value of a single-valued parameter.
std::optional<std::string> last_param(const Ctx& ctx, std::string_view key);
// Whether the query has `key` with a non-empty (last) value.
bool has_param(const Ctx& ctx, std::string_view key);

// Multi-valued object filters: every value must resolve, else the answer is
// empty (where.impossible). Empty values are ignored (a deliberate deviation
// from upstream, spec/api.md §1.7). `alternate` is the SQL expression
// compared case-insensitively with a non-integer value ("" = pk only).
void filter_objects(Ctx& ctx, Where& where, std::string_view param, std::string_view column,
                    std::string_view table, std::string_view alternate);
void filter_states(Ctx& ctx, Where& where, std::string_view column);
// Returns true when a date bound was added to `where`.
bool filter_dates(Ctx& ctx, Where& where, std::string_view column);
void filter_bool(Ctx& ctx, Where& where, std::string_view param, std::string_view column);
// `q`: every term a case-insensitive substring of one of `columns`.
void filter_search(Ctx& ctx, Where& where, const std::vector<std::string_view>& columns);

// `order` -> ORDER BY text; `fields` maps API names to SQL expressions; the
// default applies when none survive. An id tie-breaker keeps pages stable.
std::string order_by(const Ctx& ctx, const std::vector<std::pair<std::string_view, std::string_view>>& fields,
                     std::string_view default_order, std::string_view id_column);

}  // namespace patchloom::api
