#pragma once
// Private to the http module: accepts connections and starts a Session on
// its own strand for each.

#include <memory>

#include "beast.hpp"
#include "server_state.hpp"

namespace patchloom::http {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens; throws std::runtime_error when that fails.
  Listener(net::io_context& ioc, const tcp::endpoint& endpoint, std::shared_ptr<ServerState> state);

  std::uint16_t port() const { return port_; }
  void run();
  // Stops accepting; safe from any thread.
  void stop();

 private:
  void accept();
  void on_accept(beast::error_code ec, tcp::socket socket);

  net::io_context& ioc_;
  net::strand<net::io_context::executor_type> strand_;
  tcp::acceptor acceptor_;
  net::steady_timer backoff_;
  std::shared_ptr<ServerState> state_;
  std::uint16_t port_ = 0;
};

}  // namespace patchloom::http
