// The CSV format: one row per pledge (lists separated by ';') and the reports in <stem>.reports.csv.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>

#include "formats.h"
#include "p2c/atomic_file.h"
#include "p2c/csv.h"
#include "p2c/text.h"

namespace p2c::pledges {
namespace {

constexpr std::string_view pledge_names[] = {"id",
                                             "entity",
                                             "sector",
                                             "origin_economy",
                                             "origin_region",
                                             "implementation_economies",
                                             "implementation_regions",
                                             "focus_areas",
                                             "pillars",
                                             "pledge_type",
                                             "value",
                                             "currency",
                                             "value_usd",
                                             "beneficiaries",
                                             "sdgs",
                                             "pledged_on",
                                             "start_date",
                                             "end_date",
                                             "status",
                                             "description",
                                             "review_state",
                                             "wsis_lines",
                                             "roadmap_areas",
                                             "campaigns",
                                             "partners",
                                             "contact_name",
                                             "contact_email",
                                             "reporting_period_months"};
constexpr std::string_view report_names[] = {"reported_on", "status", "percent_complete", "disbursed_usd", "narrative"};
constexpr std::string_view reports_csv_names[] = {"pledge_id",        "reported_on",   "status",
                                                  "percent_complete", "disbursed_usd", "narrative"};
constexpr std::string_view target_names[] = {
    "id", "description", "measure", "unit", "baseline_value", "baseline_date", "target_value", "target_date", "metric"};
constexpr std::string_view targets_csv_names[] = {"pledge_id",   "target_id",      "description",   "measure",
                                                  "unit",        "baseline_value", "baseline_date", "target_value",
                                                  "target_date", "metric"};
constexpr std::string_view actual_names[] = {"target_id", "value"};
constexpr std::string_view actuals_csv_names[] = {"pledge_id", "reported_on", "target_id", "value"};
// The columns the public explorer's CSV leaves out.
constexpr std::string_view contact_names[] = {"contact_name", "contact_email"};

// Columns that may be left out of a file's header: value_usd is computed on import; descriptions, narratives,
// the report's figures and the fields added with the pledge cycle are optional (files written before it still
// import as they did).
bool optional_column(std::string_view name) {
  constexpr std::string_view names[] = {"value_usd",
                                        "description",
                                        "narrative",
                                        "percent_complete",
                                        "disbursed_usd",
                                        "review_state",
                                        "wsis_lines",
                                        "roadmap_areas",
                                        "campaigns",
                                        "partners",
                                        "contact_name",
                                        "contact_email",
                                        "reporting_period_months",
                                        "metric"};
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::vector<std::string> split_list(std::string_view cell) {
  std::vector<std::string> out;
  while (true) {
    const auto end = cell.find(';');
    const auto item = trim(cell.substr(0, end));
    if (!item.empty()) out.emplace_back(item);
    if (end == std::string_view::npos) return out;
    cell.remove_prefix(end + 1);
  }
}

// A CSV table with a header of known names: the column of each name, or the problems of the header.
class Table {
 public:
  Table(const std::filesystem::path& file, std::span<const std::string_view> names, std::ifstream& in)
      // The header and UTF-8 are checked here and by validate(), so that every problem is reported with its row
      // and field, not only the first as the reader's own checks would.
      : file_(file.string()),
        names_(names),
        in_(in),
        reader_(in_, file_, ',', CsvChecks{.unique_header = false, .utf8 = false}) {}

  bool header(std::vector<Rejection>& rejected) {
    std::vector<std::string> fields;
    if (!reader_.next(fields)) {
      rejected.push_back({file_, 1, "", fmt::format("the file is empty; expected a header row with {}", list())});
      return false;
    }
    const std::size_t before = rejected.size();
    width_ = fields.size();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (std::find(names_.begin(), names_.end(), fields[i]) == names_.end())
        rejected.push_back({file_, reader_.line(), printable(fields[i]),
                            fmt::format("unknown column '{}'; expected columns {}", printable(fields[i]), list())});
      else if (const auto [first, added] = column_.emplace(fields[i], i); !added)
        rejected.push_back({file_, reader_.line(), fields[i],
                            fmt::format("the column appears twice in the header, as columns {} and {}; keep one",
                                        first->second + 1, i + 1)});
    }
    for (const auto name : names_)
      if (!optional_column(name) && column_.count(std::string(name)) == 0)
        rejected.push_back({file_, reader_.line(), std::string(name),
                            fmt::format("missing column '{}'; expected columns {}", name, list())});
    return rejected.size() == before;
  }

  /// The next row with as many fields as the header; short or long rows are rejected and skipped.
  bool next(std::vector<Rejection>& rejected) {
    while (reader_.next(fields_)) {
      if (fields_.size() == width_) return true;
      rejected.push_back({file_, reader_.line(), "",
                          fmt::format("expected {} fields as in the header; found {}", width_, fields_.size())});
    }
    return false;
  }

  std::size_t line() const { return reader_.line(); }
  const std::string& file() const { return file_; }

  /// A text cell, less the quote that export_csv() puts before text a spreadsheet would take for a formula.
  std::string text(std::string_view name) const { return std::string(csv_unquote_text(cell(name))); }

  std::optional<int> whole(std::string_view name, std::vector<Rejection>& rejected) const {
    const auto value = number(name, rejected);
    if (!value) return std::nullopt;
    if (*value != static_cast<double>(static_cast<long long>(*value)) || *value < -1e9 || *value > 1e9) {
      rejected.push_back({file_, line(), std::string(name), fmt::format("expected a whole number; found {}", *value)});
      return std::nullopt;
    }
    return static_cast<int>(*value);
  }

  /// A number cell that must not be empty.
  double required_number(std::string_view name, std::vector<Rejection>& rejected) const {
    const auto value = number(name, rejected);
    if (!value && cell(name).empty())
      rejected.push_back({file_, line(), std::string(name), "expected a number; found an empty cell"});
    return value.value_or(0);
  }

  std::optional<double> number(std::string_view name, std::vector<Rejection>& rejected) const {
    const std::string& value_text = cell(name);
    if (value_text.empty()) return std::nullopt;
    const auto value = parse_number(value_text);
    if (!value)
      rejected.push_back({file_, line(), std::string(name),
                          fmt::format("expected a number or an empty cell; found '{}'", printable(value_text))});
    return value;
  }

 private:
  std::string list() const {
    std::string out;
    for (const auto name : names_) {
      if (!out.empty()) out += ',';
      out += name;
    }
    return out;
  }

  const std::string& cell(std::string_view name) const {
    static const std::string empty;
    const auto it = column_.find(std::string(name));
    return it == column_.end() ? empty : fields_[it->second];
  }

  std::string file_;
  std::span<const std::string_view> names_;
  std::ifstream& in_;
  CsvReader reader_;
  std::size_t width_ = 0;
  std::map<std::string, std::size_t> column_;
  std::vector<std::string> fields_;
};

std::ifstream open(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw StoreError(fmt::format("{}: cannot read the file; check the path", file.string()));
  return in;
}

void read_pledges(const std::filesystem::path& file, ParsedFile& out) {
  std::ifstream in = open(file);
  Table table(file, pledge_names, in);
  if (!table.header(out.rejected)) return;
  while (table.next(out.rejected)) {
    SourceRecord record;
    record.row = table.line();
    Pledge& p = record.pledge;
    p.id = table.text("id");
    p.entity = table.text("entity");
    p.sector = table.text("sector");
    p.origin_economy = table.text("origin_economy");
    p.origin_region = table.text("origin_region");
    p.implementation_economies = split_list(table.text("implementation_economies"));
    p.implementation_regions = split_list(table.text("implementation_regions"));
    p.focus_areas = split_list(table.text("focus_areas"));
    p.pillars = split_list(table.text("pillars"));
    p.pledge_type = table.text("pledge_type");
    p.value = table.number("value", out.rejected);
    p.currency = table.text("currency");
    p.beneficiaries = split_list(table.text("beneficiaries"));
    p.sdgs = split_list(table.text("sdgs"));
    p.pledged_on = table.text("pledged_on");
    p.start_date = table.text("start_date");
    p.end_date = table.text("end_date");
    p.status = table.text("status");
    p.description = table.text("description");
    if (const std::string state = table.text("review_state"); !state.empty()) p.review_state = state;
    p.wsis_lines = split_list(table.text("wsis_lines"));
    p.roadmap_areas = split_list(table.text("roadmap_areas"));
    p.campaigns = split_list(table.text("campaigns"));
    p.partners = split_list(table.text("partners"));
    p.contact_name = table.text("contact_name");
    p.contact_email = table.text("contact_email");
    p.reporting_period_months = table.whole("reporting_period_months", out.rejected);
    out.records.push_back(std::move(record));
  }
}

// Calls `row(table, record)` for each row of a sibling file (reports, targets, actuals) whose pledge_id names a
// pledge of the pledges file; other rows are rejections.
template <typename Row>
void read_sibling(const std::filesystem::path& file, std::span<const std::string_view> names, ParsedFile& out,
                  Row row) {
  std::ifstream in = open(file);
  Table table(file, names, in);
  if (!table.header(out.rejected)) return;
  std::map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < out.records.size(); ++i) by_id.emplace(out.records[i].pledge.id, i);
  while (table.next(out.rejected)) {
    const std::string id = table.text("pledge_id");
    const auto it = by_id.find(id);
    if (it == by_id.end()) {
      out.rejected.push_back(
          {table.file(), table.line(), "pledge_id",
           fmt::format("expected the id of a pledge in the pledges file; found '{}'", printable(id))});
      continue;
    }
    row(table, out.records[it->second]);
  }
}

void read_reports(const std::filesystem::path& file, ParsedFile& out) {
  read_sibling(file, reports_csv_names, out, [&](const Table& table, SourceRecord& record) {
    ProgressReport report;
    report.reported_on = table.text("reported_on");
    report.status = table.text("status");
    report.percent_complete = table.number("percent_complete", out.rejected);
    report.disbursed_usd = table.number("disbursed_usd", out.rejected);
    report.narrative = table.text("narrative");
    record.pledge.reports.push_back(std::move(report));
    record.reports_file = table.file();
    record.report_rows.push_back(table.line());
  });
}

void read_targets(const std::filesystem::path& file, ParsedFile& out) {
  read_sibling(file, targets_csv_names, out, [&](const Table& table, SourceRecord& record) {
    Target target;
    target.id = table.text("target_id");
    target.description = table.text("description");
    target.measure = table.text("measure");
    target.unit = table.text("unit");
    target.baseline_value = table.required_number("baseline_value", out.rejected);
    target.baseline_date = table.text("baseline_date");
    target.target_value = table.required_number("target_value", out.rejected);
    target.target_date = table.text("target_date");
    target.metric = table.text("metric");
    record.pledge.targets.push_back(std::move(target));
    record.targets_file = table.file();
    record.target_rows.push_back(table.line());
  });
}

// Actuals join their report by date: a row for a date the pledge has no report for is a rejection here, since
// validation could not name the line any more.
void read_actuals(const std::filesystem::path& file, ParsedFile& out) {
  read_sibling(file, actuals_csv_names, out, [&](const Table& table, SourceRecord& record) {
    const std::string date = table.text("reported_on");
    auto& reports = record.pledge.reports;
    const auto report =
        std::find_if(reports.begin(), reports.end(), [&](const ProgressReport& r) { return r.reported_on == date; });
    if (report == reports.end()) {
      out.rejected.push_back({table.file(), table.line(), "reported_on",
                              fmt::format("expected the date of a report of pledge {} in the reports file; found '{}'",
                                          printable(record.pledge.id), printable(date))});
      return;
    }
    report->actuals.push_back(Actual{table.text("target_id"), table.required_number("value", out.rejected)});
  });
}

std::string list_cell(const std::vector<std::string>& items, const std::string& id, std::string_view field) {
  std::string out;
  for (const auto& item : items) {
    if (item.find(';') != std::string::npos)
      throw StoreError(fmt::format("pledge {}: {} item '{}' contains ';', the CSV list separator; export as JSON",
                                   printable(id), field, printable(item)));
    if (!out.empty()) out += ';';
    out += item;
  }
  return out;
}

// Numbers as they are; every text cell neutralised against formula injection (csv_quote_text), which
// Table::text() undoes on import, so an export still reads back as the same registry.
std::string number_cell(const std::optional<double>& value) { return value ? number_text(*value) : std::string(); }
std::string text_cell(std::string_view text) { return csv_quote_text(text); }

template <typename Cells>
std::string csv_line(const Cells& cells) {
  std::string out;
  for (const auto& cell : cells) {
    if (!out.empty()) out += ',';
    out += cell;
  }
  return out + "\n";
}

template <typename Names>
std::string header_line(const Names& names) {
  std::vector<std::string> cells;
  for (const auto name : names) cells.push_back(csv_quote(name));
  return csv_line(cells);
}

}  // namespace

