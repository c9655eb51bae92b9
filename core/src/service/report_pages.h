// The HTML report of the served run (GET /report), in every language the service speaks. Built on the recompute
// thread once a run is served and kept with it, so that a request only copies a finished page: a client cannot
// make the service build reports.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "catalogue.h"
#include "history.h"
#include "reference.h"
#include "router.h"

namespace p2c::service {

struct ReportPage {
  std::string html;
  std::string gzipped;  ///< the same page compressed once, for clients that accept gzip
};

struct ReportPages {
  std::string run_id;
  std::map<std::string, ReportPage, std::less<>> by_language;  ///< by language code
};

/// The report of `run` in each language of `catalogues`, entities named from `reference` when there is one.
/// Throws std::exception when a report cannot be built.
std::shared_ptr<const ReportPages> build_report_pages(const host::StoredContents& run,
                                                      const host::Catalogues& catalogues,
                                                      const std::optional<host::Reference>& reference);

/// GET /report[?lang=CODE]: the served run's report in that language (English without one), with an ETag of
/// the run and language; 503 with Retry-After until the first report is built, 404 for a language the service
/// does not speak. `pages` returns the newest pages, null before the first.
void add_report_route(Router& router, std::function<std::shared_ptr<const ReportPages>()> pages);

}  // namespace p2c::service
