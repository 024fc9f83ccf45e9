#include "listing.hpp"

#include "patchloom/api/filters.hpp"
#include "patchloom/api/urls.hpp"

namespace patchloom::api {

PageRows fetch_page(Ctx& ctx, std::string_view columns, std::string_view from, const Where& where,
                    std::string_view order_sql) {
  const long long per_page = parse_per_page(last_param(ctx, "per_page"));
  long long count = 0;
  if (!where.impossible)
    count = ctx.db.query_value<long long>("SELECT COUNT(*) FROM " + std::string(from) + where.sql(), where.params)
                .value_or(0);
  auto page = resolve_page(last_param(ctx, "page"), per_page, count);
  if (!page) throw ApiError{404, "Invalid page."};
  PageRows out{{}, *page};
  if (count == 0) return out;
  store::Params params = where.params;
  params.emplace_back(page->per_page);
  params.emplace_back(page->offset());
  out.rows = ctx.db.query("SELECT " + std::string(columns) + " FROM " + std::string(from) + where.sql() +
                              " ORDER BY " + std::string(order_sql) + " LIMIT :limit OFFSET :offset",
                          params);
  return out;
}

ApiResult list_result(const Ctx& ctx, json::array items, const Page& page) {
  QueryList query;
  for (const auto& [k, v] : ctx.request.query) query.emplace_back(k, v);
  return ApiResult{std::move(items), link_header(ctx.base + ctx.request.raw_path, query, page.number, page.last)};
}

std::optional<std::string> last_param(const Ctx& ctx, std::string_view key) {
  auto all = ctx.request.query.get_all(key);
  if (all.empty()) return std::nullopt;
  return std::string(all.back());
}

namespace {

std::optional<long long> as_pk(std::string_view value) {
  // Python int(): the filters accept what int() accepts.
  return parse_python_int(value);
}

// No stored name, email or slug holds NUL (see Where::bind).
bool has_nul(std::string_view value) { return value.find('\0') != std::string_view::npos; }

}  // namespace

void filter_objects(Ctx& ctx, Where& where, std::string_view param, std::string_view column,
                    std::string_view table, std::string_view alternate) {
  std::vector<long long> ids;
  bool any = false;
  for (auto value : ctx.request.query.get_all(param)) {
    if (value.empty()) continue;
    any = true;
    std::optional<long long> id;
    if (has_nul(value)) {
      where.impossible = true;
      return;
    }
    if (auto pk = as_pk(value)) {
      id = ctx.db.query_value<long long>("SELECT id FROM " + std::string(table) + " WHERE id = :id", {*pk});
    } else if (!alternate.empty()) {
      id = ctx.db.query_value<long long>("SELECT id FROM " + std::string(table) + " WHERE LOWER(" +
                                             std::string(alternate) + ") = LOWER(:v)",
                                         {std::string(value)});
    }
    if (!id) {
      where.impossible = true;
      return;
    }
    ids.push_back(*id);
  }
  if (any) where.add_in(column, ids);
}

void filter_states(Ctx& ctx, Where& where, std::string_view column) {
  std::vector<long long> ids;
  bool any = false;
  for (auto value : ctx.request.query.get_all("state")) {
    if (value.empty()) continue;
    any = true;
    std::optional<long long> id;
    if (has_nul(value)) {
      where.impossible = true;
      return;
    }
    if (auto pk = as_pk(value))
      id = ctx.db.query_value<long long>("SELECT id FROM state WHERE id = :id", {*pk});
    else
      id = ctx.db.query_value<long long>("SELECT id FROM state WHERE LOWER(name) = LOWER(:v) OR slug = LOWER(:s)",
                                         {state_name_from_filter(value), std::string(value)});
    if (!id) {
      where.impossible = true;
      return;
    }
    ids.push_back(*id);
  }
  if (any) where.add_in(column, ids);
}

bool filter_dates(Ctx& ctx, Where& where, std::string_view column) {
  bool added = false;
  auto apply = [&](std::string_view param, std::string_view op) {
    auto value = last_param(ctx, param);
    if (!value || value->empty()) return;
    auto t = parse_filter_datetime(*value);
    if (!t) {
      where.impossible = true;
      return;
    }
    where.add(std::string(column) + " " + std::string(op) + " " + where.bind(*t));
    added = true;
  };
  apply("since", ">=");
  apply("before", "<");
  return added;
}

void filter_bool(Ctx& ctx, Where& where, std::string_view param, std::string_view column) {
  auto value = last_param(ctx, param);
  if (!value) return;
  if (auto b = parse_bool_filter(*value)) where.add(std::string(column) + " = " + where.bind(*b ? 1 : 0));
}

bool has_param(const Ctx& ctx, std::string_view key) {
  auto value = last_param(ctx, key);
  return value && !value->empty();
}

namespace {

std::string like_pattern(std::string_view term) {
  std::string out = "%";
  for (char c : term) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

}  // namespace

void filter_search(Ctx& ctx, Where& where, const std::vector<std::string_view>& columns) {
  auto q = last_param(ctx, "q");
  if (!q) return;
  for (const auto& term : search_terms(*q)) {
    std::string any;
    for (auto column : columns) {
      if (!any.empty()) any += " OR ";
      any += "LOWER(" + std::string(column) + ") LIKE LOWER(" + where.bind(like_pattern(term)) + ") ESCAPE '\\'";
    }
    where.add(any);
  }
}

std::string order_by(const Ctx& ctx, const std::vector<std::pair<std::string_view, std::string_view>>& fields,
                     std::string_view default_order, std::string_view id_column) {
  std::vector<std::string_view> names;
  for (const auto& f : fields) names.push_back(f.first);
  std::string out;
  bool first_descending = default_order.find("DESC") != std::string_view::npos;
  if (auto order = last_param(ctx, "order")) {
    for (const auto& field : parse_order(*order, names)) {
      for (const auto& [name, sql] : fields) {
        if (name != field.name) continue;
        if (out.empty())
          first_descending = field.descending;
        else
          out += ", ";
        out += std::string(sql) + (field.descending ? " DESC" : " ASC");
      }
    }
  }
  if (out.empty()) out = std::string(default_order);
  // Ties follow the direction of the leading key, so pages never overlap.
  out += ", " + std::string(id_column) + (first_descending ? " DESC" : " ASC");
  return out;
}

}  // namespace patchloom::api
