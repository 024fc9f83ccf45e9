#pragma once
// Internal to the store module: bytes bound to a PostgreSQL BYTEA parameter.
// SOCI binds strings as text, so raw bytes (zlib blobs, NULs) go as the
// "\x..." hex input form, which PostgreSQL turns back into the same bytes.

#include <string>

namespace patchloom::store {

std::string encode_bytea_hex(const std::string& data);

}  // namespace patchloom::store
