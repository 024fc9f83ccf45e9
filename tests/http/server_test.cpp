// The server end to end over real sockets: routing, keep-alive, pipelining,
// HEAD, handler failures, the access log and graceful stop.

#include "patchloom/http/server.hpp"

#include <gtest/gtest.h>

#include <future>

#include "server_fixture.hpp"

using namespace patchloom::http;
using namespace patchloom::http::testing;
using Clock = std::chrono::steady_clock;

TEST_F(ServerTest, RoutesWithCapturesAndQuery) {
  start();
  RawClient client(port());
  auto reply = client.request("GET", "/items/42/");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, R"({"id":42})");
  EXPECT_EQ(reply->headers.get("Content-Type"), "application/json");
  EXPECT_EQ(reply->headers.get("Content-Length"), "9");
  EXPECT_TRUE(reply->headers.contains("Date"));

  reply = client.request("GET", "/echo?a=1&b=x+y&a=%32");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->body, "GET /echo a=1 b=x y a=2");
}

TEST_F(ServerTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  start();
  RawClient client(port());
  auto missing = client.request("GET", "/nowhere/");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto wrong = client.request("DELETE", "/items/1/");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->headers.get("Allow"), "GET, HEAD");
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  RawClient client(port());
  for (int i = 1; i <= 5; ++i) {
    auto reply = client.request("GET", "/items/" + std::to_string(i) + "/");
    ASSERT_TRUE(reply) << i;
    EXPECT_EQ(reply->body, R"({"id":)" + std::to_string(i) + "}");
    EXPECT_FALSE(reply->headers.contains("Connection"));  // HTTP/1.1 default: stays open
  }
  auto log = access_log(5u);
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[0].peer, log[4].peer);  // same client port: one connection
}

TEST_F(ServerTest, HttpOneZeroClosesUnlessKeepAliveAsked) {
  start();
  RawClient client(port());
  ASSERT_TRUE(client.send("GET /hello HTTP/1.0\r\n\r\n"));
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->body, "hello");
  EXPECT_TRUE(client.closed_by_server());

  RawClient kept(port());
  ASSERT_TRUE(kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  reply = kept.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->headers.get("Connection"), "keep-alive");
  ASSERT_TRUE(kept.send("GET /items/3/ HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  reply = kept.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->body, R"({"id":3})");
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  RawClient client(port());
  std::string burst;
  // The slow one first: a server answering out of order would send 2 and 3 before it.
  burst += "GET /slow/200 HTTP/1.1\r\nHost: h\r\n\r\n";
  burst += "GET /items/2/ HTTP/1.1\r\nHost: h\r\n\r\n";
  burst += "POST /items/ HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nabcde";
  burst += "GET /items/3/ HTTP/1.1\r\nHost: h\r\n\r\n";
  ASSERT_TRUE(client.send(burst));
  std::vector<std::string> bodies;
  for (int i = 0; i < 4; ++i) {
    auto reply = client.read_reply();
    ASSERT_TRUE(reply) << i;
    bodies.push_back(reply->body);
  }
  EXPECT_EQ(bodies, (std::vector<std::string>{"slow done", R"({"id":2})", "got 5 bytes", R"({"id":3})"}));
}

TEST_F(ServerTest, PipelineBurstIsCappedAndTheConnectionClosed) {
  config_.max_pipelined_requests = 2;
  start();
  RawClient client(port());
  std::string burst;
  for (int i = 1; i <= 4; ++i) burst += "GET /items/" + std::to_string(i) + "/ HTTP/1.1\r\nHost: h\r\n\r\n";
  ASSERT_TRUE(client.send(burst));
  auto first = client.read_reply();
  auto second = client.read_reply();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, R"({"id":1})");
  EXPECT_EQ(second->body, R"({"id":2})");
  EXPECT_EQ(second->headers.get("Connection"), "close");
  EXPECT_TRUE(client.closed_by_server());
  // A client that waits for each answer is not a burst and is never cut off.
  RawClient patient(port());
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(patient.request("GET", "/hello")) << i;
}

TEST_F(ServerTest, HeadIsGetWithoutBodyButWithItsLength) {
  start();
  RawClient client(port());
  auto get = client.request("GET", "/items/12345/");
  ASSERT_TRUE(get);
  // HEAD then GET pipelined: any stray body bytes after the HEAD answer would
  // corrupt the second reply.
  ASSERT_TRUE(client.send("HEAD /items/12345/ HTTP/1.1\r\nHost: h\r\n\r\nGET /hello HTTP/1.1\r\nHost: h\r\n\r\n"));
  auto head = client.read_reply(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers.get("Content-Length"), get->headers.get("Content-Length"));
  EXPECT_EQ(head->headers.get("Content-Type"), "application/json");
  auto after = client.read_reply();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->body, "hello");
  auto log = access_log(3u);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[1].method, "HEAD");
  EXPECT_EQ(log[1].bytes, 0u);
}

