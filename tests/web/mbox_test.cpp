// mbox rendering against spec/parser.md §11's worked example, the helpers'
// Python behaviours, and the downloads' routes and headers.
#include <gtest/gtest.h>

#include "patchloom/web/mbox.hpp"
#include "web_site.hpp"

using namespace patchloom;

namespace {

// 2016-06-01 20:00:54 UTC
constexpr util::Timestamp kJune1 = 1464811254LL * 1'000'000;

web::MboxSubmission spec_example() {
  web::MboxSubmission s;
  s.id = 1;
  s.date = kJune1;
  s.headers =
      "From: Foo Bar <foo@bar.com>\nSubject: [PATCH 1/1] p\nMessage-Id: <p@x>\nList-Id: <test.example.com>\n"
      "Date: Wed, 1 Jun 2016 22:00:54 +0200\nIn-Reply-To: <c@x>\nReferences: <c@x>\n"
      "X-Patchwork-Delegate: del@example.com";
  s.content = "Commit message\n\nSigned-off-by: Foo Bar <foo@bar.com>\n---\nv2: changed";
  s.diff = "diff --git a/meep.text b/meep.text\n--- a/meep.text\n+++ b/meep.text\n@@ -1 +1,2 @@\n meep\n+meep\n";
  s.submitter_name = "Foo Bar";
  s.submitter_email = "foo@bar.com";
  s.delegate_email = "del@example.com";
  s.comment_contents = {std::string("Looks fine.\nAcked-by: X Y <x@y.z>\nreviewed-by: Z <z@y.z>\n> Tested-by: T <t@t>\n")};
  return s;
}

}  // namespace

TEST(Mbox, RendersTheSpecExample) {
  const std::string want =
      "From patchwork Wed Jun  1 20:00:54 2016\n"
      "Content-Type: text/plain; charset=\"utf-8\"\n"
      "MIME-Version: 1.0\n"
      "Content-Transfer-Encoding: 7bit\n"
      "X-Patchwork-Submitter: Foo Bar <foo@bar.com>\n"
      "X-Patchwork-Id: 1\n"
      "X-Patchwork-Delegate: del@example.com\n"
      "From: Foo Bar <foo@bar.com>\n"
      "Subject: [PATCH 1/1] p\n"
      "Message-Id: <p@x>\n"
      "List-Id: <test.example.com>\n"
      "Date: Wed, 1 Jun 2016 22:00:54 +0200\n"
      "In-Reply-To: <c@x>\n"
      "References: <c@x>\n"
      "X-Patchwork-Delegate: del@example.com\n"
      "\n"
      "Commit message\n"
      "\n"
      "Signed-off-by: Foo Bar <foo@bar.com>\n"
      "Acked-by: X Y <x@y.z>\n"
      "reviewed-by: Z <z@y.z>\n"
      "---\n"
      "v2: changed\n"
      "\n"
      "diff --git a/meep.text b/meep.text\n--- a/meep.text\n+++ b/meep.text\n@@ -1 +1,2 @@\n meep\n+meep\n";
  EXPECT_EQ(web::render_mbox(spec_example(), "list@example.com"), want);
}

TEST(Mbox, CoverWithoutDateGetsOneAndSignatureBecomesTriple) {
  web::MboxSubmission s;
  s.id = 7;
  s.is_patch = false;
  s.date = kJune1;
  s.headers = "Subject: cover\nContent-Type: text/plain\nFrom: List <list@example.com>";
  s.content = "cover body\n-- \nsig";
  s.submitter_name = "J\xC3\xB6rg M\xC3\xBCller";
  s.submitter_email = "j@x.de";
  s.delegate_email = "ignored@example.com";  // covers have no delegate
  s.comment_contents = {std::string("Tested-by: T <t@t.t>")};
  const std::string mbox = web::render_mbox(s, "list@example.com");
  EXPECT_EQ(mbox.find("X-Patchwork-Delegate"), std::string::npos);
  EXPECT_EQ(mbox.find("Content-Type: text/plain\n"), std::string::npos);  // the stored one is skipped
  // DMARC undo: From was the list's own address.
  EXPECT_NE(mbox.find("X-Patchwork-Original-From: List <list@example.com>\n"), std::string::npos);
  // base64 (20 characters) is shorter than q (21) for this name.
  EXPECT_NE(mbox.find("\nFrom: =?utf-8?b?SsO2cmcgTcO8bGxlcg==?= <j@x.de>\n"), std::string::npos);
  EXPECT_NE(mbox.find("\nDate: Wed, 01 Jun 2016 20:00:54 -0000\n"), std::string::npos);
  EXPECT_NE(mbox.find("\n\ncover body\nTested-by: T <t@t.t>\n---\nsig\n"), std::string::npos);
}

