// The child's side of the SDK's callback interfaces: what a plugin in p2c-plugin-host writes to or asks of the
// host travels over the socket (wire.h) instead of into the host's memory.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "p2c/observations.h"
#include "p2c/results.h"
#include "wire.h"

namespace p2c::host {

/// Interns codes and labels in ids of its own and sends each batch with the texts first seen since the last
/// one; the host maps them to its ids. Batches are sent as the plugin hands them over.
class ChildBatchSink final : public BatchSink {
 public:
  explicit ChildBatchSink(int channel) : channel_(channel) {}
  EntityId intern_entity(std::string_view code) override { return intern(code, entities_, new_entities_); }
  LabelId intern_label(std::string_view label) override { return intern(label, labels_, new_labels_); }
  void consume(const Batch& batch) override;
  void reject(std::string_view where, std::string_view what) override;

 private:
  static std::uint32_t intern(std::string_view text, std::unordered_map<std::string, std::uint32_t>& ids,
                              std::vector<std::string>& fresh);

  int channel_;
  std::unordered_map<std::string, std::uint32_t> entities_;
  std::unordered_map<std::string, std::uint32_t> labels_;
  std::vector<std::string> new_entities_;
  std::vector<std::string> new_labels_;
};

/// The inputs the host sent with a `compute` request: the series, and the codes and labels of the ids they hold.
/// group_members() asks the host, which holds the reference data.
class ChildInputs final : public InputSet {
 public:
  ChildInputs(int channel, wire::Decoder& request);
  const Series* find(std::string_view id) const override;
  std::string_view entity_code(EntityId id) const override;
  std::string_view label(LabelId id) const override;
  std::vector<std::string> group_members(std::string_view group, std::int32_t year) const override;

 private:
  int channel_;
  std::vector<Series> series_;
  std::unordered_map<EntityId, std::string> entity_codes_;
  std::unordered_map<LabelId, std::string> labels_;
};

/// Result calls in the order made, sent in pieces of about a megabyte; the host replays them into its writer,
/// which checks them as it checks an in-process plugin's.
class ChildResults final : public ResultWriter {
 public:
  explicit ChildResults(int channel) : channel_(channel) {}
  void value(std::string_view metric, EntityId entity, std::int32_t year, double value, std::uint32_t flags) override;
  void missing(std::string_view metric, EntityId entity, std::int32_t year, std::string_view reason) override;
  void group_value(std::string_view metric, std::string_view group, std::int32_t year, double value,
                   std::uint32_t flags) override;
  void group_missing(std::string_view metric, std::string_view group, std::int32_t year,
                     std::string_view reason) override;
  /// Sends what is buffered; called before a question to the host and at the end.
  void flush();

 private:
  void written();

  int channel_;
  wire::Encoder pending_;
};

}  // namespace p2c::host
