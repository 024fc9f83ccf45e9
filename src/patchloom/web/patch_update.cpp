#include "patch_update.hpp"

#include <charconv>

#include "patchloom/store/patch_updates.hpp"

namespace patchloom::web {

namespace {

std::string describe(const store::WriteOutcome& outcome) {
  if (outcome.ok()) return "";
  if (!outcome.errors.empty()) return outcome.errors.front().field + ": " + outcome.errors.front().message;
  if (!outcome.detail.empty()) return outcome.detail;
  return "The change was refused.";
}

}  // namespace

std::string update_patch(Ctx& ctx, long long patch_id, const PatchChange& change) {
  store::PatchChange to_store;
  if (!change.state.empty()) to_store.state = change.state;
  if (change.delegate == "none") {
    to_store.delegate = std::optional<long long>();
  } else if (!change.delegate.empty()) {
    long long id = 0;
    const auto [end, ec] = std::from_chars(change.delegate.data(), change.delegate.data() + change.delegate.size(), id);
    if (ec != std::errc() || end != change.delegate.data() + change.delegate.size()) return "delegate: not a user.";
    to_store.delegate = std::optional<long long>(id);
  }
  if (change.archived == "true") to_store.archived = true;
  if (change.archived == "false") to_store.archived = false;
  if (to_store.empty()) return "Nothing to change.";
  std::optional<long long> user;
  if (ctx.viewer) user = ctx.viewer->id;
  return describe(store::update_patch(ctx.db, patch_id, user, to_store));
}

}  // namespace patchloom::web
