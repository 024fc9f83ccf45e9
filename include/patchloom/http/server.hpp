#pragma once
// The HTTP/1.1 server (Boost.Beast on Asio; Beast stays out of this header).
//
// Threads: I/O (accept, parse, write) runs on `io_threads` threads; handlers
// run on a separate pool of `threads` workers. Handlers do blocking database
// reads, and a slow handler must never stall other connections' I/O: with the
// pools separate, a full worker pool delays only the requests waiting for a
// worker, while keep-alive, parsing, timeouts and 4xx answers go on.
//
// One connection is served strictly in order: a request is read, handled and
// answered before the next one is parsed, so pipelined requests are answered
// in the order sent and no responses queue up in memory.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "patchloom/http/request.hpp"
#include "patchloom/http/response.hpp"

namespace patchloom::http {

// Called on a worker thread for each request; may block. An exception it
// throws becomes a 500 with a generic body and is logged, never a crash.
using Handler = std::function<Response(const Request&)>;

// One line of the access log. Holds no headers and no body, so credentials
// (Authorization, cookies, form passwords) cannot leak into logs.
struct AccessLogEntry {
  std::string peer;       // "address:port"
  std::string method;
  std::string target;
  int status = 0;
  std::uint64_t bytes = 0;  // body bytes sent
  std::int64_t duration_us = 0;  // from request parsed to response written
};
using AccessLogSink = std::function<void(const AccessLogEntry&)>;
// Errors the server meets (handler exceptions, accept failures).
using ErrorLogSink = std::function<void(const std::string&)>;

// "127.0.0.1:51234 GET /api/ 200 1234B 812us"
std::string format_access_log(const AccessLogEntry& entry);

struct Config {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8000;  // 0 = pick a free port; read it back with Server::port()
  unsigned threads = 0;       // handler workers; 0 = hardware concurrency
  unsigned io_threads = 1;    // Asio I/O threads; one holds thousands of idle connections
  std::size_t max_header_bytes = 8 * 1024;         // request line + headers; above -> 431
  std::uint64_t max_body_bytes = 10 * 1024 * 1024;  // above -> 413
  // Time a client has to send one whole request once its first byte arrived
  // (defeats trickling slow clients), and to take one response.
  std::chrono::milliseconds read_timeout{30'000};
  // Time a kept-alive connection may stay silent between requests.
  std::chrono::milliseconds idle_timeout{60'000};
  // Requests answered from one burst the client sent without waiting for an
  // answer; the last of them closes the connection (RFC 9112 §9.3.2 lets the
  // client retry the rest), so one connection cannot hold a worker forever.
  unsigned max_pipelined_requests = 32;
  // How long stop() waits for in-flight requests before closing their
  // connections unanswered. wait() still waits for running handlers to return.
  std::chrono::milliseconds shutdown_timeout{10'000};
  AccessLogSink access_log;  // empty = one line per request on stderr
  ErrorLogSink error_log;    // empty = stderr
};

class Server {
 public:
  Server(Config config, Handler handler);
  ~Server();  // stops (gracefully) and joins every thread
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads; returns at once. Throws
  // std::runtime_error when the address cannot be bound.
  void start();
  // The bound port (the real one when Config::port was 0); valid after start().
  std::uint16_t port() const;
  // Graceful stop, callable from any thread: stop accepting, close idle
  // connections, let in-flight requests finish and be answered (with
  // "Connection: close"), then let wait() return. Idempotent.
  void stop();
  // Blocks until the server has stopped and its threads are joined (including
  // any handler still running after the shutdown timeout).
  void wait();
  // start() (unless already started), then serve until SIGTERM or SIGINT
  // (or stop()), then wait().
  void run();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace patchloom::http
