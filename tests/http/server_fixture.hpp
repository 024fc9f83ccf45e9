#pragma once
// A real Server on 127.0.0.1 with an ephemeral port, routed to a few test
// handlers, with its access and error logs captured for assertions.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "patchloom/http/router.hpp"
#include "patchloom/http/server.hpp"
#include "raw_client.hpp"

namespace patchloom::http::testing {

class ServerTest : public ::testing::Test {
 protected:
  // Tests adjust config_ before calling start().
  void start() {
    config_.address = "127.0.0.1";
    config_.port = 0;
    config_.access_log = [this](const AccessLogEntry& e) {
      std::lock_guard lock(mutex_);
      access_.push_back(e);
    };
    config_.error_log = [this](const std::string& message) {
      std::lock_guard lock(mutex_);
      errors_.push_back(message);
    };
    build_routes();
    server_ = std::make_unique<Server>(config_, [this](const Request& r) { return router_.handle(r); });
    server_->start();
    ASSERT_NE(server_->port(), 0);
  }

  void TearDown() override {
    if (server_) {
      server_->stop();
      server_->wait();
    }
  }

  std::uint16_t port() const { return server_->port(); }

  // GET /slow/<ms> on a connection of its own, answered in the background.
  std::future<std::optional<Reply>> start_slow_request(int ms) {
    return std::async(std::launch::async, [this, ms] {
      RawClient client(port());
      return client.request("GET", "/slow/" + std::to_string(ms));
    });
  }

  // The access log once it has at least `expected` lines (or after 5 s): a
  // line is written after the response, so the client may see that first.
  std::vector<AccessLogEntry> access_log(std::size_t expected) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard lock(mutex_);
        if (access_.size() >= expected) return access_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::lock_guard lock(mutex_);
    return access_;
  }
  std::vector<std::string> error_log() {
    std::lock_guard lock(mutex_);
    return errors_;
  }

  Config config_;
  Router router_;
  std::unique_ptr<Server> server_;
  std::atomic<int> slow_started_{0};

 private:
  void build_routes() {
    router_.add("GET", "/hello", [](const Request&, const Captures&) { return Response::text("hello"); });
    router_.add("GET", "/items/{int}/", [](const Request&, const Captures& c) {
      return Response::json(R"({"id":)" + std::to_string(c.as_int(0)) + "}");
    });
    router_.add("POST", "/items/", [](const Request& r, const Captures&) {
      return Response::text("got " + std::to_string(r.body.size()) + " bytes", 201);
    });
    router_.add("GET", "/echo", [](const Request& r, const Captures&) {
      std::string out = r.method + " " + r.path;
      for (const auto& [k, v] : r.query) out += " " + k + "=" + v;
      return Response::text(out);
    });
    router_.add("GET", "/throw", [](const Request&, const Captures&) -> Response {
      throw std::runtime_error("secret detail");
    });
    router_.add("GET", "/slow/{int}", [this](const Request&, const Captures& c) {
      ++slow_started_;
      std::this_thread::sleep_for(std::chrono::milliseconds(c.as_int(0)));
      return Response::text("slow done");
    });
  }

  std::mutex mutex_;
  std::vector<AccessLogEntry> access_;
  std::vector<std::string> errors_;
};

// Waits (bounded) until `condition` holds.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

}  // namespace patchloom::http::testing
