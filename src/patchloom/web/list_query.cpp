#include "list_query.hpp"

#include <map>

#include "downloads.hpp"
#include "html.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::web {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() < 19 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// LIKE pattern matching `text` anywhere; '\' escapes the wildcards.
std::string contains_pattern(std::string_view text) {
  std::string out = "%";
  for (char c : util::ascii_lower(text)) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

struct Where {
  std::string sql;
  store::Params params;
  // Each '?' of `condition` takes the next of `values`, under a name of its
  // own (SQLite binds a repeated name once).
  void add(std::string_view condition, store::Params values = {}) {
    sql += " AND (";
    std::size_t next = 0;
    for (char c : condition) {
      if (c != '?') {
        sql += c;
        continue;
      }
      sql += ":p" + std::to_string(params.size());
      params.push_back(std::move(values.at(next++)));
    }
    sql += ")";
  }
};

Where build_where(long long project_id, const ListFilter& f) {
  Where w;
  w.sql = "p.project_id = :project";
  w.params.push_back(project_id);
  if (f.state.empty()) {
    w.add("st.action_required = 1");
  } else if (f.state != "*") {
    if (all_digits(f.state))
      w.add("p.state_id = ?", {std::stoll(f.state)});
    else
      w.add("st.slug = ?", {f.state});
  }
  if (all_digits(f.submitter)) {
    w.add("p.submitter_id = ?", {std::stoll(f.submitter)});
  } else if (!f.submitter.empty()) {
    w.add("LOWER(per.email) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(per.name, '')) LIKE ? ESCAPE '\\'",
          {contains_pattern(f.submitter), contains_pattern(f.submitter)});
  }
  if (f.delegate == "none") {
    w.add("p.delegate_id IS NULL");
  } else if (all_digits(f.delegate)) {
    w.add("p.delegate_id = ?", {std::stoll(f.delegate)});
  }
  if (f.archived.empty() || f.archived == "false") {
    w.add("p.archived = 0");
  } else if (f.archived == "true") {
    w.add("p.archived = 1");
  }
  for (std::string_view word : util::py_split(f.q)) w.add("LOWER(p.name) LIKE ? ESCAPE '\\'", {contains_pattern(word)});
  if (all_digits(f.series)) w.add("p.series_id = ?", {std::stoll(f.series)});
  return w;
}

std::string order_by(std::string_view order) {
  static const std::map<std::string_view, std::string_view> kColumns = {
      {"id", "p.id"},
      {"name", "p.name"},
      {"date", "p.date"},
      {"submitter", "COALESCE(per.name, per.email)"},
      {"delegate", "u.username"},
      {"state", "st.ordering"}};
  const bool descending = order.empty() || order.front() == '-';
  const std::string_view key = order.empty() ? "date" : (descending ? order.substr(1) : order);
  auto it = kColumns.find(key);
  const std::string column(it == kColumns.end() ? "p.date" : it->second);
  const char* dir = descending ? " DESC" : " ASC";
  return " ORDER BY " + column + dir + ", p.id" + dir;
}

constexpr std::string_view kFrom =
    " FROM patch p JOIN person per ON per.id = p.submitter_id LEFT JOIN users u ON u.id = p.delegate_id "
    "LEFT JOIN state st ON st.id = p.state_id WHERE ";

}  // namespace

ListFilter read_filter(const http::QueryParams& query) {
  const auto get = [&](std::string_view key) { return std::string(query.get(key).value_or("")); };
  ListFilter f{get("state"), get("submitter"), get("delegate"), get("archived"),
               get("q"),     get("series"),    get("order")};
  // A series' web_url (/list/?series=N) shows the whole series, whatever
  // the state of its patches, unless a state is asked for.
  if (!f.series.empty() && !query.contains("state")) f.state = "*";
  return f;
}

std::string filter_query(const ListFilter& f, std::string_view order) {
  std::string out;
  const auto add = [&out](std::string_view key, std::string_view value) {
    if (value.empty()) return;
    if (!out.empty()) out += '&';
    out += std::string(key) + "=" + url_encode(value);
  };
  add("state", f.state);
  add("submitter", f.submitter);
  add("delegate", f.delegate);
  add("archived", f.archived == "false" ? "" : f.archived);
  add("q", f.q);
  add("series", f.series);
  add("order", order);
  return out;
}

long long count_patches(store::Database& db, long long project_id, const ListFilter& filter) {
  const Where w = build_where(project_id, filter);
  return db.query_value<long long>("SELECT COUNT(*)" + std::string(kFrom) + w.sql, w.params).value_or(0);
}

std::vector<ListRow> list_patches(store::Database& db, long long project_id, const ListFilter& filter, long long limit,
                                  long long offset) {
  Where w = build_where(project_id, filter);
  w.params.push_back(limit);
  w.params.push_back(offset);
  std::vector<ListRow> rows;
  db.query_each(
      "SELECT p.id, p.msgid, p.name, p.date, p.submitter_id, per.name, per.email, u.username, st.name, p.archived, "
      "p.series_id" +
          std::string(kFrom) + w.sql + order_by(filter.order) + " LIMIT :limit OFFSET :offset",
      w.params, [&](const store::Row& r) {
        ListRow row;
        row.id = r.i64(0);
        row.msgid = r.text(1);
        row.name = r.text(2);
        row.date = r.i64(3);
        row.submitter_id = r.i64(4);
        const auto name = r.opt_text(5);
        row.submitter = name && !name->empty() ? *name : r.text(6);
        row.delegate = r.opt_text(7);
        row.state = r.opt_text(8).value_or("");
        row.archived = r.boolean(9);
        row.series_id = r.opt_i64(10);
        rows.push_back(std::move(row));
      });
  add_tags_and_checks(db, rows);
  return rows;
}

void add_tags_and_checks(store::Database& db, std::vector<ListRow>& rows) {
  if (rows.empty()) return;
  std::map<long long, ListRow*> by_id;
  std::string in = "(";
  store::Params params;
  for (ListRow& r : rows) {
    by_id[r.id] = &r;
    in += (params.empty() ? ":i" : ", :i") + std::to_string(params.size());
    params.push_back(r.id);
  }
  in += ")";
  db.query_each("SELECT pt.patch_id, t.abbrev, pt.count FROM patch_tag pt JOIN tag t ON t.id = pt.tag_id "
                "WHERE pt.patch_id IN " + in,
                params, [&](const store::Row& r) {
                  ListRow& row = *by_id.at(r.i64(0));
                  const std::string abbrev = r.text(1);
                  (abbrev == "A" ? row.acked : abbrev == "R" ? row.reviewed : row.tested) += r.i64(2);
                });
  // The latest check of each (patch, context) counts, as upstream's combined state.
  std::map<std::pair<long long, std::string>, int> latest;
  db.query_each("SELECT patch_id, context, state FROM check_result WHERE patch_id IN " + in + " ORDER BY date, id", params,
                [&](const store::Row& r) { latest[{r.i64(0), r.text(1)}] = r.i32(2); });
  for (const auto& [key, state] : latest) {
    CheckCounts& c = by_id.at(key.first)->checks;
    if (state == 1) ++c.success;
    if (state == 2) ++c.warning;
    if (state == 3) ++c.fail;
  }
}

}  // namespace patchloom::web
