#pragma once
// Private to the http module: the Beast/Asio includes and the namespace
// aliases every server file uses. Only src/patchloom/http/*.cpp include this,
// so the rest of the project never pays Beast's compile time.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace patchloom::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;  // "http" is already our own namespace
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

}  // namespace patchloom::http
