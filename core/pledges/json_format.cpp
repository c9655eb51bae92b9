// The JSON format: an array of pledge objects keyed by the Pledge field names, each with a `reports` array.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <nlohmann/json.hpp>
#include <thread>

#include "formats.h"
#include "json_chunks.h"
#include "json_direct.h"
#include "ordered_work.h"
#include "p2c/atomic_file.h"
#include "p2c/huge_pages.h"
#include "p2c/json.h"
#include "p2c/text.h"

namespace p2c::pledges {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Reads the fields of one JSON object, recording a rejection for every key or value it cannot use.
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string file, std::size_t row, std::string prefix,
               std::vector<Rejection>& rejected)
      : object_(object), file_(std::move(file)), row_(row), prefix_(std::move(prefix)), rejected_(rejected) {}

  void expect_keys(std::span<const std::string_view> names, std::initializer_list<std::string_view> extra = {}) {
    for (const auto& [key, value] : object_.items()) {
      if (std::find(extra.begin(), extra.end(), key) != extra.end() ||
          std::find(names.begin(), names.end(), key) != names.end())
        continue;
      problem(printable(key),
              fmt::format("unknown field '{}'; expected the field names of docs/pledges.md", printable(key)));
    }
  }

  /// Missing and null give an empty string.
  std::string text(const char* key) {
    const auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    problem(key, fmt::format("expected a string; found {}", json_excerpt(*it)));
    return {};
  }

  std::vector<std::string> list(const char* key) {
    std::vector<std::string> out;
    const auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return out;
    if (!it->is_array()) {
      problem(key, fmt::format("expected an array of strings; found {}", json_excerpt(*it)));
      return out;
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
      if ((*it)[i].is_string())
        out.push_back((*it)[i].get<std::string>());
      else
        problem(fmt::format("{}[{}]", key, i + 1), fmt::format("expected a string; found {}", json_excerpt((*it)[i])));
    }
    return out;
  }

  std::optional<double> number(const char* key) {
    const auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return std::nullopt;
    if (it->is_number()) return it->get<double>();
    problem(key, fmt::format("expected a number or null; found {}", json_excerpt(*it)));
    return std::nullopt;
  }

  /// A whole number (e.g. 12 or 12.0), or nothing when missing or null.
  std::optional<int> whole(const char* key) {
    const auto value = number(key);
    if (!value) return std::nullopt;
    if (*value != static_cast<double>(static_cast<long long>(*value)) || *value < -1e9 || *value > 1e9) {
      problem(key, fmt::format("expected a whole number; found {}", *value));
      return std::nullopt;
    }
    return static_cast<int>(*value);
  }

  /// A number that must be there.
  double required_number(const char* key) {
    const auto value = number(key);
    if (!value && !object_.contains(key)) problem(key, "expected a number; found nothing");
    return value.value_or(0);
  }

  void problem(std::string_view key, std::string message) {
    rejected_.push_back({file_, row_, prefix_ + std::string(key), std::move(message)});
  }

 private:
  const json& object_;
  std::string file_;
  std::size_t row_;
  std::string prefix_;
  std::vector<Rejection>& rejected_;
};

// Calls `each(object, prefix)` for each object of the array at `key` ("targets[2]." as prefix); anything else in
// the array, or a non-array, is a rejection.
template <typename Each>
void read_objects(const json& parent, const char* key, const char* noun, const std::string& file, std::size_t row,
                  const std::string& prefix, std::vector<Rejection>& rejected, Each each) {
  const auto it = parent.find(key);
  if (it == parent.end() || it->is_null()) return;
  if (!it->is_array()) {
    rejected.push_back(
        {file, row, prefix + key, fmt::format("expected an array of {} objects; found {}", noun, json_excerpt(*it))});
    return;
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& item = (*it)[i];
    const std::string item_prefix = fmt::format("{}{}[{}].", prefix, key, i + 1);
    if (!item.is_object()) {
      rejected.push_back(
          {file, row, item_prefix.substr(0, item_prefix.size() - 1),
           fmt::format("expected a{} {} object; found {}", noun[0] == 'a' ? "n" : "", noun, json_excerpt(item))});
      continue;
    }
    each(item, item_prefix);
  }
}

}  // namespace

