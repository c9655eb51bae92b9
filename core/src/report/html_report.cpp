// The report as one self-contained HTML file: everything inline, so it can be mailed, archived or opened
// offline, and no reader's browser makes a request to anyone.
#include <fmt/format.h>

#include <cctype>

#include "p2c/atomic_file.h"
#include "p2c/csv.h"
#include "report/report_writer.h"

namespace p2c::report {
namespace {

// Sides are logical (start, inline-start), so that the same sheet lays out Arabic from the right. Charts keep their
// own left-to-right geometry: time runs left to right in UN Arabic publications too.
constexpr const char* style = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;background:#f7f7f7;line-height:1.45}
header,main,footer{max-width:1000px;margin:0 auto;padding:0 1.5rem}
header{padding-top:1.5rem}
h1{font-size:1.7rem;margin:0 0 .5rem}
h2{font-size:1.35rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem;margin-top:2.5rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0 0 1rem}
dl.facts dt{font-weight:600}dl.facts dd{margin:0;word-break:break-word}
nav ul{columns:2;padding-inline-start:1.2rem}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:0 1rem 1rem;margin:1.5rem 0}
figure{margin:1.5rem 0;overflow-x:auto}
figure svg{height:auto;direction:ltr}
figcaption{font-size:.9rem;color:#444}
p.empty{font-style:italic;color:#8a3b00}
p.note{color:#333}
p.chart-note{font-size:.85rem;color:#8a3b00}
.reading{border-inline-start:4px solid #E69F00;background:#fff;padding:.2rem 1rem;margin:0 0 1rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0;display:block;overflow-x:auto;max-width:100%}
th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:start}
th{background:#eef4f9}
details{margin:.5rem 0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.75rem;margin:1rem 0}
.card{border:1px solid #ccc;border-inline-start:4px solid #0072B2;border-radius:4px;padding:.5rem .75rem}
.card p{margin:0}.card .value{font-size:1.35rem;font-weight:600}.card .label{font-weight:600}
.card .detail{font-size:.8rem;color:#444;overflow-wrap:anywhere}
.card.missing{border-inline-start-color:#E69F00}.card.missing .value{color:#8a3b00}
footer{font-size:.85rem;color:#444;padding-bottom:2rem}
)";

std::string table_html(const Table& table, const std::string& css_class) {
  if (table.rows.empty()) return "";
  std::string out = fmt::format("<table class=\"{}\"><thead><tr>", css_class);
  for (const auto& heading : table.header) out += "<th scope=\"col\">" + xml_escape(heading) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& row : table.rows) {
    out += "<tr>";
    for (const auto& value : row) out += "<td>" + xml_escape(value) + "</td>";
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

// Headline figures: each card carries its metric, exact value and year, as chart marks do, so tools can read them.
std::string cards_html(const std::vector<Card>& cards) {
  if (cards.empty()) return "";
  std::string out = "<div class=\"cards\">";
  for (const auto& card : cards) {
    out +=
        fmt::format("<div class=\"card{}\" data-metric=\"{}\"", card.number ? "" : " missing", xml_escape(card.metric));
    if (card.number) out += fmt::format(" data-value=\"{}\"", exact_number(*card.number));
    if (card.year) out += fmt::format(" data-year=\"{}\"", card.year);
    out += fmt::format("><p class=\"value\">{}</p><p class=\"label\">{}</p><p class=\"detail\">{}</p></div>",
                       xml_escape(card.value), xml_escape(card.label), xml_escape(card.detail));
  }
  return out + "</div>";
}

// The table as a CSV file inside a link (RFC 2397 data URI, percent-encoded), so the numbers of a chart download
// with the report itself and no request. Text cells are neutralised as every CSV of p2c is.
std::string csv_data_uri(const Table& table) {
  std::string csv;
  const auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) csv += (i ? "," : "") + csv_quote_text(cells[i]);
    csv += "\r\n";
  };
  line(table.header);
  for (const auto& row : table.rows) line(row);
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string uri = "data:text/csv;charset=utf-8,";
  for (const unsigned char c : csv) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += hex[c >> 4];
      uri += hex[c & 0xf];
    }
  }
  return uri;
}

std::string section_html(const Section& section, const Locale& locale) {
  std::string out = fmt::format("<section id=\"{}\"><h2>{}</h2>", xml_escape(section.id), xml_escape(section.title));
  for (const auto& note : section.notes) out += "<p class=\"note\">" + xml_escape(note) + "</p>";
  out += cards_html(section.cards);
  if (section.charts.empty() && section.cards.empty())
    out += "<p class=\"empty\">" + xml_escape(section.empty_message) + "</p>";
  int chart_number = 0;
  for (const auto& chart : section.charts) {
    out += fmt::format("<figure class=\"chart\" data-metric=\"{}\">", xml_escape(chart.metric));
    out += render(chart.spec, locale, SvgContext::inline_html);
    out += "<figcaption>" + xml_escape(text_alternative(chart.spec, locale)) + "</figcaption>";
    for (const auto& note : chart.notes) out += "<p class=\"chart-note\">" + xml_escape(note) + "</p>";
    out += table_html(chart.summary, "summary");
    if (!chart.data.rows.empty()) {
      out += fmt::format("<details><summary>{}</summary>{}</details>", xml_escape(locale.text("report.data_table")),
                         table_html(chart.data, "data"));
      out +=
          fmt::format("<p class=\"downloads\"><a download=\"{}-{}.csv\" href=\"{}\">{}</a></p>", xml_escape(section.id),
                      ++chart_number, csv_data_uri(chart.data), xml_escape(locale.text("download.csv")));
    }
    out += "</figure>";
  }
  return out + "</section>";
}

}  // namespace

std::string html_document(const Report& report) {
  const Locale& locale = report.locale;
  std::string out = fmt::format("<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\">",
                                xml_escape(locale.code()), xml_escape(locale.direction()));
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  out += fmt::format("<title>{}</title>",
                     xml_escape(locale.text("report.html.title", {{"title", report.title}, {"run", report.run.id}})));
  out += fmt::format("<style>{}</style></head><body>", style);
  out += "<header><h1>" + xml_escape(report.title) + "</h1><div class=\"reading\">";
  for (const auto& note : reading_notes(report)) out += "<p>" + xml_escape(note) + "</p>";
  out += fmt::format("</div><nav aria-label=\"{}\"><ul>", xml_escape(locale.text("report.html.sections")));
  for (const auto& section : report.sections)
    out += fmt::format("<li><a href=\"#{}\">{}</a></li>", xml_escape(section.id), xml_escape(section.title));
  const std::string about = xml_escape(locale.text("report.run.title"));
  out += fmt::format("<li><a href=\"#run\">{}</a></li></ul></nav></header><main>", about);
  for (const auto& section : report.sections) out += section_html(section, locale);
  // What a reader came for first; the run's own details, for whoever checks it, last.
  out += fmt::format("</main><footer><section id=\"run\"><h2>{}</h2><dl class=\"facts\">", about);
  for (const auto& [label, value] : run_facts(report))
    out += fmt::format("<dt>{}</dt><dd>{}</dd>", xml_escape(label), xml_escape(value));
  out += fmt::format("</dl></section><section id=\"sources\"><h2>{}</h2>",
                     xml_escape(locale.text("report.sources.title")));
  for (const auto& note : provenance_notes(locale)) out += "<p>" + xml_escape(note) + "</p>";
  out += "</section></footer></body></html>\n";
  return out;
}

void write_html(const Report& report, const std::filesystem::path& output) {
  write_file_atomically(output, html_document(report));
}

}  // namespace p2c::report
