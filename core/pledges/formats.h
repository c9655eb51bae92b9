// Reading and writing the registry's file formats (docs/pledges.md): internal to the pledges library.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store.h"

namespace p2c::pledges {

/// A pledge as read from a file, with where it and its reports came from, so that validation problems
/// point at the right line (a CSV's reports live in their own file).
struct SourceRecord {
  Pledge pledge;
  std::size_t row = 0;
  std::string reports_file;              ///< empty: reports are part of the record (JSON)
  std::vector<std::size_t> report_rows;  ///< line of each report in reports_file
  std::string targets_file;              ///< empty: targets are part of the record (JSON)
  std::vector<std::size_t> target_rows;  ///< line of each target in targets_file
};

struct ParsedFile {
  std::vector<SourceRecord> records;
  std::vector<Rejection> rejected;
};

/// The Pledge, ProgressReport, Target and Actual field names, in declaration order: CSV headers and JSON keys.
std::span<const std::string_view> pledge_fields() noexcept;
std::span<const std::string_view> report_fields() noexcept;
std::span<const std::string_view> target_fields() noexcept;
std::span<const std::string_view> actual_fields() noexcept;

/// A pledge as a JSON object of the export format (keys in field order, targets and reports included). Revisions
/// compare two of them key by key.
nlohmann::ordered_json pledge_object(const Pledge& pledge, Audience audience);

/// The record of one pledge object of a JSON file, read through the tree: every problem with a key or value is
/// added to `rejected` with its field. The reader of whole files goes this way only for the elements that
/// read_pledge_directly() (json_direct.h) does not take.
SourceRecord read_pledge(const nlohmann::json& object, const std::string& file, std::size_t row,
                         std::vector<Rejection>& rejected);

ParsedFile read_csv(const std::filesystem::path& file);
ParsedFile read_json(const std::filesystem::path& file);
/// By extension, .csv or .json (any case); throws StoreError for another.
ParsedFile read_any(const std::filesystem::path& file);

/// Runs on a reading thread for each batch as soon as it is read, e.g. to check its records.
using PrepareBatch = std::function<void(ParsedFile& batch)>;
/// Runs on the calling thread for each prepared batch, in file order.
using TakeBatch = std::function<void(ParsedFile&& batch)>;

/// Reads a file as read_any() does, in consecutive batches of records: a large JSON file on the machine's cores,
/// batch after batch taken while later ones are read, so that memory holds a few batches rather than the file's
/// records (a CSV file is one batch). Returns nothing when every batch was taken; when the file turns out not to
/// be well-formed JSON it stops and returns the whole file as read_any() reads it (its message with line and
/// column), which the caller uses instead of the batches it took.
std::optional<ParsedFile> read_in_batches(const std::filesystem::path& file, const PrepareBatch& prepare,
                                          const TakeBatch& take);

/// A number as the exports write it: the shortest text that reads back as the same double.
std::string number_text(double value);

}  // namespace p2c::pledges
