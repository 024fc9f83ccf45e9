#pragma once
// Private to the http module: what the listener and every session share —
// configuration, the handler, the worker pool, the logs and the registry of
// live sessions that a graceful stop walks.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "beast.hpp"
#include "patchloom/http/server.hpp"

namespace patchloom::http {

class Session;

class ServerState {
 public:
  ServerState(Config config, Handler handler, net::any_io_executor workers);

  const Config& config() const { return config_; }
  const Handler& handler() const { return handler_; }
  // Where handlers run: a pool separate from the I/O threads.
  const net::any_io_executor& workers() const { return workers_; }
  bool stopping() const { return stopping_.load(); }

  // Reports an I/O error; the ordinary ends of a connection (peer closed,
  // timed out, cancelled by stop) are not errors and are not reported.
  void fail(beast::error_code ec, const char* what) const;
  void log_error(const std::string& message) const;
  void log_access(const AccessLogEntry& entry) const;

  void add(const std::shared_ptr<Session>& session);
  void remove(Session* session);
  // Marks the server stopping and asks every live session to finish; `drained`
  // runs once no session is left (at once if there are none).
  void stop_sessions(std::function<void()> drained);
  // Closes every live session's connection now, answered or not.
  void abort_sessions();

 private:
  Config config_;
  Handler handler_;
  net::any_io_executor workers_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
  std::vector<std::shared_ptr<Session>> live_sessions();

  std::function<void()> drained_;
};

}  // namespace patchloom::http
