// `patchloom serve`: the real binary listens where it says, answers the
// placeholder pages and stops cleanly on SIGTERM.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>

#include "../http/raw_client.hpp"
#include "process.hpp"
#include "shared_data.hpp"

using namespace patchloom::testing;
using patchloom::http::testing::RawClient;

namespace {

// The port `patchloom serve` reports on stderr ("listening on http://127.0.0.1:PORT/"),
// or 0 when it has not said so within five seconds.
int wait_for_listen_port(const std::filesystem::path& scratch) {
  static const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+)/)");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    for (const auto& entry : std::filesystem::directory_iterator(scratch)) {
      if (entry.path().extension() != ".err") continue;
      std::smatch m;
      std::string err = read_file(entry.path());
      if (std::regex_search(err, m, listening)) return std::stoi(m[1]);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return 0;
}

class ServeCommand : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir("patchloom-serve"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

}  // namespace

TEST_F(ServeCommand, ServesPlaceholderPagesAndStopsOnSigterm) {
  Child server({"serve", "--listen", "127.0.0.1:0", "--threads", "2"}, "", dir_);
  int port = wait_for_listen_port(dir_);
  ASSERT_GT(port, 0) << "serve never said where it listens";

  RawClient client(static_cast<std::uint16_t>(port));
  auto health = client.request("GET", "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok");
  auto home = client.request("GET", "/");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
  EXPECT_EQ(home->headers.get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(home->body.find("patchloom"), std::string::npos);
  auto missing = client.request("GET", "/nothing-here");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);

  server.kill(SIGTERM);
  auto result = server.wait();
  EXPECT_EQ(result.signal, 0);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("GET /healthz 200"), std::string::npos) << result.err;  // the access log
  EXPECT_NE(result.err.find("stopped"), std::string::npos) << result.err;
}

TEST_F(ServeCommand, BadListenAddressIsAClearError) {
  auto result = run_patchloom({"serve", "--listen", "localhost"}, "", dir_);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("HOST:PORT"), std::string::npos) << result.err;
  result = run_patchloom({"serve", "--listen", "not-an-ip:8000"}, "", dir_);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("invalid listen address"), std::string::npos) << result.err;
}