std::span<const std::string_view> pledge_fields() noexcept { return pledge_names; }
std::span<const std::string_view> report_fields() noexcept { return report_names; }
std::span<const std::string_view> target_fields() noexcept { return target_names; }
std::span<const std::string_view> actual_fields() noexcept { return actual_names; }

std::filesystem::path reports_file_of(const std::filesystem::path& pledges_csv) {
  return pledges_csv.parent_path() / (pledges_csv.stem().string() + ".reports.csv");
}
std::filesystem::path targets_file_of(const std::filesystem::path& pledges_csv) {
  return pledges_csv.parent_path() / (pledges_csv.stem().string() + ".targets.csv");
}
std::filesystem::path actuals_file_of(const std::filesystem::path& pledges_csv) {
  return pledges_csv.parent_path() / (pledges_csv.stem().string() + ".actuals.csv");
}

ParsedFile read_csv(const std::filesystem::path& file) {
  ParsedFile out;
  try {
    read_pledges(file, out);
    const auto reports = reports_file_of(file);
    if (std::filesystem::exists(reports) && out.rejected.empty()) read_reports(reports, out);
    const auto targets = targets_file_of(file);
    if (std::filesystem::exists(targets) && out.rejected.empty()) read_targets(targets, out);
    const auto actuals = actuals_file_of(file);
    if (std::filesystem::exists(actuals) && out.rejected.empty()) read_actuals(actuals, out);
  } catch (const CsvError& e) {
    out.rejected.push_back({"", 0, "", e.what()});
  }
  return out;
}

