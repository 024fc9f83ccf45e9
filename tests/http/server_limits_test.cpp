// The server under hostile or broken clients: oversized and malformed
// requests, trickling senders, piles of idle connections. Every loop here is
// bounded in count and time.

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "server_fixture.hpp"

using namespace patchloom::http;
using namespace patchloom::http::testing;
using Clock = std::chrono::steady_clock;

using ServerLimits = ServerTest;

TEST_F(ServerLimits, OversizedHeaderIs431) {
  config_.max_header_bytes = 8 * 1024;
  start();
  RawClient client(port());
  ASSERT_TRUE(client.send("GET /hello HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n"));
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 431);
  EXPECT_EQ(reply->headers.get("Connection"), "close");
  EXPECT_TRUE(client.closed_by_server());
  // Just under the limit is fine.
  RawClient ok(port());
  ASSERT_TRUE(ok.send("GET /hello HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(7000, 'a') + "\r\n\r\n"));
  auto fine = ok.read_reply();
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->status, 200);
}

TEST_F(ServerLimits, OversizedBodyIs413BeforeItIsRead) {
  config_.max_body_bytes = 1024;
  start();
  RawClient client(port());
  // Announces 11 MiB and sends only a little: the answer must not wait for the rest.
  ASSERT_TRUE(client.send("POST /items/ HTTP/1.1\r\nHost: h\r\nContent-Length: 11534336\r\n\r\n" + std::string(2000, 'x')));
  auto reply = client.read_reply(false, std::chrono::milliseconds(3000));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 413);
  EXPECT_TRUE(client.closed_by_server());

  RawClient at_limit(port());
  ASSERT_TRUE(at_limit.send("POST /items/ HTTP/1.1\r\nHost: h\r\nContent-Length: 1024\r\n\r\n" + std::string(1024, 'x')));
  reply = at_limit.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 201);
  EXPECT_EQ(reply->body, "got 1024 bytes");
}

