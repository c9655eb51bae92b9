// Maps a method and a path to a handler by route pattern ("/api/v1/pledges/{id}"), and answers unknown
// paths with 404 and known paths with another method with 405 and Allow. HEAD is answered by the GET route
// of the path (the HTTP layer sends the headers only).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http_types.h"

namespace p2c::service {

/// Values of a pattern's {name} segments, percent-decoded and valid UTF-8.
using PathParams = std::map<std::string, std::string, std::less<>>;

class Router {
 public:
  /// A route answering at once, on the I/O thread: for work that never waits (snapshot reads, files).
  using Handler = std::function<HttpResponse(const HttpRequest&, const PathParams&)>;
  /// A route answering later, e.g. after database work on another thread: it must call the Respond it is
  /// given exactly once, from any thread, or throw before handing it on.
  using AsyncHandler = std::function<void(const HttpRequest&, const PathParams&, Respond)>;

  /// `pattern` segments are literal or `{name}`; a final `{name...}` matches the rest of the path.
  void add(std::string method, std::string pattern, Handler handler);
  void add_async(std::string method, std::string pattern, AsyncHandler handler);

  /// Answers `request` through `respond`, with `route` set to the matched pattern: the handler's response
  /// (400 when it throws BadRequest, 500 when it throws anything else); 400 for a path that does not decode
  /// to UTF-8; 404 or 405 (JSON) when nothing matches. Sync routes call `respond` before this returns.
  void dispatch(const HttpRequest& request, Respond respond) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    AsyncHandler handler;
  };
  static bool match(const Route& route, const std::vector<std::string>& segments, PathParams& params);
  std::vector<Route> routes_;
};

}  // namespace p2c::service