TEST_F(ServerTest, HandlerExceptionIs500AndTheServerKeepsServing) {
  start();
  RawClient client(port());
  auto reply = client.request("GET", "/throw");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 500);
  EXPECT_EQ(reply->body.find("secret"), std::string::npos);  // the detail goes to the log only
  auto errors = error_log();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("secret detail"), std::string::npos);
  EXPECT_NE(errors[0].find("/throw"), std::string::npos);
  // Same connection, then a new one.
  reply = client.request("GET", "/hello");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->body, "hello");
  RawClient other(port());
  ASSERT_TRUE(other.request("GET", "/hello"));
}

TEST_F(ServerTest, AccessLogHasOneLinePerRequestAndNoCredentials) {
  start();
  RawClient client(port());
  ASSERT_TRUE(client.send("POST /items/?x=1 HTTP/1.1\r\nHost: h\r\nAuthorization: Token s3cr3t-token\r\n"
                          "Content-Type: text/plain\r\nContent-Length: 11\r\n\r\npassword=pw"));
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 201);
  auto log = access_log(1u);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].method, "POST");
  EXPECT_EQ(log[0].target, "/items/?x=1");
  EXPECT_EQ(log[0].status, 201);
  EXPECT_EQ(log[0].bytes, reply->body.size());
  EXPECT_GE(log[0].duration_us, 0);
  std::string line = format_access_log(log[0]);
  EXPECT_EQ(line.rfind("127.0.0.1:", 0), 0u) << line;
  EXPECT_NE(line.find(" POST /items/?x=1 201 " + std::to_string(reply->body.size()) + "B "), std::string::npos) << line;
  EXPECT_EQ(line.find("s3cr3t"), std::string::npos);
  EXPECT_EQ(line.find("password"), std::string::npos);
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimResponse) {
  start();
  RawClient client(port());
  ASSERT_TRUE(client.send("POST /items/ HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"));
  auto interim = client.read_reply();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.send("xyz"));
  auto final_reply = client.read_reply();
  ASSERT_TRUE(final_reply);
  EXPECT_EQ(final_reply->status, 201);
  EXPECT_EQ(final_reply->body, "got 3 bytes");
}

TEST_F(ServerTest, SlowHandlerDoesNotStallOtherConnections) {
  config_.threads = 2;
  start();
  auto slow = start_slow_request(1500);
  ASSERT_TRUE(eventually([this] { return slow_started_ == 1; }));
  auto t0 = Clock::now();
  RawClient fast(port());
  auto reply = fast.request("GET", "/hello");
  auto elapsed = Clock::now() - t0;
  ASSERT_TRUE(reply);
  EXPECT_LT(elapsed, std::chrono::milliseconds(1000));
  auto slow_reply = slow.get();
  ASSERT_TRUE(slow_reply);
  EXPECT_EQ(slow_reply->body, "slow done");
}

TEST_F(ServerTest, GracefulStopFinishesInFlightRequests) {
  config_.shutdown_timeout = std::chrono::milliseconds(5000);
  start();
  RawClient idle(port());
  ASSERT_TRUE(idle.request("GET", "/hello"));
  auto in_flight = start_slow_request(500);
  ASSERT_TRUE(eventually([this] { return slow_started_ == 1; }));
  auto t0 = Clock::now();
  server_->stop();
  EXPECT_TRUE(idle.closed_by_server(std::chrono::milliseconds(2000)));  // idle: closed at once
  auto reply = in_flight.get();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "slow done");
  EXPECT_EQ(reply->headers.get("Connection"), "close");
  server_->wait();
  EXPECT_LT(Clock::now() - t0, std::chrono::milliseconds(3000));
  EXPECT_THROW(RawClient refused(port()), std::runtime_error);  // no longer listening
}

TEST_F(ServerTest, StopGivesUpOnHandlersThatOutlastTheShutdownTimeout) {
  config_.shutdown_timeout = std::chrono::milliseconds(200);
  start();
  auto in_flight = start_slow_request(1000);
  ASSERT_TRUE(eventually([this] { return slow_started_ == 1; }));
  auto t0 = Clock::now();
  server_->stop();
  EXPECT_FALSE(in_flight.get());  // dropped, not answered
  server_->wait();                // the worker still finishes its sleep
  EXPECT_LT(Clock::now() - t0, std::chrono::milliseconds(3000));
}

TEST(ServerLifecycle, StopBeforeStartDoesNotPreventALaterStop) {
  Config config;
  config.port = 0;
  config.access_log = [](const AccessLogEntry&) {};
  Server server(config, [](const Request&) { return Response::text("up"); });
  server.stop();  // nothing to stop yet
  server.start();
  RawClient client(server.port());
  auto reply = client.request("GET", "/");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->body, "up");
  server.stop();
  server.wait();
  EXPECT_TRUE(client.closed_by_server(std::chrono::milliseconds(1000)));
}

TEST(ServerBind, PortInUseIsAClearError) {
  Config first_config;
  first_config.port = 0;
  Server first(first_config, [](const Request&) { return Response::text("x"); });
  first.start();
  Config config;
  config.port = first.port();
  Server second(config, [](const Request&) { return Response::text("x"); });
  try {
    second.start();
    FAIL() << "bound a port already in use";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
              std::string::npos)
        << e.what();
  }
}
