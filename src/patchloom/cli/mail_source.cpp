#include "mail_source.hpp"

#include <filesystem>
#include <system_error>

#include "patchloom/mail/maildir.hpp"

namespace patchloom::cli {
namespace {

// Progress in bytes of the file as stored (compressed for .gz).
class MboxSource : public MailSource {
 public:
  MboxSource(mail::MboxReader reader, std::uint64_t size) : reader_(std::move(reader)), size_(size) {}
  bool next(std::string& raw) override {
    auto message = reader_.next();
    if (!message) return false;
    raw = std::move(message->raw);
    return true;
  }
  std::string error() const override { return reader_.error(); }
  std::uint64_t progress() const override { return reader_.input_position(); }
  std::uint64_t size_hint() const override { return size_; }

 private:
  mail::MboxReader reader_;
  std::uint64_t size_;
};

// Progress in messages: the listing is known up front.
class MaildirSource : public MailSource {
 public:
  explicit MaildirSource(mail::MaildirReader reader) : reader_(std::move(reader)) {}
  bool next(std::string& raw) override {
    auto message = reader_.next();
    if (!message) return false;
    raw = std::move(message->raw);
    ++done_;
    return true;
  }
  std::string error() const override { return reader_.error(); }
  std::uint64_t progress() const override { return done_; }
  std::uint64_t size_hint() const override { return reader_.size(); }

 private:
  mail::MaildirReader reader_;
  std::uint64_t done_ = 0;
};

}  // namespace

Result<std::unique_ptr<MailSource>> open_mail_source(const std::string& path, mail::MboxQuoting quoting) {
  std::error_code ec;
  if (path != "-" && std::filesystem::is_directory(path, ec)) {
    auto reader = mail::MaildirReader::open(path);
    if (!reader) return make_error(path + ": " + reader.error());
    return std::unique_ptr<MailSource>(std::make_unique<MaildirSource>(std::move(*reader)));
  }
  auto reader = mail::MboxReader::open(path, quoting);
  if (!reader) return make_error(path + ": " + reader.error());
  const std::uint64_t size = path == "-" ? 0 : std::filesystem::file_size(path, ec);
  return std::unique_ptr<MailSource>(std::make_unique<MboxSource>(std::move(*reader), ec ? 0 : size));
}

}  // namespace patchloom::cli