SourceRecord read_pledge(const json& object, const std::string& file, std::size_t row,
                         std::vector<Rejection>& rejected) {
  SourceRecord record;
  record.row = row;
  ObjectReader read(object, file, row, "", rejected);
  read.expect_keys(pledge_fields(), {"targets", "reports"});
  Pledge& p = record.pledge;
  p.id = read.text("id");
  p.entity = read.text("entity");
  p.sector = read.text("sector");
  p.origin_economy = read.text("origin_economy");
  p.origin_region = read.text("origin_region");
  p.implementation_economies = read.list("implementation_economies");
  p.implementation_regions = read.list("implementation_regions");
  p.focus_areas = read.list("focus_areas");
  p.pillars = read.list("pillars");
  p.pledge_type = read.text("pledge_type");
  p.value = read.number("value");
  p.currency = read.text("currency");
  read.number("value_usd");  // computed on import; only its type is checked
  p.beneficiaries = read.list("beneficiaries");
  p.sdgs = read.list("sdgs");
  p.pledged_on = read.text("pledged_on");
  p.start_date = read.text("start_date");
  p.end_date = read.text("end_date");
  p.status = read.text("status");
  p.description = read.text("description");
  // A file of published pledges stays as it was: a record without review_state is published.
  if (object.contains("review_state") && !object["review_state"].is_null()) p.review_state = read.text("review_state");
  p.wsis_lines = read.list("wsis_lines");
  p.roadmap_areas = read.list("roadmap_areas");
  p.campaigns = read.list("campaigns");
  p.partners = read.list("partners");
  p.contact_name = read.text("contact_name");
  p.contact_email = read.text("contact_email");
  p.reporting_period_months = read.whole("reporting_period_months");
  read_objects(object, "targets", "target", file, row, "", rejected, [&](const json& item, const std::string& prefix) {
    ObjectReader field(item, file, row, prefix, rejected);
    field.expect_keys(target_fields());
    Target target;
    target.id = field.text("id");
    target.description = field.text("description");
    target.measure = field.text("measure");
    target.unit = field.text("unit");
    target.baseline_value = field.required_number("baseline_value");
    target.baseline_date = field.text("baseline_date");
    target.target_value = field.required_number("target_value");
    target.target_date = field.text("target_date");
    target.metric = field.text("metric");
    p.targets.push_back(std::move(target));
  });
  read_objects(object, "reports", "report", file, row, "", rejected, [&](const json& item, const std::string& prefix) {
    ObjectReader field(item, file, row, prefix, rejected);
    field.expect_keys(report_fields(), {"actuals"});
    ProgressReport report;
    report.reported_on = field.text("reported_on");
    report.status = field.text("status");
    report.percent_complete = field.number("percent_complete");
    report.disbursed_usd = field.number("disbursed_usd");
    report.narrative = field.text("narrative");
    read_objects(item, "actuals", "actual", file, row, prefix, rejected,
                 [&](const json& actual, const std::string& at) {
                   ObjectReader value(actual, file, row, at, rejected);
                   value.expect_keys(actual_fields());
                   report.actuals.push_back(Actual{value.text("target_id"), value.required_number("value")});
                 });
    p.reports.push_back(std::move(report));
  });
  return record;
}

