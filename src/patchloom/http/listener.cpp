#include "listener.hpp"

#include <boost/asio/steady_timer.hpp>
#include <stdexcept>

#include "session.hpp"

namespace patchloom::http {

namespace {
// After a failed accept (e.g. out of file descriptors) wait this long before
// the next, rather than spinning.
constexpr std::chrono::milliseconds kAcceptBackoff{100};

[[noreturn]] void throw_bind_error(const tcp::endpoint& endpoint, const char* what, const beast::error_code& ec) {
  throw std::runtime_error("cannot listen on " + endpoint.address().to_string() + ":" +
                           std::to_string(endpoint.port()) + ": " + what + ": " + ec.message());
}
}  // namespace

Listener::Listener(net::io_context& ioc, const tcp::endpoint& endpoint, std::shared_ptr<ServerState> state)
    : ioc_(ioc), strand_(net::make_strand(ioc)), acceptor_(strand_), backoff_(strand_), state_(std::move(state)) {
  beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) throw_bind_error(endpoint, "open", ec);
  acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) throw_bind_error(endpoint, "set_option", ec);
  acceptor_.bind(endpoint, ec);
  if (ec) throw_bind_error(endpoint, "bind", ec);
  acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) throw_bind_error(endpoint, "listen", ec);
  port_ = acceptor_.local_endpoint().port();
}

void Listener::run() { net::dispatch(strand_, beast::bind_front_handler(&Listener::accept, shared_from_this())); }

void Listener::stop() {
  net::post(strand_, [self = shared_from_this()] {
    beast::error_code ignored;
    self->acceptor_.close(ignored);
    self->backoff_.cancel();
  });
}

void Listener::accept() {
  if (!acceptor_.is_open()) return;
  // Each connection gets its own strand so that its handlers never run
  // concurrently, whichever I/O thread picks them up.
  acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    state_->fail(ec, "accept");
    backoff_.expires_after(kAcceptBackoff);
    backoff_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
      if (!wait_ec) self->accept();
    });
    return;
  }
  if (!state_->stopping()) {
    auto session = std::make_shared<Session>(std::move(socket), state_);
    state_->add(session);
    session->run();
  }
  accept();
}

}  // namespace patchloom::http
