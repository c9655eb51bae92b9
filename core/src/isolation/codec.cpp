#include "codec.h"

#include "memory_hints.h"

namespace p2c::host::wire {
namespace {

template <typename Enum>
Enum checked_enum(Decoder& in, std::uint32_t last) {
  const auto value = in.get<std::uint32_t>();
  if (value > last) throw WireError("a message holds an unknown enumeration value");
  return static_cast<Enum>(value);
}

void encode_optional(Encoder& out, const std::optional<double>& value) {
  out.put<std::uint8_t>(value.has_value());
  out.put(value.value_or(0.0));
}

std::optional<double> decode_optional(Decoder& in) {
  const bool present = in.get<std::uint8_t>() != 0;
  const double value = in.get<double>();
  return present ? std::optional<double>(value) : std::nullopt;
}

void encode(Encoder& out, const MetricInfo& info) {
  out.text(info.name);
  out.text(info.title);
  out.text(info.unit);
  out.text(info.description);
  out.put(static_cast<std::uint32_t>(info.focus_area));
  encode(out, info.wsis_lines);
  encode(out, info.sdg_indicators);
  out.put(static_cast<std::uint32_t>(info.direction));
  encode_optional(out, info.target);
  out.put<std::int32_t>(info.target_year);
  out.put(static_cast<std::uint32_t>(info.aggregation));
  encode_optional(out, info.minimum);
  encode_optional(out, info.maximum);
  out.put<std::uint8_t>(info.growth_rate);
}

MetricInfo decode_metric(Decoder& in) {
  MetricInfo info;
  info.name = in.text();
  info.title = in.text();
  info.unit = in.text();
  info.description = in.text();
  info.focus_area = checked_enum<FocusArea>(in, static_cast<std::uint32_t>(FocusArea::investment_acceleration));
  info.wsis_lines = decode_texts(in);
  info.sdg_indicators = decode_texts(in);
  info.direction = checked_enum<Direction>(in, static_cast<std::uint32_t>(Direction::lower_is_better));
  info.target = decode_optional(in);
  info.target_year = in.get<std::int32_t>();
  info.aggregation = checked_enum<Aggregation>(in, static_cast<std::uint32_t>(Aggregation::share_meeting_target));
  info.minimum = decode_optional(in);
  info.maximum = decode_optional(in);
  info.growth_rate = in.get<std::uint8_t>() != 0;
  return info;
}

// A series' or a batch's columns: entity, year, value, then the dimensions' names and label columns.
template <typename Columns>
void encode_columns(Encoder& out, const Columns& data) {
  out.column(data.entity.data(), data.entity.size());
  out.column(data.year.data(), data.year.size());
  out.column(data.value.data(), data.value.size());
  encode(out, data.dimension_names);
  out.put(static_cast<std::uint64_t>(data.dimensions.size()));
  for (const auto& column : data.dimensions) out.column(column.data(), column.size());
}

template <typename Columns>
void decode_columns(Decoder& in, Columns& data) {
  in.column(data.entity);
  in.column(data.year);
  in.column(data.value);
  data.dimension_names = decode_texts(in);
  data.dimensions.resize(in.count(sizeof(std::uint64_t)));
  for (auto& column : data.dimensions) in.column(column);
}

}  // namespace

void encode(Encoder& out, const Options& options) {
  out.put(static_cast<std::uint64_t>(options.values().size()));
  for (const auto& [name, value] : options.values()) {
    out.text(name);
    out.put(static_cast<std::uint32_t>(value.index()));
    std::visit(
        [&out](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>) {
            out.text(v);
          } else if constexpr (std::is_same_v<T, StringList>) {
            encode(out, v);
          } else if constexpr (std::is_same_v<T, StringMap>) {
            out.put(static_cast<std::uint64_t>(v.size()));
            for (const auto& [key, text] : v) {
              out.text(key);
              out.text(text);
            }
          } else if constexpr (std::is_same_v<T, NumberMap>) {
            out.put(static_cast<std::uint64_t>(v.size()));
            for (const auto& [key, number] : v) {
              out.text(key);
              out.put(number);
            }
          } else if constexpr (std::is_same_v<T, bool>) {
            out.put<std::uint8_t>(v);
          } else {
            out.put(v);
          }
        },
        value);
  }
}

Options decode_options(Decoder& in) {
  Options options;
  const std::size_t count = in.count(sizeof(std::uint64_t) + sizeof(std::uint32_t));
  for (std::size_t i = 0; i < count; ++i) {
    std::string name(in.text());
    switch (in.get<std::uint32_t>()) {
      case 0: options.set(std::move(name), std::string(in.text())); break;
      case 1: options.set(std::move(name), in.get<std::int64_t>()); break;
      case 2: options.set(std::move(name), in.get<double>()); break;
      case 3: options.set(std::move(name), in.get<std::uint8_t>() != 0); break;
      case 4: options.set(std::move(name), decode_texts(in)); break;
      case 5: {
        StringMap map;
        const std::size_t entries = in.count(2 * sizeof(std::uint64_t));
        for (std::size_t e = 0; e < entries; ++e) {
          std::string key(in.text());
          map[std::move(key)] = std::string(in.text());
        }
        options.set(std::move(name), std::move(map));
        break;
      }
      case 6: {
        NumberMap map;
        const std::size_t entries = in.count(sizeof(std::uint64_t) + sizeof(double));
        for (std::size_t e = 0; e < entries; ++e) {
          std::string key(in.text());
          map[std::move(key)] = in.get<double>();
        }
        options.set(std::move(name), std::move(map));
        break;
      }
      default: throw WireError("an option of an unknown type");
    }
  }
  return options;
}