TEST(Mbox, BodyLineEndingsBecomeNewlines) {
  web::MboxSubmission s = spec_example();
  s.comment_contents.clear();
  s.content = "One\r\ntwo\rthree";
  s.diff = "diff --git a/x b/x\r\n+y\r\n";
  const std::string mbox = web::render_mbox(s, "list@example.com");
  EXPECT_NE(mbox.find("\n\nOne\ntwo\nthree\n\ndiff --git a/x b/x\n+y\n"), std::string::npos);
  EXPECT_EQ(mbox.find('\r'), std::string::npos);
}

TEST(Mbox, FormatAddressFollowsPython) {
  EXPECT_EQ(web::format_address(std::nullopt, "a@b.c"), "a@b.c");
  EXPECT_EQ(web::format_address(std::string(""), "a@b.c"), "a@b.c");
  EXPECT_EQ(web::format_address(std::string("Doe, John"), "j@d.e"), "\"Doe, John\" <j@d.e>");
  EXPECT_EQ(web::format_address(std::string("A \"B\" C"), "a@b.c"), "\"A \\\"B\\\" C\" <a@b.c>");
  // Shortest encoding: base64 wins for mostly non-ASCII names.
  EXPECT_EQ(web::format_address(std::string("\xE5\xBC\xA0\xE4\xB8\x89"), "z@s.cn"), "=?utf-8?b?5byg5LiJ?= <z@s.cn>");
}

