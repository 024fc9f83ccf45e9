#include "session.hpp"

#include <algorithm>
#include <ctime>
#include <limits>

namespace patchloom::http {

namespace {

// Bytes asked of the socket per read while waiting for a request.
constexpr std::size_t kReadChunk = 16 * 1024;
// After answering with "Connection: close" (e.g. 413 before the body was
// read), the rest of what the client sends is read and dropped for a while so
// that closing does not reset the connection before the client reads the
// answer (RFC 9112 §9.6).
constexpr std::size_t kLingerBytes = 256 * 1024;
constexpr std::chrono::milliseconds kLingerTime{2000};

constexpr const char* kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

std::string http_date() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

bool is_parse_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
}

Response error_response(int status) {
  return Response::text(std::string(reason_phrase(status)) + "\n", status);
}

// Runs the handler, turning any exception into a logged 500.
Response invoke(const ServerState& state, const Request& request) {
  try {
    return state.handler()(request);
  } catch (const std::exception& e) {
    state.log_error("handler failed on " + request.method + " " + request.target + ": " + e.what());
  } catch (...) {
    state.log_error("handler failed on " + request.method + " " + request.target + ": unknown exception");
  }
  return error_response(500);
}

bool is_server_managed(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Connection") || iequals(name, "Transfer-Encoding");
}

}  // namespace

Session::Session(tcp::socket&& socket, std::shared_ptr<ServerState> state)
    : stream_(std::move(socket)), state_(std::move(state)) {
  beast::error_code ec;
  // Answers are written whole: Nagle's algorithm would only hold back the
  // tail of a response until the client's delayed ACK (tens of ms).
  stream_.socket().set_option(tcp::no_delay(true), ec);
  auto peer = stream_.socket().remote_endpoint(ec);
  if (!ec) {
    connection_.peer_address = peer.address().to_string();
    connection_.peer_port = peer.port();
  }
  auto local = stream_.socket().local_endpoint(ec);
  if (!ec) {
    connection_.local_address = local.address().to_string();
    connection_.local_port = local.port();
  }
}

Session::~Session() { state_->remove(this); }

void Session::run() {
  net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::wait_for_request, shared_from_this()));
}

void Session::stop() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    if (self->idle_) self->stream_.cancel();
  });
}

void Session::abort() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    self->aborted_ = true;
    self->close();
  });
}

void Session::wait_for_request() {
  if (buffer_.size() > 0) {  // the client sent this one before we answered the last
    ++burst_;
    read_header();
    return;
  }
  burst_ = 1;
  if (stopping_ || state_->stopping()) {
    close();
    return;
  }
  idle_ = true;
  const Config& config = state_->config();
  stream_.expires_after(requests_ == 0 ? config.read_timeout : config.idle_timeout);
  stream_.async_read_some(buffer_.prepare(kReadChunk),
                          beast::bind_front_handler(&Session::on_first_bytes, shared_from_this()));
}

void Session::on_first_bytes(beast::error_code ec, std::size_t bytes) {
  idle_ = false;
  if (ec) {
    state_->fail(ec, "read");
    close();
    return;
  }
  buffer_.commit(bytes);
  read_header();
}

void Session::read_header() {
  const Config& config = state_->config();
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(config.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  parser_->body_limit(config.max_body_bytes);
  started_ = Clock::now();
  entry_ = AccessLogEntry{connection_.peer_address + ":" + std::to_string(connection_.peer_port), "-", "-", 0, 0, 0};
  // One deadline covers the whole request, however slowly it trickles in.
  stream_.expires_after(config.read_timeout);
  bhttp::async_read_header(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_header, shared_from_this()));
}

void Session::on_header(beast::error_code ec, std::size_t /*bytes*/) {
  if (ec) {
    reject(ec);
    return;
  }
  if (parser_->is_done()) {
    dispatch();
    return;
  }
  auto expect = parser_->get()[bhttp::field::expect];
  if (iequals(expect, "100-continue")) {
    net::async_write(stream_, net::buffer(kContinue, std::char_traits<char>::length(kContinue)),
                     [self = shared_from_this()](beast::error_code wec, std::size_t) {
                       if (wec) {
                         self->state_->fail(wec, "write 100-continue");
                         self->close();
                         return;
                       }
                       self->read_body();
                     });
    return;
  }
  read_body();
}

void Session::read_body() {
  bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_body, shared_from_this()));
}

void Session::on_body(beast::error_code ec, std::size_t /*bytes*/) {
  if (ec) {
    reject(ec);
    return;
  }
  dispatch();
}