void encode(Encoder& out, const std::vector<std::string>& texts) {
  out.put(static_cast<std::uint64_t>(texts.size()));
  for (const auto& text : texts) out.text(text);
}

std::vector<std::string> decode_texts(Decoder& in) {
  std::vector<std::string> texts(in.count(sizeof(std::uint64_t)));
  for (auto& text : texts) text = in.text();
  return texts;
}

void encode(Encoder& out, const std::vector<SeriesInfo>& series) {
  out.put(static_cast<std::uint64_t>(series.size()));
  for (const auto& info : series) {
    out.text(info.id);
    out.text(info.unit);
    out.text(info.description);
  }
}

std::vector<SeriesInfo> decode_series_infos(Decoder& in) {
  std::vector<SeriesInfo> series(in.count(3 * sizeof(std::uint64_t)));
  for (auto& info : series) {
    info.id = in.text();
    info.unit = in.text();
    info.description = in.text();
  }
  return series;
}

void encode(Encoder& out, const Series& series) {
  out.text(series.id);
  out.text(series.unit);
  encode_columns(out, series);
}

Series decode_series(Decoder& in) {
  Series series;
  series.id = in.text();
  series.unit = in.text();
  decode_columns(in, series);
  return series;
}

void encode(Encoder& out, const Batch& batch) { encode_columns(out, batch); }

void decode(Decoder& in, Batch& batch) { decode_columns(in, batch); }

void encode(Encoder& out, const RunReport& report) {
  out.text(report.run_id);
  out.text(report.started_at);
  out.put(report.duration_seconds);
  out.put(static_cast<std::uint64_t>(report.catalogue.size()));
  for (const auto& entry : report.catalogue) {
    out.text(entry.id);
    out.text(entry.plugin);
    encode(out, entry.info);
  }
  out.put(static_cast<std::uint64_t>(report.records.size()));
  for (const Record& record : report.records) {
    out.put(record.metric);
    out.put(record.entity);
    out.put(static_cast<std::uint8_t>(record.entity_kind));
    out.put(record.year);
    encode_optional(out, record.value);
    out.put(static_cast<std::uint8_t>(record.status));
    out.put(record.flags);
    out.put<std::uint8_t>(record.coverage.has_value());
    if (record.coverage) {
      out.put(record.coverage->members_with_data);
      out.put(record.coverage->members);
      out.put(record.coverage->population_share);
      out.put(record.coverage->members_observed);
      out.put(record.coverage->observed_population_share);
    }
    out.text(record.reason);
  }
  out.put(static_cast<std::uint64_t>(report.failures.size()));
  for (const auto& failure : report.failures) {
    out.text(failure.instance);
    out.text(failure.message);
  }
  encode(out, report.entity_codes);
}

RunReport decode_report(Decoder& in) {
  RunReport report;
  report.run_id = in.text();
  report.started_at = in.text();
  report.duration_seconds = in.get<double>();
  report.catalogue.resize(in.count(2 * sizeof(std::uint64_t)));
  for (auto& entry : report.catalogue) {
    entry.id = in.text();
    entry.plugin = in.text();
    entry.info = decode_metric(in);
  }
  constexpr std::size_t smallest_record = 4 + 4 + 1 + 4 + 9 + 1 + 4 + 1 + 8;
  const std::size_t records = in.count(smallest_record);
  // Tens of MiB filled at once: in huge pages, made in one call rather than one fault per page.
  report.records.reserve(records);
  prefer_huge_pages(report.records.data(), records * sizeof(Record));
  populate(report.records.data(), records * sizeof(Record));
  report.records.resize(records);
  for (Record& record : report.records) {
    record.metric = in.get<std::uint32_t>();
    record.entity = in.get<EntityId>();
    const auto kind = in.get<std::uint8_t>();
    if (kind > 1) throw WireError("a record of an unknown entity kind");
    record.entity_kind = static_cast<EntityKind>(kind);
    record.year = in.get<std::int32_t>();
    record.value = decode_optional(in);
    const auto status = in.get<std::uint8_t>();
    if (status > static_cast<std::uint8_t>(Status::insufficient_data)) throw WireError("a record of an unknown status");
    record.status = static_cast<Status>(status);
    record.flags = in.get<std::uint32_t>();
    if (in.get<std::uint8_t>() != 0) {
      Coverage& coverage = record.coverage.emplace();
      coverage.members_with_data = in.get<std::uint32_t>();
      coverage.members = in.get<std::uint32_t>();
      coverage.population_share = in.get<double>();
      coverage.members_observed = in.get<std::uint32_t>();
      coverage.observed_population_share = in.get<double>();
    }
    record.reason = in.text();
  }
  report.failures.resize(in.count(2 * sizeof(std::uint64_t)));
  for (auto& failure : report.failures) {
    failure.instance = in.text();
    failure.message = in.text();
  }
  report.entity_codes = decode_texts(in);
  return report;
}

}  // namespace p2c::host::wire
