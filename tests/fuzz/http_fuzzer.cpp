// The HTTP request path of `p2c serve`: bytes from a client go into a Beast request parser with the server's
// header and body limits, each complete request (several when pipelined) becomes an HttpRequest the way the
// server's connection builds it, and the Router with the real read routes answers it over a small run. A body
// also goes through the progress report parser and, when it parses, the report checks of a stored pledge.
//
// The findings besides sanitizer reports: a 500, which client input must never cause (the review's rule), a
// route that never answers, and a JSON response that is not JSON. Each aborts with the request printed.
#include <boost/beast/core/error.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api.h"
#include "bundled_catalogues.h"
#include "http_request.h"
#include "p2c/text.h"
#include "progress_report_json.h"
#include "router.h"
#include "service_metrics.h"
#include "setup.h"
#include "snapshot.h"

namespace {

namespace http = boost::beast::http;
using namespace p2c;
using namespace p2c::service;

// The default [service] max_body_bytes.
constexpr std::size_t max_body_bytes = 65536;

Record make(std::uint32_t metric, EntityId entity, std::int32_t year, std::optional<double> value,
            EntityKind kind = EntityKind::economy) {
  Record record;
  record.metric = metric;
  record.entity = entity;
  record.entity_kind = kind;
  record.year = year;
  record.value = value;
  if (!value) record.reason = "no survey";
  return record;
}

// Two metrics, economies and groups, a missing value, an estimate and a withheld group value: every branch of
// the results and metrics filters has something to select.
std::shared_ptr<const Snapshot> sample_snapshot() {
  host::RunOutcome outcome;
  RunReport& report = outcome.report;
  report.run_id = "20261130T000000Z-abcd";
  report.started_at = "2026-11-30T00:00:00Z";
  CatalogueEntry access{"sdg_17_8.internet_users", "sdg_17_8", {}};
  access.info.name = "internet_users";
  access.info.unit = "%";
  access.info.focus_area = FocusArea::access;
  access.info.wsis_lines = {"C2"};
  access.info.sdg_indicators = {"17.8.1"};
  access.info.target = 100;
  access.info.target_year = 2030;
  CatalogueEntry adoption{"adoption.skills", "adoption", {}};
  adoption.info.name = "skills";
  adoption.info.unit = "%";
  adoption.info.focus_area = FocusArea::adoption;
  adoption.info.wsis_lines = {"C4"};
  report.catalogue = {access, adoption};
  report.entity_codes = {"KEN", "UGA", "WLD", "LDC"};
  Record world = make(0, 2, 2020, 60.5, EntityKind::group);
  world.coverage = Coverage{180, 200, 0.95, 170, 0.9};
  world.status = Status::on_track;
  Record withheld = make(0, 3, 2020, std::nullopt, EntityKind::group);
  withheld.flags = flag_withheld | flag_estimated;
  withheld.coverage = Coverage{10, 45, 0.2, 2, 0.05};
  withheld.reason = "2 of 45 members reported in 2020";
  Record estimate = make(0, 1, 2021, 31);
  estimate.flags = flag_estimated;
  report.records = {make(0, 0, 2019, 20),
                    make(0, 0, 2020, 25.5),
                    make(0, 0, 2021, std::nullopt),
                    make(0, 1, 2020, 30),
                    estimate,
                    world,
                    withheld,
                    make(1, 0, 2020, 7)};
  auto setup = std::make_shared<Setup>();
  setup->plugins_json = R"({"plugins":[]})";
  setup->entities_json = R"({"economies":[],"groups":[]})";
  return std::make_shared<const Snapshot>(std::move(outcome), setup, R"({"runs":[]})");
}

// The stored pledge a posted report is checked against (validate_report).
pledges::Pledge sample_pledge() {
  pledges::Pledge pledge;
  pledge.id = "P2C-2022-0001";
  pledge.entity = "Ministry of ICT, Kenya";
  pledge.pledged_on = "2022-05-10";
  pledge.start_date = "2022-06-01";
  pledge.end_date = "2026-12-31";
  pledge.status = "in_progress";
  pledge.reports = {{"2023-06-30", "in_progress", 20, 150000, "First 8 towers live"}};
  return pledge;
}

struct Fixture {
  ServiceMetrics metrics;
  std::shared_ptr<const Snapshot> snapshot = sample_snapshot();
  pledges::Pledge pledge = sample_pledge();
  Router router;
  Fixture() {
    add_read_routes(router, ApiContext{[this] { return snapshot; }, &metrics,
                                       [] {
                                         return std::shared_ptr<const p2c::host::Catalogues>(
                                             std::shared_ptr<void>(), &p2c::service::bundled_catalogues());
                                       }});
  }
};

[[noreturn]] void finding(const HttpRequest& request, const std::string& what) {
  std::fprintf(stderr, "\n== http_fuzzer finding: %s\n   request: %s %s%s%s (%zu body bytes)\n",
               printable(what, 400).c_str(), printable(request.method).c_str(), printable(request.path).c_str(),
               request.query.empty() ? "" : "?", printable(request.query).c_str(), request.body.size());
  std::abort();
}

void serve(const Fixture& fixture, const HttpRequest& request) {
  std::optional<HttpResponse> answer;
  try {
    fixture.router.dispatch(request, [&](HttpResponse response) { answer = std::move(response); });
  } catch (const std::exception& e) {
    // The server would answer this 500 ("internal error").
    finding(request, std::string("exception escaped the router: ") + e.what());
  }
  // Every read route answers at once, before dispatch() returns.
  if (!answer) finding(request, "no response");

  // The rule under test: client input gets a 4xx, never a 500.
  if (answer->status == 500) finding(request, "status 500: " + answer->body);

  if (answer->content_type.starts_with("application/json") && !nlohmann::json::accept(answer->body))
    finding(request, "response is not JSON: " + answer->body.substr(0, 200));
}

void check_report_body(const Fixture& fixture, const HttpRequest& request) {
  pledges::ProgressReport report;
  try {
    if (parse_report(request.body, report).empty()) (void)pledges::validate_report(fixture.pledge, report);
  } catch (const std::exception& e) {
    // The pledge routes would answer an exception from either with 500.
    finding(request, std::string("exception from the progress report checks: ") + e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Fixture fixture;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  // Pipelined requests on one keep-alive connection: a fresh parser for each, as the server makes.
  while (!rest.empty()) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(max_header_bytes);
    parser.body_limit(max_body_bytes);
    parser.eager(true);
    while (!parser.is_done()) {
      boost::beast::error_code ec;
      const std::size_t used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
      // need_more with everything read: the client stopped mid-request and the server closes without
      // answering. Any other error is answered 400, 413 or 431 by the server before routing.
      if (ec || used == 0) return 0;
      rest.remove_prefix(used);
    }
    // The server answers a head it cannot frame and closes the connection without reading the body.
    if (check_transfer_encoding(parser.get())) return 0;
    const HttpRequest request = to_request(parser.get());
    serve(fixture, request);
    if (!request.body.empty()) check_report_body(fixture, request);
    if (!parser.get().keep_alive()) return 0;
  }
  return 0;
}
