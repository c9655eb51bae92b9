// HTTP/1.1 server on Boost.Beast: keep-alive connections, a request body limit enforced while reading,
// and a graceful stop that lets requests already started finish.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

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

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;
  using Observer = std::function<void(const Exchange&)>;

  /// Binds and listens on `address`:`port` (0: any free port). Throws boost::system::system_error.
  HttpServer(boost::asio::io_context& io, const std::string& address, unsigned short port, std::size_t max_body_bytes,
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
  std::size_t active_connections() const noexcept { return active_->load(); }

  /// Connections open at once. Beyond it the server stops accepting until one closes; further clients wait
  /// in the listen backlog (their connect succeeds, the request is read later) instead of exhausting file
  /// descriptors.
  static constexpr std::size_t max_connections = 1024;
  /// The wait before accepting again after an accept error (e.g. out of file descriptors) or at
  /// max_connections, so that neither spins a thread.
  static constexpr std::chrono::milliseconds accept_backoff{100};

  class Connection;

 private:
  void accept();
  void accept_later();

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;  ///< on a strand: accepting and stop() never run at once
  boost::asio::steady_timer accept_timer_;   ///< on the acceptor's strand: accept_later()
  bool accept_failing_ = false;              ///< the last accept failed (logged once, not per retry)
  unsigned short port_ = 0;
  std::size_t max_body_bytes_;
  Handler handler_;
  Observer observer_;
  std::atomic<bool> stopping_{false};
  /// Shared with the connections: one left over after the grace period outlives the server, until the
  /// io_context that holds it is destroyed.
  std::shared_ptr<std::atomic<std::size_t>> active_ = std::make_shared<std::atomic<std::size_t>>(0);
  std::atomic<std::uint64_t> next_id_{1};
  std::mutex connections_mutex_;
  std::vector<std::weak_ptr<Connection>> connections_;
};

}  // namespace p2c::service
