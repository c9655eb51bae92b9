// The served run in the Prometheus text format: what it read, what failed, how long each stage took, how recent
// its data are, and the few result values the config exports. Rendered once per run, when it is served.
#pragma once

#include <string>
#include <vector>

#include "config.h"
#include "engine.h"

namespace p2c::service {

struct RunExposition {
  std::string text;  ///< samples with HELP and TYPE, ready to append to /metrics
  /// Messages about [service.metrics] entries the run has no records of, for the log (a metric of `export` only
  /// when the config lists `export` itself; every missing entity code).
  std::vector<std::string> missing;
};

/// Renders `report` with the rest of `outcome` (its own `report` is not read: the caller may have moved it out).
/// `instances` are the config's instance names, so that one without failures is exported as 0; `failures` are the
/// run's plugin and sink failures. Result values are those of `exports`, at their latest published year: withheld
/// values never, the year in p2c_result_year rather than in a label, so that each series keeps its identity.
RunExposition render_run_exposition(const RunReport& report, const host::RunOutcome& outcome,
                                    const std::vector<std::string>& instances, const std::vector<Failure>& failures,
                                    const host::MetricsExport& exports);

}  // namespace p2c::service