namespace {

// The pledges table: every column, or without the contact for the public.
std::string pledges_table(const std::vector<Pledge>& pledges, Audience audience) {
  const auto shown = [&](std::string_view name) {
    return audience == Audience::operators ||
           std::find(std::begin(contact_names), std::end(contact_names), name) == std::end(contact_names);
  };
  std::vector<std::string_view> names;
  for (const auto name : pledge_names)
    if (shown(name)) names.push_back(name);
  std::string main = header_line(names);
  for (const Pledge& p : pledges) {
    const std::string cells[] = {text_cell(p.id),
                                 text_cell(p.entity),
                                 text_cell(p.sector),
                                 text_cell(p.origin_economy),
                                 text_cell(p.origin_region),
                                 text_cell(list_cell(p.implementation_economies, p.id, "implementation_economies")),
                                 text_cell(list_cell(p.implementation_regions, p.id, "implementation_regions")),
                                 text_cell(list_cell(p.focus_areas, p.id, "focus_areas")),
                                 text_cell(list_cell(p.pillars, p.id, "pillars")),
                                 text_cell(p.pledge_type),
                                 number_cell(p.value),
                                 text_cell(p.currency),
                                 number_cell(p.value_usd),
                                 text_cell(list_cell(p.beneficiaries, p.id, "beneficiaries")),
                                 text_cell(list_cell(p.sdgs, p.id, "sdgs")),
                                 text_cell(p.pledged_on),
                                 text_cell(p.start_date),
                                 text_cell(p.end_date),
                                 text_cell(p.status),
                                 text_cell(p.description),
                                 text_cell(p.review_state),
                                 text_cell(list_cell(p.wsis_lines, p.id, "wsis_lines")),
                                 text_cell(list_cell(p.roadmap_areas, p.id, "roadmap_areas")),
                                 text_cell(list_cell(p.campaigns, p.id, "campaigns")),
                                 text_cell(list_cell(p.partners, p.id, "partners")),
                                 text_cell(p.contact_name),
                                 text_cell(p.contact_email),
                                 p.reporting_period_months ? std::to_string(*p.reporting_period_months) : ""};
    static_assert(std::size(cells) == std::size(pledge_names));
    std::vector<std::string> row;
    for (std::size_t i = 0; i < std::size(cells); ++i)
      if (shown(pledge_names[i])) row.push_back(cells[i]);
    main += csv_line(row);
  }
  return main;
}

}  // namespace

