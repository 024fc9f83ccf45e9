#include "patchloom/store/compression.hpp"

#include <libdeflate.h>
#include <zlib.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace patchloom::store {

namespace {

// zlib's C API takes non-const input pointers.
Bytef* input_bytes(std::string_view s) {
  return reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
}

// libdeflate compresses whole buffers about twice as fast as zlib at the same
// level and writes the same zlib format, so rows written by either read back
// with zlib's inflate below. One compressor per thread and level: allocating
// one sets up its hash tables, which would cost as much as a small mail.
class Compressor {
 public:
  explicit Compressor(int level) : c_(libdeflate_alloc_compressor(level)) {
    if (c_ == nullptr) throw std::runtime_error("libdeflate: cannot allocate a compressor");
  }
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;
  ~Compressor() { libdeflate_free_compressor(c_); }

  std::string run(std::string_view data) {
    std::string out;
    out.resize(libdeflate_zlib_compress_bound(c_, data.size()));
    const std::size_t size = libdeflate_zlib_compress(c_, data.data(), data.size(), out.data(), out.size());
    // The bound is an upper bound, so a 0 here means libdeflate itself failed.
    if (size == 0) throw std::runtime_error("libdeflate: compression failed");
    out.resize(size);
    return out;
  }

 private:
  libdeflate_compressor* c_;
};

}  // namespace

std::string compress(std::string_view data, int level) {
  if (level < 1 || level > 9) level = 6;  // zlib's scale; libdeflate's 10-12 stay unused
  thread_local std::array<std::unique_ptr<Compressor>, 10> compressors;
  auto& compressor = compressors[static_cast<std::size_t>(level)];
  if (!compressor) compressor = std::make_unique<Compressor>(level);
  return compressor->run(data);
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
