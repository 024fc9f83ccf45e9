#pragma once
// Internal to the web module: the mbox and raw-diff downloads (spec/api.md
// §7, spec/parser.md §11.2) read from the database.

#include <optional>
#include <string>
#include <string_view>

#include "patchloom/http/response.hpp"
#include "patchloom/store/database.hpp"

namespace patchloom::web {

// A patch's or cover's id from its project linkname and msgid as Patchwork's
// URLs carry it (no angle brackets, '/' written "%2F").
std::optional<long long> patch_id_by_msgid(store::Database& db, std::string_view linkname, std::string_view url_msgid);
std::optional<long long> cover_id_by_msgid(store::Database& db, std::string_view linkname, std::string_view url_msgid);

// The mbox of one patch; `series` is the ?series= value ("*" or an id) or
// nullopt. nullopt when there is nothing to serve (404).
std::optional<http::Response> patch_mbox_response(store::Database& db, long long patch_id,
                                                  std::optional<std::string_view> series);
std::optional<http::Response> patch_raw_response(store::Database& db, long long patch_id);
std::optional<http::Response> cover_mbox_response(store::Database& db, long long cover_id);
std::optional<http::Response> series_mbox_response(store::Database& db, long long series_id);
// `viewer`: the user asking (session or API credentials); a private bundle
// is served to its owner only.
std::optional<http::Response> bundle_mbox_response(store::Database& db, std::string_view owner, std::string_view name,
                                                   std::optional<long long> viewer);

// "/project/<linkname>/patch/<msgid>/" (or cover), msgid encoded as
// Patchwork's URLs encode it.
std::string submission_path(std::string_view linkname, std::string_view msgid, bool is_patch);

}  // namespace patchloom::web
