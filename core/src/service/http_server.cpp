#include "http_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <vector>

#include "gzip.h"
#include "http_request.h"
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

HttpResponse busy_response(std::string_view message, int retry_after_seconds, std::string route) {
  HttpResponse response = error_response(503, message, std::move(route));
  response.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return response;
}

namespace {

// Request ids: a per-process random prefix and a counter, unique across restarts for the access log.
std::string process_prefix() {
  std::random_device random;
  return fmt::format("{:08x}", random());
}

// After a response that ends the connection, how long what the client still sends (e.g. the body of a
// refused request) is read and discarded. Closing with unread data makes the kernel send a reset, which can
// destroy the response before the client has read it.
constexpr auto linger_timeout = std::chrono::seconds(2);
// Connection-limit warnings come at most this often: an attack would otherwise flood the log.
constexpr auto warning_interval = std::chrono::seconds(10);

// Where a connection is in its request cycle; the connection limit evicts waiting ones first, then the
// oldest still reading a request, never one whose response is being computed or sent.
enum class Phase : int { waiting, head, body, busy, closing };

std::string endpoint_text(const std::string& address, unsigned short port) {
  return address.find(':') != std::string::npos ? fmt::format("[{}]:{}", address, port)
                                                : fmt::format("{}:{}", address, port);
}

}  // namespace

struct HttpServer::Shared {
  HttpLimits limits;
  Handler handler;
  Observer observer;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> active{0};    ///< connection objects alive, evicted ones included
  std::atomic<std::size_t> buffered{0};  ///< response body bytes being sent
  std::atomic<std::uint64_t> next_id{1};

  std::mutex mutex;      ///< guards what follows; never held while a Connection is destroyed
  std::size_t open = 0;  ///< connections counted against max_connections (evicted ones no longer are)
  std::map<asio::ip::address, std::size_t> per_client;
  std::vector<std::weak_ptr<Connection>> connections;
  Clock::time_point cap_warned{};
  Clock::time_point client_warned{};
  Clock::time_point buffer_warned{};

  bool warn_now(Clock::time_point& last) {
    const auto now = Clock::now();
    if (last != Clock::time_point{} && now - last < warning_interval) return false;
    last = now;
    return true;
  }
};

