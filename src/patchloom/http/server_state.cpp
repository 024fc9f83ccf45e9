#include "server_state.hpp"

#include <iostream>
#include <vector>

#include "session.hpp"

namespace patchloom::http {

ServerState::ServerState(Config config, Handler handler, net::any_io_executor workers)
    : config_(std::move(config)), handler_(std::move(handler)), workers_(std::move(workers)) {}

void ServerState::fail(beast::error_code ec, const char* what) const {
  if (ec == net::error::operation_aborted || ec == beast::error::timeout || ec == net::error::eof ||
      ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      ec == net::error::connection_reset || ec == net::error::broken_pipe || ec == net::error::not_connected) {
    return;
  }
  log_error(std::string(what) + ": " + ec.message());
}

void ServerState::log_error(const std::string& message) const {
  if (config_.error_log) {
    config_.error_log(message);
  } else {
    std::cerr << "patchloom http: " << message << "\n";
  }
}

void ServerState::log_access(const AccessLogEntry& entry) const {
  if (config_.access_log) {
    config_.access_log(entry);
  } else {
    std::cerr << format_access_log(entry) + "\n";
  }
}

void ServerState::add(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(mutex_);
  sessions_.emplace(session.get(), session);
}

void ServerState::remove(Session* session) {
  std::function<void()> drained;
  {
    std::lock_guard lock(mutex_);
    sessions_.erase(session);
    if (sessions_.empty() && drained_) drained = std::exchange(drained_, nullptr);
  }
  if (drained) drained();
}

std::vector<std::shared_ptr<Session>> ServerState::live_sessions() {
  std::vector<std::shared_ptr<Session>> live;
  std::lock_guard lock(mutex_);
  for (auto& [raw, weak] : sessions_) {
    if (auto session = weak.lock()) live.push_back(std::move(session));
  }
  return live;
}

void ServerState::stop_sessions(std::function<void()> drained) {
  bool none = false;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    none = sessions_.empty();
    if (!none) drained_ = std::move(drained);
  }
  if (none) {
    drained();
    return;
  }
  for (auto& session : live_sessions()) session->stop();
}

void ServerState::abort_sessions() {
  for (auto& session : live_sessions()) session->abort();
}

}  // namespace patchloom::http
