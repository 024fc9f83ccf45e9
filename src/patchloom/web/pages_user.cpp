// Bundles, the user's own page (with the API token), the 404 page and who
// may maintain a project.
#include "downloads.hpp"
#include "html.hpp"
#include "pages.hpp"
#include "patchloom/api/auth.hpp"
#include "patchloom/store/bundle_updates.hpp"
#include "patchloom/store/patch_updates.hpp"
#include "session.hpp"

namespace patchloom::web {

namespace {

http::Response login_required(Ctx& ctx) {
  return http::Response::redirect("/user/login/?next=" + url_encode(ctx.request.raw_path), 302);
}

std::string bundle_path(std::string_view owner, std::string_view name) {
  return "/bundle/" + url_encode(owner) + "/" + url_encode(name) + "/";
}

}  // namespace

bool can_maintain(Ctx& ctx, long long project_id) {
  return ctx.viewer && store::is_maintainer(ctx.db, project_id, ctx.viewer->id);
}

http::Response not_found_page(Ctx& ctx) {
  return page(ctx, "Not found", "<h1>Not found</h1><p>The page you asked for does not exist.</p>", 404);
}

namespace {

// The owner's form on the bundle page; returns a message, and sets `deleted`.
std::string apply_bundle_form(Ctx& ctx, long long bundle_id, bool& deleted) {
  const http::QueryParams form = parse_form(ctx.request.body);
  if (!csrf_ok(ctx, form)) return "Your form expired; please try again.";
  const std::string_view action = form.get("action").value_or("");
  const auto done = [](const store::WriteOutcome& o, std::string_view ok) {
    if (o.ok()) return std::string(ok);
    return !o.errors.empty() ? o.errors.front().field + ": " + o.errors.front().message : o.detail;
  };
  if (action == "delete") {
    auto outcome = store::delete_bundle(ctx.db, bundle_id, ctx.viewer->id);
    deleted = outcome.ok();
    return done(outcome, "Bundle deleted.");
  }
  store::BundleChange change;
  if (action == "public" || action == "private") {
    change.is_public = action == "public";
  } else if (action == "remove") {
    std::vector<long long> patches;
    const std::string removed(form.get("patch_id").value_or(""));
    ctx.db.query_each("SELECT patch_id FROM bundle_patch WHERE bundle_id = :b ORDER BY \"order\", id", {bundle_id},
                      [&](const store::Row& r) {
                        if (std::to_string(r.i64(0)) != removed) patches.push_back(r.i64(0));
                      });
    change.patches = std::move(patches);
  } else {
    return "Unknown action.";
  }
  return done(store::update_bundle(ctx.db, bundle_id, ctx.viewer->id, change, false), "Bundle updated.");
}

}  // namespace

http::Response bundle_page(Ctx& ctx, std::string_view owner, std::string_view name) {
  const auto load = [&] {
    return ctx.db.query_one(
        "SELECT b.id, b.owner_id, b.public, pr.linkname, pr.name FROM bundle b JOIN users u ON u.id = b.owner_id "
        "JOIN project pr ON pr.id = b.project_id WHERE u.username = :u AND b.name = :n",
        {owner, name});
  };
  auto bundle = load();
  const bool is_owner = bundle && ctx.viewer && ctx.viewer->id == bundle->i64(1);
  // A private bundle is only its owner's business: others see a 404.
  if (!bundle || (!bundle->boolean(2) && !is_owner)) return not_found_page(ctx);
  std::string message;
  if (ctx.request.method == "POST") {
    if (!is_owner) return page(ctx, "Forbidden", "<p class=\"error\">Only the bundle's owner can change it.</p>", 403);
    bool deleted = false;
    message = apply_bundle_form(ctx, bundle->i64(0), deleted);
    if (deleted) return http::Response::redirect("/user/bundles/", 302);
    bundle = load();
  }
  const std::string form_head = "<form method=\"post\">" + csrf_field(ctx);
  std::string body = "<h1 id=\"title\">Bundle " + esc(name) + "</h1>";
  if (!message.empty()) body += "<p class=\"meta\" id=\"message\">" + esc(message) + "</p>";
  body += "<p class=\"meta\">Owner " + esc(owner) + " &middot; project " + esc(bundle->text(4)) + " &middot; <span id=\"visibility\">" +
          (bundle->boolean(2) ? "public" : "private") + "</span> &middot; " +
          link(bundle_path(owner, name) + "mbox/", "mbox") + "</p>";
  if (is_owner)
    body += form_head + "<button name=\"action\" value=\"" + (bundle->boolean(2) ? "private" : "public") +
            "\">Make " + (bundle->boolean(2) ? "private" : "public") +
            "</button> <button name=\"action\" value=\"delete\">Delete bundle</button></form>";
  body += "<table id=\"bundle\"><tr><th>#</th><th>Patch</th><th>Submitter</th><th>State</th><th></th></tr>";
  ctx.db.query_each(
      "SELECT p.id, p.name, p.msgid, per.name, per.email, st.name FROM bundle_patch bp JOIN patch p ON p.id = bp.patch_id "
      "JOIN person per ON per.id = p.submitter_id LEFT JOIN state st ON st.id = p.state_id WHERE bp.bundle_id = :b "
      "ORDER BY bp.\"order\", bp.id",
      {bundle->i64(0)}, [&, n = 0](const store::Row& r) mutable {
        body += "<tr><td>" + std::to_string(++n) + "</td><td>" +
                link(submission_path(bundle->text(3), r.text(2), true), r.text(1)) + "</td><td>" +
                esc(r.opt_text(3).value_or(r.text(4))) + "</td><td>" + esc(r.opt_text(5).value_or("")) + "</td><td>" +
                (is_owner ? form_head + "<input type=\"hidden\" name=\"patch_id\" value=\"" + std::to_string(r.i64(0)) +
                                "\"><button name=\"action\" value=\"remove\">Remove</button></form>"
                          : std::string()) +
                "</td></tr>";
      });
  return page(ctx, "Bundle " + std::string(name), body + "</table>");
}

http::Response user_bundles_page(Ctx& ctx) {
  if (!ctx.viewer) return login_required(ctx);
  std::string body = "<h1>Your bundles</h1><table id=\"bundles\"><tr><th>Name</th><th>Project</th><th>Patches</th>"
                     "<th>Public</th><th></th></tr>";
  ctx.db.query_each(
      "SELECT b.name, pr.linkname, (SELECT COUNT(*) FROM bundle_patch bp WHERE bp.bundle_id = b.id), b.public "
      "FROM bundle b JOIN project pr ON pr.id = b.project_id WHERE b.owner_id = :u ORDER BY b.name",
      {ctx.viewer->id}, [&](const store::Row& r) {
        const std::string path = bundle_path(ctx.viewer->username, r.text(0));
        body += "<tr><td>" + link(path, r.text(0)) + "</td><td>" + esc(r.text(1)) + "</td><td>" +
                std::to_string(r.i64(2)) + "</td><td>" + (r.boolean(3) ? "yes" : "no") + "</td><td>" +
                link(path + "mbox/", "mbox") + "</td></tr>";
      });
  return page(ctx, "Your bundles", body + "</table>");
}

http::Response user_page(Ctx& ctx, bool generate_token) {
  if (!ctx.viewer) return login_required(ctx);
  std::string token_html;
  if (generate_token || ctx.request.method == "POST") {
    if (!csrf_ok(ctx, parse_form(ctx.request.body)))
      return page(ctx, "Forbidden", "<p class=\"error\">Your form expired.</p>", 403);
    auto token = api::create_token(ctx.db, ctx.viewer->username);
    // Only a hash is kept: the token is shown this once.
    token_html = token ? "<p>Your new API token (copy it now; it is not shown again):</p><pre id=\"api-token\">" +
                             esc(token.value()) + "</pre>"
                       : "<p class=\"error\">" + esc(token.error()) + "</p>";
  }
  const bool has_token =
      ctx.db.query_value<long long>("SELECT id FROM api_token WHERE user_id = :u", {ctx.viewer->id}).has_value();
  std::string body = "<h1>" + esc(ctx.viewer->username) + "</h1><table id=\"profile\"><tr><th>Email</th><td>" +
                     esc(ctx.viewer->email) + "</td></tr></table><h2>API token</h2>";
  body += token_html;
  if (token_html.empty())
    body += has_token ? "<p id=\"token-status\">You have an API token. Only a hash of it is stored, so it cannot be "
                        "shown again; generate a new one if you lost it (the old one stops working).</p>"
                      : "<p id=\"token-status\">You have no API token yet.</p>";
  body += "<form method=\"post\" action=\"/user/generate-token/\">" + csrf_field(ctx) +
          "<button type=\"submit\">Generate a new token</button></form>";
  body += "<p>" + link("/user/bundles/", "Your bundles") + "</p>";
  return page(ctx, ctx.viewer->username, body);
}

}  // namespace patchloom::web
