#include "patchloom/http/server.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "beast.hpp"
#include "listener.hpp"
#include "server_state.hpp"

namespace patchloom::http {

std::string format_access_log(const AccessLogEntry& entry) {
  return entry.peer + " " + entry.method + " " + entry.target + " " + std::to_string(entry.status) + " " +
         std::to_string(entry.bytes) + "B " + std::to_string(entry.duration_us) + "us";
}

namespace {
unsigned or_hardware(unsigned threads) {
  if (threads > 0) return threads;
  return std::max(1u, std::thread::hardware_concurrency());
}
}  // namespace

class Server::Impl {
 public:
  Impl(Config config, Handler handler)
      : io_threads_(std::max(1u, config.io_threads)),
        ioc_(static_cast<int>(io_threads_)),
        workers_(or_hardware(config.threads)),
        shutdown_timer_(ioc_),
        signal_strand_(net::make_strand(ioc_)),
        signals_(signal_strand_),
        state_(std::make_shared<ServerState>(std::move(config), std::move(handler), workers_.get_executor())) {}

  ~Impl() {
    stop();
    wait();
  }

  void start() {
    std::lock_guard lock(lifecycle_mutex_);
    if (listener_) return;
    const Config& config = state_->config();
    beast::error_code ec;
    auto address = net::ip::make_address(config.address, ec);
    if (ec) throw std::runtime_error("invalid listen address: " + config.address + " (expected an IP address)");
    listener_ = std::make_shared<Listener>(ioc_, tcp::endpoint(address, config.port), state_);
    listener_->run();
    for (unsigned i = 0; i < io_threads_; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }

  void stop_on_signals() {
    net::dispatch(signal_strand_, [this] {
      if (signals_cancelled_) return;
      signals_.add(SIGINT);
      signals_.add(SIGTERM);
      signals_.async_wait([this](beast::error_code signal_ec, int) {
        if (!signal_ec) stop();
      });
    });
  }

  std::uint16_t port() const { return listener_ ? listener_->port() : 0; }

  void stop() {
    std::lock_guard lock(lifecycle_mutex_);
    // Before start() there is nothing to stop, and stop() must not keep a
    // later start() from being stoppable.
    if (!listener_ || stop_requested_) return;
    stop_requested_ = true;
    listener_->stop();
    net::post(signal_strand_, [this] {
      beast::error_code ignored;
      signals_.cancel(ignored);
      signals_cancelled_ = true;
    });
    net::post(ioc_, [this] {
      // In-flight requests get this long; then their connections are
      // closed. A handler still running keeps its worker until it returns.
      shutdown_timer_.expires_after(state_->config().shutdown_timeout);
      shutdown_timer_.async_wait([this](beast::error_code timer_ec) {
        if (!timer_ec) state_->abort_sessions();
      });
      state_->stop_sessions([this] {
        net::post(ioc_, [this] { shutdown_timer_.cancel(); });
      });
    });
  }

  void wait() {
    std::lock_guard lock(join_mutex_);
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
    workers_.join();
  }

 private:
  unsigned io_threads_;
  net::io_context ioc_;
  net::thread_pool workers_;
  net::steady_timer shutdown_timer_;
  net::strand<net::io_context::executor_type> signal_strand_;
  net::signal_set signals_;
  bool signals_cancelled_ = false;  // touched only on signal_strand_
  std::shared_ptr<ServerState> state_;
  std::shared_ptr<Listener> listener_;
  std::vector<std::thread> threads_;
  std::mutex lifecycle_mutex_;  // start() and stop()
  bool stop_requested_ = false;
  std::mutex join_mutex_;
};

Server::Server(Config config, Handler handler) : impl_(std::make_unique<Impl>(std::move(config), std::move(handler))) {}

Server::~Server() = default;

void Server::start() { impl_->start(); }

std::uint16_t Server::port() const { return impl_->port(); }

void Server::stop() { impl_->stop(); }

void Server::wait() { impl_->wait(); }

void Server::run() {
  impl_->start();
  impl_->stop_on_signals();
  impl_->wait();
}

}  // namespace patchloom::http
