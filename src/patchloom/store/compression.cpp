#include "patchloom/store/compression.hpp"

#include <zlib.h>

#include <array>
#include <limits>
#include <memory>
#include <stdexcept>

namespace patchloom::store {

namespace {

// zlib's C API takes non-const input pointers.
Bytef* input_bytes(std::string_view s) {
  return reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
}

}  // namespace

namespace {

// One deflate stream per thread and level, reset between calls: compress2()
// set up and tore down a fresh stream (allocations, and clearing its hash
// tables) for every mail. The output is the same zlib stream.
class Deflater {
 public:
  explicit Deflater(int level) {
    if (deflateInit(&zs_, level) != Z_OK) throw std::runtime_error("zlib deflateInit failed");
  }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;
  ~Deflater() { deflateEnd(&zs_); }

  std::string run(std::string_view data) {
    if (deflateReset(&zs_) != Z_OK) throw std::runtime_error("zlib deflateReset failed");
    std::string out;
    out.resize(deflateBound(&zs_, static_cast<uLong>(data.size())));
    zs_.next_in = input_bytes(data);
    zs_.avail_in = static_cast<uInt>(data.size());
    zs_.next_out = reinterpret_cast<Bytef*>(out.data());
    zs_.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs_, Z_FINISH);
    if (rc != Z_STREAM_END) throw std::runtime_error("zlib deflate failed: " + std::to_string(rc));
    out.resize(out.size() - zs_.avail_out);
    return out;
  }

 private:
  z_stream zs_{};
};

}  // namespace

std::string compress(std::string_view data, int level) {
  if (level < Z_NO_COMPRESSION || level > Z_BEST_COMPRESSION) level = Z_DEFAULT_COMPRESSION;
  if (data.size() > std::numeric_limits<uInt>::max() / 2) {
    // Beyond what one deflate call takes; never a mail.
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    std::string out(size, '\0');
    const int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &size, input_bytes(data),
                             static_cast<uLong>(data.size()), level);
    if (rc != Z_OK) throw std::runtime_error("zlib compress2 failed: " + std::to_string(rc));
    out.resize(size);
    return out;
  }
  thread_local std::array<std::unique_ptr<Deflater>, 10> deflaters;
  auto& deflater = deflaters[static_cast<std::size_t>(level < 0 ? 6 : level)];
  if (!deflater) deflater = std::make_unique<Deflater>(level);
  return deflater->run(data);
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
