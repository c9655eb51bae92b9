// Maps a method and a path to a handler by route pattern ("/api/v1/pledges/{id}"), and answers unknown
// paths with 404 and known paths with another method with 405 and Allow.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http_types.h"

namespace p2c::service {

/// Values of a pattern's {name} segments, percent-decoded.
using PathParams = std::map<std::string, std::string, std::less<>>;

class Router {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&, const PathParams&)>;

  /// `pattern` segments are literal or `{name}`; a final `{name...}` matches the rest of the path.
  void add(std::string method, std::string pattern, Handler handler);

  /// The handler's response with `route` set to the pattern (400 when it throws BadRequest, 500 when it throws
  /// anything else); 404 or 405 (JSON) when nothing matches.
  HttpResponse dispatch(const HttpRequest& request) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool match(const Route& route, const std::vector<std::string>& segments, PathParams& params);
  std::vector<Route> routes_;
};

}  // namespace p2c::service
