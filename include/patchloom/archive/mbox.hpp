#pragma once
// The archive's mbox downloads: mboxrd as public-inbox writes it, gzipped
// as a payload (t.mbox.gz is application/gzip, never Content-Encoding).

#include <string>
#include <string_view>
#include <vector>

namespace patchloom::archive {

// The raw mail without the Lines, Bytes, Content-Length and Status headers
// (public-inbox drops them on import and export).
std::string without_volatile_headers(std::string_view raw);

// One mboxrd file of the mails, in the order given.
std::string mboxrd(const std::vector<std::string>& raws);

// A single-member gzip stream of `data`.
std::string gzip(std::string_view data);

}  // namespace patchloom::archive
