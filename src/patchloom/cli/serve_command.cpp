#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>
#include <string>

#include "patchloom/api/app.hpp"
#include "patchloom/cli/commands.hpp"
#include "patchloom/archive/app.hpp"
#include "patchloom/web/app.hpp"
#include "patchloom/http/server.hpp"
#include "patchloom/store/database.hpp"

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

}  // namespace

// `patchloom serve --listen HOST:PORT`: serves HTTP until SIGTERM or SIGINT,
// then finishes the requests in flight and exits 0.
void register_serve_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand("serve", "Serve the web UI, REST API and archive over HTTP");
  static std::string listen = "127.0.0.1:8000";
  static unsigned threads = 0;
  static std::string base_url;
  static bool trust_forwarded_proto = false;
  cmd->add_option("--listen", listen, "HOST:PORT to listen on (port 0 picks a free one)")->capture_default_str();
  cmd->add_option("--threads", threads, "request handler threads (default: one per core)");
  cmd->add_option("--base-url", base_url,
                  "scheme://host[:port] for absolute URLs in answers, instead of the request's Host "
                  "(for deployments behind a proxy)");
  cmd->add_flag("--trust-forwarded-proto", trust_forwarded_proto,
                "take https from a proxy's X-Forwarded-Proto header (only behind a proxy you trust)");
  cmd->callback([&global, &exit_code] {
    auto address = parse_listen(listen);
    if (!address) {
      std::cerr << "patchloom serve: --listen wants HOST:PORT, got '" << listen << "'\n";
      exit_code = 2;
      return;
    }
    // A new database gets its schema, and an older one its pending
    // migrations, before the first request: pages must never meet a missing
    // table. Migrations take a lock, so several servers starting together is safe.
    try {
      store::OpenOptions open_options;
      open_options.migrate = true;
      store::Database::open(global.database, open_options);
    } catch (const std::exception& e) {
      std::cerr << "patchloom serve: cannot open " << global.database << ": " << e.what() << "\n";
      exit_code = 1;
      return;
    }
    http::Config config;
    config.address = address->host;
    config.port = address->port;
    config.threads = threads;
    http::BaseUrlOptions urls{base_url, trust_forwarded_proto};
    auto api_handler = api::make_api_handler(api::ApiOptions{global.database, urls, 16});
    auto archive_handler = archive::make_archive_handler(archive::ArchiveOptions{global.database, urls, 16});
    auto web_handler = web::make_web_handler(web::WebOptions{global.database, urls, 16});
    // /api/ and /archive/ have their own applications; every other path is
    // the web UI's (Patchwork's page URLs live at the top level).
    http::Server server(config, [&](const http::Request& request) {
      if (api::is_api_path(request.path)) return api_handler(request);
      if (archive::is_archive_path(request.path)) return archive_handler(request);
      return web_handler(request);
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
