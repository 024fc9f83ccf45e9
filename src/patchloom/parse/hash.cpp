#include "patchloom/parse/hash.hpp"

#include <openssl/evp.h>

#include <array>

#include "diff_hunk.hpp"
#include "fast_strip.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::parse {

namespace {

// SHA-1 through OpenSSL's EVP interface (the SHA1_* calls are deprecated).
class Sha1 {
 public:
  Sha1() : context_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(context_, EVP_sha1(), nullptr); }
  ~Sha1() { EVP_MD_CTX_free(context_); }
  Sha1(const Sha1&) = delete;
  Sha1& operator=(const Sha1&) = delete;

  void line(std::string_view text) {
    EVP_DigestUpdate(context_, text.data(), text.size());
    EVP_DigestUpdate(context_, "\n", 1);
  }
  std::string hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(context_, digest.data(), &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
      out.push_back(kHex[digest[i] >> 4]);
      out.push_back(kHex[digest[i] & 0x0F]);
    }
    return out;
  }

 private:
  EVP_MD_CTX* context_;
};

// ^(---|\+\+\+) (\S+): returns the path (the \S+ run), or false.
bool match_filename_line(std::string_view line, std::string_view& path) {
  if (line.size() < 5 || !(util::starts_with(line, "--- ") || util::starts_with(line, "+++ "))) return false;
  std::size_t end = 4;
  while (end < line.size()) {
    std::size_t next = end;
    if (util::is_py_space(util::next_code_point(line, next))) break;
    end = next;
  }
  if (end == 4) return false;
  path = line.substr(4, end - 4);
  return true;
}

}  // namespace

std::string hash_diff(std::string_view diff) {
  std::string without_cr;
  if (diff.find('\r') != std::string_view::npos) {
    without_cr.reserve(diff.size());
    for (char c : diff) {
      if (c != '\r') without_cr.push_back(c);
    }
    diff = without_cr;
  }
  const std::string_view body = detail::strip_py_space(diff);

  Sha1 sha;
  std::string normalised;
  detail::HunkHeader hunk;
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t newline = body.find('\n', start);
    if (newline == std::string_view::npos) newline = body.size();
    const std::string_view line = body.substr(start, newline - start);
    start = newline + 1;
    if (line.empty()) continue;
    std::string_view path;
    if (match_filename_line(line, path)) {
      const std::size_t slash = path.find('/');
      normalised = line[0] == '-' ? "--- a/" : "+++ b/";
      if (slash != std::string_view::npos) normalised += path.substr(slash + 1);
      sha.line(normalised);
    } else if (detail::match_hunk_header(line, hunk)) {
      normalised = "@@ -" + hunk.old_decimal + " +" + hunk.new_decimal + " @@";
      sha.line(normalised);
    } else if (line[0] == '-' || line[0] == '+' || line[0] == ' ') {
      sha.line(line);
    }
  }
  return sha.hex();
}

}  // namespace patchloom::parse
