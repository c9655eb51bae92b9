// Reading the HTML report in tests: a section, a chart, a table row, as text to compare.
#pragma once

#include <catch2/catch.hpp>
#include <regex>
#include <string>

namespace p2c::test {

inline bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

/// The <section> of `id` inside `html`.
inline std::string section(const std::string& html, const std::string& id) {
  const auto start = html.find("<section id=\"" + id + "\"");
  REQUIRE(start != std::string::npos);
  const auto end = html.find("</section>", start);
  REQUIRE(end != std::string::npos);
  return html.substr(start, end - start);
}

/// The chart of `metric` inside `html`: from its <figure> to the figure's end.
inline std::string figure(const std::string& html, const std::string& metric) {
  const auto start = html.find("<figure class=\"chart\" data-metric=\"" + metric + "\"");
  REQUIRE(start != std::string::npos);
  return html.substr(start, html.find("</figure>", start) - start);
}

/// The cells of the first table row at or after `from` whose first cell is `first`, as "a|b|c".
inline std::string row_from(const std::string& html, std::size_t from, const std::string& first) {
  const auto start = html.find("<tr><td>" + first + "</td>", from);
  REQUIRE(start != std::string::npos);
  const std::string tr = html.substr(start, html.find("</tr>", start) - start);
  std::string out;
  const std::regex cell("<td>([^<]*)</td>");
  for (auto it = std::sregex_iterator(tr.begin(), tr.end(), cell); it != std::sregex_iterator(); ++it)
    out += (out.empty() ? "" : "|") + (*it)[1].str();
  return out;
}

/// The cells of the table row of `html` whose first cell is `first`, as "a|b|c".
inline std::string row(const std::string& html, const std::string& first) { return row_from(html, 0, first); }

/// The same, in the first table of class `table_class`.
inline std::string row(const std::string& html, const std::string& table_class, const std::string& first) {
  const auto table = html.find("<table class=\"" + table_class + "\">");
  REQUIRE(table != std::string::npos);
  return row_from(html, table, first);
}

}  // namespace p2c::test
