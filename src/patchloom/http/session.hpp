#pragma once
// Private to the http module: one client connection. Requests are read,
// handled (on the worker pool) and answered strictly one at a time, so
// pipelined requests are answered in order and nothing queues in memory.
// All of a session's I/O runs on its own strand.

#include <chrono>
#include <memory>
#include <optional>

#include "beast.hpp"
#include "patchloom/http/request.hpp"
#include "patchloom/http/response.hpp"
#include "server_state.hpp"

namespace patchloom::http {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, std::shared_ptr<ServerState> state);
  ~Session();

  void run();
  // Graceful stop: an idle connection closes now; one with a request in
  // flight answers it with "Connection: close" and then closes.
  void stop();
  // Closes the connection now, even with a request in flight (its answer is
  // dropped when the handler returns).
  void abort();

 private:
  using Clock = std::chrono::steady_clock;

  void wait_for_request();
  void on_first_bytes(beast::error_code ec, std::size_t bytes);
  void read_header();
  void on_header(beast::error_code ec, std::size_t bytes);
  void read_body();
  void on_body(beast::error_code ec, std::size_t bytes);
  void reject(beast::error_code ec);
  void dispatch();
  void send(Response response, bool close);
  void on_write(bool close, beast::error_code ec, std::size_t bytes);
  void linger();
  void on_linger(std::size_t drained, beast::error_code ec, std::size_t bytes);
  void close();

  beast::tcp_stream stream_;
  std::shared_ptr<ServerState> state_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> response_;
  ConnectionInfo connection_;
  AccessLogEntry entry_;
  Clock::time_point started_;
  unsigned requests_ = 0;        // answered on this connection
  unsigned burst_ = 0;           // answered since the client last waited for us
  bool idle_ = false;            // waiting for the first byte of a request
  bool stopping_ = false;
  bool aborted_ = false;
  int version_ = 11;             // of the request being answered
  bool head_ = false;            // the request being answered is a HEAD
};

}  // namespace patchloom::http
