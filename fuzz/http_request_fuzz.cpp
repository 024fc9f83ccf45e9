// The server's request reading on arbitrary bytes: Beast's request parser
// with the server's default limits, fed in pieces as a slow client would send
// them, then what Session::dispatch makes of a parsed request (headers,
// http::set_target). Several pipelined requests may follow one another.

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "patchloom/http/request.hpp"
#include "patchloom/http/server.hpp"

namespace {

namespace bhttp = boost::beast::http;
using namespace patchloom;

void check_request(bhttp::request<bhttp::string_body>& message) {
  http::Request request;
  request.method = std::string(message.method_string());
  request.version = static_cast<int>(message.version());
  for (const auto& field : message) request.headers.add(std::string(field.name_string()), std::string(field.value()));
  request.body = std::move(message.body());
  for (const auto& field : message) PATCHLOOM_FUZZ_CHECK(request.headers.contains(field.name_string()));
  if (http::set_target(request, message.target()).ok()) {
    PATCHLOOM_FUZZ_CHECK(!request.path.empty() && request.raw_path.front() == '/');
    PATCHLOOM_FUZZ_CHECK(request.raw_query.size() < message.target().size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const http::Config config;
  // The first byte sets the size of the pieces the bytes arrive in.
  const std::size_t piece = 1 + data[0] % 64;
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);

  boost::beast::flat_buffer buffer;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser;
  auto fresh = [&] {
    parser.emplace();
    parser->header_limit(static_cast<std::uint32_t>(config.max_header_bytes));
    parser->body_limit(1024 * 1024);
  };
  fresh();
  std::size_t fed = 0;
  for (int requests = 0; requests < 64;) {
    // Move the next piece into the buffer, as a socket read would.
    if (fed < input.size()) {
      const std::size_t n = std::min(piece, input.size() - fed);
      auto space = buffer.prepare(n);
      std::copy_n(input.data() + fed, n, static_cast<char*>(space.data()));
      buffer.commit(n);
      fed += n;
    }
    boost::beast::error_code ec;
    const std::size_t used = parser->put(buffer.data(), ec);
    PATCHLOOM_FUZZ_CHECK(used <= buffer.size());
    buffer.consume(used);
    if (ec == bhttp::error::need_more) {
      if (fed == input.size()) {
        parser->put_eof(ec);
        if (ec || !parser->is_done()) break;
      } else {
        continue;
      }
    } else if (ec) {
      break;  // the server answers 400/413/431 and closes
    }
    if (!parser->is_done()) {
      if (fed == input.size() && used == 0) break;
      continue;
    }
    auto message = parser->release();
    check_request(message);
    ++requests;
    if (!message.keep_alive()) break;
    fresh();
  }
  return 0;
}
