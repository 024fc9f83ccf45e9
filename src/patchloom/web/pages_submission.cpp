// The patch, cover letter and series pages.
#include "downloads.hpp"
#include "html.hpp"
#include "pages.hpp"
#include "patch_actions.hpp"
#include "patchloom/store/patch_updates.hpp"
#include "session.hpp"

namespace patchloom::web {

namespace {

constexpr const char* kCheckStates[] = {"pending", "success", "warning", "fail"};

// The diff, each line in a span whose class says what it is.
std::string diff_html(std::string_view diff) {
  std::string out = "<pre class=\"diff\" id=\"diff\">";
  for (std::size_t start = 0; start < diff.size();) {
    std::size_t end = diff.find('\n', start);
    end = end == std::string_view::npos ? diff.size() : end + 1;
    const std::string_view line = diff.substr(start, end - start);
    const char* cls = nullptr;
    if (line.starts_with("diff ") || line.starts_with("index ") || line.starts_with("--- ") || line.starts_with("+++ "))
      cls = "file";
    else if (line.starts_with("@@"))
      cls = "hunk";
    else if (line.starts_with("+"))
      cls = "add";
    else if (line.starts_with("-"))
      cls = "del";
    if (cls != nullptr)
      out += std::string("<span class=\"") + cls + "\">" + esc(line) + "</span>";
    else
      out += esc(line);
    start = end;
  }
  return out + "</pre>";
}

// One "label: value" row of a page's info table; `html` is ready markup.
std::string info_row(std::string_view label, const std::string& html) {
  return "<tr><th>" + std::string(label) + "</th><td>" + html + "</td></tr>";
}

std::string person(const std::optional<std::string>& name, std::string_view email) {
  return esc(name && !name->empty() ? *name + " <" + std::string(email) + ">" : std::string(email));
}

// The comments of a patch or cover, in date order.
std::string comments_html(Ctx& ctx, std::string_view table, std::string_view parent_column, long long parent_id) {
  std::string out;
  int n = 0;
  ctx.db.query_each("SELECT c.id, c.date, c.content, per.name, per.email FROM " + std::string(table) +
                        " c JOIN person per ON per.id = c.submitter_id WHERE c." + std::string(parent_column) +
                        " = :id ORDER BY c.date, c.id",
                    {parent_id}, [&](const store::Row& r) {
                      ++n;
                      out += "<div class=\"comment\" id=\"" + std::to_string(r.i64(0)) + "\"><p class=\"meta\">" +
                             person(r.opt_text(3), r.text(4)) + " &middot; " + esc(format_date(r.i64(1))) +
                             "</p><pre>" + esc(r.opt_text(2).value_or("")) + "</pre></div>";
                    });
  if (n == 0) return "";
  return "<h2>Comments (" + std::to_string(n) + ")</h2>" + out;
}

// The series' cover and patches as a list, `current` in bold.
std::string series_members(Ctx& ctx, long long series_id, std::optional<long long> current) {
  std::string out = "<ol class=\"series\">";
  auto cover = ctx.db.query_one(
      "SELECT c.name, c.msgid, pr.linkname FROM series s JOIN cover c ON c.id = s.cover_letter_id "
      "JOIN project pr ON pr.id = c.project_id WHERE s.id = :s",
      {series_id});
  if (cover) out += "<li value=\"0\">" + link(submission_path(cover->text(2), cover->text(1), false), cover->text(0)) + "</li>";
  ctx.db.query_each("SELECT p.id, p.name, p.msgid, pr.linkname, p.number FROM patch p JOIN project pr ON "
                    "pr.id = p.project_id WHERE p.series_id = :s ORDER BY p.number",
                    {series_id}, [&](const store::Row& r) {
                      const std::string a = link(submission_path(r.text(3), r.text(2), true), r.text(1));
                      out += "<li value=\"" + std::to_string(r.opt_i64(4).value_or(0)) + "\">" +
                             (current == r.i64(0) ? "<b>" + a + "</b>" : a) + "</li>";
                    });
  return out + "</ol>";
}

std::string series_heading(Ctx& ctx, long long series_id) {
  auto row = ctx.db.query_one("SELECT name, version FROM series WHERE id = :s", {series_id});
  if (!row) return "";
  const std::string name = row->opt_text(0).value_or("Untitled series #" + std::to_string(series_id));
  return "<h2>Series " + link("/series/" + std::to_string(series_id) + "/", name) + " (v" +
         std::to_string(row->i64(1)) + ") &middot; " + link("/series/" + std::to_string(series_id) + "/mbox/", "mbox") +
         "</h2>";
}

std::string tags_html(Ctx& ctx, long long patch_id) {
  std::string out;
  ctx.db.query_each("SELECT t.name, pt.count FROM patch_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.patch_id = :p "
                    "ORDER BY t.id",
                    {patch_id}, [&](const store::Row& r) {
                      out += "<li>" + esc(r.text(0)) + ": " + std::to_string(r.i64(1)) + "</li>";
                    });
  return out.empty() ? "" : "<h2>Tags</h2><ul id=\"tags\">" + out + "</ul>";
}

std::string checks_html(Ctx& ctx, long long patch_id) {
  std::string out;
  ctx.db.query_each("SELECT c.context, c.state, c.description, c.target_url, c.date, u.username FROM check_result c "
                    "JOIN users u ON u.id = c.user_id WHERE c.patch_id = :p ORDER BY c.date, c.id",
                    {patch_id}, [&](const store::Row& r) {
                      const int state = std::clamp(r.i32(1), 0, 3);
                      const auto url = r.opt_text(3);
                      out += "<tr><td>" + esc(r.text(0)) + "</td><td class=\"check-" + kCheckStates[state] + "\">" +
                             kCheckStates[state] + "</td><td>" +
                             (url && is_web_url(*url)
                                  ? link(*url, r.opt_text(2).value_or(*url))
                                  : esc(r.opt_text(2).value_or(""))) +
                             "</td><td>" + esc(r.text(5)) + "</td><td>" + esc(format_date(r.i64(4))) + "</td></tr>";
                    });
  return out.empty() ? ""
                     : "<h2>Checks</h2><table id=\"checks\"><tr><th>Context</th><th>State</th><th>Description</th>"
                       "<th>By</th><th>Date</th></tr>" + out + "</table>";
}

}  // namespace

http::Response patch_page(Ctx& ctx, long long patch_id) {
  const auto load = [&] {
    return ctx.db.query_one(
        "SELECT p.name, p.msgid, p.date, p.content, p.diff, per.name, per.email, u.username, st.name, p.archived, "
        "p.series_id, pr.linkname, pr.id, p.commit_ref, p.pull_url, p.hash FROM patch p "
        "JOIN person per ON per.id = p.submitter_id JOIN project pr ON pr.id = p.project_id "
        "LEFT JOIN users u ON u.id = p.delegate_id LEFT JOIN state st ON st.id = p.state_id WHERE p.id = :id",
        {patch_id});
  };
  auto row = load();
  if (!row) return not_found_page(ctx);
  const std::string linkname = row->text(11);
  const bool maintainer = ctx.viewer && store::can_edit_patch(ctx.db, patch_id, ctx.viewer->id);

  std::string message;
  if (ctx.request.method == "POST") {
    if (!ctx.viewer) return page(ctx, "Forbidden", "<p class=\"error\">Log in first.</p>", 403);
    const http::QueryParams form = parse_form(ctx.request.body);
    if (!csrf_ok(ctx, form)) return page(ctx, "Forbidden", "<p class=\"error\">Your form expired.</p>", 403);
    message = apply_patch_form(ctx, patch_id, form, maintainer);
    // The change shows in the fields below: read them again.
    row = load();
  }

  const std::string base = submission_path(linkname, row->text(1), true);
  std::string body = "<h1 id=\"title\">" + esc(row->text(0)) + "</h1>";
  if (!message.empty()) body += "<p class=\"meta\" id=\"message\">" + esc(message) + "</p>";
  body += "<table id=\"patch-info\">";
  body += info_row("Message ID", esc(row->text(1)));
  body += info_row("Submitter", person(row->opt_text(5), row->text(6)));
  body += info_row("Date", esc(format_date(row->i64(2))));
  body += "<tr><th>State</th><td id=\"state\">" + esc(row->opt_text(8).value_or("")) + "</td></tr>";
  body += "<tr><th>Delegated to</th><td id=\"delegate\">" + esc(row->opt_text(7).value_or("")) + "</td></tr>";
  body += "<tr><th>Archived</th><td id=\"archived\">" + std::string(row->boolean(9) ? "Yes" : "No") + "</td></tr>";
  if (auto ref = row->opt_text(13)) body += info_row("Commit", esc(*ref));
  if (auto pull = row->opt_text(14)) body += info_row("Pull URL", esc(*pull));
  if (auto hash = row->opt_text(15)) body += info_row("Hash", esc(*hash));
  std::string downloads = link(base + "mbox/", "mbox") + " | " + link(base + "raw/", "raw diff");
  if (auto series_id = row->opt_i64(10))
    downloads += " | " + link(base + "mbox/?series=" + std::to_string(*series_id), "mbox with dependencies");
  body += info_row("Downloads", downloads) + "</table>";
  body += patch_form(ctx, patch_id, maintainer);
  if (auto series_id = row->opt_i64(10)) body += series_heading(ctx, *series_id) + series_members(ctx, *series_id, patch_id);
  body += tags_html(ctx, patch_id) + checks_html(ctx, patch_id);
  body += "<h2>Commit message</h2><pre id=\"content\">" + esc(row->opt_text(3).value_or("")) + "</pre>";
  if (auto diff = row->opt_text(4); diff && !diff->empty()) body += "<h2>Diff</h2>" + diff_html(*diff);
  body += comments_html(ctx, "patch_comment", "patch_id", patch_id);
  return page(ctx, row->text(0), body);
}

http::Response cover_page(Ctx& ctx, long long cover_id) {
  auto row = ctx.db.query_one(
      "SELECT c.name, c.msgid, c.date, c.content, per.name, per.email, pr.linkname, s.id FROM cover c "
      "JOIN person per ON per.id = c.submitter_id JOIN project pr ON pr.id = c.project_id "
      "LEFT JOIN series s ON s.cover_letter_id = c.id WHERE c.id = :id",
      {cover_id});
  if (!row) return not_found_page(ctx);
  const std::string base = submission_path(row->text(6), row->text(1), false);
  std::string body = "<h1 id=\"title\">" + esc(row->text(0)) + "</h1><table>";
  body += info_row("Message ID", esc(row->text(1)));
  body += info_row("Submitter", person(row->opt_text(4), row->text(5)));
  body += info_row("Date", esc(format_date(row->i64(2))));
  body += info_row("Downloads", link(base + "mbox/", "mbox")) + "</table>";
  if (auto series_id = row->opt_i64(7)) body += series_heading(ctx, *series_id) + series_members(ctx, *series_id, std::nullopt);
  body += "<h2>Cover letter</h2><pre id=\"content\">" + esc(row->opt_text(3).value_or("")) + "</pre>";
  body += comments_html(ctx, "cover_comment", "cover_id", cover_id);
  return page(ctx, row->text(0), body);
}

http::Response series_page(Ctx& ctx, long long series_id) {
  auto row = ctx.db.query_one(
      "SELECT s.name, s.version, s.total, s.date, per.name, per.email, pr.linkname, "
      "(SELECT COUNT(*) FROM patch p WHERE p.series_id = s.id) FROM series s "
      "JOIN person per ON per.id = s.submitter_id LEFT JOIN project pr ON pr.id = s.project_id WHERE s.id = :id",
      {series_id});
  if (!row) return not_found_page(ctx);
  const std::string name = row->opt_text(0).value_or("Untitled series #" + std::to_string(series_id));
  const std::string id = std::to_string(series_id);
  std::string body = "<h1 id=\"title\">" + esc(name) + "</h1><table id=\"series-info\">";
  body += info_row("Submitter", person(row->opt_text(4), row->text(5)));
  body += info_row("Date", esc(format_date(row->i64(3))));
  body += info_row("Version", std::to_string(row->i64(1)));
  body += "<tr><th>Received</th><td id=\"received\">" + std::to_string(row->i64(7)) + " of " +
          std::to_string(row->i64(2)) + "</td></tr>";
  body += info_row("Downloads", link("/series/" + id + "/mbox/", "mbox"));
  if (auto linkname = row->opt_text(6))
    body += info_row("Patches", link("/project/" + url_encode(*linkname) + "/list/?series=" + id + "&state=*",
                                              "in the patch list"));
  body += "</table><h2>Patches</h2>" + series_members(ctx, series_id, std::nullopt);
  return page(ctx, name, body);
}

}  // namespace patchloom::web
