// The HTML pages: markup in mail shown as text, the list's filters, login
// (cookies, CSRF, rate limit), bundles and the user page.
#include <gtest/gtest.h>

#include <memory>

#include "pg_cluster.hpp"
#include "web_site.hpp"

using namespace patchloom;

namespace {

std::string patch_mail(const std::string& msgid, const std::string& subject, const std::string& body) {
  return "From: Mallory <mallory@example.invalid>\nTo: list@example.org\nList-Id: <pg.example.org>\n"
         "Subject: " + subject + "\nMessage-Id: <" + msgid + ">\nDate: Tue, 14 Jan 2025 17:08:33 +0000\n\n" + body +
         "\n---\ndiff --git a/w.c b/w.c\n--- a/w.c\n+++ b/w.c\n@@ -1 +1,2 @@\n int w;\n+int frob; /* <b> */\n";
}

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

// Every page test runs on SQLite and on PostgreSQL.
class Pages : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url;
    if (GetParam() == "postgresql") {
      PATCHLOOM_REQUIRE_POSTGRESQL();
      url = patchloom::testing::shared_pg_cluster()->create_schema();
    }
    site = std::make_unique<patchloom::testing::WebSite>("pg", "pg.example.org", url);
  }
  std::unique_ptr<patchloom::testing::WebSite> site;
};

}  // namespace

TEST_P(Pages, MarkupInMailIsShownAsText) {
  ASSERT_EQ(site->ingest(patch_mail("evil@x", "[PATCH] <script>alert(\"x\")</script> & 'q'",
                                   "Body <img src=x onerror=alert(1)> & \"quoted\" text")),
            "patch");
  const std::string escaped_name = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;";
  auto list = site->get("/project/pg/list/");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(contains(list.body, escaped_name)) << list.body;
  EXPECT_FALSE(contains(list.body, "<script>"));
  auto patch = site->get("/patch/1/");
  ASSERT_EQ(patch.status, 302);
  auto page = site->get(std::string(patch.headers.get("Location").value()));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "<h1 id=\"title\">" + escaped_name + "</h1>"));
  EXPECT_TRUE(contains(page.body, "Body &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot; text"));
  EXPECT_TRUE(contains(page.body, "<span class=\"add\">+int frob; /* &lt;b&gt; */\n</span>"));
  EXPECT_FALSE(contains(page.body, "<img"));
  EXPECT_FALSE(contains(page.body, "<script>"));
  EXPECT_TRUE(contains(page.headers.get("Content-Security-Policy").value_or(""), "default-src 'none'"));
}

TEST_P(Pages, ListFiltersAndOrdering) {
  ASSERT_EQ(site->ingest(patch_mail("a@x", "[PATCH] alpha widget", "A.")), "patch");
  ASSERT_EQ(site->ingest(patch_mail("b@x", "[PATCH] beta gadget", "B.")), "patch");
  auto all = site->get("/project/pg/list/");
  EXPECT_TRUE(contains(all.body, "alpha widget"));
  EXPECT_TRUE(contains(all.body, "beta gadget"));
  EXPECT_TRUE(contains(all.body, "2 patches"));
  // Newest first by default, oldest first with order=date.
  EXPECT_LT(all.body.find("beta gadget"), all.body.find("alpha widget"));
  auto by_id = site->get("/project/pg/list/?order=id");
  EXPECT_LT(by_id.body.find("alpha widget"), by_id.body.find("beta gadget"));
  auto searched = site->get("/project/pg/list/?q=WIDGET");
  EXPECT_TRUE(contains(searched.body, "alpha widget"));
  EXPECT_FALSE(contains(searched.body, "beta gadget"));
  EXPECT_TRUE(contains(site->get("/project/pg/list/?submitter=mallory").body, "2 patches"));
  EXPECT_TRUE(contains(site->get("/project/pg/list/?submitter=nobody").body, "0 patches"));
  EXPECT_TRUE(contains(site->get("/project/pg/list/?archived=true").body, "0 patches"));
  EXPECT_TRUE(contains(site->get("/project/pg/list/?state=accepted").body, "0 patches"));
  EXPECT_TRUE(contains(site->get("/project/pg/list/?state=new").body, "2 patches"));
  EXPECT_EQ(site->get("/project/nope/list/").status, 404);
  EXPECT_EQ(site->get("/project/pg/list").status, 301);
  auto projects = site->get("/");
  EXPECT_TRUE(contains(projects.body, "href=\"/project/pg/list/\""));
}

