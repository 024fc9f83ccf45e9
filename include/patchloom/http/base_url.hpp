#pragma once
// "<scheme>://<host>" for absolute URLs in response bodies (spec/api.md §1.5).

#include <string>

#include "patchloom/http/request.hpp"

namespace patchloom::http {

struct BaseUrlOptions {
  // When non-empty, used instead of the request (e.g. "https://patches.example.org");
  // a trailing '/' is dropped.
  std::string override_url;
  // Honour "X-Forwarded-Proto: https" (only set this behind a proxy you trust,
  // Django's SECURE_PROXY_SSL_HEADER).
  bool trust_forwarded_proto = false;
};

// The scheme is "https" only when the connection is TLS or a trusted proxy
// header says so; the host is the Host header verbatim, port included. A
// request without Host (HTTP/1.0) falls back to the local address and port.
std::string base_url(const Request& request, const BaseUrlOptions& options = {});

}  // namespace patchloom::http
