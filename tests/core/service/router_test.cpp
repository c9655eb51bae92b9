// Route matching: patterns, path parameters, 404 and 405 with Allow.
#include "router.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <optional>

#include "query.h"
#include "rate_limiter.h"

using namespace p2c::service;

namespace {

Router sample_router() {
  Router router;
  const auto echo = [](const HttpRequest&, const PathParams& params) {
    HttpResponse response;
    for (const auto& [name, value] : params) response.body += name + "=" + value + ";";
    return response;
  };
  router.add("GET", "/api/v1/pledges/{id}", echo);
  router.add("POST", "/api/v1/pledges/{id}/reports", echo);
  router.add("GET", "/assets/{file...}", echo);
  router.add("GET", "/", echo);
  return router;
}

HttpResponse call(const Router& router, const std::string& method, const std::string& path) {
  HttpRequest request;
  request.method = method;
  request.path = path;
  HttpResponse response;
  int answers = 0;
  router.dispatch(request, [&](HttpResponse r) {
    response = std::move(r);
    ++answers;
  });
  CHECK(answers == 1);  // sync routes answer before dispatch returns, exactly once
  return response;
}

}  // namespace

TEST_CASE("routes match patterns and decode path parameters", "[service][router]") {
  const Router router = sample_router();
  const HttpResponse pledge = call(router, "GET", "/api/v1/pledges/P2C-2022%2F1");
  CHECK(pledge.status == 200);
  CHECK(pledge.body == "id=P2C-2022/1;");
  CHECK(pledge.route == "/api/v1/pledges/{id}");
  CHECK(call(router, "POST", "/api/v1/pledges/X/reports").route == "/api/v1/pledges/{id}/reports");
  CHECK(call(router, "GET", "/assets/js/app.js").body == "file=js/app.js;");
  CHECK(call(router, "GET", "/").status == 200);
}

TEST_CASE("unknown paths are 404, other methods 405 with Allow, both JSON", "[service][router]") {
  const Router router = sample_router();
  const HttpResponse missing = call(router, "GET", "/api/v1/pledges");
  CHECK(missing.status == 404);
  CHECK(missing.route == "unmatched");
  CHECK(nlohmann::json::parse(missing.body)["error"]["status"] == 404);
  CHECK(call(router, "GET", "/api/v1/pledges/").status == 404);
  CHECK(call(router, "GET", "/assets/").status == 404);

  const HttpResponse wrong = call(router, "DELETE", "/api/v1/pledges/X");
  CHECK(wrong.status == 405);
  CHECK(wrong.route == "/api/v1/pledges/{id}");
  REQUIRE(wrong.headers.size() == 1);
  CHECK(wrong.headers[0] == std::pair<std::string, std::string>{"Allow", "GET, HEAD"});
  CHECK_THAT(nlohmann::json::parse(wrong.body)["error"]["message"].get<std::string>(), Catch::Contains("DELETE"));
  CHECK(call(router, "GET", "/api/v1/pledges/X/reports").headers[0].second == "POST");
}

TEST_CASE("a handler that throws is a 500 labelled with its route, not unmatched", "[service][router]") {
  Router router;
  router.add("GET", "/api/v1/pledges/{id}", [](const HttpRequest&, const PathParams&) -> HttpResponse {
    throw std::runtime_error("registry file vanished");
  });
  const HttpResponse failed = call(router, "GET", "/api/v1/pledges/X");
  CHECK(failed.status == 500);
  CHECK(failed.route == "/api/v1/pledges/{id}");
  CHECK_THAT(nlohmann::json::parse(failed.body)["error"]["message"].get<std::string>(),
             Catch::Contains("registry file vanished"));
  CHECK(call(router, "GET", "relative").route == "http_error");
}

TEST_CASE("a malformed escape or bytes that are not UTF-8 in a path or query are 400 with JSON, never 500",
          "[service][router]") {
  const Router router = sample_router();
  for (const std::string path : {"/api/v1/pledges/%zz", "/api/v1/pledges/%FF", "/api/v1/pledges/%C3",
                                 "/api/v1/pledges/%ED%A0%80", "/assets/a/%zz", "/nowhere/%FF", "/api/v1/pledges/%"}) {
    INFO(path);
    const HttpResponse response = call(router, "GET", path);
    CHECK(response.status == 400);
    const auto body = nlohmann::json::parse(response.body);  // serialisable whatever the path held
    CHECK(body["error"]["status"] == 400);
  }
  CHECK(call(router, "GET", "/api/v1/pledges/caf%C3%A9").body == "id=caf\xc3\xa9;");
  CHECK_THROWS_AS(parse_query("economy=%FF"), BadRequest);
  CHECK_THROWS_AS(parse_query("%FE=1"), BadRequest);
  CHECK_THROWS_AS(parse_query("economy=%zz"), BadRequest);
  CHECK(parse_query("name=S%C3%A3o+Tom%C3%A9").at("name") == "S\xc3\xa3o Tom\xc3\xa9");
  // A message quoting any bytes still serialises.
  CHECK_NOTHROW(nlohmann::json::parse(error_response(400, "bad '\xff\xfe\x01'").body));
}

TEST_CASE("HEAD is routed to the GET route of its path", "[service][router]") {
  const Router router = sample_router();
  const HttpResponse head = call(router, "HEAD", "/api/v1/pledges/P1");
  CHECK(head.status == 200);
  CHECK(head.route == "/api/v1/pledges/{id}");
  CHECK(call(router, "HEAD", "/api/v1/pledges/P1/reports").status == 405);
}

TEST_CASE("an asynchronous route answers later, labelled with its route", "[service][router]") {
  Router router;
  Respond later;
  router.add_async("POST", "/jobs/{id}", [&](const HttpRequest&, const PathParams& params, Respond respond) {
    CHECK(params.at("id") == "7");
    later = std::move(respond);
  });
  HttpRequest request;
  request.method = "POST";
  request.path = "/jobs/7";
  std::optional<HttpResponse> answer;
  router.dispatch(request, [&](HttpResponse response) { answer = std::move(response); });
  CHECK_FALSE(answer);  // not answered until the handler's work is done
  REQUIRE(later);
  HttpResponse done;
  done.status = 201;
  later(std::move(done));
  REQUIRE(answer);
  CHECK(answer->status == 201);
  CHECK(answer->route == "/jobs/{id}");
}

TEST_CASE("the rate limiter allows a minute's budget, then says when to retry", "[service][rate]") {
  RateLimiter limiter(3);
  const auto start = RateLimiter::Clock::now();
  CHECK(limiter.take("t1", start) == 0);
  CHECK(limiter.take("t1", start) == 0);
  CHECK(limiter.take("t1", start) == 0);
  CHECK(limiter.take("t1", start) == 20);  // one token every 20 s
  CHECK(limiter.take("t2", start) == 0);   // buckets are per key
  CHECK(limiter.take("t1", start + std::chrono::seconds(15)) == 5);
  CHECK(limiter.take("t1", start + std::chrono::seconds(21)) == 0);
  CHECK(limiter.take("t1", start + std::chrono::seconds(21)) > 0);
}