TEST_F(ServerLimits, OversizedChunkedBodyIs413) {
  config_.max_body_bytes = 1024;
  start();
  RawClient client(port());
  std::string chunk(800, 'y');
  ASSERT_TRUE(client.send("POST /items/ HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "320\r\n" + chunk + "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n"));
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 413);
}

TEST_F(ServerLimits, MalformedRequestsAre400) {
  start();
  const std::vector<std::string> bad = {
      "GARBAGE\r\n\r\n",
      "GET /hello HTTP/9.9\r\nHost: h\r\n\r\n",
      "GET /bad%zz HTTP/1.1\r\nHost: h\r\n\r\n",
      "GET /hello HTTP/1.1\r\n\r\n",                      // HTTP/1.1 without Host
      "GET /hello HTTP/1.1\r\nHost: h\r\nBad Header\r\n\r\n",
      "POST /items/ HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
  };
  for (const auto& request : bad) {
    RawClient client(port());
    ASSERT_TRUE(client.send(request));
    auto reply = client.read_reply();
    ASSERT_TRUE(reply) << request;
    EXPECT_EQ(reply->status, 400) << request;
    EXPECT_TRUE(client.closed_by_server()) << request;
  }
  auto log = access_log(bad.size());
  ASSERT_EQ(log.size(), bad.size());
  EXPECT_EQ(log[0].method, "-");
  EXPECT_EQ(log[0].status, 400);
  RawClient good(port());
  ASSERT_TRUE(good.request("GET", "/hello"));
}

TEST_F(ServerLimits, TricklingClientDoesNotBlockOthers) {
  start();
  auto trickle = std::async(std::launch::async, [this] {
    RawClient slow(port());
    std::string request = "GET /items/7/ HTTP/1.1\r\nHost: h\r\n\r\n";
    for (char c : request) {  // one byte per 100 ms: about 3.5 s in all
      if (!slow.send(std::string_view(&c, 1))) return std::optional<Reply>();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return slow.read_reply();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the trickle has begun
  for (int i = 0; i < 3; ++i) {
    auto t0 = Clock::now();
    RawClient other(port());
    auto reply = other.request("GET", "/hello");
    ASSERT_TRUE(reply);
    EXPECT_LT(Clock::now() - t0, std::chrono::milliseconds(1000));
  }
  auto slow_reply = trickle.get();
  ASSERT_TRUE(slow_reply);  // slow but within the read timeout: still served
  EXPECT_EQ(slow_reply->body, R"({"id":7})");
}

TEST_F(ServerLimits, ClientTooSlowToFinishItsRequestIsDisconnected) {
  config_.read_timeout = std::chrono::milliseconds(400);
  start();
  RawClient slow(port());
  auto t0 = Clock::now();
  bool cut = false;
  for (int i = 0; i < 30 && !cut; ++i) {  // at most 3 s of trickling
    cut = !slow.send("X");
    if (!cut) cut = slow.closed_by_server(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(cut);
  EXPECT_LT(Clock::now() - t0, std::chrono::milliseconds(2000));
}

TEST_F(ServerLimits, IdleKeepAliveConnectionsAreClosedAfterTheIdleTimeout) {
  config_.idle_timeout = std::chrono::milliseconds(300);
  start();
  RawClient client(port());
  ASSERT_TRUE(client.request("GET", "/hello"));
  auto t0 = Clock::now();
  EXPECT_TRUE(client.closed_by_server(std::chrono::milliseconds(3000)));
  EXPECT_GE(Clock::now() - t0, std::chrono::milliseconds(250));
}

namespace {

// Raises the soft RLIMIT_NOFILE to `needed` descriptors if the hard limit
// allows; false when it does not (the test then skips, saying why).
bool ensure_fd_limit(rlim_t needed) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return false;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < needed) return false;
    limit.rlim_cur = needed;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) return false;
  }
  return true;
}

// Client and server ends of each connection live in this process.
constexpr int kManyConnections = 1000;
constexpr rlim_t kFdsNeeded = 2 * kManyConnections + 256;

// Fresh clients, each on its own connection, all answered promptly.
void expect_fresh_clients_served(std::uint16_t port, int clients) {
  for (int i = 0; i < clients; ++i) {
    const auto t0 = Clock::now();
    RawClient fresh(port);
    auto reply = fresh.request("GET", "/items/" + std::to_string(i) + "/");
    ASSERT_TRUE(reply) << i;
    EXPECT_EQ(reply->status, 200);
    EXPECT_LT(Clock::now() - t0, std::chrono::milliseconds(1000)) << i;
  }
}

}  // namespace

TEST_F(ServerLimits, AThousandIdleKeepAliveConnectionsDoNotBlockOtherClients) {
  if (!ensure_fd_limit(kFdsNeeded)) GTEST_SKIP() << "RLIMIT_NOFILE hard limit below " << kFdsNeeded;
  config_.threads = 2;
  start();
  std::vector<std::unique_ptr<RawClient>> idle;
  idle.reserve(kManyConnections);
  for (int i = 0; i < kManyConnections; ++i) {
    idle.push_back(std::make_unique<RawClient>(port()));
    ASSERT_TRUE(idle.back()->request("GET", "/hello")) << i;  // now an idle kept-alive connection
  }
  expect_fresh_clients_served(port(), 20);
  // A client trickling its request meanwhile is no obstacle either.
  RawClient trickler(port());
  ASSERT_TRUE(trickler.send("GET /hello HTTP/1.1\r\nHo"));
  expect_fresh_clients_served(port(), 5);
  ASSERT_TRUE(trickler.send("st: h\r\n\r\n"));
  ASSERT_TRUE(trickler.read_reply());
  // And the idle ones are all still usable.
  for (int i = 0; i < kManyConnections; i += 97) ASSERT_TRUE(idle[i]->request("GET", "/hello")) << i;
  ASSERT_TRUE(idle.back()->request("GET", "/hello"));
}

TEST_F(ServerLimits, AThousandHalfSentRequestsDoNotBlockOtherClients) {
  if (!ensure_fd_limit(kFdsNeeded)) GTEST_SKIP() << "RLIMIT_NOFILE hard limit below " << kFdsNeeded;
  config_.threads = 2;
  start();
  // Slowloris: every connection has started a request it never finishes.
  std::vector<std::unique_ptr<RawClient>> stuck;
  stuck.reserve(kManyConnections);
  for (int i = 0; i < kManyConnections; ++i) {
    stuck.push_back(std::make_unique<RawClient>(port()));
    ASSERT_TRUE(stuck.back()->send("GET /hello HTTP/1.1\r\nHost: h\r\nX-Slow: ")) << i;
  }
  expect_fresh_clients_served(port(), 20);
  // Within the read timeout they are still waited for, and answered once whole.
  for (int i = 0; i < kManyConnections; i += 97) {
    ASSERT_TRUE(stuck[i]->send("1\r\n\r\n")) << i;
    auto reply = stuck[i]->read_reply();
    ASSERT_TRUE(reply) << i;
    EXPECT_EQ(reply->status, 200) << i;
  }
}
