// What `p2c run` reports when it has run: as text for a terminal, or as one JSON object (`--summary json`) for
// scripts and collectors. Both give the same facts: series read, metrics computed, group values, statuses, the
// files written, failures and where the time went.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "config.h"
#include "engine.h"
#include "registry.h"

namespace p2c::cli {

struct RunSummary {
  const host::Registry& registry;
  const host::Config& config;
  const host::RunOutcome& outcome;
  std::size_t plugin_metrics = 0;  ///< the metrics the plugins declare; the host derives the rest (trends, gaps)
  double setup_seconds = 0;        ///< loading plugins and the config, setting up instances
  double history_seconds = 0;      ///< storing the run in the history, while the sinks write
  double total_seconds = 0;
  bool history_stored = false;
  std::string history_error;    ///< why storing the run failed; empty: stored, or not tried
  std::string history_skipped;  ///< why the run was not to be stored (--dry-run, --only); empty: it was
};

/// The plugins' names, sorted, comma-separated.
std::string plugin_names(const host::Registry& registry);

/// Failures, one per line, printable and bounded like log lines.
void print_failures(std::ostream& out, const std::vector<Failure>& failures);

void print_text_summary(std::ostream& out, const RunSummary& summary);
void print_json_summary(std::ostream& out, const RunSummary& summary);

}  // namespace p2c::cli
