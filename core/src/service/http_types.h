// A request and its response as the API handlers see them, free of the HTTP library's types.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace p2c::service {

struct HttpRequest {
  std::string method;  ///< "GET", "POST", ...; HEAD is routed to the path's GET route
  std::string path;    ///< the target before '?', not decoded
  std::string query;   ///< the target after '?', not decoded
  std::string authorization;
  std::string accept_encoding;  ///< the Accept-Encoding header, empty without one
  std::string if_none_match;    ///< the If-None-Match header, empty without one
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra ones: Allow, Retry-After, ...
  /// The route pattern that answered, e.g. "/api/v1/pledges/{id}"; "unmatched" when no route matched (404);
  /// "http_error" when the request was refused before routing (malformed, too large).
  std::string route;
};

/// Completes a request with its response. Callable from any thread; the HTTP layer sends the response on
/// the connection's own strand. Must be called exactly once per request.
using Respond = std::function<void(HttpResponse)>;

/// The metrics route label of a request no route matched.
inline constexpr const char* unmatched_route = "unmatched";
/// The metrics route label of a request refused by the HTTP layer before routing.
inline constexpr const char* http_error_route = "http_error";

/// A JSON error response: {"error":{"status":N,"message":"..."}}.
HttpResponse error_response(int status, std::string_view message, std::string route = unmatched_route);

/// 503 with Retry-After: the server is out of some capacity now and the client may retry after `seconds`.
HttpResponse busy_response(std::string_view message, int retry_after_seconds, std::string route = unmatched_route);

}  // namespace p2c::service
