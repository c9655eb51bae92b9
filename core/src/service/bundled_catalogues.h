// The language catalogues compiled into p2c with the dashboard (core/web/i18n/).
#pragma once

#include "catalogue.h"

namespace p2c::service {

/// Read once, on first use; throws host::CatalogueError if a bundled file is broken (the tests read them all).
const host::Catalogues& bundled_catalogues();

}  // namespace p2c::service
