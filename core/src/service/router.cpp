#include "router.h"

#include "p2c/text.h"
#include "query.h"

namespace p2c::service {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  for (std::size_t start = 1; start <= path.size();) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

// Throws BadRequest for a malformed
// escape or bytes that are not UTF-8: nothing behind the routes has to handle either.
std::string decode_segment(const std::string& segment) {
  std::string decoded = percent_decode(segment, false);
  if (!valid_utf8(decoded))
    throw BadRequest("path segment '" + printable(segment) +
                     "' does not decode to UTF-8; percent-encode the bytes of UTF-8 text only");
  return decoded;
}

Respond labelled(Respond respond, std::string route) {
  return [respond = std::move(respond), route = std::move(route)](HttpResponse response) {
    response.route = route;
    respond(std::move(response));
  };
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
  add_async(std::move(method), std::move(pattern),
            [handler = std::move(handler)](const HttpRequest& request, const PathParams& params, Respond respond) {
              respond(handler(request, params));
            });
}

void Router::add_async(std::string method, std::string pattern, AsyncHandler handler) {
  Route route{std::move(method), std::move(pattern), {}, std::move(handler)};
  route.segments = split_path(route.pattern);
  routes_.push_back(std::move(route));
}

bool Router::match(const Route& route, const std::vector<std::string>& segments, PathParams& params) {
  params.clear();
  for (std::size_t i = 0; i < route.segments.size(); ++i) {
    const std::string& want = route.segments[i];
    const bool variable = want.size() > 2 && want.front() == '{' && want.back() == '}';
    if (variable && want.ends_with("...}")) {
      if (i >= segments.size()) return false;
      std::string rest;
      for (std::size_t j = i; j < segments.size(); ++j) {
        if (j > i) rest += '/';
        rest += decode_segment(segments[j]);
      }
      if (rest.empty()) return false;
      params[want.substr(1, want.size() - 5)] = rest;
      return true;
    }
    if (i >= segments.size()) return false;
    if (variable) {
      if (segments[i].empty()) return false;
      params[want.substr(1, want.size() - 2)] = decode_segment(segments[i]);
    } else if (want != segments[i]) {
      return false;
    }
  }
  return segments.size() == route.segments.size();
}

void Router::dispatch(const HttpRequest& request, Respond respond) const {
  if (request.path.empty() || request.path.front() != '/')
    return respond(
        error_response(400, "the request target must be an absolute path such as /api/v1/results", http_error_route));
  const std::vector<std::string> segments = split_path(request.path);
  // Every segment is checked, not only those a route decodes, so that a bad path is a 400 whichever route
  // it would have reached.
  for (const auto& segment : segments) {
    try {
      decode_segment(segment);
    } catch (const BadRequest& e) {
      return respond(error_response(400, e.what(), http_error_route));
    }
  }
  PathParams params;
  std::string allowed;
  std::string matched_pattern;
  for (const auto& route : routes_) {
    if (!match(route, segments, params)) continue;
    if (route.method == request.method || (request.method == "HEAD" && route.method == "GET")) {
      Respond answer = labelled(std::move(respond), route.pattern);
      try {
        route.handler(request, params, answer);
      } catch (const BadRequest& e) {
        answer(error_response(400, e.what()));
      } catch (const std::exception& e) {
        answer(error_response(500, std::string("internal error: ") + e.what()));
      }
      return;
    }
    const std::string method = route.method == "GET" ? "GET, HEAD" : route.method;
    if (allowed.find(route.method) == std::string::npos) allowed += (allowed.empty() ? "" : ", ") + method;
    matched_pattern = route.pattern;
  }
  if (!allowed.empty()) {
    HttpResponse response = error_response(405,
                                           "method " + printable(request.method) + " is not allowed on " +
                                               printable(request.path) + "; allowed: " + allowed,
                                           matched_pattern);
    response.headers.emplace_back("Allow", allowed);
    return respond(std::move(response));
  }
  respond(error_response(404, "no route for " + printable(request.path) + " (GET /openapi.json describes the API)"));
}

}  // namespace p2c::service