class HttpServer::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, asio::ip::address client, std::shared_ptr<Shared> shared)
      : stream_(std::move(socket)), client_(std::move(client)), shared_(std::move(shared)) {
    ++shared_->active;
    since_ = Clock::now().time_since_epoch().count();
  }
  ~Connection() {
    {
      std::lock_guard lock(shared_->mutex);
      if (open_.exchange(false)) --shared_->open;
      if (const auto found = shared_->per_client.find(client_); found != shared_->per_client.end())
        if (--found->second == 0) shared_->per_client.erase(found);
    }
    release_buffered();
    --shared_->active;
  }

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_request(); });
  }

  // Graceful stop; runs on the connection's strand. A request already begun is finished.
  void shut_down() {
    stopping_ = true;
    if (!handling_ && !writing_ && phase_ != Phase::body && !(parser_ && parser_->got_some())) close();
  }
  void post_shut_down() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->shut_down(); });
  }

  /// Makes room under max_connections (called with Shared::mutex held): the connection stops counting at
  /// once and closes on its strand, unless it has meanwhile begun answering, in which case it closes after
  /// that response. False when it was evicted already.
  bool evict() {
    if (!open_.exchange(false)) return false;
    --shared_->open;
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      if (!self->handling_ && !self->writing_) self->close();
    });
    return true;
  }

  bool counted() const noexcept { return open_; }
  Phase phase() const noexcept { return phase_; }
  Clock::rep since() const noexcept { return since_; }
  const asio::ip::address& client() const noexcept { return client_; }

 private:
  void set_phase(Phase phase, Clock::time_point since) {
    since_ = since.time_since_epoch().count();
    phase_ = phase;
  }

  void read_request() {
    if (stopping_) return close();
    parser_.emplace();
    parser_->body_limit(shared_->limits.max_body_bytes);
    parser_->header_limit(max_header_bytes);
    started_.reset();
    if (first_request_ || buffer_.size() > 0) return read_head();
    // Between requests the idle timeout applies; the head deadline starts with the next request's first byte.
    set_phase(Phase::waiting, Clock::now());
    stream_.expires_after(shared_->limits.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->buffer_.commit(n);
      if (ec) return self->close();
      self->read_head();
    });
  }

  void read_head() {
    const auto now = Clock::now();
    // A new connection's head is due header_timeout after it was accepted: one that sends nothing is as
    // slow as one that sends a byte at a time.
    const auto since = first_request_ ? Clock::time_point(Clock::duration(since_.load())) : now;
    first_request_ = false;
    started_ = now;
    set_phase(Phase::head, since);
    stream_.expires_at(since + shared_->limits.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->read_failed(ec);
      self->on_head();
    });
  }

  void on_head() {
    const auto& message = parser_->get();
    if (auto refusal = check_transfer_encoding(message)) return respond(std::move(*refusal), false);
    if (parser_->is_done()) return handle();
    if (const auto expect = message.find(http::field::expect); expect != message.end()) {
      if (header_token(std::string_view(expect->value().data(), expect->value().size())) != "100-continue")
        return respond(error_response(417,
                                      "Expect: " + std::string(expect->value()) +
                                          " is not supported; only 100-continue is (or send no Expect header)",
                                      http_error_route),
                       false);
      // The client waits for this before sending the body; a body too large was refused with 413 already.
      static constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
      stream_.expires_after(shared_->limits.send_timeout);
      asio::async_write(stream_, asio::buffer(go_on.data(), go_on.size()),
                        [self = shared_from_this()](beast::error_code ec, std::size_t) {
                          if (ec) return self->close();
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    set_phase(Phase::body, Clock::time_point(Clock::duration(since_.load())));
    stream_.expires_after(shared_->limits.idle_timeout);
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->read_failed(ec);
      self->handle();
    });
  }

  void read_failed(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      respond(
          error_response(413,
                         fmt::format("the request body is larger than the limit of {} bytes ([service] max_body_bytes)",
                                     shared_->limits.max_body_bytes),
                         http_error_route),
          false);
      return;
    }
    if (ec == http::error::header_limit) {
      respond(error_response(431,
                             fmt::format("the request headers are larger than the limit of {} bytes", max_header_bytes),
                             http_error_route),
              false);
      return;
    }
    if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout ||
        ec == asio::error::eof || ec == asio::error::connection_reset)
      return close();
    if (!parser_->got_some()) return close();
    respond(error_response(400, "malformed HTTP request: " + ec.message(), http_error_route), false);
  }

  void handle() {
    const auto& message = parser_->get();
    handling_ = true;
    set_phase(Phase::busy, Clock::now());
    keep_alive_ = message.keep_alive();
    HttpRequest request = to_request(message);
    // The handler may answer from another thread; the response is sent on this connection's strand. The
    // flag makes a second answer (a handler that answers and then throws) harmless.
    auto answered = std::make_shared<std::atomic<bool>>(false);
    Respond respond = [self = shared_from_this(), answered](HttpResponse response) {
      if (answered->exchange(true)) return;
      asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->handling_ = false;
        self->respond(std::move(response), self->keep_alive_);
      });
    };
    try {
      shared_->handler(request, respond);
    } catch (const std::exception& e) {
      respond(error_response(500, std::string("internal error: ") + e.what(), http_error_route));
    }
  }

  void respond(HttpResponse response, bool keep_alive) {
    keep_alive = keep_alive && !stopping_;
    set_phase(Phase::busy, Clock::now());
    const auto& message = parser_->get();
    const bool head = message.method() == http::verb::head;
    request_method_ = std::string(message.method_string());
    request_target_ = std::string(message.target());
    request_id_ = fmt::format("{}-{}", prefix(), shared_->next_id++);
    // Compressed before it is counted and held: what is buffered is what goes out. A HEAD gets the headers of
    // the GET, its Content-Length that of the compressed body.
    // A body the route compressed already (a page compressed once for every request) is sent as it is.
    const bool encoded = std::any_of(response.headers.begin(), response.headers.end(),
                                     [](const auto& header) { return header.first == "Content-Encoding"; });
    const bool compressible = !encoded && worth_compressing(response.content_type, response.body.size());
    const auto accept_encoding = message[http::field::accept_encoding];
    if (compressible && accepts_gzip({accept_encoding.data(), accept_encoding.size()})) {
      response.body = gzip(response.body);
      response.headers.emplace_back("Content-Encoding", "gzip");
    }
    if (compressible) response.headers.emplace_back("Vary", "Accept-Encoding");
    hold(response, head);
    auto reply = std::make_shared<http::response<http::string_body>>();
    reply->version(11);
    reply->result(static_cast<unsigned>(response.status));
    reply->set(http::field::server, "p2c");
    reply->set(http::field::content_type, response.content_type);
    reply->set("X-Request-Id", request_id_);
    for (const auto& [name, value] : response.headers) reply->set(name, value);
    reply->keep_alive(keep_alive);
    const std::size_t body_size = response.body.size();
    if (head) {
      // The headers a GET would get, Content-Length included, and no body.
      reply->content_length(body_size);
    } else {
      reply->body() = std::move(response.body);
      reply->prepare_payload();
    }
    // Observed before the response goes out: a client that reads the response and then the metrics always
    // finds its request counted.
    const double seconds = std::chrono::duration<double>(Clock::now() - started_.value_or(Clock::now())).count();
    if (shared_->observer)
      shared_->observer(Exchange{request_id_, request_method_, request_target_, &response, body_size, seconds});
    writing_ = true;
    stream_.expires_after(shared_->limits.send_timeout);
    http::async_write(stream_, *reply,
                      [self = shared_from_this(), reply, keep_alive](beast::error_code ec, std::size_t) {
                        self->on_write(ec, keep_alive);
                      });
  }

  // Counts the body against max_response_bytes and max_buffered_response_bytes until it is sent, or
  // replaces it with a 503: a client that does not read must not make the server hold unbounded memory.
  void hold(HttpResponse& response, bool head) {
    const HttpLimits& limits = shared_->limits;
    const std::size_t size = head ? 0 : response.body.size();
    if (size > limits.max_response_bytes) {
      response = error_response(503,
                                fmt::format("the response would be {} bytes, more than [service] max_response_bytes "
                                            "({}); ask for less (e.g. a smaller limit)",
                                            size, limits.max_response_bytes),
                                response.route);
      return;
    }
    if (size == 0) return;
    if (shared_->buffered.fetch_add(size) + size > limits.max_buffered_response_bytes) {
      shared_->buffered -= size;
      {
        std::lock_guard lock(shared_->mutex);
        if (shared_->warn_now(shared_->buffer_warned))
          spdlog::warn("responses being sent hold more than [service] max_buffered_response_bytes ({}); answering 503",
                       limits.max_buffered_response_bytes);
      }
      response = busy_response(fmt::format("the server holds too many response bytes for slow clients ([service] "
                                           "max_buffered_response_bytes); retry in {} s",
                                           HttpServer::busy_retry_seconds),
                               HttpServer::busy_retry_seconds, response.route);
      return;
    }
    buffered_ = size;
  }

  void release_buffered() {
    if (buffered_ > 0) shared_->buffered -= buffered_;
    buffered_ = 0;
  }

  void on_write(beast::error_code ec, bool keep_alive) {
    writing_ = false;
    release_buffered();
    if (ec) return close();
    if (!keep_alive) return linger_close();
    read_request();
  }

  // Ends our side, then discards what the client still sends until it closes or linger_timeout passes.
  void linger_close() {
    set_phase(Phase::closing, Clock::now());
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
    set_phase(Phase::closing, Clock::now());
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  static const std::string& prefix() {
    static const std::string value = process_prefix();
    return value;
  }

  beast::tcp_stream stream_;
  const asio::ip::address client_;
  std::shared_ptr<Shared> shared_;
  std::atomic<bool> open_{true};  ///< counted against max_connections (under Shared::mutex)
  std::atomic<Phase> phase_{Phase::head};
  std::atomic<Clock::rep> since_{0};  ///< when the current phase's deadline started (read by the acceptor)
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<Clock::time_point> started_;
  std::string request_id_;
  std::string request_method_;
  std::string request_target_;
  std::unique_ptr<std::array<char, 4096>> discard_;  ///< only while lingering
  std::size_t buffered_ = 0;                         ///< this connection's share of Shared::buffered
  bool first_request_ = true;
  bool keep_alive_ = false;
  bool handling_ = false;  ///< the handler has the request and has not answered yet
  bool writing_ = false;
  bool stopping_ = false;
};