TEST_P(Pages, LoginSetsSafeCookiesAndNeedsCsrf) {
  site->add_user("alice", "correct-horse", false);
  auto form = site->get("/user/login/");
  const std::string csrf_cookie = patchloom::testing::cookie_from(form, "csrftoken");
  ASSERT_FALSE(csrf_cookie.empty());
  EXPECT_TRUE(contains(std::string(form.headers.get("Set-Cookie").value()), "HttpOnly"));
  const std::string token = patchloom::testing::csrf_token_in(form.body);
  // Without the token (or with another one): refused.
  EXPECT_EQ(site->post("/user/login/", "username=alice&password=correct-horse", csrf_cookie).status, 403);
  EXPECT_EQ(site->post("/user/login/", "csrf_token=" + token + "&username=alice&password=correct-horse", "").status, 403);
  auto ok = site->post("/user/login/", "csrf_token=" + token + "&username=alice&password=correct-horse&next=/user/",
                      csrf_cookie);
  ASSERT_EQ(ok.status, 302);
  EXPECT_EQ(ok.headers.get("Location").value_or(""), "/user/");
  const std::string set_cookie(ok.headers.get("Set-Cookie").value_or(""));
  EXPECT_TRUE(contains(set_cookie, "HttpOnly"));
  EXPECT_TRUE(contains(set_cookie, "SameSite=Lax"));
  const std::string session = patchloom::testing::cookie_from(ok, "sessionid");
  auto user = site->get("/user/", session);
  ASSERT_EQ(user.status, 200);
  EXPECT_TRUE(contains(user.body, "alice@example.org"));
  // Only a hash of the session id is stored.
  auto db = site->open();
  EXPECT_FALSE(db.query_value<long long>("SELECT COUNT(*) FROM web_session WHERE id_hash = :h",
                                         {session.substr(session.find('=') + 1)})
                   .value_or(1));
  // An open redirect through next= is refused.
  auto form2 = site->get("/user/login/");
  auto evil = site->post("/user/login/",
                        "csrf_token=" + patchloom::testing::csrf_token_in(form2.body) +
                            "&username=alice&password=correct-horse&next=//evil.example/",
                        patchloom::testing::cookie_from(form2, "csrftoken"));
  EXPECT_EQ(evil.headers.get("Location").value_or(""), "/");
  // Logout needs the session's token and ends the session.
  const std::string user_token = patchloom::testing::csrf_token_in(user.body);
  site->post("/user/logout/", "csrf_token=" + user_token, session);
  EXPECT_EQ(site->get("/user/", session).status, 302);
}

TEST_P(Pages, FailedLoginsAreRateLimited) {
  site->add_user("bob", "right-password", false);
  auto form = site->get("/user/login/");
  const std::string cookie = patchloom::testing::cookie_from(form, "csrftoken");
  const std::string token = patchloom::testing::csrf_token_in(form.body);
  for (int i = 0; i < 5; ++i) {
    auto bad = site->post("/user/login/", "csrf_token=" + token + "&username=bob&password=wrong", cookie);
    EXPECT_TRUE(contains(bad.body, "Wrong username or password"));
  }
  auto limited = site->post("/user/login/", "csrf_token=" + token + "&username=bob&password=right-password", cookie);
  EXPECT_EQ(limited.status, 429);
}

TEST_P(Pages, TokenBundleAndSeriesPages) {
  site->add_user("carol", "carol-password", false);
  ASSERT_EQ(site->ingest(patch_mail("c@x", "[PATCH] gamma", "C.")), "patch");
  const std::string session = site->login("carol", "carol-password");
  ASSERT_FALSE(session.empty());
  auto user = site->get("/user/", session);
  EXPECT_TRUE(contains(user.body, "no API token yet"));
  auto made = site->post("/user/generate-token/", "csrf_token=" + patchloom::testing::csrf_token_in(user.body), session);
  ASSERT_EQ(made.status, 200);
  const auto at = made.body.find("<pre id=\"api-token\">");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(made.body.substr(at + 20, 40).find_first_not_of("0123456789abcdef"), std::string::npos);

  // Add the patch to a new bundle from the list page.
  auto list = site->get("/project/pg/list/", session);
  auto added = site->post("/project/pg/list/",
                         "csrf_token=" + patchloom::testing::csrf_token_in(list.body) +
                             "&patch_id=1&action=bundle&bundle_id=&bundle_name=mine",
                         session);
  EXPECT_TRUE(contains(added.body, "1 patch(es) added to the bundle."));
  auto bundle = site->get("/bundle/carol/mine/", session);
  ASSERT_EQ(bundle.status, 200);
  EXPECT_TRUE(contains(bundle.body, "gamma"));
  EXPECT_EQ(site->get("/bundle/carol/mine/").status, 404);  // private
  // The owner makes it public; then anyone sees it, but only the owner changes it.
  auto made_public = site->post("/bundle/carol/mine/",
                                "csrf_token=" + patchloom::testing::csrf_token_in(bundle.body) + "&action=public", session);
  EXPECT_TRUE(contains(made_public.body, "<span id=\"visibility\">public</span>"));
  EXPECT_EQ(site->get("/bundle/carol/mine/").status, 200);
  EXPECT_EQ(site->post("/bundle/carol/mine/", "action=delete", "").status, 403);
  auto deleted = site->post("/bundle/carol/mine/",
                            "csrf_token=" + patchloom::testing::csrf_token_in(bundle.body) + "&action=delete", session);
  EXPECT_EQ(deleted.headers.get("Location").value_or(""), "/user/bundles/");
  EXPECT_EQ(site->get("/bundle/carol/mine/", session).status, 404);
  // Not a maintainer: no state form, and updates are refused.
  auto refused = site->post("/project/pg/list/",
                           "csrf_token=" + patchloom::testing::csrf_token_in(list.body) + "&patch_id=1&action=update&state=accepted",
                           session);
  EXPECT_TRUE(contains(refused.body, "Only the project&#x27;s maintainers can change patches."));
}

