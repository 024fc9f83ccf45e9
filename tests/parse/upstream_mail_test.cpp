// spec/parser.md §4.3 and §2.9: upstream Patchwork's own test mails must be
// classified as upstream classifies them.

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "patchloom/mail/message.hpp"
#include "patchloom/parse/submission.hpp"
#include "shared_data.hpp"

namespace patchloom::parse {
namespace {

constexpr const char* kEmptySha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
const std::string kFffd2 = "\xEF\xBF\xBD\xEF\xBF\xBD";  // two U+FFFD

// Upstream's run gave mails without a Message-Id a generated one; do the same.
std::string with_message_id(std::string raw) {
  if (raw.find("\nMessage-Id:") != std::string::npos || raw.find("\nMessage-ID:") != std::string::npos ||
      raw.find("\nMessage-id:") != std::string::npos) {
    return raw;
  }
  const std::size_t at = raw.starts_with("From ") ? raw.find('\n') + 1 : 0;
  raw.insert(at, "Message-Id: <generated@example.com>\n");
  return raw;
}

Submission parse_file(const std::string& folder, const std::string& file) {
  const auto path = *testing::shared_dir() / "corpus" / "upstream-tests" / folder / file;
  std::string raw = testing::read_file(path);
  if (folder == "mail") raw = with_message_id(std::move(raw));
  return parse_submission(mail::Message::parse(std::move(raw)), ProjectContext{"patchwork", ""});
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

struct Expected {
  const char* file;
  Kind kind;
  std::string name;
  std::optional<std::string> pull_url;
  std::optional<std::string> hash;      // "" means: no diff at all
  std::optional<std::string> diff_start;
};

const std::string kPowerpcPull = "git://git.kernel.org/pub/scm/linux/kernel/git/benh/powerpc.git next";
const std::string kPullName = "[git,pull] Please pull powerpc.git next branch";
const std::string kBcm = "MAINTAINERS: Update entry for BCM5301X ARM";

const Expected kMails[] = {
    {"0001-git-pull-request.mbox", Kind::kPatch, kPullName, kPowerpcPull, "", std::nullopt},
    {"0002-git-pull-request-wrapped.mbox", Kind::kPatch, kPullName, kPowerpcPull, "", std::nullopt},
    {"0003-git-pull-request-with-diff.mbox", Kind::kPatch, kPullName,
     "git://git.kernel.org/pub/scm/linux/kernel/git/tip/linux-2.6-tip.git x86-fixes-for-linus",
     "dde488c7b82265da100f9facd43c2bb72f5262fd", "diff --git a/arch/x86/include/asm/smp.h"},
    {"0004-git-pull-request-git+ssh.mbox", Kind::kPatch, kPullName,
     "git+ssh://git.kernel.org/pub/scm/linux/kernel/git/benh/powerpc.git next", "", std::nullopt},
    {"0005-git-pull-request-ssh.mbox", Kind::kPatch, kPullName,
     "ssh://git.kernel.org/pub/scm/linux/kernel/git/benh/powerpc.git next", "", std::nullopt},
    {"0006-git-pull-request-http.mbox", Kind::kPatch, kPullName,
     "http://git.kernel.org/pub/scm/linux/kernel/git/benh/powerpc.git next", "", std::nullopt},
    {"0007-cvs-format-diff.mbox", Kind::kPatch, ": Fix ld pr11138 FAILures on mips*.", std::nullopt,
     "f0db4bd410752c95498f69ad5616422592f2bcab", "Index: bfd/elf-bfd.h"},
    {"0008-git-rename.mbox", Kind::kPatch, "[Buildroot,01/11] package/rpi-userland: rename patches", std::nullopt,
     kEmptySha1, "diff --git"},
    {"0009-git-rename-with-diff.mbox", Kind::kPatch, "[Buildroot,01/11] package/rpi-userland: rename patches",
     std::nullopt, "1a0a2f780b578d1daa1bcb9a40679763220aa45e", "diff --git"},
    {"0010-invalid-charset.mbox", Kind::kPatch, "Fix pow overflow in non-default rounding modes (bug 16315)",
     std::nullopt, "db01919ea1c391ec8bc401540af51e10e8ee62be", std::nullopt},
    {"0011-no-newline-at-end-of-file.mbox", Kind::kPatch, "[v3,5/5] selftests, powerpc: Add test for VPHN",
     std::nullopt, std::nullopt, std::nullopt},
    {"0012-invalid-header-char.mbox", Kind::kPatch, "[dpdk-dev] kni: fix compilation error when debug enabled",
     std::nullopt, std::nullopt, std::nullopt},
    {"0013-with-utf8-body.mbox", Kind::kPatch, kBcm, std::nullopt, "4df3c62e1f74a2a2035f7676c52e7d26d30c2adb",
     std::nullopt},
    {"0014-with-unencoded-utf8-headers.mbox", Kind::kPatch,
     kBcm + " to include Rafa" + kFffd2 + " Mi" + kFffd2 + "ecki", std::nullopt, std::nullopt, std::nullopt},
    {"0015-with-invalid-utf8-headers.mbox", Kind::kPatch, kBcm, std::nullopt, std::nullopt, std::nullopt},
    {"0016-no-subject.mbox", Kind::kPatch, "", std::nullopt, std::nullopt, std::nullopt},
    {"0017-git-pull-request-git-2-14-3.mbox", Kind::kPatch, "[GIT] Networking",
     "git://git.kernel.org/pub/scm/linux/kernel/git/davem/net", "", std::nullopt},
    {"0019-multipart-patch.mbox", Kind::kPatch, "parsemail: ignore html part of multi-part comments", std::nullopt,
     std::nullopt, std::nullopt},
    // A reply: no parent in an empty database, so upstream drops it.
    {"0020-multipart-comment.mbox", Kind::kCommentCandidate, "parsemail: ignore html part of multi-part comments",
     std::nullopt, "", std::nullopt},
    {"0021-git-empty-new-file.mbox", Kind::kPatch, "[snowpatch,1/3] Test commit; please ignore", std::nullopt,
     kEmptySha1, "diff --git"},
    {"0022-git-mode-change.mbox", Kind::kPatch, "[1/1] kconfig: Make nconf-cfg.sh executable", std::nullopt,
     kEmptySha1, "diff --git"},
    {"0023-git-pull-request-newline-in-url.mbox", Kind::kPatch, "[GIT,PULL] soc: updates for v5.5",
     "https://git.kernel.org/pub/scm/linux/kernel/git/matthias.bgg/linux.git/ tags/v5.4-next-soc", std::nullopt,
     std::nullopt},
    {"0024-git-pull-request-trailing-space.mbox", Kind::kPatch, "[GIT,PULL] DaVinci SoC updates for v5.6",
     "git://git.kernel.org/pub/scm/linux/kernel/git/nsekhar/linux-davinci.git tags/davinci-for-v5.6/soc",
     std::nullopt, std::nullopt},
    {"0025-git-add-binary-file.mbox", Kind::kPatch, "Add a single pixel bitmap image", std::nullopt,
     "28bbf89195af1c065a2ebbfbdfaf0ee9dfe8296e", "diff --git pixel.bmp pixel.bmp"},
    {"0026-git-add-mixed-binary-text-files.mbox", Kind::kPatch, "Add a single pixel bitmap image, minimal script",
     std::nullopt, "729b1ccd5c3d4e3d7aa012fd7216678d9d79cd3f", std::nullopt},
    {"0027-git-modify-binary-file.mbox", Kind::kPatch, "Make changes to an existing binary file", std::nullopt,
     "28bbf89195af1c065a2ebbfbdfaf0ee9dfe8296e", std::nullopt},
};

TEST(UpstreamMail, ClassNamePullHashDiff) {
  PATCHLOOM_REQUIRE_SHARED();
  for (const auto& e : kMails) {
    SCOPED_TRACE(e.file);
    const Submission s = parse_file("mail", e.file);
    ASSERT_FALSE(s.error) << *s.error;
    EXPECT_EQ(s.kind, e.kind);
    EXPECT_EQ(s.name, e.name);
    EXPECT_EQ(s.pull_url, e.pull_url);
    if (e.hash && e.hash->empty()) {
      EXPECT_FALSE(s.diff);
      EXPECT_FALSE(s.hash);
    } else if (e.hash) {
      EXPECT_EQ(s.hash, e.hash);
    }
    if (e.diff_start) {
      ASSERT_TRUE(s.diff);
      EXPECT_TRUE(s.diff->starts_with(*e.diff_start)) << s.diff->substr(0, 80);
    }
    if (s.kind == Kind::kPatch) {
      EXPECT_TRUE(s.author) << s.author_error.value_or("");
    }
  }
}

TEST(UpstreamMail, Details) {
  PATCHLOOM_REQUIRE_SHARED();
  Submission s = parse_file("mail", "0008-git-rename.mbox");
  ASSERT_TRUE(s.diff);
  EXPECT_EQ(count_of(*s.diff, "\nrename from "), 2u);
  EXPECT_EQ(count_of(*s.diff, "\nrename to "), 2u);

  s = parse_file("mail", "0011-no-newline-at-end-of-file.mbox");
  ASSERT_TRUE(s.diff);
  EXPECT_EQ(count_of(*s.diff, "\\ No newline at end of file"), 2u);
  EXPECT_EQ(count_of(s.content, "\\ No newline at end of file"), 0u);
  ASSERT_TRUE(s.marker);
  EXPECT_EQ(s.marker->x, 5);
  EXPECT_EQ(s.version, 3);

  s = parse_file("mail", "0013-with-utf8-body.mbox");
  ASSERT_TRUE(s.author);
  EXPECT_EQ(s.author->name, std::optional<std::string>("Rafa\xC5\x82 Mi\xC5\x82""ecki"));

  s = parse_file("mail", "0014-with-unencoded-utf8-headers.mbox");
  ASSERT_TRUE(s.author);
  EXPECT_EQ(s.author->name, std::optional<std::string>("Rafa" + kFffd2 + " Mi" + kFffd2 + "ecki"));

  for (const char* file : {"0019-multipart-patch.mbox", "0020-multipart-comment.mbox"}) {
    s = parse_file("mail", file);
    EXPECT_EQ(s.content.find("<div"), std::string::npos) << file;
    if (s.diff) {
      EXPECT_EQ(s.diff->find("<div"), std::string::npos) << file;
    }
  }
  EXPECT_TRUE(parse_file("mail", "0020-multipart-comment.mbox").is_comment);

  s = parse_file("mail", "0021-git-empty-new-file.mbox");
  ASSERT_TRUE(s.diff);
  EXPECT_EQ(count_of(*s.diff, "\n"), 3u);
  EXPECT_NE(s.diff->find("\nnew file mode "), std::string::npos);
  EXPECT_NE(s.diff->find("\nindex "), std::string::npos);

  s = parse_file("mail", "0022-git-mode-change.mbox");
  ASSERT_TRUE(s.diff);
  EXPECT_EQ(count_of(*s.diff, "\n"), 3u);
  EXPECT_NE(s.diff->find("\nold mode "), std::string::npos);
  EXPECT_NE(s.diff->find("\nnew mode "), std::string::npos);

  s = parse_file("mail", "0025-git-add-binary-file.mbox");
  ASSERT_TRUE(s.diff);
  EXPECT_NE(s.diff->find("\nGIT binary patch\n"), std::string::npos);
  EXPECT_NE(s.diff->find("\nliteral 142\n"), std::string::npos);
  EXPECT_NE(s.diff->find("\nliteral 0\n"), std::string::npos);
  EXPECT_TRUE(s.diff->ends_with("-- \n2.35.3\n\n\n"));

  s = parse_file("mail", "0026-git-add-mixed-binary-text-files.mbox");
  ASSERT_TRUE(s.diff);
  EXPECT_NE(s.diff->find("diff --git quit.sh quit.sh"), std::string::npos);
  EXPECT_TRUE(s.content.ends_with("new file mode 100644\nindex 0000000..f5f929a")) << s.content;
}

enum class Outcome { kNone, kValueError, kPatch };

// What parse_mail would end with, given that no parent exists for comments.
Outcome outcome_of(const Submission& s) {
  if (s.error) return Outcome::kValueError;
  if (s.ignored || s.kind == Kind::kNone || s.kind == Kind::kCommentCandidate) return Outcome::kNone;
  if (s.author_error) return Outcome::kValueError;
  return s.kind == Kind::kPatch ? Outcome::kPatch : Outcome::kNone;
}

TEST(UpstreamFuzz, OutcomesOfSection2_9) {
  PATCHLOOM_REQUIRE_SHARED();
  const std::pair<const char*, Outcome> kFuzz[] = {
      {"base64err.mbox", Outcome::kValueError},      {"charset.mbox", Outcome::kValueError},
      {"codec-null.mbox", Outcome::kPatch},          {"date-oserror.mbox", Outcome::kValueError},
      {"date-too-long.mbox", Outcome::kNone},        {"date.mbox", Outcome::kNone},
      {"dateheader.mbox", Outcome::kNone},           {"email-len.mbox", Outcome::kValueError},
      {"msgid-len.mbox", Outcome::kValueError},      {"msgid-len2.mbox", Outcome::kValueError},
      {"msgidheader.mbox", Outcome::kValueError},    {"name-len.mbox", Outcome::kNone},
      {"refshdr.mbox", Outcome::kNone},              {"unknown-encoding.mbox", Outcome::kNone},
      {"value2.mbox", Outcome::kNone},               {"x-face.mbox", Outcome::kNone},
      {"year-out-of-range.mbox", Outcome::kValueError},
  };
  for (const auto& [file, expected] : kFuzz) {
    SCOPED_TRACE(file);
    const Submission s = parse_file("fuzz", file);
    EXPECT_EQ(outcome_of(s), expected) << s.error.value_or(s.author_error.value_or("")) << " kind "
                                       << to_string(s.kind);
  }
}

TEST(UpstreamFuzz, Details) {
  PATCHLOOM_REQUIRE_SHARED();
  Submission s = parse_file("fuzz", "codec-null.mbox");
  EXPECT_EQ(s.name, "[net,v2,1/2] net: ieee802154: remove explicit set skb->sk");
  EXPECT_EQ(s.version, 2);
  ASSERT_TRUE(s.marker);
  EXPECT_EQ(s.marker->x, 1);
  EXPECT_EQ(s.marker->n, 2);
  EXPECT_EQ(s.hash, std::optional<std::string>("5925e117e8b145bd4bc72f7c0a9007b3658e32e6"));

  for (const char* file : {"date-oserror.mbox", "date-too-long.mbox", "date.mbox", "dateheader.mbox",
                           "year-out-of-range.mbox"}) {
    EXPECT_FALSE(parse_file("fuzz", file).date) << file << ": the date should be 'now'";
  }
  EXPECT_EQ(parse_file("fuzz", "dateheader.mbox").msgid, "k>");
  EXPECT_EQ(parse_file("fuzz", "msgid-len.mbox").msgid, "<1m>");
  EXPECT_EQ(parse_file("fuzz", "msgid-len2.mbox").msgid, ">");
  EXPECT_EQ(parse_file("fuzz", "msgidheader.mbox").msgid, "<m>");
  EXPECT_EQ(parse_file("fuzz", "base64err.mbox").author_error, std::optional<std::string>("Invalid 'From' header"));
  s = parse_file("fuzz", "x-face.mbox");
  EXPECT_EQ(s.headers.find("X-Face:"), std::string::npos);
  EXPECT_NE(s.headers.find("Subject:"), std::string::npos);
}

}  // namespace
}  // namespace patchloom::parse
