#include "patchloom/archive/mbox.hpp"

#include <zlib.h>

#include <stdexcept>

#include "patchloom/mail/mbox.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::archive {

namespace {

bool is_volatile(std::string_view line) {
  for (std::string_view name : {"lines:", "bytes:", "content-length:", "status:"})
    if (util::istarts_with_ascii(line, name)) return true;
  return false;
}

}  // namespace

std::string without_volatile_headers(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  std::size_t pos = 0;
  bool dropping = false;
  while (pos < raw.size()) {
    const auto nl = raw.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? raw.size() : nl + 1;
    const std::string_view line = raw.substr(pos, end - pos);
    if (line == "\n" || line == "\r\n") {
      out.append(raw.substr(pos));  // the body is kept as it is
      return out;
    }
    const bool continuation = line.front() == ' ' || line.front() == '\t';
    if (!continuation) dropping = is_volatile(line);
    if (!dropping) out.append(line);
    pos = end;
  }
  return out;
}

std::string mboxrd(const std::vector<std::string>& raws) {
  std::string out;
  for (const auto& raw : raws) out += mail::mboxrd_entry(without_volatile_headers(raw));
  return out;
}

std::string gzip(std::string_view data) {
  z_stream z{};
  // 15 window bits + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out;
  out.resize(deflateBound(&z, static_cast<uLong>(data.size())) + 32);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  const auto written = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  out.resize(written);
  return out;
}

}  // namespace patchloom::archive
