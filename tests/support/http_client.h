// A small blocking HTTP/1.1 client on Boost.Beast, for tests that drive a real `p2c serve` process.
#pragma once

#include <sys/socket.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace p2c::test {

struct HttpReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  ///< names in lower case

  std::string header(const std::string& lower_case_name) const {
    const auto found = headers.find(lower_case_name);
    return found == headers.end() ? std::string() : found->second;
  }
};

/// One keep-alive connection to 127.0.0.1:port. Throws boost::system::system_error on network errors.
class HttpClient {
 public:
  explicit HttpClient(unsigned short port) : socket_(io_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  }

  /// Connects from `source_address` (any of 127.0.0.0/8 on Linux), so that one test can be many clients.
  /// `receive_buffer` > 0 shrinks the socket's receive buffer before connecting: a client that then does
  /// not read stalls the server's send after a few kilobytes.
  HttpClient(unsigned short port, const std::string& source_address, int receive_buffer = 0) : socket_(io_) {
    socket_.open(boost::asio::ip::tcp::v4());
    if (receive_buffer > 0) socket_.set_option(boost::asio::socket_base::receive_buffer_size(receive_buffer));
    socket_.bind({boost::asio::ip::make_address(source_address), 0});
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  }

  HttpReply request(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    namespace http = boost::beast::http;
    http::request<http::string_body> request(http::string_to_verb(method), target, 11);
    request.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty() || method == "POST") {
      request.body() = body;
      request.prepare_payload();
    }
    http::write(socket_, request);
    return read();
  }
  HttpReply get(const std::string& target) { return request("GET", target); }

  /// Writes raw bytes, for requests a well-behaved client would not send (partial, oversized).
  void write_raw(const std::string& bytes) { boost::asio::write(socket_, boost::asio::buffer(bytes)); }

  /// A HEAD request: the response has headers only, whatever its Content-Length says.
  HttpReply head(const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    namespace http = boost::beast::http;
    http::request<http::string_body> request(http::verb::head, target, 11);
    request.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    http::write(socket_, request);
    return read(true);
  }

  /// Reads one response (`head_response`: to a HEAD request, so no body follows the headers).
  HttpReply read(bool head_response = false) {
    namespace http = boost::beast::http;
    http::response_parser<http::string_body> parser;
    parser.skip(head_response);
    parser.body_limit(1ull << 30);
    http::read(socket_, buffer_, parser);
    const auto& response = parser.get();
    HttpReply reply;
    reply.status = static_cast<int>(response.result_int());
    reply.body = response.body();
    for (const auto& field : response) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = std::string(field.value());
    }
    return reply;
  }

  /// Reads raw bytes until `count` have arrived or the server closes; what arrived (for interim responses
  /// such as 100 Continue, which read() would not show).
  std::string read_raw(std::size_t count) {
    std::string out;
    boost::system::error_code ec;
    std::vector<char> chunk(count);
    while (out.size() < count) {
      const std::size_t n = socket_.read_some(boost::asio::buffer(chunk.data(), count - out.size()), ec);
      if (ec) break;
      out.append(chunk.data(), n);
    }
    return out;
  }

  /// Reads raw bytes until `delimiter` has arrived or the server closes; everything read.
  std::string read_until(const std::string& delimiter) {
    std::string out;
    boost::system::error_code ec;
    char byte = 0;
    while (out.find(delimiter) == std::string::npos) {
      socket_.read_some(boost::asio::buffer(&byte, 1), ec);
      if (ec) break;
      out += byte;
    }
    return out;
  }

  /// Blocks until the server closes the connection (end of file or reset), discarding what it sends.
  void wait_closed() {
    boost::system::error_code ec;
    std::array<char, 4096> chunk;
    while (!ec) socket_.read_some(boost::asio::buffer(chunk), ec);
  }

  /// True while the server has not closed the connection, without blocking (unread data counts as open).
  bool open() {
    char byte = 0;
    const ssize_t n = ::recv(socket_.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

/// One request on a fresh connection.
inline HttpReply http_get(unsigned short port, const std::string& target) { return HttpClient(port).get(target); }

/// Polls /readyz until the server serves its first run; fails the test after `timeout`.
inline void wait_ready(unsigned short port, std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (http_get(port, "/readyz").status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL("the server did not become ready");
}

}  // namespace p2c::test
