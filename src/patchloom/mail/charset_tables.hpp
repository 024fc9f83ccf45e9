#pragma once
// Byte-to-character tables of Python's single-byte (charmap) codecs: iconv's
// tables differ from Python's in places, and Python's are the reference.

#include <string_view>

namespace patchloom::mail::detail {

struct SingleByteTable {
  std::string_view module;   // Python's encodings.<module>
  bool ascii_compatible;     // bytes 0..127 decode to themselves; `chars` covers 0x80..0xFF
  std::u16string_view chars; // one UTF-16 unit per byte; U+FFFE: undefined
};

// The table of a charmap codec (by Python module name), or nullptr.
const SingleByteTable* single_byte_table(std::string_view module);

}  // namespace patchloom::mail::detail
