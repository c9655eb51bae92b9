#include "router.h"

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

std::string decode_segment(const std::string& segment) {
  // Same escapes as the query string, except that '+' stays a plus in a path.
  std::string protected_plus;
  for (const char c : segment) protected_plus += c == '+' ? std::string("%2B") : std::string(1, c);
  const QueryParams decoded = parse_query("v=" + protected_plus);
  return decoded.begin()->second;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
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

HttpResponse Router::dispatch(const HttpRequest& request) const {
  if (request.path.empty() || request.path.front() != '/')
    return error_response(400, "the request target must be an absolute path such as /api/v1/results", http_error_route);
  const std::vector<std::string> segments = split_path(request.path);
  PathParams params;
  std::string allowed;
  std::string matched_pattern;
  for (const auto& route : routes_) {
    if (!match(route, segments, params)) continue;
    if (route.method == request.method) {
      HttpResponse response;
      try {
        response = route.handler(request, params);
      } catch (const BadRequest& e) {
        response = error_response(400, e.what());
      } catch (const std::exception& e) {
        response = error_response(500, std::string("internal error: ") + e.what());
      }
      response.route = route.pattern;
      return response;
    }
    if (allowed.find(route.method) == std::string::npos) allowed += (allowed.empty() ? "" : ", ") + route.method;
    matched_pattern = route.pattern;
  }
  if (!allowed.empty()) {
    HttpResponse response =
        error_response(405, "method " + request.method + " is not allowed on " + request.path + "; allowed: " + allowed,
                       matched_pattern);
    response.headers.emplace_back("Allow", allowed);
    return response;
  }
  return error_response(404, "no route for " + request.path + " (GET /openapi.json describes the API)");
}

}  // namespace p2c::service
