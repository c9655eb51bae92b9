#include "pledge_routes.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>

#include "p2c/text.h"
#include "pledge_registry.h"
#include "progress_report_json.h"
#include "query.h"

namespace p2c::service {
namespace {

const char* const report_route = "/api/v1/pledges/{id}/reports";

// Drafts, pledges in review and returned ones are the entity's and the operator's business: to the public they
// do not exist, so they get the very answer of an unknown id.
HttpResponse no_published_pledge(std::string_view id) {
  return error_response(404, "no published pledge with id '" + printable(id) + "' in the registry");
}

HttpResponse unauthorized(std::string_view message) {
  HttpResponse response = error_response(401, message, report_route);
  response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"p2c\"");
  return response;
}

std::string describe(const std::vector<pledges::Rejection>& problems) {
  std::string out;
  for (const auto& problem : problems)
    out += (out.empty() ? "" : "; ") + (problem.field.empty() ? "" : problem.field + ": ") + problem.message;
  return out;
}

}  // namespace

pledges::ExplorerSettings explorer_settings(const host::Config& config,
                                            const std::optional<host::Reference>& reference) {
  const pledges::Rules rules = host::registry_rules(config);
  pledges::ExplorerSettings settings;
  settings.economies = rules.economies;
  settings.groups = rules.regions;
  settings.campaigns = rules.vocabulary.campaigns;
  settings.calendar = host::registry_calendar(config);
  if (reference) {
    settings.members = [reference = std::make_shared<const host::Reference>(*reference)](const std::string& group,
                                                                                         std::int32_t year) {
      std::vector<std::string> economies;
      if (const auto index = reference->find_group(group))
        for (const std::size_t economy : reference->members(*index, year))
          economies.push_back(reference->economies()[economy]);
      return economies;
    };
  }
  return settings;
}

PledgeRoutes::PledgeRoutes(std::unique_ptr<pledges::Store> store, pledges::Bounds bounds, int reports_per_minute,
                           std::size_t max_queued_reports, pledges::ExplorerSettings explorer)
    : store_(std::move(store)),
      bounds_(std::move(bounds)),
      reader_(std::make_unique<pledges::Store>(store_->path())),
      explorer_(*reader_, std::move(explorer)),
      tokens_(store_->handle(), store_->path()),
      limiter_(reports_per_minute),
      writer_(max_queued_reports),
      reader_thread_(max_queued_reads) {
  // The store's default wait for a lock is long; every queued report would wait that long behind it, so a
  // locked registry is answered 503 sooner.
  sqlite3_busy_timeout(store_->handle(), write_busy_ms);
  sqlite3_busy_timeout(reader_->handle(), write_busy_ms);
}

PledgeRoutes::~PledgeRoutes() { stop(); }

void PledgeRoutes::stop() {
  writer_.stop();
  reader_thread_.stop();
}

namespace {

HttpResponse stopping_response() {
  return busy_response("the service is stopping; retry shortly", PledgeRoutes::busy_retry_seconds);
}

// Runs `work` on `worker` and answers with its response; a full queue is answered at once.
void queue(DbWorker& worker, Respond respond, std::function<HttpResponse()> work, std::string_view full_message) {
  auto job = [respond, work = std::move(work)](bool cancelled) {
    if (cancelled) return respond(stopping_response());
    HttpResponse response;
    try {
      response = work();
    } catch (const std::exception& e) {
      response = error_response(500, std::string("internal error: ") + e.what());
    }
    respond(std::move(response));
  };
  if (!worker.try_post(std::move(job)))
    respond(busy_response(
        std::string(full_message) + "; retry in " + std::to_string(PledgeRoutes::busy_retry_seconds) + " s",
        PledgeRoutes::busy_retry_seconds));
}

}  // namespace

