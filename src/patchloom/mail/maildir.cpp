#include "patchloom/mail/maildir.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>

namespace patchloom::mail {

Result<MaildirReader> MaildirReader::open(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  MaildirReader reader;
  bool found_subdir = false;
  for (const char* sub : {"cur", "new"}) {
    std::error_code ec;
    fs::directory_iterator it(dir / sub, ec);
    if (ec) continue;
    found_subdir = true;
    for (const fs::directory_entry& entry : it) {
      const std::string name = entry.path().filename().string();
      if (name.starts_with('.') || !entry.is_regular_file(ec)) continue;
      reader.files_.push_back(entry.path());
    }
  }
  if (!found_subdir) return make_error(dir.string() + " is not a Maildir (no cur/ or new/)");
  std::sort(reader.files_.begin(), reader.files_.end(), [](const fs::path& a, const fs::path& b) {
    const auto an = a.filename().string();
    const auto bn = b.filename().string();
    return an != bn ? an < bn : a < b;
  });
  return reader;
}

std::optional<MaildirMessage> MaildirReader::next() {
  if (next_ >= files_.size() || !error_.empty()) return std::nullopt;
  const std::filesystem::path& path = files_[next_];
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error_ = "cannot read " + path.string();
    return std::nullopt;
  }
  MaildirMessage message;
  message.raw.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  message.path = path;
  message.index = next_++;
  return message;
}

}  // namespace patchloom::mail
