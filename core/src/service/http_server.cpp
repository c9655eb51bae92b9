#include "http_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>
#include <random>

#include "json_views.h"

namespace p2c::service {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

HttpResponse error_response(int status, std::string_view message, std::string route) {
  HttpResponse response;
  response.status = status;
  response.body = error_body(status, message);
  response.route = std::move(route);
  return response;
}

namespace {

// Request ids: a per-process random prefix and a counter, unique across restarts for the access log.
std::string process_prefix() {
  std::random_device random;
  return fmt::format("{:08x}", random());
}

constexpr auto idle_timeout = std::chrono::seconds(60);
constexpr std::uint32_t header_limit = 16 * 1024;  ///< request line and headers, in bytes
// After a response that ends the connection, how long what the client still sends (e.g. the body of a
// refused request) is read and discarded. Closing with unread data makes the kernel send a reset, which can
// destroy the response before the client has read it.
constexpr auto linger_timeout = std::chrono::seconds(2);

}  // namespace

class HttpServer::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, HttpServer& server)
      : stream_(std::move(socket)), server_(server), active_(server.active_) {
    ++*active_;
  }
  ~Connection() { --*active_; }

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_request(); });
  }

  // Runs on the connection's strand.
  void shut_down() {
    stopping_ = true;
    if (!busy()) close();
  }
  void post_shut_down() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->shut_down(); });
  }

 private:
  bool busy() const { return writing_ || (parser_ && parser_->got_some()); }

  void read_request() {
    if (stopping_) return close();
    parser_.emplace();
    parser_->body_limit(server_.max_body_bytes_);
    parser_->header_limit(header_limit);
    started_.reset();
    read_some();
  }

  void read_some() {
    stream_.expires_after(idle_timeout);
    http::async_read_some(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (!started_ && parser_->got_some()) started_ = Clock::now();
    if (ec == http::error::body_limit) {
      respond(
          error_response(413,
                         fmt::format("the request body is larger than the limit of {} bytes ([service] max_body_bytes)",
                                     server_.max_body_bytes_),
                         http_error_route),
          false);
      return;
    }
    if (ec == http::error::header_limit) {
      respond(
          error_response(431, fmt::format("the request headers are larger than the limit of {} bytes", header_limit),
                         http_error_route),
          false);
      return;
    }
    if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout ||
        ec == asio::error::eof || ec == asio::error::connection_reset)
      return close();
    if (ec) {
      if (!parser_->got_some()) return close();
      respond(error_response(400, "malformed HTTP request: " + ec.message(), http_error_route), false);
      return;
    }
    if (!parser_->is_done()) return read_some();
    handle();
  }

  void handle() {
    const auto& message = parser_->get();
    HttpRequest request;
    request.method = std::string(message.method_string());
    const std::string_view target(message.target().data(), message.target().size());
    const std::size_t question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
    if (const auto found = message.find(http::field::authorization); found != message.end())
      request.authorization = std::string(found->value());
    request.body = message.body();
    HttpResponse response;
    try {
      response = server_.handler_(request);
    } catch (const std::exception& e) {
      response = error_response(500, std::string("internal error: ") + e.what(), http_error_route);
    }
    respond(std::move(response), message.keep_alive());
  }

  void respond(HttpResponse response, bool keep_alive) {
    keep_alive = keep_alive && !stopping_;
    const auto& message = parser_->get();
    request_method_ = std::string(message.method_string());
    request_target_ = std::string(message.target());
    request_id_ = fmt::format("{}-{}", prefix(), server_.next_id_++);
    auto reply = std::make_shared<http::response<http::string_body>>();
    reply->version(11);
    reply->result(static_cast<unsigned>(response.status));
    reply->set(http::field::server, "p2c");
    reply->set(http::field::content_type, response.content_type);
    reply->set("X-Request-Id", request_id_);
    for (const auto& [name, value] : response.headers) reply->set(name, value);
    reply->keep_alive(keep_alive);
    reply->body() = std::move(response.body);
    reply->prepare_payload();
    // Observed before the response goes out: a client that reads the response and then the metrics always
    // finds its request counted.
    const double seconds = std::chrono::duration<double>(Clock::now() - started_.value_or(Clock::now())).count();
    if (server_.observer_)
      server_.observer_(
          Exchange{request_id_, request_method_, request_target_, &response, reply->body().size(), seconds});
    writing_ = true;
    stream_.expires_after(idle_timeout);
    http::async_write(stream_, *reply,
                      [self = shared_from_this(), reply, keep_alive](beast::error_code ec, std::size_t) {
                        self->on_write(ec, keep_alive);
                      });
  }

  void on_write(beast::error_code ec, bool keep_alive) {
    writing_ = false;
    if (ec) return close();
    if (!keep_alive) return linger_close();
    read_request();
  }

  // Ends our side, then discards what the client still sends until it closes or linger_timeout passes.
  void linger_close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(linger_timeout);  // one deadline for the whole drain, not per read
    discard_ = std::make_unique<std::array<char, 4096>>();
    discard();
  }
  void discard() {
    stream_.async_read_some(asio::buffer(*discard_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->discard();
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  static const std::string& prefix() {
    static const std::string value = process_prefix();
    return value;
  }

  beast::tcp_stream stream_;
  HttpServer& server_;  ///< used by handlers only, which never run once the server is gone
  std::shared_ptr<std::atomic<std::size_t>> active_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<Clock::time_point> started_;
  std::string request_id_;
  std::string request_method_;
  std::string request_target_;
  std::unique_ptr<std::array<char, 4096>> discard_;  ///< only while lingering
  bool writing_ = false;
  bool stopping_ = false;
};

HttpServer::HttpServer(asio::io_context& io, const std::string& address, unsigned short port,
                       std::size_t max_body_bytes, Handler handler, Observer observer)
    : io_(io),
      acceptor_(asio::make_strand(io)),
      accept_timer_(acceptor_.get_executor()),
      max_body_bytes_(max_body_bytes),
      handler_(std::move(handler)),
      observer_(std::move(observer)) {
  const tcp::endpoint endpoint(asio::ip::make_address(address), port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

HttpServer::~HttpServer() = default;

std::string HttpServer::address() const {
  const auto endpoint = acceptor_.local_endpoint();
  const auto ip = endpoint.address();
  return ip.is_v6() ? "[" + ip.to_string() + "]" : ip.to_string();
}

void HttpServer::start() { accept(); }

void HttpServer::accept() {
  if (stopping_) return;
  if (active_->load() >= max_connections) return accept_later();
  acceptor_.async_accept(asio::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
    if (stopping_ || ec == asio::error::operation_aborted) return;
    if (ec) {
      // Out of file descriptors or memory: retrying at once would fail again and spin this thread.
      if (!accept_failing_)
        spdlog::warn("cannot accept a connection: {}; retrying every {} ms", ec.message(), accept_backoff.count());
      accept_failing_ = true;
      return accept_later();
    }
    accept_failing_ = false;
    auto connection = std::make_shared<Connection>(std::move(socket), *this);
    {
      std::lock_guard lock(connections_mutex_);
      std::erase_if(connections_, [](const std::weak_ptr<Connection>& weak) { return weak.expired(); });
      connections_.push_back(connection);
    }
    connection->start();
    if (stopping_) connection->post_shut_down();  // stop() ran while this connection was being registered
    accept();
  });
}

void HttpServer::accept_later() {
  accept_timer_.expires_after(accept_backoff);
  accept_timer_.async_wait([this](beast::error_code ec) {
    if (!ec) accept();
  });
}

void HttpServer::stop() {
  asio::post(acceptor_.get_executor(), [this] {
    stopping_ = true;
    accept_timer_.cancel();
    beast::error_code ignored;
    acceptor_.close(ignored);
    std::lock_guard lock(connections_mutex_);
    for (const auto& weak : connections_)
      if (auto connection = weak.lock()) connection->post_shut_down();
  });
}

}  // namespace p2c::service
