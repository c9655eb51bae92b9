#include "http_request.h"

#include <cctype>
#include <vector>

namespace p2c::service {

namespace http = boost::beast::http;

HttpRequest to_request(const BeastRequest& message) {
  HttpRequest request;
  request.method = std::string(message.method_string());
  const std::string_view target(message.target().data(), message.target().size());
  const std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  if (const auto found = message.find(http::field::authorization); found != message.end())
    request.authorization = std::string(found->value());
  if (const auto found = message.find(http::field::accept_encoding); found != message.end())
    request.accept_encoding = std::string(found->value());
  if (const auto found = message.find(http::field::if_none_match); found != message.end())
    request.if_none_match = std::string(found->value());
  request.body = message.body();
  return request;
}

std::string header_token(std::string_view value) {
  const auto first = value.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  std::string out(value.substr(first, value.find_last_not_of(" \t") - first + 1));
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<HttpResponse> check_transfer_encoding(const BeastRequest& message) {
  std::vector<std::string> codings;
  const auto [first, last] = message.equal_range(http::field::transfer_encoding);
  for (auto field = first; field != last; ++field) {
    const std::string_view value(field->value().data(), field->value().size());
    for (std::size_t start = 0; start <= value.size();) {
      std::size_t end = value.find(',', start);
      if (end == std::string_view::npos) end = value.size();
      if (std::string coding = header_token(value.substr(start, end - start)); !coding.empty())
        codings.push_back(std::move(coding));
      start = end + 1;
    }
  }
  if (codings.empty() || (codings.size() == 1 && codings[0] == "chunked")) return std::nullopt;
  for (const auto& coding : codings)
    if (coding != "chunked")
      return error_response(501,
                            "Transfer-Encoding '" + coding +
                                "' is not supported; send the body with Content-Length or Transfer-Encoding: chunked",
                            http_error_route);
  return error_response(400, "Transfer-Encoding: chunked must be given once, as the only coding", http_error_route);
}

}  // namespace p2c::service
