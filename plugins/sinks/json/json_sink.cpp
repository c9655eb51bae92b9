#include "json_sink.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "p2c/atomic_file.h"

namespace p2c::plugins {
namespace {

constexpr int kIndent = 2;
constexpr int kMaxDepth = 8;
// Handed to the file in pieces of about this size: large enough that the per-call cost vanishes, small enough
// not to double the document's memory.
constexpr std::size_t kChunk = std::size_t{1} << 20;

// nlohmann writes NaN and infinity as null, which would pass off a broken value as a missing one
// without a reason; the CSV sink refuses them too.
double finite(double number, std::size_t index, const char* field) {
  if (!std::isfinite(number)) {
    throw std::domain_error("result record #" + std::to_string(index) + " has a non-finite " + field);
  }
  return number;
}

// A JSON string as nlohmann's dump() writes it, quotes included. Almost every text of a run (codes, ids, units,
// reasons) is printable ASCII without a quote or backslash and is copied as it is; anything else goes through
// nlohmann itself, so that escapes and the replacement of invalid UTF-8 by U+FFFD stay exactly its own.
void append_string(std::string& out, std::string_view text) {
  bool plain = true;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x80 || c == '"' || c == '\\') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out += '"';
    out += text;
    out += '"';
    return;
  }
  out += nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string json_quoted(std::string_view text) {
  std::string out;
  append_string(out, text);
  return out;
}

// Writes JSON text with exactly the layout of nlohmann's dump() for the whole document (compact, or indented by 2
// with pretty), straight into a buffer: no json value is built per record, and the results, by far the largest
// part, never exist as one value in memory.
class JsonText {
 public:
  JsonText(AtomicFile& file, bool pretty) : file_(file), pretty_(pretty) { out_.reserve(kChunk + kChunk / 4); }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  /// `name` is one of this file's literals, printable ASCII without a quote or backslash: written as it is, since
  /// keys are a third of the document and checking each one's bytes was a fifth of the sink's time.
  void key(std::string_view name) {
    separate();
    out_ += '"';
    out_ += name;
    out_ += "\":";
    if (pretty_) out_ += ' ';
    after_key_ = true;
  }
  /// A string already rendered by json_quoted().
  void quoted_string(std::string_view text) {
    separate();
    out_ += text;
  }
  void string(std::string_view text) {
    separate();
    append_string(out_, text);
  }
  /// As nlohmann writes a double ("0.1", "100.0", "1e-07"); null when not finite.
  void number(double value) {
    separate();
    if (!std::isfinite(value)) {
      out_ += "null";
      return;
    }
    std::array<char, 64> buffer{};
    // The serializer's own conversion (Grisu2), not std::to_chars: the two differ in the form of whole numbers
    // ("100.0" against "100") and can differ in the digits of a few values, and the document must stay byte for
    // byte what dump() wrote.
    const char* end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    out_.append(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
  }
  void number(const std::optional<double>& value) {
    if (value)
      number(*value);
    else
      null();
  }
  void integer(std::int64_t value) {
    separate();
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.append(buffer, result.ptr);
  }
  void boolean(bool value) {
    separate();
    out_ += value ? "true" : "false";
  }
  void null() {
    separate();
    out_ += "null";
  }

  /// Hands the text so far to the file once there is a chunk of it.
  void flush_if_full() {
    if (out_.size() >= kChunk) flush();
  }
  void finish() {
    out_ += '\n';
    flush();
  }

 private:
  // The separator and indentation before a value or key: none after a key or at the top; a comma after an
  // earlier element; a line break and indentation when pretty.
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ == 0) return;
    if (!empty_[depth_]) out_ += ',';
    empty_[depth_] = false;
    newline(depth_);
  }

  void open(char bracket) {
    separate();
    if (depth_ + 1 >= kMaxDepth) throw std::logic_error("json sink: document nested too deeply");
    out_ += bracket;
    empty_[++depth_] = true;
  }

  void close(char bracket) {
    if (!empty_[depth_]) newline(depth_ - 1);
    --depth_;
    out_ += bracket;
  }

  void newline(int depth) {
    if (!pretty_) return;
    out_ += '\n';
    out_.append(static_cast<std::size_t>(depth * kIndent), ' ');
  }

  void flush() {
    file_.write(out_);
    out_.clear();
  }

  AtomicFile& file_;
  bool pretty_;
  std::string out_;
  int depth_ = 0;
  std::array<bool, kMaxDepth> empty_{};
  bool after_key_ = false;
};

void string_list(JsonText& json, const std::vector<std::string>& items) {
  json.begin_array();
  for (const auto& item : items) json.string(item);
  json.end_array();
}

void write_run(JsonText& json, const RunReport& report) {
  json.begin_object();
  json.key("id");
  json.string(report.run_id);
  json.key("started_at");
  json.string(report.started_at);
  json.key("duration_seconds");
  json.number(report.duration_seconds);
  json.end_object();
}

void write_metric(JsonText& json, const CatalogueEntry& entry) {
  const MetricInfo& info = entry.info;
  json.begin_object();
  json.key("id");
  json.string(entry.id);
  json.key("plugin");
  json.string(entry.plugin);
  json.key("title");
  json.string(info.title);
  json.key("unit");
  json.string(info.unit);
  json.key("description");
  json.string(info.description);
  json.key("focus_area");
  json.string(to_string(info.focus_area));
  json.key("wsis_lines");
  string_list(json, info.wsis_lines);
  json.key("sdg_indicators");
  string_list(json, info.sdg_indicators);
  json.key("direction");
  json.string(to_string(info.direction));
  json.key("target");
  json.number(info.target);
  json.key("target_year");
  json.integer(info.target_year);
  json.key("aggregation");
  json.string(to_string(info.aggregation));
  json.key("minimum");
  json.number(info.minimum);
  json.key("maximum");
  json.number(info.maximum);
  json.key("growth_rate");
  json.boolean(info.growth_rate);
  json.end_object();
}

