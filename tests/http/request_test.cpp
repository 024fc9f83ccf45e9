#include "patchloom/http/request.hpp"

#include <gtest/gtest.h>

#include "patchloom/http/base_url.hpp"
#include "patchloom/http/response.hpp"

using namespace patchloom::http;

TEST(RequestTarget, SplitsAndDecodesPathAndQuery) {
  Request r;
  ASSERT_TRUE(set_target(r, "/project/test/patch/patch.1%252Fslash@example.com/?a=1&b=x%20y").ok());
  EXPECT_EQ(r.target, "/project/test/patch/patch.1%252Fslash@example.com/?a=1&b=x%20y");
  EXPECT_EQ(r.raw_path, "/project/test/patch/patch.1%252Fslash@example.com/");
  EXPECT_EQ(r.path, "/project/test/patch/patch.1%2Fslash@example.com/");
  EXPECT_EQ(r.raw_query, "a=1&b=x%20y");
  EXPECT_EQ(r.query.get("b"), "x y");
}

TEST(RequestTarget, RepeatedQueryKeysKeepTheirOrder) {
  Request r;
  ASSERT_TRUE(set_target(r, "/api/bundles/?patches=3&name=b&patches=1&patches=2").ok());
  auto all = r.query.get_all("patches");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], "3");
  EXPECT_EQ(all[1], "1");
  EXPECT_EQ(all[2], "2");
  EXPECT_EQ(r.query.get("patches"), "3");
  ASSERT_EQ(r.query.size(), 4u);
  EXPECT_EQ(r.query.begin()[1].first, "name");
}

TEST(RequestTarget, FormEncodingOfQueries) {
  Request r;
  ASSERT_TRUE(set_target(r, "/x?q=a+b%2Bc&flag&empty=&&%C3%BC=%E2%9C%93").ok());
  EXPECT_EQ(r.query.get("q"), "a b+c");
  EXPECT_EQ(r.query.get("flag"), "");
  EXPECT_TRUE(r.query.contains("empty"));
  EXPECT_EQ(r.query.get("\xC3\xBC"), "\xE2\x9C\x93");
  EXPECT_EQ(r.query.size(), 4u);  // "&&" adds nothing
  EXPECT_FALSE(r.query.contains("missing"));
  // '+' in the path is a literal plus.
  ASSERT_TRUE(set_target(r, "/a+b/").ok());
  EXPECT_EQ(r.path, "/a+b/");
  EXPECT_TRUE(r.query.empty());
  EXPECT_EQ(r.raw_query, "");
}

TEST(RequestTarget, AbsoluteFormIsAccepted) {
  Request r;
  ASSERT_TRUE(set_target(r, "http://example.com:8000/api/?x=1").ok());
  EXPECT_EQ(r.path, "/api/");
  EXPECT_EQ(r.query.get("x"), "1");
  ASSERT_TRUE(set_target(r, "http://example.com").ok());
  EXPECT_EQ(r.path, "/");
}

TEST(RequestTarget, MalformedTargetsFail) {
  Request r;
  EXPECT_FALSE(set_target(r, "").ok());
  EXPECT_FALSE(set_target(r, "api/").ok());
  EXPECT_FALSE(set_target(r, "/bad%zzpercent").ok());
  EXPECT_FALSE(set_target(r, "/x?q=100%").ok());
  EXPECT_FALSE(set_target(r, "/sp ace").ok());
  // An absolute URI without an authority has no origin path (found by the
  // http_request fuzz target: "Length:=1" gave the path "=1").
  EXPECT_FALSE(set_target(r, "Length:=1").ok());
  EXPECT_FALSE(set_target(r, "x:/api/patches/").ok());
  EXPECT_FALSE(set_target(r, "mailto:a@example.com").ok());
  // Whatever the URL parser makes of an odd authority, the path must start
  // at the root (found by the fuzz target too).
  if (set_target(r, "hthttp://tp:U/AUUU/UUUUU").ok()) {
    EXPECT_EQ(r.raw_path.front(), '/') << r.raw_path;
    EXPECT_FALSE(r.path.empty());
  }
}

TEST(Headers, LookupIgnoresCaseAndKeepsRepeats) {
  Headers h;
  h.add("Content-Type", "text/plain");
  h.add("X-Dup", "1");
  h.add("x-dup", "2");
  EXPECT_EQ(h.get("content-type"), "text/plain");
  EXPECT_EQ(h.get("X-DUP"), "1");
  EXPECT_EQ(h.get_all("X-Dup").size(), 2u);
  h.set("X-DUP", "3");
  ASSERT_EQ(h.get_all("x-dup").size(), 1u);
  EXPECT_EQ(h.get("x-dup"), "3");
  h.remove("CONTENT-TYPE");
  EXPECT_FALSE(h.contains("Content-Type"));
  EXPECT_FALSE(iequals("abc", "abcd"));
}

TEST(ResponseHelpers, SetTheContentTypeTheSpecNames) {
  EXPECT_EQ(Response::json("{}").headers.get("Content-Type"), "application/json");
  EXPECT_EQ(Response::html("<p>", 404).headers.get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(Response::html("<p>", 404).status, 404);
  EXPECT_EQ(Response::text("ok").headers.get("Content-Type"), "text/plain; charset=utf-8");
  Response moved = Response::redirect("/api/1.2/patches/?q=1", 301);
  EXPECT_EQ(moved.status, 301);
  EXPECT_EQ(moved.headers.get("Location"), "/api/1.2/patches/?q=1");
  EXPECT_TRUE(moved.body.empty());
  EXPECT_EQ(reason_phrase(431), "Request Header Fields Too Large");
  EXPECT_EQ(reason_phrase(799), "");
}

TEST(BaseUrl, HostHeaderVerbatimWithPort) {
  Request r;
  r.headers.add("Host", "localhost:8000");
  EXPECT_EQ(base_url(r), "http://localhost:8000");
  r.connection.tls = true;
  EXPECT_EQ(base_url(r), "https://localhost:8000");
}

TEST(BaseUrl, ForwardedProtoOnlyWhenTrusted) {
  Request r;
  r.headers.add("Host", "patches.example.org");
  r.headers.add("X-Forwarded-Proto", "https");
  EXPECT_EQ(base_url(r), "http://patches.example.org");
  BaseUrlOptions trusted;
  trusted.trust_forwarded_proto = true;
  EXPECT_EQ(base_url(r, trusted), "https://patches.example.org");
}

TEST(BaseUrl, OverrideWinsAndLosesItsTrailingSlash) {
  Request r;
  r.headers.add("Host", "internal:8000");
  BaseUrlOptions options;
  options.override_url = "https://patchwork.example.org/";
  EXPECT_EQ(base_url(r, options), "https://patchwork.example.org");
}

TEST(BaseUrl, NoHostFallsBackToTheLocalAddress) {
  Request r;
  r.connection.local_address = "127.0.0.1";
  r.connection.local_port = 8123;
  EXPECT_EQ(base_url(r), "http://127.0.0.1:8123");
  r.connection.local_address = "::1";
  EXPECT_EQ(base_url(r), "http://[::1]:8123");
}
