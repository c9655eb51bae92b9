// The report's languages as p2c ships them (core/web/i18n/), for tests of the report code, which takes them as
// arguments rather than reading them itself.
#pragma once

#include "bundled_catalogues.h"
#include "report/report_locale.h"

namespace p2c::test {

inline const report::Locale& english() {
  static const report::Locale locale(service::bundled_catalogues(), "en");
  return locale;
}

}  // namespace p2c::test
