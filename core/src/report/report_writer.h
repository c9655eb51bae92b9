// Writing a report (report_model.h) as one self-contained HTML file or as Markdown with SVG files beside it.
// Both write atomically: a reader sees the previous file or the complete new one.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "report/report_model.h"

namespace p2c::report {

/// The whole report as one HTML document: inline CSS, inline SVG charts, no scripts, no external resources.
std::string html_document(const Report& report);

/// Writes html_document(report) to `output`.
void write_html(const Report& report, const std::filesystem::path& output);

/// Writes the report as Markdown to `output` and each chart as `<stem>-<section id>-<n>.svg` beside it,
/// referenced by relative image links whose alt text is the chart's text alternative. Returns every file
/// written, the Markdown file first.
std::vector<std::filesystem::path> write_markdown(const Report& report, const std::filesystem::path& output);

}  // namespace p2c::report
