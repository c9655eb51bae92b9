// One figure of the report (a metric's value for one entity, published or not) and the headline card that shows
// it: shared by the summary at the top of the report and the coalition section.
#pragma once

#include <string>
#include <string_view>

#include "report/report_index.h"
#include "report/report_model.h"

namespace p2c::report {

/// A metric's published value for an entity at a year (or its latest), or why there is none.
struct Figure {
  const host::StoredResult* record = nullptr;  ///< the published record; null when there is none
  std::string unit;
  int year = 0;          ///< the year of the value, or of the record that is not published; 0: none
  bool withheld = true;  ///< without a record: withheld, or else no value at all
  std::string reason;    ///< without a record: why

  /// A table cell: the value with its qualifiers, or "withheld: <reason>".
  std::string text(const Locale& locale) const;
};

/// `year` 0: the latest published value. A year the metric has no published value for keeps what the run says
/// about it (the withheld record and its reason), else says what is missing, with the latest older value when
/// there is one.
Figure figure(const Index& index, const Locale& locale, const std::string& id, std::string_view entity, int year = 0);

/// The card of the latest published value of `id` for `entity`: the value, "data as of" its year, whether it is
/// observed or estimated and, for a group, how much of it is observed; a later year that is not published is
/// named. Without a published value: "withheld" or "no value" and why.
Card figure_card(const Index& index, const Locale& locale, const std::string& id, std::string_view entity,
                 std::string label);

}  // namespace p2c::report
