#include "patchloom/store/compression.hpp"

#include <zlib.h>

#include <stdexcept>

namespace patchloom::store {

namespace {

// zlib's C API takes non-const input pointers.
Bytef* input_bytes(std::string_view s) {
  return reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
}

}  // namespace

std::string compress(std::string_view data, int level) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &size, input_bytes(data),
                     static_cast<uLong>(data.size()), level);
  if (rc != Z_OK) throw std::runtime_error("zlib compress2 failed: " + std::to_string(rc));
  out.resize(size);
  return out;
}

Result<std::string> uncompress(std::string_view compressed, std::size_t max_size) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) throw std::runtime_error("zlib inflateInit failed");
  zs.next_in = input_bytes(compressed);
  zs.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char buffer[64 * 1024];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof(buffer);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof(buffer) - zs.avail_out);
    if (out.size() > max_size) rc = Z_MEM_ERROR;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // input ended early
  }
  inflateEnd(&zs);
  if (rc == Z_STREAM_END) return out;
  if (rc == Z_MEM_ERROR) return make_error("compressed data inflates beyond the size limit");
  return make_error("compressed data is damaged or truncated");
}

}  // namespace patchloom::store
