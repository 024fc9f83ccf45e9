#include "patchloom/http/base_url.hpp"

namespace patchloom::http {

namespace {

bool is_secure(const Request& request, const BaseUrlOptions& options) {
  if (request.connection.tls) return true;
  return options.trust_forwarded_proto && iequals(request.header("X-Forwarded-Proto"), "https");
}

std::string host_of(const Request& request) {
  if (auto host = request.headers.get("Host"); host && !host->empty()) return std::string(*host);
  const auto& local = request.connection.local_address;
  std::string host = local.find(':') != std::string::npos ? "[" + local + "]" : local;
  return host + ":" + std::to_string(request.connection.local_port);
}

}  // namespace

std::string base_url(const Request& request, const BaseUrlOptions& options) {
  if (!options.override_url.empty()) {
    std::string url = options.override_url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
  }
  return std::string(is_secure(request, options) ? "https" : "http") + "://" + host_of(request);
}

}  // namespace patchloom::http
