#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>
#include <string>

#include "patchloom/api/app.hpp"
#include "patchloom/cli/commands.hpp"
#include "patchloom/http/router.hpp"
#include "patchloom/http/server.hpp"

namespace patchloom::cli {
namespace {

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

// "127.0.0.1:8000", "[::1]:8000" or ":8000" (all IPv4 interfaces).
std::optional<ListenAddress> parse_listen(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  std::string host = text.substr(0, colon);
  std::string port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  unsigned long number = std::stoul(port);
  if (number > 65535) return std::nullopt;
  return ListenAddress{host, static_cast<std::uint16_t>(number)};
}

// Stands in until the API, web and archive handlers exist.
http::Router placeholder_router() {
  http::Router router;
  router.add("GET", "/", [](const http::Request&, const http::Captures&) {
    return http::Response::html(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>patchloom</title></head>"
        "<body><h1>patchloom</h1></body></html>\n");
  });
  router.add("GET", "/healthz", [](const http::Request&, const http::Captures&) { return http::Response::text("ok"); });
  return router;
}

}  // namespace

// `patchloom serve --listen HOST:PORT`: serves HTTP until SIGTERM or SIGINT,
// then finishes the requests in flight and exits 0.
void register_serve_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand("serve", "Serve the web UI, REST API and archive over HTTP");
  static std::string listen = "127.0.0.1:8000";
  static unsigned threads = 0;
  cmd->add_option("--listen", listen, "HOST:PORT to listen on (port 0 picks a free one)")->capture_default_str();
  cmd->add_option("--threads", threads, "request handler threads (default: one per core)");
  cmd->callback([&global, &exit_code] {
    auto address = parse_listen(listen);
    if (!address) {
      std::cerr << "patchloom serve: --listen wants HOST:PORT, got '" << listen << "'\n";
      exit_code = 2;
      return;
    }
    http::Config config;
    config.address = address->host;
    config.port = address->port;
    config.threads = threads;
    auto router = placeholder_router();
    auto api_handler = api::make_api_handler(api::ApiOptions{global.database, {}, 16});
    http::Server server(config, [&router, &api_handler](const http::Request& request) {
      return api::is_api_path(request.path) ? api_handler(request) : router.handle(request);
    });
    try {
      server.start();
    } catch (const std::exception& e) {
      std::cerr << "patchloom serve: " << e.what() << "\n";
      exit_code = 1;
      return;
    }
    std::string host = address->host.find(':') != std::string::npos ? "[" + address->host + "]" : address->host;
    std::cerr << "patchloom: listening on http://" << host << ":" << server.port() << "/" << std::endl;
    server.run();
    std::cerr << "patchloom: stopped" << std::endl;
    exit_code = 0;
  });
}

}  // namespace patchloom::cli