namespace {

ordered_json number_or_null(const std::optional<double>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

}  // namespace

ordered_json pledge_object(const Pledge& p, Audience audience) {
  ordered_json out;
  out["id"] = p.id;
  out["entity"] = p.entity;
  out["sector"] = p.sector;
  out["origin_economy"] = p.origin_economy;
  out["origin_region"] = p.origin_region;
  out["implementation_economies"] = p.implementation_economies;
  out["implementation_regions"] = p.implementation_regions;
  out["focus_areas"] = p.focus_areas;
  out["pillars"] = p.pillars;
  out["pledge_type"] = p.pledge_type;
  out["value"] = number_or_null(p.value);
  out["currency"] = p.currency;
  out["value_usd"] = number_or_null(p.value_usd);
  out["beneficiaries"] = p.beneficiaries;
  out["sdgs"] = p.sdgs;
  out["pledged_on"] = p.pledged_on;
  out["start_date"] = p.start_date;
  out["end_date"] = p.end_date;
  out["status"] = p.status;
  out["description"] = p.description;
  out["review_state"] = p.review_state;
  out["wsis_lines"] = p.wsis_lines;
  out["roadmap_areas"] = p.roadmap_areas;
  out["campaigns"] = p.campaigns;
  out["partners"] = p.partners;
  if (audience == Audience::operators) {
    out["contact_name"] = p.contact_name;
    out["contact_email"] = p.contact_email;
  }
  out["reporting_period_months"] =
      p.reporting_period_months ? ordered_json(*p.reporting_period_months) : ordered_json(nullptr);
  out["targets"] = ordered_json::array();
  for (const Target& t : p.targets)
    out["targets"].push_back(ordered_json{{"id", t.id},
                                          {"description", t.description},
                                          {"measure", t.measure},
                                          {"unit", t.unit},
                                          {"baseline_value", t.baseline_value},
                                          {"baseline_date", t.baseline_date},
                                          {"target_value", t.target_value},
                                          {"target_date", t.target_date},
                                          {"metric", t.metric}});
  out["reports"] = ordered_json::array();
  for (const ProgressReport& r : p.reports) {
    ordered_json report;
    report["reported_on"] = r.reported_on;
    report["status"] = r.status;
    report["percent_complete"] = number_or_null(r.percent_complete);
    report["disbursed_usd"] = number_or_null(r.disbursed_usd);
    report["narrative"] = r.narrative;
    report["actuals"] = ordered_json::array();
    for (const Actual& a : r.actuals)
      report["actuals"].push_back(ordered_json{{"target_id", a.target_id}, {"value", a.value}});
    out["reports"].push_back(std::move(report));
  }
  return out;
}

namespace {

void read_element(const json& element, std::size_t row, const std::string& name, ParsedFile& out) {
  if (element.is_object())
    out.records.push_back(read_pledge(element, name, row, out.rejected));
  else
    out.rejected.push_back({name, row, "", fmt::format("expected a pledge object; found {}", json_excerpt(element))});
}

// The whole text through the tree, one element at a time: the path whose JsonError gives the line and column of
// malformed JSON in the whole file.
void read_whole_text(std::string_view text, const std::string& name, ParsedFile& out) {
  const json document =
      parse_json(text, [&](json&& element, std::size_t position) { read_element(element, position, name, out); });
  if (!document.is_array())
    out.rejected.push_back(
        {name, 0, "", fmt::format("expected a JSON array of pledge objects; found a JSON {}", document.type_name())});
}

// A large file is read on the machine's cores; a small one is not worth the threads.
std::size_t reading_threads(std::size_t bytes) {
  constexpr std::size_t parallel_from_bytes = 4u << 20;
  return bytes < parallel_from_bytes ? 1 : std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
}
// Elements per batch: large enough that handing a batch over costs nothing against reading it, small enough that
// the batches in flight hold a few MiB.
constexpr std::size_t batch_elements = 1024;

// Element by element: each pledge straight into its record (json_direct.h), or through the tree when the direct
// reader does not take it. False, after taking the batches before it, when the text is not an array or some
// element is not valid JSON: the caller then reads the whole text, for the message.
bool read_by_elements(std::string_view text, const std::string& name, const PrepareBatch& prepare,
                      const TakeBatch& take) {
  const auto elements = array_elements(text);
  if (!elements) return false;
  const std::size_t threads = reading_threads(text.size());
  const std::size_t batches = (elements->size() + batch_elements - 1) / batch_elements;
  bool malformed = false;
  in_order(
      batches, threads, 2 * threads,
      [&](std::size_t batch) -> std::optional<ParsedFile> {
        const std::size_t first = batch * batch_elements, last = std::min(first + batch_elements, elements->size());
        ParsedFile out;
        out.records.reserve(last - first);
        try {
          for (std::size_t i = first; i < last; ++i) {
            const std::size_t row = i + 1;
            if (auto record = read_pledge_directly((*elements)[i], row)) {
              out.records.push_back(std::move(*record));
              continue;
            }
            // One level less than the whole file allows: the array around the element is one.
            read_element(parse_json((*elements)[i], json_max_depth - 1), row, name, out);
          }
        } catch (const JsonError&) {
          return std::nullopt;
        }
        prepare(out);
        return out;
      },
      [&](std::optional<ParsedFile>&& batch) {
        if (!batch) return !(malformed = true);
        take(std::move(*batch));
        return true;
      });
  return !malformed;
}

// The whole text as one record set: element by element when it is well-formed, else through the tree for the
// line and column of the problem.
std::optional<ParsedFile> read_json_text(std::string_view text, const std::string& name, const PrepareBatch& prepare,
                                         const TakeBatch& take) {
  if (read_by_elements(text, name, prepare, take)) return std::nullopt;
  ParsedFile out;
  try {
    read_whole_text(text, name, out);
  } catch (const JsonError& e) {
    out.records.clear();
    out.rejected.clear();
    out.rejected.push_back({name, e.line(), "", e.what()});
  }
  return out;
}

// A file's bytes in one piece, in 2 MiB pages where the kernel offers them, left uninitialised until read into
// (zeroing 250 MB first would cost as much as reading them). A large file is read in parts on the machine's
// cores: copying from the page cache and the kernel's clearing of fresh pages are most of the cost.
class FileBytes {
 public:
  explicit FileBytes(const std::filesystem::path& file) : name_(file.string()) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(errno);
    struct stat status {};
    if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
      const int error = S_ISDIR(status.st_mode) ? EISDIR : errno;
      ::close(fd);
      fail(error);
    }
    size_ = static_cast<std::size_t>(status.st_size);
    data_ = HugePageAllocator<char>().allocate(capacity());
    const std::size_t parts = reading_threads(size_);
    std::vector<int> errors(parts, 0);
    const auto read_part = [&](std::size_t part) {
      std::size_t at = size_ * part / parts;
      const std::size_t end = size_ * (part + 1) / parts;
      while (at < end) {
        const ssize_t got = ::pread(fd, data_ + at, end - at, static_cast<off_t>(at));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
          errors[part] = got < 0 ? errno : EIO;  // 0: the file shrank while being read
          return;
        }
        at += static_cast<std::size_t>(got);
      }
    };
    if (parts == 1) {
      read_part(0);
    } else {
      std::vector<std::jthread> threads;
      for (std::size_t part = 0; part < parts; ++part) threads.emplace_back(read_part, part);
    }
    ::close(fd);
    for (const int error : errors)
      if (error != 0) {
        HugePageAllocator<char>().deallocate(data_, capacity());
        fail(error);
      }
  }
  ~FileBytes() { HugePageAllocator<char>().deallocate(data_, capacity()); }
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  // Parsed from memory: nlohmann's stream adapter reads a byte at a time.
  std::string_view text() const noexcept { return {data_, size_}; }

 private:
  std::size_t capacity() const noexcept { return std::max<std::size_t>(size_, 1); }
  [[noreturn]] void fail(int error) const {
    throw StoreError(fmt::format("{}: cannot read the file ({}); check the path", name_, std::strerror(error)));
  }

  std::string name_;
  char* data_ = nullptr;
  std::size_t size_ = 0;
};