void PledgeRoutes::add(Router& router) {
  router.add_async("GET", "/api/v1/pledges", [this](const HttpRequest& request, const PathParams&, Respond respond) {
    static constexpr std::string_view own[] = {"format"};
    QueryParams params = parse_query(request.query);
    bool csv = false;
    if (const auto format = params.find("format"); format != params.end()) {
      if (format->second != "json" && format->second != "csv")
        throw BadRequest("parameter 'format': expected json or csv, got '" + printable(format->second) + "'");
      csv = format->second == "csv";
    }
    pledges::ExplorerQuery query;
    try {
      query = explorer_.parse(params, own);
    } catch (const pledges::ExplorerError& e) {
      throw BadRequest(e.what());
    }
    queue(
        reader_thread_, std::move(respond), [this, query = std::move(query), csv] { return list(query, csv); },
        "too many pledge reads are waiting");
  });
  router.add_async("GET", "/api/v1/pledges/{id}",
                   [this](const HttpRequest&, const PathParams& params, Respond respond) {
                     queue(
                         reader_thread_, std::move(respond), [this, id = params.at("id")] { return get(id); },
                         "too many pledge reads are waiting");
                   });
  router.add_async("GET", "/api/v1/pledges/{id}/revisions",
                   [this](const HttpRequest&, const PathParams& params, Respond respond) {
                     queue(
                         reader_thread_, std::move(respond), [this, id = params.at("id")] { return revisions(id); },
                         "too many pledge reads are waiting");
                   });
  router.add_async("POST", report_route, [this](const HttpRequest& request, const PathParams& params, Respond respond) {
    static constexpr std::string_view scheme = "Bearer ";
    // Checks that need no database are answered here, without taking a place in the queue.
    if (request.authorization.empty())
      return respond(
          unauthorized("a progress report needs 'Authorization: Bearer <token>' (p2c tokens create ENTITY)"));
    if (request.authorization.size() <= scheme.size() ||
        !std::equal(scheme.begin(), scheme.end(), request.authorization.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
      return respond(unauthorized("the Authorization header must be 'Bearer <token>'"));
    queue(
        writer_, std::move(respond),
        [this, request, id = params.at("id"), token = request.authorization.substr(scheme.size())] {
          return post_report(request, id, token);
        },
        "too many progress reports are waiting to be written ([service] max_queued_reports)");
  });
}

HttpResponse PledgeRoutes::list(const pledges::ExplorerQuery& query, bool csv) {
  const pledges::ExplorerPage page = explorer_.run(query);
  HttpResponse response;
  if (!csv) {
    response.body = pledges::to_json(page);
    return response;
  }
  try {
    response.body = pledges::pledges_csv(page.items, pledges::Audience::public_view);
  } catch (const pledges::StoreError& e) {
    // A list item holding ';' (a partner's name, say) cannot be a CSV list item; the JSON carries it.
    return error_response(406, std::string(e.what()) + "; ask for format=json");
  }
  response.content_type = "text/csv; charset=utf-8";
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"pledges.csv\"");
  // The CSV has no room for the count: a client paging through it reads the total here.
  response.headers.emplace_back("X-Total-Count", std::to_string(page.total));
  return response;
}

HttpResponse PledgeRoutes::get(const std::string& id) {
  const std::optional<pledges::Pledge> pledge = reader_->find(id);
  if (!pledge || pledge->review_state != "published") return no_published_pledge(id);
  HttpResponse response;
  response.body = pledges::to_json(*pledge, -1, pledges::Audience::public_view);
  return response;
}

HttpResponse PledgeRoutes::revisions(const std::string& id) {
  const std::optional<pledges::Pledge> pledge = reader_->find(id);
  if (!pledge || pledge->review_state != "published") return no_published_pledge(id);
  HttpResponse response;
  response.body = pledges::public_revisions_json(reader_->revisions(id));
  return response;
}

// Runs on the writer thread, one report at a time: the checks and the write see the same registry state.
HttpResponse PledgeRoutes::post_report(const HttpRequest& request, const std::string& id,
                                       const std::string& presented) {
  const Verification verification = tokens_.verify(presented);
  if (verification.verdict == Verdict::unknown) return unauthorized("unknown token");
  if (verification.verdict == Verdict::revoked)
    return unauthorized("token " + verification.info.id + " was revoked on " + *verification.info.revoked_at);
  if (const int retry = limiter_.take(verification.info.id); retry > 0) {
    HttpResponse response = error_response(429,
                                           "more than the allowed progress reports per minute for token " +
                                               verification.info.id + "; retry in " + std::to_string(retry) + " s",
                                           report_route);
    response.headers.emplace_back("Retry-After", std::to_string(retry));
    return response;
  }
  const std::optional<pledges::Pledge> pledge = store_->find(id);
  if (!pledge) return error_response(404, "no pledge with id '" + printable(id) + "' in the registry", report_route);
  if (pledge->entity != verification.info.entity)
    return error_response(403,
                          "token " + verification.info.id + " speaks for '" + verification.info.entity +
                              "', not for '" + pledge->entity + "' who made pledge " + id,
                          report_route);

  pledges::ProgressReport report;
  if (const auto problems = parse_report(request.body, report); !problems.empty())
    return error_response(400, describe(problems), report_route);
  if (std::any_of(pledge->reports.begin(), pledge->reports.end(),
                  [&](const pledges::ProgressReport& r) { return r.reported_on == report.reported_on; }))
    return error_response(409, "pledge " + id + " already has a report for " + report.reported_on, report_route);
  if (const auto problems = pledges::validate_report(*pledge, report, bounds_); !problems.empty())
    return error_response(400, describe(problems), report_route);

  try {
    pledges::ChangeContext context;
    context.actor = verification.info.entity;
    store_->add_report(id, report, context);
  } catch (const pledges::StoreError& e) {
    return store_failed(id, report, e.what());
  }
  spdlog::info("pledge {}: progress report for {} stored (token {})", id, report.reported_on, verification.info.id);
  const std::optional<pledges::Pledge> stored = store_->find(id);
  HttpResponse response;
  response.status = 201;
  response.body = report_json(report).dump();
  if (stored)
    for (const auto& r : stored->reports)
      if (r.reported_on == report.reported_on) response.body = report_json(r).dump();
  response.headers.emplace_back("Location", "/api/v1/pledges/" + id);
  return response;
}

// add_report() refused or failed after the checks above passed: another process added the same date in the
// meantime (409), or held the registry locked past write_busy_ms (503, worth retrying).
HttpResponse PledgeRoutes::store_failed(std::string_view id, const pledges::ProgressReport& report,
                                        const std::string& what) {
  const std::string pledge_id(id);
  if (const auto pledge = store_->find(pledge_id))
    if (std::any_of(pledge->reports.begin(), pledge->reports.end(),
                    [&](const pledges::ProgressReport& r) { return r.reported_on == report.reported_on; }))
      return error_response(409, "pledge " + pledge_id + " already has a report for " + report.reported_on,
                            report_route);
  // SQLITE_BUSY and SQLITE_LOCKED read "database is locked" and "database table is locked".
  if (what.find("is locked") != std::string::npos) {
    spdlog::warn("pledge {}: progress report for {} not stored: {}", pledge_id, report.reported_on, what);
    return busy_response(
        "the pledge registry is busy with another writer; retry in " + std::to_string(busy_retry_seconds) + " s",
        busy_retry_seconds, report_route);
  }
  throw std::runtime_error(what);
}

}  // namespace p2c::service