void write_coverage(JsonText& json, const Coverage& coverage, std::size_t index) {
  json.begin_object();
  json.key("members_with_data");
  json.integer(coverage.members_with_data);
  json.key("members");
  json.integer(coverage.members);
  json.key("population_share");
  json.number(finite(coverage.population_share, index, "population share"));
  json.key("members_observed");
  json.integer(coverage.members_observed);
  json.key("observed_population_share");
  json.number(finite(coverage.observed_population_share, index, "observed population share"));
  json.end_object();
}

// The texts every record repeats (metric ids, units, entity codes, flag names), each rendered once.
class RenderedTexts {
 public:
  explicit RenderedTexts(const RunReport& report) {
    ids_.reserve(report.catalogue.size());
    units_.reserve(report.catalogue.size());
    for (const auto& entry : report.catalogue) {
      ids_.push_back(json_quoted(entry.id));
      units_.push_back(json_quoted(entry.info.unit));
    }
    entities_.reserve(report.entity_codes.size());
    for (const auto& code : report.entity_codes) entities_.push_back(json_quoted(code));
  }

  const std::string& id(std::uint32_t metric) const { return ids_[metric]; }
  const std::string& unit(std::uint32_t metric) const { return units_[metric]; }
  const std::string& entity(EntityId entity) const { return entities_[entity]; }

  // Split from flags_to_string() so that the flag names are defined in one place, the SDK. Runs use a handful
  // of flag combinations: each is split once.
  const std::vector<std::string>& flag_names(std::uint32_t flags) {
    if (flags >= flags_.size()) {
      uncached_ = split_flags(flags);
      return uncached_;
    }
    auto& names = flags_[flags];
    if (!names) names = split_flags(flags);
    return *names;
  }

 private:
  static std::vector<std::string> split_flags(std::uint32_t flags) {
    std::vector<std::string> names;
    const std::string joined = flags_to_string(flags);
    std::size_t start = 0;
    while (start < joined.size()) {
      std::size_t end = joined.find(';', start);
      if (end == std::string::npos) end = joined.size();
      names.push_back(joined.substr(start, end - start));
      start = end + 1;
    }
    return names;
  }

  std::vector<std::string> ids_;
  std::vector<std::string> units_;
  std::vector<std::string> entities_;
  std::array<std::optional<std::vector<std::string>>, 64> flags_;
  std::vector<std::string> uncached_;
};

void write_record(JsonText& json, const RunReport& report, std::size_t index, RenderedTexts& texts) {
  const Record& record = report.records[index];
  // Checked, so that a record outside the catalogue or the entity table throws instead of reading out of bounds.
  report.metric_of(index);
  report.entity_of(index);
  json.begin_object();
  json.key("metric");
  json.quoted_string(texts.id(record.metric));
  json.key("entity");
  json.quoted_string(texts.entity(record.entity));
  json.key("entity_kind");
  json.string(to_string(record.entity_kind));
  json.key("year");
  json.integer(record.year);
  json.key("value");
  if (record.value)
    json.number(finite(*record.value, index, "value"));
  else
    json.null();
  json.key("unit");
  json.quoted_string(texts.unit(record.metric));
  if (record.status != Status::none) {
    json.key("status");
    json.string(to_string(record.status));
  }
  if (record.coverage) {
    json.key("coverage");
    write_coverage(json, *record.coverage, index);
  }
  json.key("flags");
  string_list(json, texts.flag_names(record.flags));
  if (!record.reason.empty()) {
    json.key("reason");
    json.string(record.reason);
  }
  json.end_object();
}

void write_failure(JsonText& json, const Failure& failure) {
  json.begin_object();
  json.key("instance");
  json.string(failure.instance);
  json.key("message");
  json.string(failure.message);
  json.end_object();
}

}  // namespace

JsonSink::JsonSink(const Options& options) : path_(options.string("path")), pretty_(options.boolean("pretty")) {}

void JsonSink::write(const RunReport& report) {
  AtomicFile file(path_);
  JsonText json(file, pretty_);
  RenderedTexts texts(report);
  json.begin_object();
  json.key("run");
  write_run(json, report);

  json.key("metrics");
  json.begin_array();
  for (const auto& entry : report.catalogue) write_metric(json, entry);
  json.end_array();

  json.key("results");
  json.begin_array();
  for (std::size_t i = 0; i < report.records.size(); ++i) {
    write_record(json, report, i, texts);
    json.flush_if_full();
  }
  json.end_array();

  json.key("failures");
  json.begin_array();
  for (const auto& failure : report.failures) write_failure(json, failure);
  json.end_array();

  json.end_object();
  json.finish();
  file.commit();
}

}  // namespace p2c::plugins

static constexpr p2c_option_spec kJsonSinkOptions[] = {
    {"path", P2C_OPTION_PATH, nullptr, 1,
     "File to write (relative paths are resolved against the config file's folder)"},
    {"pretty", P2C_OPTION_BOOLEAN, "false", 0, "Indent the document by 2 spaces for reading by people"},
};

P2C_PLUGIN(p2c::plugins::JsonSink, "json", "1.0.0", "Writes the run's metrics, results and failures as JSON",
           kJsonSinkOptions)