TEST(Mbox, FilenamesAndDates) {
  EXPECT_EQ(web::download_filename("[v2,1/3] foo: bar"), "v2-1-3-foo-bar");
  EXPECT_EQ(web::download_filename("--x.y_z--"), "x.y_z");
  EXPECT_EQ(web::download_filename("caf\xC3\xA9 au lait"), "caf-au-lait");
  EXPECT_EQ(web::ctime_string(kJune1), "Wed Jun  1 20:00:54 2016");
  EXPECT_EQ(web::rfc2822_date(kJune1 + 999'999), "Wed, 01 Jun 2016 20:00:54 -0000");
}

namespace {

const std::string kPatchMail =
    "From: Tester <tester@example.invalid>\n"
    "To: list@example.org\n"
    "List-Id: <dl.example.org>\n"
    "Subject: [PATCH] widgets: frob the widgets\n"
    "Message-Id: <frob/1@example.invalid>\n"
    "Date: Tue, 14 Jan 2025 17:08:33 +0000\n"
    "\n"
    "Frob them.\n\nSigned-off-by: Tester <tester@example.invalid>\n---\n"
    "diff --git a/w.c b/w.c\n--- a/w.c\n+++ b/w.c\n@@ -1 +1,2 @@\n int w;\n+int frob;\n";

}  // namespace

TEST(Downloads, RoutesHeadersAndRedirects) {
  patchloom::testing::WebSite site("dl", "dl.example.org");
  ASSERT_EQ(site.ingest(kPatchMail), "patch");
  // /patch/<id>/mbox/ redirects to the msgid form, '/' in the msgid as %252F.
  auto redirect = site.get("/patch/1/mbox/?series=*");
  EXPECT_EQ(redirect.status, 302);
  EXPECT_EQ(redirect.headers.get("Location").value_or(""), "/project/dl/patch/frob%252F1@example.invalid/mbox/?series=*");
  auto mbox = site.get("/project/dl/patch/frob%252F1@example.invalid/mbox/");
  ASSERT_EQ(mbox.status, 200);
  EXPECT_EQ(mbox.headers.get("Content-Type").value_or(""), "text/plain; charset=utf-8");
  EXPECT_EQ(mbox.headers.get("Content-Disposition").value_or(""),
            "attachment; filename=widgets-frob-the-widgets.patch");
  EXPECT_EQ(mbox.body.rfind("From patchwork Tue Jan 14 17:08:33 2025\n", 0), 0u);
  EXPECT_FALSE(mbox.headers.contains("Set-Cookie"));  // downloads set no cookie
  EXPECT_EQ(mbox.headers.get("X-Content-Type-Options").value_or(""), "nosniff");
  EXPECT_NE(mbox.body.find("\nX-Patchwork-Id: 1\n"), std::string::npos);
  // Every patch has a series (of one here): ?series=* adds nothing before it;
  // another series id is refused.
  EXPECT_EQ(site.get("/project/dl/patch/frob%252F1@example.invalid/mbox/?series=*").body, mbox.body);
  EXPECT_EQ(site.get("/project/dl/patch/frob%252F1@example.invalid/mbox/?series=2").status, 404);
  EXPECT_EQ(site.get("/project/dl/patch/frob%252F1@example.invalid/mbox/?series=x").status, 404);
  auto raw = site.get("/project/dl/patch/frob%252F1@example.invalid/raw/");
  ASSERT_EQ(raw.status, 200);
  EXPECT_EQ(raw.headers.get("Content-Type").value_or(""), "text/x-patch");
  EXPECT_EQ(raw.body, "diff --git a/w.c b/w.c\n--- a/w.c\n+++ b/w.c\n@@ -1 +1,2 @@\n int w;\n+int frob;\n");
  EXPECT_EQ(site.get("/patch/99/mbox/").status, 404);
  EXPECT_EQ(site.get("/patch/99999999999999999999999/mbox/").status, 404);
  EXPECT_EQ(site.get("/series/99/mbox/").status, 404);
  EXPECT_EQ(site.get("/bundle/nobody/none/mbox/").status, 404);
}

TEST(Downloads, PrivateBundlesOnlyForTheirOwner) {
  patchloom::testing::WebSite site("dl", "dl.example.org");
  ASSERT_EQ(site.ingest(kPatchMail), "patch");
  const long long owner = site.add_user("owner", "pw-owner-1", false);
  site.add_user("other", "pw-other-1", false);
  {
    auto db = site.open();
    db.exec("INSERT INTO bundle (owner_id, project_id, name, public) VALUES (:o, 1, 'mine', 0)", {owner});
    db.exec("INSERT INTO bundle_patch (bundle_id, patch_id, \"order\") VALUES (1, 1, 1)");
  }
  EXPECT_EQ(site.get("/bundle/owner/mine/mbox/").status, 404);
  EXPECT_EQ(site.get("/bundle/owner/mine/mbox/", site.login("other", "pw-other-1")).status, 404);
  auto mine = site.get("/bundle/owner/mine/mbox/", site.login("owner", "pw-owner-1"));
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.headers.get("Content-Disposition").value_or(""), "attachment; filename=bundle-1-mine.mbox");
  EXPECT_NE(mine.body.find("Subject: [PATCH] widgets: frob the widgets"), std::string::npos);
}

// docs/compatibility.md W1: upstream's cover mbox view does not decode %2F in
// the msgid (E-14), so a cover whose msgid holds '/' cannot be downloaded by
// its canonical URL there; here it can, like a patch.
TEST(Downloads, CoverWithSlashInMsgidDownloads) {
  patchloom::testing::WebSite site("dl", "dl.example.org");
  const std::string cover =
      "From: Tester <tester@example.invalid>\nTo: list@example.org\nList-Id: <dl.example.org>\n"
      "Subject: [PATCH 0/2] widgets: frobbing\nMessage-Id: <cover/0@example.invalid>\n"
      "Date: Tue, 14 Jan 2025 17:08:32 +0000\n\nTwo patches.\n";
  ASSERT_EQ(site.ingest(cover), "cover");
  auto redirect = site.get("/cover/1/mbox/");
  EXPECT_EQ(redirect.status, 302);
  EXPECT_EQ(redirect.headers.get("Location").value_or(""), "/project/dl/cover/cover%252F0@example.invalid/mbox/");
  auto mbox = site.get("/project/dl/cover/cover%252F0@example.invalid/mbox/");
  ASSERT_EQ(mbox.status, 200);
  EXPECT_NE(mbox.body.find("\nMessage-Id: <cover/0@example.invalid>\n"), std::string::npos) << mbox.body;
  EXPECT_NE(mbox.body.find("\nTwo patches.\n"), std::string::npos);
}