void Session::reject(beast::error_code ec) {
  if (parser_->is_header_done()) {
    entry_.method = std::string(parser_->get().method_string());
    entry_.target = std::string(parser_->get().target());
  }
  head_ = false;
  version_ = 11;
  if (ec == bhttp::error::header_limit) {
    send(error_response(431), true);
  } else if (ec == bhttp::error::body_limit) {
    send(error_response(413), true);
  } else if (is_parse_error(ec) && ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
    send(error_response(400), true);
  } else {
    state_->fail(ec, "read");
    close();
  }
}

void Session::dispatch() {
  auto message = parser_->release();
  parser_.reset();
  Request request;
  request.method = std::string(message.method_string());
  request.version = static_cast<int>(message.version());
  for (const auto& field : message) request.headers.add(std::string(field.name_string()), std::string(field.value()));
  request.body = std::move(message.body());
  request.connection = connection_;
  entry_.method = request.method;
  entry_.target = std::string(message.target());
  head_ = request.method == "HEAD";
  version_ = request.version == 10 ? 10 : 11;
  bool keep_alive = message.keep_alive();

  // HTTP/1.1 requires Host (RFC 9112 §3.2); absolute URLs are built from it.
  bool bad = !set_target(request, message.target()).ok() || (request.version >= 11 && !request.headers.contains("Host"));
  if (bad) {
    send(error_response(400), true);
    return;
  }

  // The tracked executor keeps the I/O threads alive while the handler runs,
  // even when this connection has no I/O pending.
  auto home = net::prefer(stream_.get_executor(), net::execution::outstanding_work.tracked);
  net::post(state_->workers(), [self = shared_from_this(), request = std::move(request), keep_alive, home]() mutable {
    Response response = invoke(*self->state_, request);
    net::post(home, [self, response = std::move(response), keep_alive]() mutable {
      self->send(std::move(response), !keep_alive);
    });
  });
}

void Session::send(Response response, bool close) {
  if (aborted_) return;
  const Config& config = state_->config();
  bool burst_exhausted = burst_ >= config.max_pipelined_requests && buffer_.size() > 0;
  close = close || stopping_ || state_->stopping() || burst_exhausted ||
          iequals(response.headers.get("Connection").value_or(""), "close");

  response_ = {};
  response_.version(11);  // our version, whatever the client's (RFC 9110 §6.2)
  response_.result(static_cast<unsigned>(response.status));
  if (auto reason = reason_phrase(response.status); !reason.empty()) response_.reason(reason);
  for (const auto& [name, value] : response.headers) {
    if (!is_server_managed(name)) response_.insert(name, value);
  }
  if (!response.headers.contains("Date")) response_.set(bhttp::field::date, http_date());

  bool bodiless = response.status / 100 == 1 || response.status == 204 || response.status == 304;
  entry_.status = response.status;
  entry_.bytes = (bodiless || head_) ? 0 : response.body.size();
  if (!bodiless) {
    // HEAD: the Content-Length GET would have, and no body (RFC 9110 §9.3.2).
    response_.content_length(response.body.size());
    if (!head_) response_.body() = std::move(response.body);
  }
  response_.keep_alive(!close);
  // An HTTP/1.0 client keeps the connection only when told so explicitly.
  if (!close && version_ == 10) response_.set(bhttp::field::connection, "keep-alive");

  stream_.expires_after(config.read_timeout);
  bhttp::async_write(stream_, response_, beast::bind_front_handler(&Session::on_write, shared_from_this(), close));
}

void Session::on_write(bool close, beast::error_code ec, std::size_t /*bytes*/) {
  entry_.duration_us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_).count();
  state_->log_access(entry_);
  ++requests_;
  if (ec) {
    state_->fail(ec, "write");
    this->close();
    return;
  }
  if (close) {
    linger();
    return;
  }
  wait_for_request();
}

void Session::linger() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  buffer_.clear();
  stream_.expires_after(kLingerTime);
  stream_.async_read_some(buffer_.prepare(kReadChunk),
                          beast::bind_front_handler(&Session::on_linger, shared_from_this(), std::size_t{0}));
}

void Session::on_linger(std::size_t drained, beast::error_code ec, std::size_t bytes) {
  drained += bytes;
  buffer_.clear();
  if (ec || drained > kLingerBytes) {
    close();
    return;
  }
  stream_.async_read_some(buffer_.prepare(kReadChunk),
                          beast::bind_front_handler(&Session::on_linger, shared_from_this(), drained));
}

void Session::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

}  // namespace patchloom::http
