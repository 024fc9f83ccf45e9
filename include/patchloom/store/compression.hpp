#pragma once
// zlib compression of raw mails (message.raw): the zlib format (RFC 1950),
// which carries its own checksum, so a damaged row is detected on read.

#include <string>
#include <string_view>

#include "patchloom/util/result.hpp"

namespace patchloom::store {

// Compresses `data` (level 1 fastest .. 9 smallest; 6 is zlib's default).
std::string compress(std::string_view data, int level = 6);

// Restores what compress() produced; an error when the data is damaged or
// would inflate beyond `max_size` bytes (a guard against zip bombs).
Result<std::string> uncompress(std::string_view compressed, std::size_t max_size = 256u << 20);

}  // namespace patchloom::store
