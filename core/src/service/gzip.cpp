#include "gzip.h"

#include <zlib.h>

#include <cctype>
#include <stdexcept>

namespace p2c::service {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool same_word(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// The quality of one list item ("gzip;q=0.5" -> 0.5); 1 without one, 0 for one that is not a number.
double quality(std::string_view parameters) {
  while (!parameters.empty()) {
    const auto semicolon = parameters.find(';');
    const std::string_view parameter = trimmed(parameters.substr(0, semicolon));
    if (parameter.size() > 2 && (parameter[0] == 'q' || parameter[0] == 'Q') && parameter[1] == '=') {
      try {
        return std::stod(std::string(parameter.substr(2)));
      } catch (const std::exception&) {
        return 0;
      }
    }
    if (semicolon == std::string_view::npos) break;
    parameters.remove_prefix(semicolon + 1);
  }
  return 1;
}

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    const std::string_view item = trimmed(accept_encoding.substr(0, comma));
    const auto semicolon = item.find(';');
    const std::string_view name = trimmed(item.substr(0, semicolon));
    const double q = semicolon == std::string_view::npos ? 1 : quality(item.substr(semicolon + 1));
    if ((same_word(name, "gzip") || same_word(name, "x-gzip") || name == "*") && q > 0) return true;
    if (comma == std::string_view::npos) break;
    accept_encoding.remove_prefix(comma + 1);
  }
  return false;
}

bool worth_compressing(std::string_view content_type, std::size_t size) {
  if (size < 1024) return false;
  for (const std::string_view type : {"text/", "application/json", "application/javascript", "image/svg+xml"})
    if (content_type.substr(0, type.size()) == type) return true;
  return false;
}

std::string gzip(std::string_view data) {
  z_stream stream{};
  // 15 window bits + 16: a gzip header and trailer around the deflate data.
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("cannot start gzip compression");
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) throw std::runtime_error("gzip compression failed");
  return out;
}

}  // namespace p2c::service
