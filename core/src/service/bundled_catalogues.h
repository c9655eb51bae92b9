// The language catalogues compiled into p2c with the dashboard (core/web/i18n/), and those an operator's config
// adds over them ([languages] dir).
#pragma once

#include <memory>

#include "catalogue.h"
#include "config.h"

namespace p2c::service {

/// Read once, on first use; throws host::CatalogueError if a bundled file is broken (the tests read them all).
const host::Catalogues& bundled_catalogues();

/// The bundled catalogues with the files of `config`'s [languages] dir read over them, in name order: each
/// `<code>.json` adds to or corrects a language, or adds one; `economy-names.csv` adds or corrects names. Hidden
/// files are skipped. The bundled catalogues alone when the config names no folder. Throws host::CatalogueError,
/// naming the file, for one that cannot be read or is not a catalogue file.
std::shared_ptr<const host::Catalogues> catalogues_for(const host::Config& config);

}  // namespace p2c::service
