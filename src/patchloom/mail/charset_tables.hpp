#pragma once
// Byte-to-character tables of Python's single-byte (charmap) codecs: iconv's
// tables differ from Python's in places, and Python's are the reference.

#include <cstdint>
#include <span>
#include <string_view>

namespace patchloom::mail::detail {

struct SingleByteTable {
  std::string_view module;   // Python's encodings.<module>
  bool ascii_compatible;     // bytes 0..127 decode to themselves; `chars` covers 0x80..0xFF
  std::u16string_view chars; // one UTF-16 unit per byte; U+FFFE: undefined
};

// The table of a charmap codec (by Python module name), or nullptr.
const SingleByteTable* single_byte_table(std::string_view module);

// Python's big5 and cp950 against glibc's BIG5 and CP950: the two-byte codes
// (lead * 256 + trail) that Python decodes differently, sorted by code.
struct DoubleByteOverride {
  std::uint16_t code;
  char32_t cp;  // 0: Python rejects the code
};

// The overrides for a Python module name ("big5", "cp950"); empty otherwise.
std::span<const DoubleByteOverride> double_byte_overrides(std::string_view module);

}  // namespace patchloom::mail::detail
