// A request and its response as the API handlers see them, free of the HTTP library's types.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace p2c::service {

struct HttpRequest {
  std::string method;  ///< "GET", "POST", ...
  std::string path;    ///< the target before '?', not decoded
  std::string query;   ///< the target after '?', not decoded
  std::string authorization;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra ones: Allow, Retry-After, ...
  std::string route;  ///< the route pattern that answered, e.g. "/api/v1/pledges/{id}"; "unmatched" for 404s
};

/// A JSON error response: {"error":{"status":N,"message":"..."}}.
HttpResponse error_response(int status, std::string_view message, std::string route = "unmatched");

}  // namespace p2c::service
