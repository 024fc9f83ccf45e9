// Message and MboxReader over the real corpora in ../shared/corpus: upstream
// Patchwork's test mails and the linuxppc-dev archive samples.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "patchloom/mail/mbox.hpp"
#include "patchloom/mail/message.hpp"
#include "patchloom/util/text.hpp"
#include "shared_data.hpp"

namespace patchloom::mail {
namespace {

namespace fs = std::filesystem;

fs::path corpus() { return *testing::shared_dir() / "corpus"; }

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".mbox") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Upstream's tests read mail/ and fuzz/ files whole, as one mail each.
Message parse_file(const fs::path& path) {
  return Message::parse(testing::read_file(path), LineEnds::universal);
}

std::vector<std::string> subtypes(const Message& m) {
  std::vector<std::string> out;
  for (const TextPart& p : m.text_parts()) out.push_back(p.subtype);
  return out;
}

TEST(UpstreamCorpus, EverySingleMailParses) {
  PATCHLOOM_REQUIRE_SHARED();
  std::size_t files = 0;
  for (const char* dir : {"mail", "fuzz"}) {
    for (const fs::path& path : files_in(corpus() / "upstream-tests" / dir)) {
      const Message m = parse_file(path);
      ++files;
      EXPECT_FALSE(m.headers().empty()) << path;
      for (const TextPart& p : m.text_parts()) EXPECT_TRUE(util::is_valid_utf8(p.text)) << path;
    }
  }
  EXPECT_EQ(files, 26U + 17U);
}

TEST(UpstreamCorpus, MultipartPatchHasPlainAndHtml) {
  PATCHLOOM_REQUIRE_SHARED();
  const Message m = parse_file(corpus() / "upstream-tests/mail/0019-multipart-patch.mbox");
  EXPECT_EQ(subtypes(m), (std::vector<std::string>{"plain", "html"}));
  EXPECT_NE(m.text_parts()[0].text.find("diff --git"), std::string::npos);
  EXPECT_EQ(m.text_parts()[0].text.find("<div"), std::string::npos);
}

TEST(UpstreamCorpus, InvalidCharsetFallsBack) {
  PATCHLOOM_REQUIRE_SHARED();
  const Message m = parse_file(corpus() / "upstream-tests/mail/0010-invalid-charset.mbox");
  // multipart/mixed around one text/plain part declaring charset="none".
  ASSERT_EQ(m.parts().size(), 2U);
  EXPECT_EQ(m.parts()[1].charset(), "none");
  ASSERT_EQ(subtypes(m), std::vector<std::string>{"plain"});
  EXPECT_NE(m.text_parts()[0].text.find("diff --git"), std::string::npos);
}

TEST(UpstreamCorpus, FuzzMailsWithoutUsableText) {
  PATCHLOOM_REQUIRE_SHARED();
  // §2.9: a garbage Content-Type subtype or a broken multipart leaves no plain part.
  for (const char* name : {"refshdr", "unknown-encoding", "value2", "date-too-long"}) {
    const Message m = parse_file(corpus() / "upstream-tests/fuzz" / (std::string(name) + ".mbox"));
    const auto s = subtypes(m);
    EXPECT_EQ(std::count(s.begin(), s.end(), "plain"), 0) << name;
  }
  const Message codec_null = parse_file(corpus() / "upstream-tests/fuzz/codec-null.mbox");
  EXPECT_EQ(subtypes(codec_null), std::vector<std::string>{"plain"});  // NUL in the codec name: utf-8 fallback
}

TEST(UpstreamCorpus, SeriesMboxesSplitIntoMails) {
  PATCHLOOM_REQUIRE_SHARED();
  std::size_t total = 0;
  for (const fs::path& path : files_in(corpus() / "upstream-tests/series")) {
    auto reader = MboxReader::open(path);
    ASSERT_TRUE(reader) << reader.error();
    std::size_t count = 0;
    while (auto raw = reader->next()) {
      const Message m = Message::parse(std::move(raw->raw));
      EXPECT_TRUE(m.has_header("Message-Id")) << path << " #" << count;
      EXPECT_FALSE(m.text_parts().empty()) << path << " #" << count;
      ++count;
    }
    EXPECT_GT(count, 0U) << path;
    total += count;
  }
  EXPECT_GT(total, 60U);
}

// Column 3 of the manifest (after a header row) is the Message-ID.
std::vector<std::string> manifest_message_ids(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line.substr(0, line.find('\t')), "archive_pos");
  std::vector<std::string> ids;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string pos, commit, id;
    std::getline(fields, pos, '\t');
    std::getline(fields, commit, '\t');
    std::getline(fields, id, '\t');
    ids.push_back(id);
  }
  return ids;
}

// The manifest lists folded Message-IDs unfolded (RFC 5322: the line break
// before the continuation's whitespace removed).
std::string unfold(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\n' && i + 1 < value.size() && (value[i + 1] == ' ' || value[i + 1] == '\t')) continue;
    out += value[i];
  }
  return out;
}

std::vector<std::string> mbox_message_ids(const fs::path& path, std::size_t* text_parts) {
  auto reader = MboxReader::open(path, MboxQuoting::python_compat);
  EXPECT_TRUE(reader) << reader.error();
  std::vector<std::string> ids;
  while (auto raw = reader->next()) {
    const Message m = Message::parse(std::move(raw->raw));
    const Header* id = m.header("Message-ID");
    ids.push_back(id ? unfold(util::py_strip(id->value)) : "");
    *text_parts += m.text_parts().size();
  }
  EXPECT_EQ(reader->error(), "");
  return ids;
}

TEST(LinuxppcCorpus, SampleMessageIdsMatchTheManifest) {
  PATCHLOOM_REQUIRE_SHARED();
  std::size_t text_parts = 0;
  const auto ids = mbox_message_ids(corpus() / "linuxppc-dev-sample.mbox", &text_parts);
  const auto expected = manifest_message_ids(corpus() / "linuxppc-dev-sample.manifest.tsv");
  ASSERT_EQ(expected.size(), 2000U);
  EXPECT_EQ(ids, expected);
  EXPECT_GE(text_parts, 2000U);
}

TEST(LinuxppcCorpus, TwentyThousandFromGzip) {
  PATCHLOOM_REQUIRE_SHARED();
  std::size_t text_parts = 0;
  const auto ids = mbox_message_ids(corpus() / "linuxppc-dev-20k.mbox.gz", &text_parts);
  const auto expected = manifest_message_ids(corpus() / "linuxppc-dev-20k.manifest.tsv");
  ASSERT_EQ(expected.size(), 20000U);
  EXPECT_EQ(ids.size(), 20000U);
  EXPECT_EQ(ids, expected);
}

}  // namespace
}  // namespace patchloom::mail
