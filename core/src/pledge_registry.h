// The host's access to the P2C pledge registry configured in [pledges] (docs/pledges.md): the rules its
// records are checked against and the opened store, bootstrapped on first use.
#pragma once

#include <memory>

#include "config.h"
#include "p2c/pledges/reporting_calendar.h"
#include "pledges/store.h"
#include "registry.h"

namespace p2c::host {

/// Economies and groups from the config's [reference] files, USD rates from [pledges] rates, bounds from
/// [pledges] max_amount_usd, earliest_date and latest_date, the vocabulary of [pledges] vocabulary, measures and
/// campaigns, and, when `plugins` is given, the metric ids ("instance.metric") of the config's indicators that a
/// target may name. Throws ConfigError when the config has no [pledges] section, or [pledges] without [reference];
/// pledges::RulesError for an unreadable or malformed file.
pledges::Rules registry_rules(const Config& config, const Registry* plugins = nullptr);

/// The plausible amounts and dates of [pledges] (max_amount_usd, earliest_date, latest_date), e.g. for
/// pledges::validate_report(). Throws ConfigError when the config has no [pledges] section.
pledges::Bounds registry_bounds(const Config& config);

/// [pledges] reporting_period_months, due_window_days and grace_days. Throws ConfigError without [pledges].
pledges::CalendarSettings registry_calendar(const Config& config);

/// Opens (creating and migrating when needed) the [pledges] database. When this call created the file and
/// [pledges] bootstrap is set, imports the bootstrap file into it; if any bootstrap record is rejected (or
/// the file cannot be read), removes the new database again, so the next call retries, and throws
/// pledges::StoreError listing the rejections. Throws ConfigError as registry_rules() does.
/// `plugins`, when given, lets the bootstrap file's targets name metrics (registry_rules()).
std::unique_ptr<pledges::Store> open_registry(const Config& config, const Registry* plugins = nullptr);

}  // namespace p2c::host
