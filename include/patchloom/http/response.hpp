#pragma once
// What a handler returns. The server adds Content-Length, Date and, when it
// closes the connection, "Connection: close"; everything else is the handler's.

#include <string>
#include <string_view>

#include "patchloom/http/headers.hpp"

namespace patchloom::http {

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  // Content-Type: application/json (no charset, as Patchwork's API sends it).
  static Response json(std::string body, int status = 200);
  // Content-Type: text/html; charset=utf-8
  static Response html(std::string body, int status = 200);
  // Content-Type: text/plain; charset=utf-8
  static Response text(std::string body, int status = 200);
  // An empty-bodied redirect to `location` (sent verbatim: relative or absolute).
  static Response redirect(std::string location, int status = 302);
};

// The standard reason phrase of `status` ("Not Found"), or "" when unknown.
std::string_view reason_phrase(int status);

}  // namespace patchloom::http