namespace {

// The connection to close so that a new client can connect at max_connections: the longest-idle keep-alive
// connection, or else the one that has been reading its request longest (the slowest sender); none when
// every connection is answering. Called with Shared::mutex held; `alive` keeps the connections looked at
// alive until the caller has released the mutex, since their destructors take it.
std::shared_ptr<HttpServer::Connection> victim(const std::vector<std::weak_ptr<HttpServer::Connection>>& connections,
                                               std::vector<std::shared_ptr<HttpServer::Connection>>& alive) {
  std::shared_ptr<HttpServer::Connection> idle;
  std::shared_ptr<HttpServer::Connection> reading;
  for (const auto& weak : connections) {
    auto connection = weak.lock();
    if (!connection) continue;
    alive.push_back(connection);
    if (!connection->counted()) continue;
    const Phase phase = connection->phase();
    if (phase == Phase::waiting) {
      if (!idle || connection->since() < idle->since()) idle = connection;
    } else if (phase == Phase::head || phase == Phase::body) {
      if (!reading || connection->since() < reading->since()) reading = connection;
    }
  }
  return idle ? idle : reading;
}

}  // namespace

HttpServer::HttpServer(asio::io_context& io, const std::string& address, unsigned short port, HttpLimits limits,
                       Handler handler, Observer observer)
    : io_(io),
      acceptor_(asio::make_strand(io)),
      accept_timer_(acceptor_.get_executor()),
      shared_(std::make_shared<Shared>()) {
  shared_->limits = limits;
  shared_->handler = std::move(handler);
  shared_->observer = std::move(observer);
  const std::string where =
      fmt::format("cannot listen on {} ([service] address/port or --port)", endpoint_text(address, port));
  beast::error_code ec;
  tcp::resolver resolver(io);
  const auto results =
      resolver.resolve(address, std::to_string(port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec)
    throw std::runtime_error(
        fmt::format("{}: cannot resolve '{}': {}; expected an IP address such as 127.0.0.1 or a "
                    "host name",
                    where, address, ec.message()));
  std::vector<tcp::endpoint> endpoints;
  for (const auto& result : results) endpoints.push_back(result.endpoint());
  // "localhost" may resolve to ::1 first; IPv4 first keeps it the 127.0.0.1 that clients try first too.
  std::stable_partition(endpoints.begin(), endpoints.end(), [](const tcp::endpoint& e) { return e.address().is_v4(); });
  for (const auto& endpoint : endpoints) {
    acceptor_.close(ec);
    ec = {};
    if (!acceptor_.open(endpoint.protocol(), ec) && !acceptor_.set_option(asio::socket_base::reuse_address(true), ec) &&
        !acceptor_.bind(endpoint, ec) && !acceptor_.listen(asio::socket_base::max_listen_connections, ec))
      break;
  }
  if (endpoints.empty()) ec = asio::error::host_not_found;
  if (ec) throw std::runtime_error(fmt::format("{}: {}", where, ec.message()));
  port_ = acceptor_.local_endpoint().port();
}

HttpServer::~HttpServer() = default;

std::size_t HttpServer::active_connections() const noexcept { return shared_->active.load(); }

std::string HttpServer::address() const {
  const auto endpoint = acceptor_.local_endpoint();
  const auto ip = endpoint.address();
  return ip.is_v6() ? "[" + ip.to_string() + "]" : ip.to_string();
}

void HttpServer::start() { accept(); }

void HttpServer::accept() {
  if (shared_->stopping) return;
  {
    std::vector<std::shared_ptr<Connection>> alive;
    std::unique_lock lock(shared_->mutex);
    // At the limit with every connection answering: let new clients wait in the listen backlog.
    const bool full = shared_->open >= shared_->limits.max_connections && !victim(shared_->connections, alive);
    lock.unlock();
    if (full) return accept_later();
  }
  acceptor_.async_accept(asio::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
    if (shared_->stopping || ec == asio::error::operation_aborted) return;
    if (ec) {
      // Out of file descriptors or memory: retrying at once would fail again and spin this thread.
      if (!accept_failing_)
        spdlog::warn("cannot accept a connection: {}; retrying every {} ms", ec.message(), accept_backoff.count());
      accept_failing_ = true;
      return accept_later();
    }
    accept_failing_ = false;
    accepted(std::move(socket));
    accept();
  });
}

