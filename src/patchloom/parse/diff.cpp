#include "patchloom/parse/diff.hpp"

#include <array>
#include <vector>

#include "diff_hunk.hpp"
#include "fast_strip.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::parse {

namespace {

using util::starts_with;

// git's extended header lines (state 6 of the machine).
bool starts_with_extended_header(std::string_view line) {
  static constexpr std::array<std::string_view, 11> kPrefixes = {
      "old mode ",   "new mode ",       "deleted file mode ", "new file mode ",
      "copy from ",  "copy to ",        "rename from ",       "rename to ",
      "similarity index ", "dissimilarity index ", "index "};
  for (auto prefix : kPrefixes) {
    if (starts_with(line, prefix)) return true;
  }
  return false;
}

constexpr std::string_view kNoNewline = "\\ No newline at end of file";

// The states of spec/parser.md §4.2, named for the line just seen.
enum class State { kText, kHeader, kOldFile, kNewFile, kHunkStart, kHunkBody, kExtended, kBinary };

// Text assembled from pieces of the input: consecutive lines going to the
// same buffer are one piece, and the string is built once, at its final size.
class Pieces {
 public:
  void add(std::string_view piece) {
    if (piece.empty()) return;
    if (!pieces_.empty() && pieces_.back().data() + pieces_.back().size() == piece.data()) {
      pieces_.back() = std::string_view(pieces_.back().data(), pieces_.back().size() + piece.size());
    } else {
      pieces_.push_back(piece);
    }
    size_ += piece.size();
  }
  void add(const Pieces& other) {
    for (auto piece : other.pieces_) add(piece);
  }
  void clear() {
    pieces_.clear();
    size_ = 0;
  }
  bool empty() const { return size_ == 0; }
  std::string str() const {
    std::string out;
    out.reserve(size_);
    for (auto piece : pieces_) out.append(piece);
    return out;
  }

 private:
  std::vector<std::string_view> pieces_;
  std::size_t size_ = 0;
};

// Lines passed to feed() must stay alive until finish().
class DiffSplitter {
 public:
  void feed(std::string_view line);

  PatchSplit finish() {
    comment_.add(buf_);
    PatchSplit split;
    if (!patch_.empty()) split.diff = patch_.str();
    if (!comment_.empty()) split.comment = comment_.str();
    return split;
  }

 private:
  void hold(std::string_view line, State next) {
    buf_.add(line);
    state_ = next;
  }
  void confirm(std::string_view line, State next) {
    patch_.add(buf_);
    patch_.add(line);
    buf_.clear();
    state_ = next;
  }
  void reject(std::string_view line) {
    comment_.add(buf_);
    comment_.add(line);
    buf_.clear();
    state_ = State::kText;
  }
  void hunk_line(std::string_view line);

