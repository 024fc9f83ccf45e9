#include "patchloom/archive/app.hpp"

namespace patchloom::archive {

bool is_archive_path(std::string_view path) {
  return path == "/archive" || path.starts_with("/archive/");
}

// Until the archive pages exist every archive URL is a 404.
http::Handler make_archive_handler(ArchiveOptions /*options*/) {
  return [](const http::Request&) {
    return http::Response::html("<!DOCTYPE html>\n<html><body><h1>Not Found</h1></body></html>\n", 404);
  };
}

}  // namespace patchloom::archive
