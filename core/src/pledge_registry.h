// The host's access to the P2C pledge registry configured in [pledges] (docs/pledges.md): the rules its
// records are checked against and the opened store, bootstrapped on first use.
#pragma once

#include <memory>

#include "config.h"
#include "pledges/store.h"

namespace p2c::host {

/// Economies and groups from the config's [reference] files, USD rates from [pledges] rates, bounds from
/// [pledges] max_amount_usd, earliest_date and latest_date. Throws
/// ConfigError when the config has no [pledges] section, or [pledges] without [reference];
/// pledges::RulesError for an unreadable or malformed file.
pledges::Rules registry_rules(const Config& config);

/// The plausible amounts and dates of [pledges] (max_amount_usd, earliest_date, latest_date), e.g. for
/// pledges::validate_report(). Throws ConfigError when the config has no [pledges] section.
pledges::Bounds registry_bounds(const Config& config);

/// Opens (creating and migrating when needed) the [pledges] database. When this call created the file and
/// [pledges] bootstrap is set, imports the bootstrap file into it; if any bootstrap record is rejected (or
/// the file cannot be read), removes the new database again, so the next call retries, and throws
/// pledges::StoreError listing the rejections. Throws ConfigError as registry_rules() does.
std::unique_ptr<pledges::Store> open_registry(const Config& config);

}  // namespace p2c::host
