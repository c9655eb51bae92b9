#include "child_calls.h"

#include <stdexcept>

#include "codec.h"

namespace p2c::host {

std::uint32_t ChildBatchSink::intern(std::string_view text, std::unordered_map<std::string, std::uint32_t>& ids,
                                     std::vector<std::string>& fresh) {
  const auto [it, inserted] = ids.try_emplace(std::string(text), static_cast<std::uint32_t>(ids.size()));
  if (inserted) fresh.emplace_back(text);
  return it->second;
}

void ChildBatchSink::consume(const Batch& batch) {
  wire::Encoder out;
  wire::encode(out, new_entities_);
  wire::encode(out, new_labels_);
  wire::encode(out, batch);
  new_entities_.clear();
  new_labels_.clear();
  wire::send_frame(channel_, wire::Message::batch, out.bytes());
}

void ChildBatchSink::reject(std::string_view where, std::string_view what) {
  wire::Encoder out;
  out.text(where);
  out.text(what);
  wire::send_frame(channel_, wire::Message::reject, out.bytes());
}

ChildInputs::ChildInputs(int channel, wire::Decoder& request) : channel_(channel) {
  series_.resize(request.count(2 * sizeof(std::uint64_t)));
  for (auto& series : series_) series = wire::decode_series(request);
  const std::size_t codes = request.count(sizeof(EntityId) + sizeof(std::uint64_t));
  for (std::size_t i = 0; i < codes; ++i) {
    const auto id = request.get<EntityId>();
    entity_codes_[id] = request.text();
  }
  const std::size_t labels = request.count(sizeof(LabelId) + sizeof(std::uint64_t));
  for (std::size_t i = 0; i < labels; ++i) {
    const auto id = request.get<LabelId>();
    labels_[id] = request.text();
  }
}

const Series* ChildInputs::find(std::string_view id) const {
  for (const auto& series : series_)
    if (series.id == id) return &series;
  return nullptr;
}

// The host's interned ids of the inputs' economies and labels are all an indicator is handed; it has no other.
std::string_view ChildInputs::entity_code(EntityId id) const {
  const auto it = entity_codes_.find(id);
  if (it == entity_codes_.end()) throw std::out_of_range("no economy of id " + std::to_string(id) + " in the inputs");
  return it->second;
}

std::string_view ChildInputs::label(LabelId id) const {
  const auto it = labels_.find(id);
  if (it == labels_.end()) throw std::out_of_range("no label of id " + std::to_string(id) + " in the inputs");
  return it->second;
}

std::vector<std::string> ChildInputs::group_members(std::string_view group, std::int32_t year) const {
  wire::Encoder question;
  question.text(group);
  question.put(year);
  wire::send_frame(channel_, wire::Message::members, question.bytes());
  wire::Message type{};
  std::string answer;
  if (!wire::receive_frame(channel_, type, answer, std::uint64_t{1} << 32) || type != wire::Message::members_answer)
    throw wire::WireError("the host did not answer a question about a group's members");
  wire::Decoder in(answer);
  return wire::decode_texts(in);
}

void ChildResults::value(std::string_view metric, EntityId entity, std::int32_t year, double value,
                         std::uint32_t flags) {
  pending_.put(wire::ResultCall::value);
  pending_.text(metric);
  pending_.put(entity);
  pending_.put(year);
  pending_.put(value);
  pending_.put(flags);
  written();
}

void ChildResults::missing(std::string_view metric, EntityId entity, std::int32_t year, std::string_view reason) {
  pending_.put(wire::ResultCall::missing);
  pending_.text(metric);
  pending_.put(entity);
  pending_.put(year);
  pending_.text(reason);
  written();
}

void ChildResults::group_value(std::string_view metric, std::string_view group, std::int32_t year, double value,
                               std::uint32_t flags) {
  pending_.put(wire::ResultCall::group_value);
  pending_.text(metric);
  pending_.text(group);
  pending_.put(year);
  pending_.put(value);
  pending_.put(flags);
  written();
}

void ChildResults::group_missing(std::string_view metric, std::string_view group, std::int32_t year,
                                 std::string_view reason) {
  pending_.put(wire::ResultCall::group_missing);
  pending_.text(metric);
  pending_.text(group);
  pending_.put(year);
  pending_.text(reason);
  written();
}

void ChildResults::written() {
  if (pending_.size() >= (std::size_t{1} << 20)) flush();
}

void ChildResults::flush() {
  if (pending_.size() == 0) return;
  wire::send_frame(channel_, wire::Message::results, pending_.bytes());
  pending_.clear();
}

}  // namespace p2c::host