std::string pledges_csv(const std::vector<Pledge>& pledges, Audience audience) {
  return pledges_table(pledges, audience);
}

void export_csv(const std::vector<Pledge>& pledges, const std::filesystem::path& file) {
  std::string reports = header_line(reports_csv_names);
  std::string targets = header_line(targets_csv_names);
  std::string actuals = header_line(actuals_csv_names);
  for (const Pledge& p : pledges) {
    for (const Target& t : p.targets) {
      const std::string cells[] = {text_cell(p.id),
                                   text_cell(t.id),
                                   text_cell(t.description),
                                   text_cell(t.measure),
                                   text_cell(t.unit),
                                   number_text(t.baseline_value),
                                   text_cell(t.baseline_date),
                                   number_text(t.target_value),
                                   text_cell(t.target_date),
                                   text_cell(t.metric)};
      targets += csv_line(cells);
    }
    for (const ProgressReport& r : p.reports) {
      for (const Actual& a : r.actuals) {
        const std::string cells[] = {text_cell(p.id), text_cell(r.reported_on), text_cell(a.target_id),
                                     number_text(a.value)};
        actuals += csv_line(cells);
      }
      const std::string report_cells[] = {text_cell(p.id),
                                          text_cell(r.reported_on),
                                          text_cell(r.status),
                                          number_cell(r.percent_complete),
                                          number_cell(r.disbursed_usd),
                                          text_cell(r.narrative)};
      reports += csv_line(report_cells);
    }
  }
  // Siblings first: a reader that sees the new pledges file finds its reports, targets and actuals beside it.
  write_file_atomically(reports_file_of(file), reports);
  write_file_atomically(targets_file_of(file), targets);
  write_file_atomically(actuals_file_of(file), actuals);
  write_file_atomically(file, pledges_table(pledges, Audience::operators));
}

}  // namespace p2c::pledges
