#include "report/figure_card.h"

#include <fmt/format.h>

#include "report/record_text.h"

namespace p2c::report {

std::string Figure::text(const Locale& locale) const {
  if (record) return qualified_value(*record, unit, locale);
  return missing_text(withheld, reason, locale);
}

Figure figure(const Index& index, const Locale& locale, const std::string& id, std::string_view entity, int year) {
  Figure out;
  const auto* metric = index.metric(id);
  if (!metric) {
    out.reason = locale.text("report.figure.not_computed", {{"metric", id}});
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
    out.withheld = is_withheld(*unpublished);
    out.reason = locale.reason(unpublished->reason);
    return out;
  }
  out.year = year;
  const std::string who(entity);
  if (year == 0) {
    out.reason = locale.text("report.figure.no_value", {{"entity", who}});
  } else if (const auto* older = index.latest(id, entity, year)) {
    out.reason =
        locale.text("report.figure.no_value_year_latest", {{"entity", who},
                                                           {"year", std::to_string(year)},
                                                           {"value", qualified_value(*older, out.unit, locale)},
                                                           {"latest_year", std::to_string(older->year)}});
  } else {
    out.reason = locale.text("report.figure.no_value_year", {{"entity", who}, {"year", std::to_string(year)}});
  }
  return out;
}

Card figure_card(const Index& index, const Locale& locale, const std::string& id, std::string_view entity,
                 std::string label) {
  const Figure f = figure(index, locale, id, entity);
  Card out{id, std::move(label), {}, {}, std::nullopt, f.year};
  if (!f.record) {
    out.value = locale.text(f.withheld ? "report.value.withheld" : "value.none");
    out.detail = f.reason.empty() ? locale.text("report.card.no_reason") : f.reason;
    if (f.year) out.detail += fmt::format(" ({})", f.year);
    return out;
  }
  out.number = *f.record->value;
  out.value = format_value(*f.record->value, f.unit, locale);
  // "observed", "observed: 100 % of population, 45 of 45 members", "estimated; observed: 78 % of population, ..."
  const std::string qualified = qualifiers(*f.record, locale);
  const std::string observed = observed_coverage(*f.record, locale);
  const std::string observed_text = observed.empty() ? "" : locale.text("coverage.observed", {{"members", observed}});
  std::string basis = qualified;
  if (basis.empty())
    basis = observed.empty() ? locale.text("report.card.observed") : observed_text;
  else if (!observed.empty())
    basis += "; " + observed_text;
  out.detail = locale.text("report.card.as_of", {{"year", std::to_string(f.year)}, {"basis", basis}});
  // A later year that is not published: the card's figure is not the run's last word on it.
  for (const auto* record : index.results(id, entity))
    if (record->year > f.year && !record->value)
      out.detail += fmt::format("; {} {}", record->year, value_text(*record, f.unit, locale));
  return out;
}

}  // namespace p2c::report
