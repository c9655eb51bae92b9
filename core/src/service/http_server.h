// HTTP/1.1 server on Boost.Beast: keep-alive connections, limits on connections (in all and per client
// address), deadlines for a request's head, an idle connection and a response being sent, a request body
// limit enforced from the headers, a cap on response bytes held in memory, and a graceful stop that lets
// requests already started finish.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "http_types.h"

namespace p2c::service {

/// What happened to one request, for the access log and the request metrics.
struct Exchange {
  std::string request_id;
  std::string method;
  std::string target;
  const HttpResponse* response;
  std::size_t bytes;  ///< response body size
  double seconds;     ///< from the request's first byte to the response being ready to send
};

/// The server's limits; each is a `[service]` key of the same name (docs/service.md), defaults included.
struct HttpLimits {
  std::size_t max_body_bytes = 65536;
  /// Connections open at once. At the limit a new client takes the place of the oldest idle keep-alive
  /// connection, or else of the connection that has been sending its request longest; only when every
  /// connection is busy with a response does the server stop accepting until one closes.
  std::size_t max_connections = 1024;
  /// Connections open at once from one client address; beyond it a new connection is closed at once.
  std::size_t max_connections_per_client = 32;
  /// From a request's first byte (a new connection: from accepting it) until its head is complete.
  std::chrono::seconds header_timeout{10};
  /// How long a keep-alive connection may wait for its next request, and a request body to arrive.
  std::chrono::seconds idle_timeout{60};
  /// How long sending one response may take; a client that does not read is closed after it.
  std::chrono::seconds send_timeout{30};
  /// The largest response body held for one connection; a larger one is answered 503 instead.
  std::size_t max_response_bytes = 64u << 20;
  /// Response bytes held for all connections together while being sent; beyond it 503 with Retry-After.
  std::size_t max_buffered_response_bytes = 256u << 20;
};

class HttpServer {
 public:
  /// Answers a request through the Respond it is given (now or later, from any thread).
  using Handler = std::function<void(const HttpRequest&, Respond)>;
  using Observer = std::function<void(const Exchange&)>;

  /// Listens on `address` (an IP address or a host name, resolved here) and `port` (0: any free port).
  /// Throws std::runtime_error naming the address, the port and the settings that chose them when it
  /// cannot.
  HttpServer(boost::asio::io_context& io, const std::string& address, unsigned short port, HttpLimits limits,
             Handler handler, Observer observer);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  unsigned short port() const noexcept { return port_; }
  std::string address() const;

  /// Starts accepting; the io_context's threads run the connections.
  void start();

  /// Stops accepting, closes idle connections and lets requests already started finish; each connection
  /// closes after its current response. Returns at once; active_connections() reaches 0 when done.
  void stop();
  std::size_t active_connections() const noexcept;

  /// The wait before accepting again after an accept error (e.g. out of file descriptors) or while every
  /// connection is busy at max_connections, so that neither spins a thread.
  static constexpr std::chrono::milliseconds accept_backoff{100};
  /// The Retry-After of a 503 for too many response bytes held.
  static constexpr int busy_retry_seconds = 1;

  class Connection;
  struct Shared;

 private:
  void accept();
  void accept_later();
  void accepted(boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;  ///< on a strand: accepting and stop() never run at once
  boost::asio::steady_timer accept_timer_;   ///< on the acceptor's strand: accept_later()
  bool accept_failing_ = false;              ///< the last accept failed (logged once, not per retry)
  unsigned short port_ = 0;
  /// Shared with the connections: one left over after the grace period outlives the server, until the
  /// io_context that holds it is destroyed.
  std::shared_ptr<Shared> shared_;
};

}  // namespace p2c::service
