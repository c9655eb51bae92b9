// What a report calls entities and which economy a country profile is about, from the config's reference
// data: names instead of codes in legends and tables, and an economy found by its code or its name.
#pragma once

#include <optional>
#include <string>

#include "reference.h"
#include "report/report_model.h"

namespace p2c::report {

/// Economies and groups by name; the UN lists by their usual short forms (LDCs, LLDCs, SIDS).
EntityNames entity_names(const host::Reference& reference);

/// The economy `wanted` names (its ISO3 code, its name in English or in the locale's language, or the start of one
/// name; in any case, with or without accents) with the groups it belongs to in `year` (UN lists, ITU region,
/// income group, world); nothing when no economy or several match.
std::optional<EconomyProfile> find_economy(const host::Reference& reference, const std::string& wanted, int year,
                                           const Locale& locale);

}  // namespace p2c::report
