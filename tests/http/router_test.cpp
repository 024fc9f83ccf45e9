#include "patchloom/http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace patchloom::http;

namespace {

Request make_request(std::string method, std::string_view target) {
  Request request;
  request.method = std::move(method);
  EXPECT_TRUE(set_target(request, target).ok()) << target;
  return request;
}

// A handler that answers with its route name and captures, "name:a,b".
RouteHandler named(std::string name) {
  return [name](const Request&, const Captures& captures) {
    std::string body = name + ":";
    for (std::size_t i = 0; i < captures.size(); ++i) body += (i ? "," : "") + captures[i];
    return Response::text(body);
  };
}

Router api_router() {
  Router router;
  router.add_segment_type("version", [](std::string_view s) {
    return s == "1.0" || s == "1.1" || s == "1.2" || s == "1.3" || s == "1.4";
  });
  router.add("GET", "/api/", named("index"));
  router.add("GET", "/api/{version}/patches/{int}/", named("patch"));
  router.add("PATCH", "/api/{version}/patches/{int}/", named("patch-update"));
  router.add("PUT", "/api/{version}/patches/{int}/", named("patch-put"));
  router.add("GET", "/api/projects/{str}/", named("project"));
  router.add("POST", "/api/bundles/", named("bundle-create"));
  router.add("GET", "/raw/{*}", named("raw"));
  return router;
}

}  // namespace

TEST(Router, TypedSegmentsAreCapturedInOrder) {
  Router router = api_router();
  EXPECT_EQ(router.handle(make_request("GET", "/api/1.2/patches/42/")).body, "patch:1.2,42");
  EXPECT_EQ(router.handle(make_request("PATCH", "/api/1.0/patches/7/")).body, "patch-update:1.0,7");
  EXPECT_EQ(router.handle(make_request("GET", "/api/projects/linux-kernel/")).body, "project:linux-kernel");
  EXPECT_EQ(router.handle(make_request("GET", "/api/")).body, "index:");
}

TEST(Router, SegmentTypesRejectWhatTheyDoNotAccept) {
  Router router = api_router();
  // The upstream regex's unescaped dot would take "1x0"; ours must not.
  EXPECT_EQ(router.handle(make_request("GET", "/api/1x0/patches/42/")).status, 404);
  EXPECT_EQ(router.handle(make_request("GET", "/api/1.5/patches/42/")).status, 404);
  EXPECT_EQ(router.handle(make_request("GET", "/api/1.2/patches/abc/")).status, 404);
  EXPECT_EQ(router.handle(make_request("GET", "/api/1.2/patches/42")).status, 404);  // no trailing slash
  EXPECT_EQ(router.handle(make_request("GET", "/api/projects//")).status, 404);      // {str} is never empty
}

TEST(Router, CapturesAreDecodedAndConvertible) {
  Router router;
  Captures seen;
  router.add("GET", "/p/{int}/{str}/", [&](const Request&, const Captures& c) {
    seen = c;
    return Response::text("ok");
  });
  router.handle(make_request("GET", "/p/0012/a%20b%252Fc/"));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen.as_int(0), 12);
  EXPECT_EQ(seen[1], "a b%2Fc");  // decoded once only (spec/api.md §1.5)
  EXPECT_THROW(seen.as_int(1), std::out_of_range);
  // Beyond int64 an {int} segment does not match: 404, and the handler (whose
  // as_int() would throw) never runs.
  seen = Captures();
  EXPECT_EQ(router.handle(make_request("GET", "/p/99999999999999999999/x/")).status, 404);
  EXPECT_EQ(seen.size(), 0u);
  router.handle(make_request("GET", "/p/9223372036854775807/x/"));
  EXPECT_EQ(seen.as_int(0), 9223372036854775807LL);
}

TEST(Router, RestCaptureTakesTheRemainingPath) {
  Router router = api_router();
  EXPECT_EQ(router.handle(make_request("GET", "/raw/a/b/c")).body, "raw:a/b/c");
  EXPECT_EQ(router.handle(make_request("GET", "/raw/")).body, "raw:");
  EXPECT_EQ(router.handle(make_request("GET", "/raw")).status, 404);
}

TEST(Router, WrongMethodIs405WithAllowInPatchworkOrder) {
  Router router = api_router();
  Response response = router.handle(make_request("DELETE", "/api/1.1/patches/3/"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers.get("Allow"), "GET, PUT, PATCH, HEAD");

  response = router.handle(make_request("GET", "/api/bundles/"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers.get("allow"), "POST");
}

TEST(Router, HeadUsesGetRoutesUnlessItHasItsOwn) {
  Router router = api_router();
  EXPECT_EQ(router.handle(make_request("HEAD", "/api/1.3/patches/5/")).body, "patch:1.3,5");
  router.add("HEAD", "/api/", named("head-index"));
  EXPECT_EQ(router.handle(make_request("HEAD", "/api/")).body, "head-index:");
  EXPECT_EQ(router.handle(make_request("HEAD", "/api/bundles/")).status, 405);
}

TEST(Router, FirstRegisteredMatchWins) {
  Router router;
  router.add("GET", "/x/{str}/", named("generic"));
  router.add("GET", "/x/special/", named("special"));
  EXPECT_EQ(router.handle(make_request("GET", "/x/special/")).body, "generic:special");
}

TEST(Router, FallbackAndMethodNotAllowedAreConfigurable) {
  Router router = api_router();
  router.set_fallback([](const Request& r) { return Response::html("<h1>Not Found</h1>" + r.path, 404); });
  router.set_method_not_allowed([](const Request& r, const std::string& allow) {
    Response response = Response::json(R"({"detail":"Method \")" + r.method + R"(\" not allowed."})", 405);
    response.headers.set("Allow", allow + ", OPTIONS");
    return response;
  });
  Response missing = router.handle(make_request("GET", "/api/patches.json"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "<h1>Not Found</h1>/api/patches.json");
  EXPECT_EQ(missing.headers.get("Content-Type"), "text/html; charset=utf-8");

  Response wrong = router.handle(make_request("POST", "/api/1.4/patches/1/"));
  EXPECT_EQ(wrong.body, R"({"detail":"Method \"POST\" not allowed."})");
  EXPECT_EQ(wrong.headers.get("Allow"), "GET, PUT, PATCH, HEAD, OPTIONS");
}

TEST(Router, BadPatternsAreRejectedAtRegistration) {
  Router router;
  auto ok = [](const Request&, const Captures&) { return Response::text(""); };
  EXPECT_THROW(router.add("GET", "api/", ok), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/api/{nosuchtype}/", ok), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/{*}/more", ok), std::invalid_argument);
}
