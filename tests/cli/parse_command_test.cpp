// `patchloom parse`: the real binary prints what the parser sees as JSON.

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "process.hpp"
#include "shared_data.hpp"

namespace patchloom::testing {
namespace {

namespace json = boost::json;

const std::string kPatchMail =
    "From: \"Foo Bar\" <foo@bar.com>\n"
    "Subject: [cli-test] [PATCH v2 1/2] x: fix\n"
    "Message-Id: <p1@x>\n"
    "In-Reply-To: <c@x>\n"
    "Date: Wed, 1 Jun 2016 22:00:54 +0200\n"
    "List-Id: <cli.example.com>\n"
    "\n"
    "Commit message\n---\n"
    "diff --git a/f b/f\nindex 1..2 100644\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n";

class ParseCommand : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir("patchloom-parse-cli"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  ProcessResult parse(const std::vector<std::string>& args, const std::string& input = "") {
    std::vector<std::string> all = {"parse"};
    all.insert(all.end(), args.begin(), args.end());
    return run_patchloom(all, input, dir_);
  }
  std::filesystem::path dir_;
};

TEST_F(ParseCommand, PatchFromStdinWithKeysInOrder) {
  const ProcessResult r = parse({"--linkname", "cli-test"}, kPatchMail);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json::object out = json::parse(r.out).as_object();
  std::vector<std::string> keys;
  for (const auto& kv : out) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"kind", "msgid", "date", "name", "prefixes", "submitter", "content", "diff",
                                            "hash", "pull_url", "version", "series_number", "series_total",
                                            "in_reply_to", "references", "list_id"}));
  EXPECT_EQ(out.at("kind"), "patch");
  EXPECT_EQ(out.at("msgid"), "<p1@x>");
  EXPECT_EQ(out.at("date"), "2016-06-01T20:00:54");
  EXPECT_EQ(out.at("name"), "[v2,1/2] x: fix");
  EXPECT_EQ(out.at("prefixes"), (json::array{"v2", "1/2"}));
  EXPECT_EQ(out.at("submitter"), (json::object{{"name", "Foo Bar"}, {"email", "foo@bar.com"}}));
  EXPECT_EQ(out.at("content"), "Commit message\n---");
  EXPECT_EQ(out.at("version"), 2);
  EXPECT_EQ(out.at("series_number"), 1);
  EXPECT_EQ(out.at("series_total"), 2);
  EXPECT_EQ(out.at("in_reply_to"), "<c@x>");
  EXPECT_EQ(out.at("list_id"), "cli.example.com");
  EXPECT_TRUE(out.at("pull_url").is_null());
  EXPECT_EQ(out.at("hash").as_string().size(), 40u);
}

TEST_F(ParseCommand, LinknameIsOnlyDroppedWhenGiven) {
  const auto path = dir_ / "mail.eml";
  std::ofstream(path, std::ios::binary) << kPatchMail;
  const ProcessResult r = parse({path.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out).as_object().at("name"), "[cli-test,v2,1/2] x: fix");
}

TEST_F(ParseCommand, RejectedMailIsKindNoneWithErrorAndExitsZero) {
  const ProcessResult r = parse({}, "From: a@b.c\nMessage-Id: <m@x>\n\nbody\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json::object out = json::parse(r.out).as_object();
  EXPECT_EQ(out.at("kind"), "none");
  EXPECT_EQ(out.at("error"), "Missing 'Subject' header");
  EXPECT_EQ(out.at("date"), "now");
}

TEST_F(ParseCommand, UnreadableFileFails) {
  const ProcessResult r = parse({(dir_ / "missing.eml").string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("cannot read"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

}  // namespace
}  // namespace patchloom::testing