std::string lower_extension(const std::filesystem::path& file) {
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

}  // namespace

ParsedFile read_json(const std::filesystem::path& file) {
  ParsedFile out;
  const FileBytes bytes(file);
  const auto whole = read_json_text(
      bytes.text(), file.string(), [](ParsedFile&) {},
      [&](ParsedFile&& batch) {
        std::move(batch.records.begin(), batch.records.end(), std::back_inserter(out.records));
        std::move(batch.rejected.begin(), batch.rejected.end(), std::back_inserter(out.rejected));
      });
  return whole ? std::move(*whole) : std::move(out);
}

std::optional<ParsedFile> read_in_batches(const std::filesystem::path& file, const PrepareBatch& prepare,
                                          const TakeBatch& take) {
  if (lower_extension(file) != ".json") {
    ParsedFile all = read_any(file);
    prepare(all);
    take(std::move(all));
    return std::nullopt;
  }
  const FileBytes bytes(file);
  return read_json_text(bytes.text(), file.string(), prepare, take);
}

// Showing a pledge must work even for a registry that took in text that is not UTF-8 before imports checked it:
// such bytes are shown as U+FFFD. An export, which must read back as the same registry, refuses instead.
std::string to_json(const Pledge& pledge, int indent, Audience audience) {
  return pledge_object(pledge, audience).dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

void export_json(const std::vector<Pledge>& pledges, const std::filesystem::path& file) {
  ordered_json out = ordered_json::array();
  for (const Pledge& p : pledges) {
    if (const auto field = invalid_text_field(p))
      throw StoreError(
          fmt::format("pledge '{}': {} holds text that is not UTF-8, stored before imports checked it; "
                      "correct the pledge with an import of a fixed file, then export again",
                      printable(p.id), *field));
    out.push_back(pledge_object(p, Audience::operators));
  }
  write_file_atomically(file, out.dump(2) + "\n");
}

std::string number_text(double value) { return fmt::format("{}", value); }

ParsedFile read_any(const std::filesystem::path& file) {
  const std::string extension = lower_extension(file);
  if (extension == ".csv") return read_csv(file);
  if (extension == ".json") return read_json(file);
  throw StoreError(fmt::format("{}: unknown file type '{}'; expected a .csv or .json pledge file (docs/pledges.md)",
                               file.string(), extension));
}

}  // namespace p2c::pledges
