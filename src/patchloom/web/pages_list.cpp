// The project list, a project's summary and its patch list (Patchwork's
// /project/<linkname>/list/ with its filters, ordering, pagination, tag and
// check columns, and the maintainers' bulk form).
#include <map>

#include "downloads.hpp"
#include "html.hpp"
#include "list_query.hpp"
#include "pages.hpp"
#include "patch_actions.hpp"
#include "patchloom/store/projects.hpp"
#include "session.hpp"

namespace patchloom::web {

namespace {

constexpr long long kPerPage = 100;  // Patchwork's default items_per_page

std::string list_url(std::string_view linkname, const ListFilter& f, std::optional<long long> page,
                     std::optional<std::string_view> order = std::nullopt) {
  std::string query = filter_query(f, order ? *order : f.order);
  if (page && *page > 1) query += (query.empty() ? "" : "&") + std::string("page=") + std::to_string(*page);
  return "/project/" + url_encode(linkname) + "/list/" + (query.empty() ? "" : "?" + query);
}

std::string column_header(std::string_view linkname, const ListFilter& f, std::string_view key, std::string_view label) {
  const bool current = f.order == key || f.order == "-" + std::string(key);
  const std::string next = f.order == key ? "-" + std::string(key) : std::string(key);
  std::string text(label);
  if (current) text += f.order.front() == '-' ? " \xE2\x96\xBC" : " \xE2\x96\xB2";
  return "<th>" + link(list_url(linkname, f, std::nullopt, next), text) + "</th>";
}

std::string filter_form(std::string_view linkname, const ListFilter& f, store::Database& db, long long project_id) {
  std::vector<std::pair<std::string, std::string>> states = {{"", "Action required"}, {"*", "Any"}};
  db.query_each("SELECT slug, name FROM state ORDER BY ordering", {},
                [&](const store::Row& r) { states.emplace_back(r.text(0), r.text(1)); });
  std::vector<std::pair<std::string, std::string>> delegates = {{"", "Any"}, {"none", "Nobody"}};
  db.query_each(
      "SELECT DISTINCT u.id, u.username FROM patch p JOIN users u ON u.id = p.delegate_id WHERE p.project_id = :p "
      "ORDER BY u.username",
      {project_id}, [&](const store::Row& r) { delegates.emplace_back(std::to_string(r.i64(0)), r.text(1)); });
  std::string out = "<form class=\"filters\" method=\"get\" action=\"/project/" + esc(url_encode(linkname)) +
                    "/list/\">";
  out += "<label>State " + select("state", states, f.state) + "</label> ";
  out += "<label>Search <input name=\"q\" value=\"" + esc(f.q) + "\"></label> ";
  out += "<label>Submitter <input name=\"submitter\" size=\"6\" value=\"" + esc(f.submitter) + "\"></label> ";
  out += "<label>Delegate " + select("delegate", delegates, f.delegate) + "</label> ";
  out += "<label>Archived " +
         select("archived", {{"false", "No"}, {"true", "Yes"}, {"both", "Both"}}, f.archived.empty() ? "false" : f.archived) +
         "</label> ";
  if (!f.series.empty()) out += "<input type=\"hidden\" name=\"series\" value=\"" + esc(f.series) + "\">";
  if (!f.order.empty()) out += "<input type=\"hidden\" name=\"order\" value=\"" + esc(f.order) + "\">";
  return out + "<button type=\"submit\">Filter</button></form>";
}

std::string pager(std::string_view linkname, const ListFilter& f, long long page, long long pages) {
  if (pages <= 1) return "";
  std::string out = "<p class=\"pager\">Page: ";
  for (long long p = 1; p <= pages; ++p) {
    if (pages > 12 && p > 2 && p < pages - 1 && (p < page - 3 || p > page + 3)) {
      if (p == 3 || p == page + 4) out += "&hellip; ";
      continue;
    }
    out += p == page ? "<b>" + std::to_string(p) + "</b>" : link(list_url(linkname, f, p), std::to_string(p));
    out += " ";
  }
  return out + "</p>";
}

std::string checks_cell(const CheckCounts& c) {
  if (c.success + c.warning + c.fail == 0) return "<td></td>";
  return "<td><span class=\"check-success\" title=\"success\">" + std::to_string(c.success) +
         "</span> <span class=\"check-warning\" title=\"warning\">" + std::to_string(c.warning) +
         "</span> <span class=\"check-fail\" title=\"fail\">" + std::to_string(c.fail) + "</span></td>";
}

// Every patch of one submitter, whatever its state.
ListFilter submitter_filter(long long person_id) {
  ListFilter f;
  f.state = "*";
  f.submitter = std::to_string(person_id);
  return f;
}

std::string count_cell(long long n) { return "<td>" + (n > 0 ? std::to_string(n) : std::string("-")) + "</td>"; }

}  // namespace

http::Response project_list_page(Ctx& ctx) {
  std::string body = "<h1>Projects</h1><table id=\"projects\"><tr><th>Project</th><th>Name</th><th>Mailing list</th></tr>";
  for (const auto& p : store::Projects(ctx.db).list()) {
    body += "<tr><td>" + link("/project/" + url_encode(p.linkname) + "/list/", p.linkname) + "</td><td>" + esc(p.name) +
            "</td><td>" + esc(p.listemail) + "</td></tr>";
  }
  body += "</table>";
  return page(ctx, "Projects", body);
}

http::Response project_page(Ctx& ctx, std::string_view linkname) {
  auto project = store::Projects(ctx.db).find_by_linkname(linkname);
  if (!project) return not_found_page(ctx);
  const auto count = ctx.db.query_value<long long>("SELECT COUNT(*) FROM patch WHERE project_id = :p", {project->id});
  std::string body = "<h1>" + esc(project->name) + "</h1><table>";
  body += "<tr><th>List address</th><td>" + esc(project->listemail) + "</td></tr>";
  body += "<tr><th>List id</th><td>" + esc(project->listid) + "</td></tr>";
  if (!project->web_url.empty())
    body += "<tr><th>Website</th><td>" +
            (is_web_url(project->web_url) ? link(project->web_url, project->web_url) : esc(project->web_url)) +
            "</td></tr>";
  if (!project->scm_url.empty()) body += "<tr><th>Source</th><td>" + esc(project->scm_url) + "</td></tr>";
  body += "<tr><th>Patches</th><td>" + link("/project/" + url_encode(linkname) + "/list/", std::to_string(count.value_or(0))) +
          "</td></tr></table>";
  return page(ctx, project->name, body);
}

http::Response pwclientrc(Ctx& ctx, std::string_view linkname, std::string_view base) {
  auto project = store::Projects(ctx.db).find_by_linkname(linkname);
  if (!project) return not_found_page(ctx);
  return http::Response::text("[options]\ndefault = " + project->linkname + "\n\n[" + project->linkname +
                              "]\nbackend = rest\nurl = " + std::string(base) +
                              "/api/\n# token = <your API token, from your user page>\n");
}

http::Response about_page(Ctx& ctx) {
  return page(ctx, "About",
              "<h1>About</h1><p>patchloom: a patch tracker compatible with Patchwork, with a public-inbox style "
              "archive.</p><ul id=\"apis\"><li>REST API: enabled (" + link("/api/", "/api/") +
                  ")</li><li>XML-RPC API: disabled</li></ul>");
}

http::Response patch_list_page(Ctx& ctx, std::string_view linkname) {
  auto project = store::Projects(ctx.db).find_by_linkname(linkname);
  if (!project) return not_found_page(ctx);
  const bool maintainer = can_maintain(ctx, project->id);

  std::string message;
  if (ctx.request.method == "POST") {
    if (!ctx.viewer) return page(ctx, "Forbidden", "<p class=\"error\">Log in first.</p>", 403);
    const http::QueryParams form = parse_form(ctx.request.body);
    if (!csrf_ok(ctx, form)) return page(ctx, "Forbidden", "<p class=\"error\">Your form expired.</p>", 403);
    message = apply_bulk_form(ctx, project->id, form, maintainer);
  }

  const ListFilter filter = read_filter(ctx.request.query);
  const long long total = count_patches(ctx.db, project->id, filter);
  const long long pages = std::max<long long>(1, (total + kPerPage - 1) / kPerPage);
  long long page_no = 1;
  if (auto p = ctx.request.query.get("page")) page_no = std::clamp<long long>(std::atoll(std::string(*p).c_str()), 1, pages);
  const std::vector<ListRow> rows = list_patches(ctx.db, project->id, filter, kPerPage, (page_no - 1) * kPerPage);

  std::string body = "<h1>" + esc(project->name) + " patches</h1>";
  if (!message.empty()) body += "<p class=\"meta\" id=\"message\">" + esc(message) + "</p>";
  body += filter_form(linkname, filter, ctx.db, project->id);
  body += "<p class=\"meta\">" + std::to_string(total) + " patches</p>";
  body += pager(linkname, filter, page_no, pages);
  const bool forms = ctx.viewer.has_value();
  if (forms) body += "<form method=\"post\" id=\"bulk\">" + csrf_field(ctx);
  body += "<table id=\"patchlist\"><tr>";
  if (forms) body += "<th></th>";
  body += column_header(linkname, filter, "id", "ID") + column_header(linkname, filter, "name", "Patch") +
          "<th>Series</th><th title=\"Acked-by / Reviewed-by / Tested-by\">A</th><th>R</th><th>T</th>"
          "<th title=\"Checks: success / warning / fail\">S/W/F</th>" +
          column_header(linkname, filter, "date", "Date") + column_header(linkname, filter, "submitter", "Submitter") +
          column_header(linkname, filter, "delegate", "Delegate") + column_header(linkname, filter, "state", "State") +
          "</tr>\n";
  for (const ListRow& r : rows) {
    body += "<tr>";
    if (forms) body += "<td><input type=\"checkbox\" name=\"patch_id\" value=\"" + std::to_string(r.id) + "\"></td>";
    body += "<td>" + std::to_string(r.id) + "</td><td>" + link(submission_path(linkname, r.msgid, true), r.name) + "</td>";
    body += "<td>" + (r.series_id ? link("/series/" + std::to_string(*r.series_id) + "/", "#" + std::to_string(*r.series_id))
                                  : std::string()) + "</td>";
    body += count_cell(r.acked) + count_cell(r.reviewed) + count_cell(r.tested) + checks_cell(r.checks);
    body += "<td>" + esc(format_date(r.date)) + "</td><td>" +
            link(list_url(linkname, submitter_filter(r.submitter_id), std::nullopt), r.submitter) +
            "</td><td>" + esc(r.delegate.value_or("")) + "</td><td>" + esc(r.state) + (r.archived ? " (archived)" : "") +
            "</td></tr>\n";
  }
  body += "</table>";
  if (forms) body += bulk_form_controls(ctx, maintainer) + "</form>";
  body += pager(linkname, filter, page_no, pages);
  return page(ctx, project->name + " patches", body);
}

}  // namespace patchloom::web