  Pieces patch_;
  Pieces comment_;
  Pieces buf_;
  State state_ = State::kText;
  std::int64_t old_left_ = 0;
  std::int64_t new_left_ = 0;
  std::int64_t hunks_ = 0;
  detail::HunkHeader hunk_;
};

void DiffSplitter::hunk_line(std::string_view line) {
  if (starts_with(line, "-")) {
    --old_left_;
  } else if (starts_with(line, "+")) {
    --new_left_;
  } else if (!starts_with(line, kNoNewline)) {
    // Context, and also an empty line: mailers strip the trailing space.
    --old_left_;
    --new_left_;
  }
  patch_.add(line);
  if (old_left_ <= 0 && new_left_ <= 0) {
    ++hunks_;
    state_ = State::kNewFile;
  } else {
    state_ = State::kHunkBody;
  }
}

void DiffSplitter::feed(std::string_view line) {
  switch (state_) {
    case State::kText:
      if (starts_with(line, "diff ") || starts_with(line, "Index: ")) {
        hold(line, State::kHeader);
      } else if (starts_with(line, "--- ")) {
        hold(line, State::kOldFile);
      } else {
        comment_.add(line);
      }
      return;
    case State::kHeader:
      buf_.add(line);
      if (starts_with(line, "--- ")) state_ = State::kOldFile;
      if (starts_with_extended_header(line)) state_ = State::kExtended;
      return;
    case State::kOldFile:
      if (starts_with(line, "+++ ")) {
        hold(line, State::kNewFile);
      } else if (hunks_ > 0) {
        hold(line, State::kHeader);
      } else {
        reject(line);
      }
      return;
    case State::kNewFile:
      // Also the state after a completed hunk, waiting for the next one.
      if (detail::match_hunk_header(line, hunk_)) {
        old_left_ = hunk_.old_count;
        new_left_ = hunk_.new_count;
        confirm(line, State::kHunkStart);
      } else if (starts_with(line, "--- ")) {
        confirm(line, State::kOldFile);
      } else if (hunks_ > 0 && starts_with(line, kNoNewline)) {
        patch_.add(line);
      } else if (hunks_ > 0) {
        hold(line, State::kHeader);
      } else {
        reject(line);
      }
      return;
    case State::kHunkStart:
    case State::kHunkBody:
      hunk_line(line);
      return;
    case State::kExtended:
      if (starts_with_extended_header(line)) {
        confirm(line, State::kExtended);
      } else if (starts_with(line, "--- ")) {
        confirm(line, State::kOldFile);
      } else if (starts_with(line, "GIT binary patch")) {
        confirm(line, State::kBinary);
      } else {
        hold(line, State::kHeader);
      }
      return;
    case State::kBinary:
      // Upstream returns to text, not to the header state (E-1).
      if (starts_with(line, "diff")) {
        hold(line, State::kText);
      } else {
        confirm(line, State::kBinary);
      }
      return;
  }
}

bool is_signature_line(std::string_view line) {
  if (line == "-- ") return true;
  if (line.empty()) return false;
  return line.find_first_not_of('_') == std::string_view::npos;
}

}  // namespace

PatchSplit parse_patch(std::string_view text) {
  DiffSplitter splitter;
  std::size_t start = 0;
  while (true) {
    const std::size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) break;
    splitter.feed(text.substr(start, newline + 1 - start));
    start = newline + 1;
  }
  // Python's split('\n') also yields the piece after the last newline (often
  // empty), and the loop gives it a '\n' of its own.
  std::string last(text.substr(start));
  last += '\n';
  splitter.feed(last);
  return splitter.finish();  // while `last` is alive
}

std::string clean_content(std::string_view text) {
  // ^(-- |_+)\n.* with MULTILINE and DOTALL: the first such line ends the text.
  std::size_t start = 0;
  std::string_view kept = text;
  while (start < text.size()) {
    const std::size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) break;
    if (is_signature_line(text.substr(start, newline - start))) {
      kept = text.substr(0, start);
      break;
    }
    start = newline + 1;
  }
  return detail::without_nuls(std::string(detail::strip_py_space(kept)));
}

Content find_patch_content(std::span<const mail::TextPart> parts) {
  std::optional<std::string> patch;
  std::string comments;
  for (const auto& part : parts) {
    if (part.subtype == "x-patch" || part.subtype == "x-diff") {
      patch = part.text;
    } else if (part.subtype == "plain") {
      std::optional<std::string> comment;
      if (!patch || patch->empty()) {
        PatchSplit split = parse_patch(part.text);
        patch = std::move(split.diff);
        comment = std::move(split.comment);
      } else {
        comment = part.text;
      }
      if (comment) {
        comments += detail::strip_py_space(*comment);
        comments += '\n';
      }
    }
  }
  Content content;
  content.message = clean_content(comments);
  if (patch) {
    std::string diff = detail::without_nuls(std::move(*patch));
    if (!diff.empty()) content.diff = std::move(diff);
  }
  return content;
}

std::string find_comment_content(std::span<const mail::TextPart> parts) {
  std::string comments;
  for (const auto& part : parts) {
    if (part.subtype == "plain" && !part.text.empty()) {
      comments += detail::strip_py_space(part.text);
      comments += '\n';
    }
  }
  return clean_content(comments);
}

}  // namespace patchloom::parse