void HttpServer::accepted(tcp::socket socket) {
  beast::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  if (ec) return;  // the client is gone already
  const HttpLimits& limits = shared_->limits;
  std::shared_ptr<Connection> connection;
  std::vector<std::shared_ptr<Connection>> alive;  // destroyed after the mutex is released
  {
    std::lock_guard lock(shared_->mutex);
    const auto found = shared_->per_client.find(remote.address());
    const std::size_t from_client = found == shared_->per_client.end() ? 0 : found->second;
    if (from_client >= limits.max_connections_per_client) {
      if (shared_->warn_now(shared_->client_warned))
        spdlog::warn("{} has {} connections open ([service] max_connections_per_client); closing further ones",
                     remote.address().to_string(), from_client);
      socket.close(ec);
      return;
    }
    if (shared_->open >= limits.max_connections) {
      const auto evicted = victim(shared_->connections, alive);
      if (!evicted || !evicted->evict()) {
        socket.close(ec);  // every connection turned busy since accept() looked
        return;
      }
      if (shared_->warn_now(shared_->cap_warned))
        spdlog::warn(
            "{} connections open ([service] max_connections): closing the longest idle or slowest one ({}) "
            "for each new client",
            limits.max_connections, evicted->client().to_string());
    }
    ++shared_->per_client[remote.address()];
    ++shared_->open;
    connection = std::make_shared<Connection>(std::move(socket), remote.address(), shared_);
    std::erase_if(shared_->connections, [](const std::weak_ptr<Connection>& weak) { return weak.expired(); });
    shared_->connections.push_back(connection);
  }
  connection->start();
  if (shared_->stopping) connection->post_shut_down();  // stop() ran while this connection was being registered
}

void HttpServer::accept_later() {
  accept_timer_.expires_after(accept_backoff);
  accept_timer_.async_wait([this](beast::error_code ec) {
    if (!ec) accept();
  });
}

void HttpServer::stop() {
  asio::post(acceptor_.get_executor(), [this] {
    shared_->stopping = true;
    accept_timer_.cancel();
    beast::error_code ignored;
    acceptor_.close(ignored);
    std::vector<std::shared_ptr<Connection>> open;
    {
      std::lock_guard lock(shared_->mutex);
      for (const auto& weak : shared_->connections)
        if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
    for (const auto& connection : open) connection->post_shut_down();
  });
}

}  // namespace p2c::service
