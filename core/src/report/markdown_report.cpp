// The report as Markdown: headings and tables, each chart an SVG file beside the .md, linked relatively so
// the folder can be moved, committed or rendered by any Markdown viewer as a whole.
#include <fmt/format.h>

#include "p2c/atomic_file.h"
#include "report/report_writer.h"

namespace p2c::report {
namespace {

// Table cells and inline text: a '|' would end a cell, a newline the row.
std::string cell_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// Image alt text sits between [ and ]: brackets and backslashes are escaped.
std::string alt_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '[' || c == ']' || c == '\\') out += '\\';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

std::string table_markdown(const Table& table) {
  if (table.rows.empty()) return "";
  std::string out = "|";
  for (const auto& heading : table.header) out += " " + cell_text(heading) + " |";
  out += "\n|";
  for (std::size_t i = 0; i < table.header.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& row : table.rows) {
    out += "|";
    for (const auto& value : row) out += " " + cell_text(value) + " |";
    out += "\n";
  }
  return out + "\n";
}

}  // namespace

std::vector<std::filesystem::path> write_markdown(const Report& report, const std::filesystem::path& output) {
  const std::filesystem::path folder = output.parent_path();
  const std::string stem = output.stem().string();
  std::vector<std::filesystem::path> written{output};
  std::vector<std::pair<std::filesystem::path, std::string>> charts;

  const Locale& locale = report.locale;
  const std::string about = locale.text("report.run.title");
  // Markdown has no language or direction of its own; renderers (GitHub, pandoc) honour those of an HTML block,
  // and the Markdown inside it stays Markdown when blank lines set it apart. English, the default, needs none.
  const bool marked = locale.code() != "en";
  std::string out = marked ? fmt::format("<div lang=\"{}\" dir=\"{}\">\n\n", locale.code(), locale.direction()) : "";
  out += "# " + cell_text(report.title) + "\n\n";
  for (const auto& note : reading_notes(report)) out += "> " + cell_text(note) + "\n>\n";
  out += fmt::format("\n## {}\n\n", locale.text("report.md.contents"));
  for (const auto& section : report.sections) out += fmt::format("- [{}](#{})\n", section.title, section.id);
  out += fmt::format("- [{}](#run)\n", about);
  for (const auto& section : report.sections) {
    out += fmt::format("\n<a id=\"{}\"></a>\n\n## {}\n\n", xml_escape(section.id), cell_text(section.title));
    for (const auto& note : section.notes) out += cell_text(note) + "\n\n";
    Table cards{{locale.text("profile.figure"), locale.text("table.value"), locale.text("report.md.details")}, {}};
    for (const auto& card : section.cards) cards.rows.push_back({card.label, card.value, card.detail});
    out += table_markdown(cards);
    if (section.charts.empty() && section.cards.empty()) out += "*" + cell_text(section.empty_message) + "*\n\n";
    for (std::size_t i = 0; i < section.charts.size(); ++i) {
      const auto& chart = section.charts[i];
      const std::string file = fmt::format("{}-{}-{}.svg", stem, section.id, i + 1);
      charts.emplace_back(folder / file, render(chart.spec, locale, SvgContext::file));
      out += fmt::format("![{}]({})\n\n", alt_text(text_alternative(chart.spec, locale)), file);
      for (const auto& note : chart.notes) out += "*" + cell_text(note) + "*\n\n";
      out += table_markdown(chart.summary);
      out += table_markdown(chart.data);
    }
  }
  // What a reader came for first; the run's own details, for whoever checks it, last.
  out += fmt::format("\n<a id=\"run\"></a>\n\n## {}\n\n", cell_text(about));
  for (const auto& [label, value] : run_facts(report)) out += fmt::format("- **{}**: {}\n", label, cell_text(value));
  out += fmt::format("\n## {}\n\n", cell_text(locale.text("report.sources.title")));
  for (const auto& note : provenance_notes(locale)) out += "- " + cell_text(note) + "\n";
  if (marked) out += "\n</div>\n";

  // The charts first: the Markdown file appears only once everything it links to exists.
  for (const auto& [path, svg] : charts) {
    write_file_atomically(path, svg);
    written.push_back(path);
  }
  write_file_atomically(output, out);
  return written;
}

}  // namespace p2c::report
