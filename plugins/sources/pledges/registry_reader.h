// Reading the published part of the pledge registry (core/pledges/schema.cpp, schema version 3) into the series of
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

namespace p2c::plugins::pledge_registry {

/// Texts stored once, back to back, with an open-addressing index: pledge ids, lists and dates repeat over many
/// rows, and a registry of 100,000 pledges holds them in a few megabytes.
class Texts {
 public:
  std::uint32_t add(std::string_view text);
  std::optional<std::uint32_t> find(std::string_view text) const;
  /// Valid until the next add().
  std::string_view operator[](std::uint32_t index) const {
    const std::uint32_t begin = index == 0 ? 0 : ends_[index - 1];
    return {arena_.data() + begin, ends_[index] - begin};
  }
  std::size_t size() const noexcept { return ends_.size(); }

 private:
  std::size_t slot_of(std::string_view text, std::size_t hash) const;
  void grow();

  std::string arena_;
  std::vector<std::uint32_t> ends_;   ///< end offset of each text in arena_
  std::vector<std::uint64_t> slots_;  ///< the text's index + 1 and its hash's high half; 0: free
};

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
