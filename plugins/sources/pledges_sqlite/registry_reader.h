// Reading the published part of the pledge registry (sdk/src/pledges/schema.cpp, schema version 3) into the series of
// the pledges_sqlite source (pledges_source.h describes them). Rows stream from SQLite into the host's batches;
// what the later series need of the pledges (which ones are delivered, the implementation economies) is kept from
// reading pledges.pledges, in a few bytes per pledge.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "p2c/observations.h"
#include "p2c/text_table.h"

namespace p2c::plugins::pledge_registry {

/// Texts stored once: pledge ids, lists and dates repeat over many rows, and a registry of 100,000 pledges holds
/// them in a few megabytes.
using Texts = p2c::TextTable;

struct Facts;

/// Reads the registry `path` (opened read-only on each call) into series. Every call throws std::runtime_error
/// naming the file and what to do when it is missing, of another schema version or unreadable. A published pledge
/// that breaks the registry's format is rejected by pledges() and left out of every series.
class Reader {
 public:
  /// `extra_measures`: target measures the operator added to the shipped vocabulary.
  Reader(std::string path, std::vector<std::string> extra_measures, std::size_t batch_size);
  ~Reader();

  void pledges(p2c::BatchSink& sink);
  void reports(p2c::BatchSink& sink);
  void implementation(p2c::BatchSink& sink);

 private:
  /// Reads the pledges with their targets and revisions, writing pledges.pledges to `sink` when given.
  void read_pledges(p2c::BatchSink* sink);
  const Facts& facts();

  std::string path_;
  std::vector<std::string> measures_;
  std::size_t batch_size_;
  std::unique_ptr<Facts> facts_;
};

}  // namespace p2c::plugins::pledge_registry
