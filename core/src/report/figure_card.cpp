#include "report/figure_card.h"

#include <fmt/format.h>

#include "report/record_text.h"

namespace p2c::report {

std::string Figure::text() const {
  if (record) return qualified_value(*record, unit);
  return reason.empty() ? missing : fmt::format("{}: {}", missing, reason);
}

Figure figure(const Index& index, const std::string& id, std::string_view entity, int year) {
  Figure out;
  const auto* metric = index.metric(id);
  if (!metric) {
    out.missing = "withheld";
    out.reason = fmt::format("not computed in this run (no metric {})", id);
    return out;
  }
  out.unit = metric->unit;
  if (const auto* published = year ? index.at(id, entity, year) : index.latest(id, entity)) {
    out.record = published;
    out.year = published->year;
    return out;
  }
  const host::StoredResult* unpublished = nullptr;
  for (const auto* record : index.results(id, entity))
    if (year == 0 || record->year == year) unpublished = record;
  if (unpublished) {
    out.year = unpublished->year;
    out.missing = is_withheld(*unpublished) ? "withheld" : "no value";
    out.reason = unpublished->reason;
    return out;
  }
  out.missing = "withheld";
  out.year = year;
  if (year == 0) {
    out.reason = fmt::format("no {} value in this run", entity);
  } else if (const auto* older = index.latest(id, entity, year)) {
    out.reason = fmt::format("no {} value for {} in this run (latest: {} in {})", entity, year,
                             qualified_value(*older, out.unit), older->year);
  } else {
    out.reason = fmt::format("no {} value for {} in this run", entity, year);
  }
  return out;
}

Card figure_card(const Index& index, const std::string& id, std::string_view entity, std::string label) {
  const Figure f = figure(index, id, entity);
  Card out{id, std::move(label), {}, {}, std::nullopt, f.year};
  if (!f.record) {
    out.value = f.missing;
    out.detail = f.reason.empty() ? "the run gives no reason" : f.reason;
    if (f.year) out.detail += fmt::format(" ({})", f.year);
    return out;
  }
  out.number = *f.record->value;
  out.value = format_value(*f.record->value, f.unit);
  // "observed", "observed: 100 % of population, 45 of 45 members", "estimated; observed: 78 % of population, ..."
  const std::string qualified = qualifiers(*f.record);
  const std::string observed = observed_coverage(*f.record);
  out.detail = fmt::format("data as of {}, {}", f.year, qualified.empty() ? "observed" : qualified);
  if (!observed.empty()) out.detail += (qualified.empty() ? ": " : "; observed: ") + observed;
  // A later year that is not published: the card's figure is not the run's last word on it.
  for (const auto* record : index.results(id, entity))
    if (record->year > f.year && !record->value)
      out.detail += fmt::format("; {} {}", record->year, value_text(*record, f.unit));
  return out;
}

}  // namespace p2c::report