TEST_P(Pages, MaintainersChangeStateDelegateAndArchived) {
  const long long maint = site->add_user("maint", "maint-password", true);
  ASSERT_EQ(site->ingest(patch_mail("m1@x", "[PATCH] one", "1.")), "patch");
  ASSERT_EQ(site->ingest(patch_mail("m2@x", "[PATCH] two", "2.")), "patch");
  const std::string session = site->login("maint", "maint-password");
  // The patch page's form.
  auto page = site->get("/project/pg/patch/m1@x/", session);
  ASSERT_TRUE(contains(page.body, "name=\"state\""));
  auto changed = site->post("/project/pg/patch/m1@x/",
                           "csrf_token=" + patchloom::testing::csrf_token_in(page.body) +
                               "&action=update&state=accepted&delegate=" + std::to_string(maint) + "&archived=",
                           session);
  ASSERT_EQ(changed.status, 200);
  EXPECT_TRUE(contains(changed.body, "<td id=\"state\">Accepted</td>"));
  EXPECT_TRUE(contains(changed.body, "<td id=\"delegate\">maint</td>"));
  // The change went through the store's rules: an event was recorded.
  auto db = site->open();
  EXPECT_EQ(db.query_value<long long>("SELECT COUNT(*) FROM event WHERE category = 'patch-state-changed'").value_or(0), 1);
  // An unknown state is refused with the store's message, nothing changes.
  auto bad = site->post("/project/pg/patch/m1@x/",
                       "csrf_token=" + patchloom::testing::csrf_token_in(page.body) + "&action=update&state=bogus",
                       session);
  EXPECT_TRUE(contains(bad.body, "0 patch(es) updated. state:"));
  EXPECT_TRUE(contains(bad.body, "<td id=\"state\">Accepted</td>"));
  // A series' web_url lists it whole, accepted patch included.
  EXPECT_TRUE(contains(site->get("/project/pg/list/?series=1").body, "<td>1</td>"));
  EXPECT_FALSE(contains(site->get("/project/pg/list/?series=1&state=").body, "<td>1</td>"));
  // Bulk archive from the list page.
  auto list = site->get("/project/pg/list/", session);
  auto bulk = site->post("/project/pg/list/",
                        "csrf_token=" + patchloom::testing::csrf_token_in(list.body) +
                            "&patch_id=1&patch_id=2&action=update&state=&delegate=&archived=true",
                        session);
  EXPECT_TRUE(contains(bulk.body, "2 patch(es) updated."));
  EXPECT_TRUE(contains(bulk.body, "0 patches"));
  EXPECT_TRUE(contains(site->get("/project/pg/list/?archived=true&state=*").body, "2 patches"));
  // Without the session's token: refused.
  EXPECT_EQ(site->post("/project/pg/list/", "patch_id=1&action=update&archived=false", session).status, 403);
}

TEST_P(Pages, CommentLinksAndCoverRedirects) {
  ASSERT_EQ(site->ingest(patch_mail("p@x", "[PATCH] with reply", "P.")), "patch");
  ASSERT_EQ(site->ingest("From: R <r@example.invalid>\nList-Id: <pg.example.org>\nSubject: Re: [PATCH] with reply\n"
                        "Message-Id: <r@x>\nIn-Reply-To: <p@x>\nDate: Tue, 14 Jan 2025 18:00:00 +0000\n\nAcked-by: R <r@example.invalid>\n"),
            "comment");
  auto to_comment = site->get("/comment/1/");
  EXPECT_EQ(to_comment.status, 302);
  EXPECT_EQ(to_comment.headers.get("Location").value_or(""), "/project/pg/patch/p@x/#1");
  auto patch = site->get("/project/pg/patch/p@x/");
  EXPECT_TRUE(contains(patch.body, "<div class=\"comment\" id=\"1\">"));
  auto rc = site->get("/project/pg/pwclientrc/");
  EXPECT_EQ(rc.headers.get("Content-Type").value_or(""), "text/plain; charset=utf-8");
  EXPECT_TRUE(contains(rc.body, "[options]\ndefault = pg\n\n[pg]\nbackend = rest\nurl = http://web.test/api/\n"));
  EXPECT_TRUE(contains(site->get("/about/").body, "REST API: enabled"));
  EXPECT_TRUE(contains(patch.body, "Acked-by: 1"));
  // A patch's msgid under /cover/ goes to the patch page.
  EXPECT_EQ(site->get("/project/pg/cover/p@x/").headers.get("Location").value_or(""), "/project/pg/patch/p@x/");
  EXPECT_EQ(site->get("/comment/99/").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Engines, Pages, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& engine) { return engine.param; });
