// The archive handler end to end over a real database: pages, redirects,
// raw and mbox downloads, Atom feeds, search.

#include <gtest/gtest.h>

#ifdef PATCHLOOM_HAVE_EXPAT
#include <expat.h>
#endif

#include <regex>

#include "archive_fixture.hpp"
#include "patchloom/archive/msgid.hpp"
#include "patchloom/mail/mbox.hpp"

using namespace patchloom;
using namespace patchloom::archive::testing;

namespace {

// Positions of the needles must be increasing.
void expect_in_order(const std::string& text, const std::vector<std::string>& needles) {
  std::size_t last = 0;
  for (const auto& n : needles) {
    const auto pos = text.find(n, last);
    ASSERT_NE(pos, std::string::npos) << "missing or out of order: " << n << "\nin:\n" << text;
    last = pos + n.size();
  }
}

#ifdef PATCHLOOM_HAVE_EXPAT
struct XmlCount {
  int entries = 0;
  int links = 0;
};
// Parses `xml` strictly; returns an error text or "" plus element counts.
std::string parse_xml(const std::string& xml, XmlCount& count) {
  XML_Parser p = XML_ParserCreate(nullptr);
  XML_SetUserData(p, &count);
  XML_SetStartElementHandler(p, [](void* data, const XML_Char* name, const XML_Char**) {
    auto* c = static_cast<XmlCount*>(data);
    std::string n(name);
    if (n == "entry") ++c->entries;
    if (n == "thr:in-reply-to") ++c->links;
  });
  std::string error;
  if (XML_Parse(p, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_ERROR)
    error = std::string(XML_ErrorString(XML_GetErrorCode(p))) + " at line " +
            std::to_string(XML_GetCurrentLineNumber(p));
  XML_ParserFree(p);
  return error;
}
#endif

class ArchivePages : public ArchiveTest {
 protected:
  // A cover letter, two patches and a reply to patch 1, plus one unrelated mail.
  void ingest_series() {
    ingest(make_mail("cover@x", "[PATCH 0/2] widgets: frob", "Cover text.\n", 0));
    ingest(make_mail("p1@x", "[PATCH 1/2] widgets: add", "Add.\n\nFrom the start, a line to quote.\n", 1,
                     {"cover@x"}));
    ingest(make_mail("p2@x", "[PATCH 2/2] widgets: use", "Use.\n", 2, {"cover@x"}));
    ingest(make_mail("r1@x", "Re: [PATCH 1/2] widgets: add", "> Add.\n\nLooks good.\n", 3, {"cover@x", "p1@x"}));
    ingest(make_mail("other@x", "unrelated", "Hello.\n", 4));
  }
};

}  // namespace

TEST_P(ArchivePages, MarkupInSubjectsAndBodiesIsShownAsText) {
  ingest(make_mail("evil@x", "<script>alert(1)</script> & \"quotes\"",
                   "<b>bold</b> & <a href=\"javascript:x\">link</a>\n", 0));
  for (std::string path : {"/archive/archive-test/evil@x/", "/archive/archive-test/evil@x/T/",
                           "/archive/archive-test/evil@x/t/", "/archive/archive-test/"}) {
    auto r = get(path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body.find("<script>"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("<b>bold"), std::string::npos) << path;
    EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"), std::string::npos)
        << path;
    // The list's own name is data too.
    EXPECT_NE(r.body.find("Archive &lt;test&gt; list"), std::string::npos) << path;
  }
  auto page = get("/archive/archive-test/evil@x/");
  EXPECT_NE(page.body.find("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href=&quot;javascript:x&quot;&gt;"), std::string::npos);
  EXPECT_EQ(page.headers.get("Content-Type"), "text/html; charset=UTF-8");
}

TEST_P(ArchivePages, MessageIdWithSlashWorksEscapedAndDecoded) {
  ingest(make_mail("a/b+c@x", "slashed", "Body.\n", 0));
  ingest(make_mail("reply@x", "Re: slashed", "Reply.\n", 1, {"a/b+c@x"}));
  auto r = get("/archive/archive-test/a%2Fb+c@x/");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Message-ID: &lt;a/b+c@x&gt;"), std::string::npos);
  // Links to it use public-inbox's escaping: '/' as %2F, '+' and '@' literal.
  auto reply = get("/archive/archive-test/reply@x/");
  EXPECT_NE(reply.body.find("href=\"../a%2Fb+c@x/\""), std::string::npos);
  // b4's quote_plus form and a front-end that decoded %2F both reach it.
  EXPECT_EQ(get("/archive/archive-test/a%2Fb%2Bc%40x/raw").status, 200);
  EXPECT_EQ(get("/archive/archive-test/a/b+c@x/raw").status, 200);
  auto mbox = get("/archive/archive-test/a%2Fb%2Bc%40x/t.mbox.gz");
  ASSERT_EQ(mbox.status, 200);
  EXPECT_NE(gunzip(mbox.body).find("Message-Id: <reply@x>"), std::string::npos);
}

TEST_P(ArchivePages, RedirectsAreAbsoluteAndBodiless) {
  ingest(make_mail("m@x", "one", "Body.\n", 0));
  auto r = get("/archive/archive-test/m%40x", "HEAD");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.headers.get("Location"), "http://archive.example.com/archive/archive-test/m@x/");
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(get("/archive/archive-test").headers.get("Location"), "http://archive.example.com/archive/archive-test/");
  EXPECT_EQ(get("/archive/archive-test/m@x/T").headers.get("Location"),
            "http://archive.example.com/archive/archive-test/m@x/T/#u");
  EXPECT_EQ(get("/archive/archive-test/m@x/t").headers.get("Location"),
            "http://archive.example.com/archive/archive-test/m@x/t/#u");
  EXPECT_EQ(get("/archive/r/m%40x").headers.get("Location"), "http://archive.example.com/archive/archive-test/m@x/");
}

TEST_P(ArchivePages, UnknownMessagesAndListsAndMethods) {
  EXPECT_EQ(get("/archive/archive-test/nope@x/").status, 300);
  auto raw = get("/archive/archive-test/nope@x/raw");
  EXPECT_EQ(raw.status, 404);
  EXPECT_EQ(raw.headers.get("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(get("/archive/archive-test/nope@x/t.mbox.gz").status, 404);
  EXPECT_EQ(get("/archive/archive-test/nope@x/t.atom").status, 404);
  EXPECT_EQ(get("/archive/no-such-list/").status, 404);
  EXPECT_EQ(get("/archive/archive-test/", "DELETE").status, 405);
  EXPECT_EQ(get("/archive/archive-test/nul%00@x/").status, 404);
  EXPECT_EQ(get("/archive/archive-test/?q=%00").status, 404);
}

TEST_P(ArchivePages, NestedThreadIndentsRepliesInTreeOrder) {
  ingest_series();
  auto r = get("/archive/archive-test/p2@x/t/");
  ASSERT_EQ(r.status, 200);
  // Tree order: cover, 1/2, its reply, 2/2 (the reply is nested under 1/2).
  expect_in_order(r.body, {"<ul><li><pre><a href=\"#e", "<b>[PATCH 0/2] widgets: frob</b>",
                           "<ul><li><pre>", "<b>[PATCH 1/2] widgets: add</b>", "<ul><li><pre>",
                           "<b>Re: [PATCH 1/2] widgets: add</b>", "</li></ul></li><li><pre>",
                           "<u id=u><b>[PATCH 2/2] widgets: use</b></u>"});
  // The overview: date, two spaces per level beyond the first, a backtick marker.
  const std::string overview = r.body.substr(r.body.find("<b id=t>Thread overview:</b>"));
  EXPECT_NE(overview.find("4+ messages"), std::string::npos);
  std::regex line_re(R"((\d{4}-\d\d-\d\d [ \d]\d:\d\d) ( *)(` )?<a href="#m[0-9a-f]{40}" id="r[0-9a-f]{40}">([^<]*)</a>)");
  std::vector<std::string> lines;
  for (std::sregex_iterator it(overview.begin(), overview.end(), line_re), end; it != end; ++it)
    lines.push_back((*it)[1].str() + "|" + (*it)[2].str() + ((*it)[3].matched ? "` " : "") + (*it)[4].str());
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "2024-01-01 10:00|[PATCH 0/2] widgets: frob",
                       "2024-01-01 10:01|` [PATCH 1/2] widgets: add",
                       "2024-01-01 10:03|  ` Alice Example",  // same subject as the line above: the author
                       "2024-01-01 10:02|` [PATCH 2/2] widgets: use",
                   }));
  // Flat view: by date, with <hr> between messages, no nesting.
  auto flat = get("/archive/archive-test/p2@x/T/");
  expect_in_order(flat.body, {"[PATCH 0/2] widgets: frob</b>", "[PATCH 1/2] widgets: add</b>",
                              "[PATCH 2/2] widgets: use</b>", "Re: [PATCH 1/2] widgets: add</b>"});
  EXPECT_EQ(flat.body.find("<ul>"), std::string::npos);
  EXPECT_NE(flat.body.find("[<a href=\"../../p1@x/T/#u\"><b>flat</b></a>|<a href=\"../../p1@x/t/#u\">nested</a>] "),
            std::string::npos);
  // The unrelated mail is not in the thread.
  EXPECT_EQ(flat.body.find("unrelated"), std::string::npos);
}

TEST_P(ArchivePages, MessagePageHasHeadersLinksAndMiniOverview) {
  ingest_series();
  auto r = get("/archive/archive-test/p1@x/");
  ASSERT_EQ(r.status, 200);
  expect_in_order(r.body, {"<title>[PATCH 1/2] widgets: add - Alice Example</title>",
                           "From: Alice Example &lt;alice@example.com&gt;",
                           "Subject: <a href=\"#r\" id=t>[PATCH 1/2] widgets: add</a>",
                           "Message-ID: &lt;p1@x&gt; (<a href=\"raw\">raw</a>)",
                           "In-Reply-To: &lt;<a href=\"../cover@x/\">cover@x</a>&gt;", "Add.",
                           "<a href=\"../r1@x/\" rel=next>next</a> <a href=\"../cover@x/\" rel=prev>prev</a>",
                           "4+ messages</a>", "<b id=r>2024-01-01 10:01 ` Alice Example [this message]</b>"});
  // The thread page's mini-skeleton for 1/2: parent, itself, its reply, the next sibling, counts.
  auto t = get("/archive/archive-test/p1@x/T/");
  expect_in_order(t.body, {"<u id=u><b>[PATCH 1/2] widgets: add</b></u>\n",
                           "  2024-01-01 10:00 <a href=\"../../cover@x/\">[PATCH 0/2] widgets: frob</a> Alice Example\n",
                           "<b>@ 2024-01-01 10:01 ` Alice Example</b>\n",
                           "  2024-01-01 10:03   ` <a href=\"../../r1@x/\">Alice Example</a>\n",
                           "  2024-01-01 10:02 ` <a href=\"../../p2@x/\">[PATCH 2/2] widgets: use</a> Alice Example\n",
                           "  1 sibling, 1 reply; 4+ messages in thread\n", "From: Alice Example @ 2024-01-01 10:01 UTC"});
}

TEST_P(ArchivePages, RawIsTheStoredMailAsMboxrd) {
  const std::string raw = make_mail("p@x", "Re: [PATCH] raw", "From here\n>From there\n", 0);
  ingest(raw);
  auto r = get("/archive/archive-test/p@x/raw");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.get("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r.headers.get("Content-Disposition"), "inline; filename=PATCH-raw.txt");
  EXPECT_EQ(r.body, std::string(mail::kMboxrdSeparator) +
                        raw.substr(0, raw.size() - std::string("From here\n>From there\n").size()) +
                        ">From here\n>>From there\n\n");
}

TEST_P(ArchivePages, ThreadMboxIsGzipOfTheRawMailsInArrivalOrder) {
  std::vector<std::string> raws = {
      make_mail("cover@x", "[PATCH 0/2] widgets: frob", "Cover text.\n", 0),
      make_mail("p2@x", "[PATCH 2/2] widgets: use", "Use.\n", 2, {"cover@x"}),  // arrives before 1/2
      make_mail("p1@x", "[PATCH 1/2] widgets: add", "Add.\nFrom the start\n", 1, {"cover@x"}),
  };
  raws[1].insert(raws[1].find("Subject:"), "Status: RO\nContent-Length: 5\n");
  for (const auto& raw : raws) ingest(raw);
  ingest(make_mail("other@x", "unrelated", "Hello.\n", 4));
  auto r = get("/archive/archive-test/p1@x/t.mbox.gz");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.get("Content-Type"), "application/gzip");
  EXPECT_FALSE(r.headers.contains("Content-Encoding"));
  EXPECT_EQ(r.headers.get("Content-Disposition"), "inline; filename=PATCH-1-2-widgets-add.mbox.gz");
  std::string expected;
  for (std::size_t i = 0; i < raws.size(); ++i) {
    std::string raw = raws[i];
    if (i == 1) raw.erase(raw.find("Status: RO\n"), std::string("Status: RO\nContent-Length: 5\n").size());
    for (std::size_t pos = raw.find("\nFrom "); pos != std::string::npos; pos = raw.find("\nFrom ", pos + 2))
      raw.insert(pos + 1, ">");
    expected += "From mboxrd@z Thu Jan  1 00:00:00 1970\n" + raw + "\n";
  }
  EXPECT_EQ(gunzip(r.body), expected);
  // HEAD: same headers, the server drops the body.
  EXPECT_EQ(get("/archive/archive-test/cover@x/t.mbox.gz", "HEAD").status, 200);
}

TEST_P(ArchivePages, AtomFeedsAreWellFormedWithEntries) {
#ifndef PATCHLOOM_HAVE_EXPAT
  GTEST_SKIP() << "built without expat";
#else
  ingest_series();
  ingest(make_mail("u@x", "caf\xc3\xa9 <&> \x01 control", "Body \xe2\x9c\x93 & <tag>\n", 5));
  auto feed = get("/archive/archive-test/new.atom");
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.headers.get("Content-Type"), "application/atom+xml");
  XmlCount count;
  EXPECT_EQ(parse_xml(feed.body, count), "") << feed.body;
  EXPECT_EQ(count.entries, 6);
  EXPECT_NE(feed.body.find("<id>mailto:archive-test@lists.example.com</id>"), std::string::npos);
  EXPECT_NE(feed.body.find("caf&#xE9; &lt;&amp;&gt;  control"), std::string::npos) << feed.body;
  auto thread = get("/archive/archive-test/p1@x/t.atom");
  ASSERT_EQ(thread.status, 200);
  XmlCount tc;
  EXPECT_EQ(parse_xml(thread.body, tc), "") << thread.body;
  EXPECT_EQ(tc.entries, 4);
  EXPECT_EQ(tc.links, 3);  // every reply names its parent
  EXPECT_NE(thread.body.find("<link href=\"http://archive.example.com/archive/archive-test/r1@x/\"/>"),
            std::string::npos);
#endif
}

