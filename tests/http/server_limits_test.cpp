// The server under hostile or broken clients: oversized and malformed
// requests, trickling senders, piles of idle connections. Every loop here is
// bounded in count and time.

#include <gtest/gtest.h>

#include <future>
#include <memory>
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

TEST_F(ServerLimits, ManyIdleKeepAliveConnectionsDoNotBlockANewClient) {
  config_.threads = 2;
  start();
  constexpr int kIdle = 200;
  std::vector<std::unique_ptr<RawClient>> idle;
  idle.reserve(kIdle);
  for (int i = 0; i < kIdle; ++i) {
    idle.push_back(std::make_unique<RawClient>(port()));
    ASSERT_TRUE(idle.back()->request("GET", "/hello")) << i;  // now an idle kept-alive connection
  }
  auto t0 = Clock::now();
  RawClient fresh(port());
  auto reply = fresh.request("GET", "/items/1/");
  ASSERT_TRUE(reply);
  EXPECT_LT(Clock::now() - t0, std::chrono::milliseconds(1000));
  // And the idle ones are still usable.
  ASSERT_TRUE(idle.front()->request("GET", "/hello"));
  ASSERT_TRUE(idle.back()->request("GET", "/hello"));
}
