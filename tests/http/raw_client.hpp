#pragma once
// A deliberately small blocking HTTP/1.1 client on a raw socket, so tests can
// send exactly the bytes they mean (pipelined, malformed, trickled) and read
// exactly what the server sent. Every read is bounded by a deadline.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "patchloom/http/headers.hpp"

namespace patchloom::http::testing {

using namespace std::chrono_literals;

struct Reply {
  int status = 0;
  Headers headers;
  std::string body;
};

class RawClient {
 public:
  explicit RawClient(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect failed");
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~RawClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  // False when the server has closed or reset the connection.
  bool send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads one response; nullopt on close, error or timeout. `head` says the
  // response answers a HEAD, so Content-Length describes no bytes that follow.
  std::optional<Reply> read_reply(bool head = false, std::chrono::milliseconds timeout = 5000ms) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill(deadline)) return std::nullopt;
    }
    Reply reply;
    std::string_view head_text(buffer_.data(), end);
    auto line_end = head_text.find("\r\n");
    std::string_view status_line = head_text.substr(0, line_end);
    if (status_line.substr(0, 9) != "HTTP/1.1 " || status_line.size() < 12) return std::nullopt;
    reply.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
    while (line_end != std::string_view::npos) {
      head_text.remove_prefix(line_end + 2);
      line_end = head_text.find("\r\n");
      std::string_view line = head_text.substr(0, line_end);
      auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      reply.headers.add(std::string(line.substr(0, colon)), std::string(value));
    }
    buffer_.erase(0, end + 4);
    if (reply.status / 100 == 1) return reply;
    std::size_t length = 0;
    if (auto cl = reply.headers.get("Content-Length"); cl && !head) length = std::stoul(std::string(*cl));
    while (buffer_.size() < length) {
      if (!fill(deadline)) return std::nullopt;
    }
    reply.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return reply;
  }

  // Sends a GET (or another bodiless method) and reads its response.
  std::optional<Reply> request(std::string_view method, std::string_view target) {
    if (!send(std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")) {
      return std::nullopt;
    }
    return read_reply(method == "HEAD");
  }

  // True when the server closes the connection (EOF or reset) within `timeout`
  // without sending anything more.
  bool closed_by_server(std::chrono::milliseconds timeout = 5000ms) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t before = buffer_.size();
    while (fill(deadline)) {
    }
    return eof_ && buffer_.size() == before;
  }

  const std::string& unread() const { return buffer_; }

 private:
  bool fill(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[16 * 1024];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

}  // namespace patchloom::http::testing