TEST_P(ArchivePages, IndexListsTopicsNewestFirst) {
  ingest_series();
  auto r = get("/archive/archive-test/");
  ASSERT_EQ(r.status, 200);
  expect_in_order(r.body, {"<a href=\"other@x/T/#u\"><b>unrelated</b></a>", "<a href=\"cover@x/T/#u\"><b>[PATCH 0/2]",
                           "(4+ messages)", "` <a href=\"p2@x/\">[PATCH 2/2] widgets: use</a>"});
  auto older = get("/archive/archive-test/?t=20240101100200");
  EXPECT_EQ(older.body.find("unrelated"), std::string::npos);
  EXPECT_NE(older.body.find("[PATCH 1/2]"), std::string::npos);
  EXPECT_EQ(get("/archive/archive-test/?t=bogus").status, 400);
}

TEST_P(ArchivePages, SearchSubjectsAndSendersAndMboxForClients) {
  ingest_series();
  auto r = get("/archive/archive-test/?q=s:%22widgets:+use%22");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("[PATCH 2/2] widgets: use"), std::string::npos);
  EXPECT_EQ(r.body.find("unrelated"), std::string::npos);
  EXPECT_EQ(get("/archive/archive-test/?q=s:nothing-like-this").status, 404);
  // b4 am -c's query shape, POSTed for a gzip mbox of whole threads.
  const std::string q = "/archive/archive-test/?x=m&t=1&q=" 
                        "%28%28s%3A%22widgets%3A+frob%22+AND+f%3A%22alice%40example.com%22%29%29+AND+d%3A20240101..";
  auto m = get(q, "POST");
  ASSERT_EQ(m.status, 200);
  EXPECT_EQ(m.headers.get("Content-Type"), "application/gzip");
  const std::string mbox = gunzip(m.body);
  for (std::string id : {"<cover@x>", "<p1@x>", "<p2@x>", "<r1@x>"})
    EXPECT_NE(mbox.find("Message-Id: " + id), std::string::npos) << id;
  EXPECT_EQ(mbox.find("<other@x>"), std::string::npos);
  auto none = get("/archive/archive-test/?x=m&t=1&q=s%3Anothing+OR+nq%3A%22change-id%3A+x%22", "POST");
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(none.body, "No results found\n");
  auto dated = get("/archive/archive-test/?x=m&q=d%3A20240102..", "POST");
  EXPECT_EQ(dated.status, 404);
  // b4's default searchmask: /all/ searches every project.
  auto all = get("/archive/all/?x=m&t=1&q=s%3A%22widgets%3A+use%22", "POST");
  ASSERT_EQ(all.status, 200);
  EXPECT_NE(gunzip(all.body).find("Message-Id: <r1@x>"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Engines, ArchivePages,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql), dialect_name);
