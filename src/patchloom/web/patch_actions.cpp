#include "patch_actions.hpp"

#include <charconv>

#include "html.hpp"
#include "patch_update.hpp"
#include "patchloom/store/bundle_updates.hpp"

namespace patchloom::web {

namespace {

std::optional<long long> to_id(std::string_view s) {
  long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string update_controls(Ctx& ctx, std::string_view current_state) {
  std::vector<std::pair<std::string, std::string>> states = {{"", "(no change)"}};
  ctx.db.query_each("SELECT slug, name FROM state ORDER BY ordering", {},
                    [&](const store::Row& r) { states.emplace_back(r.text(0), r.text(1)); });
  std::vector<std::pair<std::string, std::string>> delegates = {{"", "(no change)"}, {"none", "Nobody"}};
  ctx.db.query_each("SELECT id, username FROM users WHERE is_active = 1 ORDER BY username", {},
                    [&](const store::Row& r) { delegates.emplace_back(std::to_string(r.i64(0)), r.text(1)); });
  return "<fieldset><legend>Change</legend><label>State " + select("state", states, current_state) +
         "</label> <label>Delegate " + select("delegate", delegates, "") + "</label> <label>Archived " +
         select("archived", {{"", "(no change)"}, {"true", "Yes"}, {"false", "No"}}, "") +
         "</label> <button type=\"submit\" name=\"action\" value=\"update\">Update</button></fieldset>";
}

std::string bundle_controls(Ctx& ctx) {
  std::vector<std::pair<std::string, std::string>> bundles = {{"", "(new bundle)"}};
  ctx.db.query_each("SELECT id, name FROM bundle WHERE owner_id = :u ORDER BY name", {ctx.viewer->id},
                    [&](const store::Row& r) { bundles.emplace_back(std::to_string(r.i64(0)), r.text(1)); });
  return "<fieldset><legend>Bundle</legend><label>Add to " + select("bundle_id", bundles, "") +
         "</label> <label>New bundle name <input name=\"bundle_name\" maxlength=\"50\"></label> "
         "<button type=\"submit\" name=\"action\" value=\"bundle\">Add to bundle</button></fieldset>";
}

std::string outcome_message(const store::WriteOutcome& outcome, std::string_view done) {
  if (outcome.ok()) return std::string(done);
  if (!outcome.errors.empty()) return outcome.errors.front().field + ": " + outcome.errors.front().message;
  return outcome.detail.empty() ? "The change was refused." : outcome.detail;
}

// Adds the patches to one of the viewer's bundles, or to a new one, through
// the store's bundle rules (the API's).
std::string add_to_bundle(Ctx& ctx, const std::vector<long long>& patch_ids, const http::QueryParams& form) {
  const std::string done = std::to_string(patch_ids.size()) + " patch(es) added to the bundle.";
  store::BundleChange change;
  if (auto id = to_id(form.get("bundle_id").value_or(""))) {
    std::vector<long long> patches;
    ctx.db.query_each("SELECT bp.patch_id FROM bundle_patch bp JOIN bundle b ON b.id = bp.bundle_id "
                      "WHERE b.id = :b AND b.owner_id = :u ORDER BY bp.\"order\", bp.id",
                      {*id, ctx.viewer->id}, [&](const store::Row& r) { patches.push_back(r.i64(0)); });
    patches.insert(patches.end(), patch_ids.begin(), patch_ids.end());
    change.patches = std::move(patches);
    return outcome_message(store::update_bundle(ctx.db, *id, ctx.viewer->id, change, false), done);
  }
  change.name = std::string(form.get("bundle_name").value_or(""));
  change.patches = patch_ids;
  change.is_public = false;
  return outcome_message(store::create_bundle(ctx.db, ctx.viewer->id, change), done);
}

std::string apply(Ctx& ctx, const std::vector<long long>& patch_ids, const http::QueryParams& form,
                  bool maintainer) {
  if (patch_ids.empty()) return "No patches selected.";
  const std::string_view action = form.get("action").value_or("");
  if (action == "bundle") return add_to_bundle(ctx, patch_ids, form);
  if (action != "update") return "Unknown action.";
  if (!maintainer) return "Only the project's maintainers can change patches.";
  PatchChange change;
  change.state = std::string(form.get("state").value_or(""));
  change.delegate = std::string(form.get("delegate").value_or(""));
  change.archived = std::string(form.get("archived").value_or(""));
  int updated = 0;
  std::string error;
  for (long long id : patch_ids) {
    auto result = update_patch(ctx, id, change);
    if (result.empty())
      ++updated;
    else
      error = result;
  }
  return std::to_string(updated) + " patch(es) updated." + (error.empty() ? "" : " " + error);
}

}  // namespace

std::string bulk_form_controls(Ctx& ctx, bool maintainer) {
  return (maintainer ? update_controls(ctx, "") : std::string()) + bundle_controls(ctx);
}

std::string patch_form(Ctx& ctx, long long patch_id, bool maintainer) {
  if (!ctx.viewer) return "";
  std::string out = "<form method=\"post\" id=\"patch-form\">" + csrf_field(ctx) +
                    "<input type=\"hidden\" name=\"patch_id\" value=\"" + std::to_string(patch_id) + "\">";
  if (maintainer) out += update_controls(ctx, "");
  out += bundle_controls(ctx);
  return out + "</form>";
}

std::string apply_bulk_form(Ctx& ctx, long long project_id, const http::QueryParams& form, bool maintainer) {
  std::vector<long long> ids;
  for (std::string_view v : form.get_all("patch_id")) {
    auto id = to_id(v);
    // Only this project's patches, whatever the form says.
    if (id && ctx.db.query_value<long long>("SELECT id FROM patch WHERE id = :i AND project_id = :p", {*id, project_id}))
      ids.push_back(*id);
  }
  return apply(ctx, ids, form, maintainer);
}

std::string apply_patch_form(Ctx& ctx, long long patch_id, const http::QueryParams& form, bool maintainer) {
  return apply(ctx, {patch_id}, form, maintainer);
}

}  // namespace patchloom::web
