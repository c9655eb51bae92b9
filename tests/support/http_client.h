// A small blocking HTTP/1.1 client on Boost.Beast, for tests that drive a real `p2c serve` process.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <map>
#include <string>
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

  /// Reads one response.
  HttpReply read() {
    namespace http = boost::beast::http;
    http::response_parser<http::string_body> parser;
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

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

/// One request on a fresh connection.
inline HttpReply http_get(unsigned short port, const std::string& target) { return HttpClient(port).get(target); }

}  // namespace p2c::test
