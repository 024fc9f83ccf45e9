#pragma once
// The public-inbox compatible archive under /archive/<linkname>/: thread
// index, message pages, flat (/T/) and nested (/t/) threads, /raw,
// /t.mbox.gz, Atom feeds (spec/archive-and-clients.md).

#include <string>
#include <string_view>

#include "patchloom/http/base_url.hpp"
#include "patchloom/http/server.hpp"

namespace patchloom::archive {

struct ArchiveOptions {
  std::string database_url;  // as store::Database::open takes it
  http::BaseUrlOptions base_url;
  unsigned max_idle_connections = 16;
};

// True for "/archive" and everything under "/archive/".
bool is_archive_path(std::string_view path);

// Safe to call from several worker threads at once.
http::Handler make_archive_handler(ArchiveOptions options);

}  // namespace patchloom::archive
