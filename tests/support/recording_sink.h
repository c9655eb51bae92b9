// A BatchSink for source tests: it records every batch, interned entity and label, and rejection a source
// hands to the host, so a test can compare them exactly. It does no checking of its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "p2c/observations.h"

namespace p2c::test {

class RecordingSink final : public p2c::BatchSink {
 public:
  p2c::EntityId intern_entity(std::string_view code) override {
    ++entity_lookups;
    return intern(entities, std::string(code));
  }
  p2c::LabelId intern_label(std::string_view label) override { return intern(labels, std::string(label)); }
  void consume(const p2c::Batch& batch) override { batches.push_back(batch); }
  void reject(std::string_view where, std::string_view what) override {
    rejections.push_back(std::string(where) + " " + std::string(what));
  }

  std::vector<std::string> entities;  ///< indexed by EntityId, in order of first lookup
  std::vector<std::string> labels;    ///< indexed by LabelId, in order of first lookup
  std::vector<p2c::Batch> batches;    ///< every batch consumed, in order
  std::vector<std::string> rejections;  ///< "where message", e.g. "file:line message" for file sources
  int entity_lookups = 0;              ///< calls of intern_entity, repeated codes included

 private:
  static std::uint32_t intern(std::vector<std::string>& table, const std::string& text) {
    for (std::size_t i = 0; i < table.size(); ++i)
      if (table[i] == text) return static_cast<std::uint32_t>(i);
    table.push_back(text);
    return static_cast<std::uint32_t>(table.size() - 1);
  }
};

}  // namespace p2c::test
