// `p2c check --lang XX`: what a language's catalogue lacks for one config. Everything it lacks is shown in English,
// so this is a translator's to-do list, not an error.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "catalogue.h"
#include "config.h"
#include "p2c/results.h"

namespace p2c::cli {

/// Lists, for `lang`, the messages, metric titles, group and economy names without a translation, and the
/// catalogue entries left out as broken. Returns false (after saying so) when there is no such language.
bool print_missing_translations(std::ostream& out, const host::Catalogues& catalogues, const std::string& lang,
                                const host::Config& config, const std::vector<CatalogueEntry>& metrics);

}  // namespace p2c::cli
