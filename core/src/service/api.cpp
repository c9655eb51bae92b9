#include "api.h"

#include "embedded_files.h"
#include "json_views.h"
#include "process_metrics.h"
#include "query.h"

namespace p2c::service {
namespace {

HttpResponse json_response(std::string body) {
  HttpResponse response;
  response.body = std::move(body);
  return response;
}

// Wraps a handler that needs the served run: 503 until there is one.
Router::Handler with_snapshot(
    const ApiContext& context,
    std::function<HttpResponse(const Snapshot&, const HttpRequest&, const PathParams&)> body) {
  return [snapshot = context.snapshot, body = std::move(body)](const HttpRequest& request, const PathParams& params) {
    const std::shared_ptr<const Snapshot> current = snapshot();
    if (!current) return not_ready_response();
    return body(*current, request, params);
  };
}

HttpResponse web_file(std::string_view name) {
  for (const EmbeddedFile& file : web_files()) {
    if (file.name != name) continue;
    HttpResponse response;
    response.content_type = std::string(file.content_type);
    response.body = std::string(file.content);
    response.headers.emplace_back("Cache-Control", "no-cache");
    return response;
  }
  return error_response(404, "no dashboard file named '" + std::string(name) + "'");
}

// The dashboard's page in the language of `?lang=` (English without one): its lang and dir set before any script
// runs, so that a screen reader and the layout start right. An unknown language is the dashboard's to report.
HttpResponse dashboard_page(const HttpRequest& request, const host::Catalogues& catalogues) {
  HttpResponse response = web_file("index.html");
  const QueryParams params = parse_query(request.query);
  const auto lang = params.find("lang");
  const host::Language* language = lang == params.end() ? nullptr : catalogues.find(lang->second);
  if (!language) return response;
  const std::string english = R"(<html lang="en" dir="ltr">)";
  if (const auto at = response.body.find(english); at != std::string::npos)
    response.body.replace(at, english.size(),
                          R"(<html lang=")" + language->code + R"(" dir=")" + language->direction + R"(">)");
  return response;
}

}  // namespace

HttpResponse not_ready_response() {
  HttpResponse response = error_response(503, "the first run has not completed yet; retry shortly");
  response.headers.emplace_back("Retry-After", "5");
  return response;
}

void add_read_routes(Router& router, ApiContext context) {
  router.add("GET", "/healthz",
             [](const HttpRequest&, const PathParams&) { return json_response(R"({"status":"ok"})"); });
  router.add("GET", "/readyz", [snapshot = context.snapshot](const HttpRequest&, const PathParams&) {
    const auto current = snapshot();
    if (!current) return not_ready_response();
    return json_response(Json{{"status", "ready"}, {"run_id", current->summary().run_id}}.dump());
  });
  router.add("GET", "/metrics", [context](const HttpRequest&, const PathParams&) {
    HttpResponse response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = context.metrics->prometheus() + process_prometheus(read_process_stats());
    if (const auto current = context.snapshot()) response.body += current->prometheus_results();
    return response;
  });
  router.add("GET", "/openapi.json",
             [](const HttpRequest&, const PathParams&) { return json_response(std::string(openapi_json())); });
  router.add("GET", "/", [context](const HttpRequest& request, const PathParams&) {
    return dashboard_page(request, *context.catalogues());
  });
  router.add("GET", "/assets/{file...}",
             [](const HttpRequest&, const PathParams& params) { return web_file(params.at("file")); });

  router.add("GET", "/api/v1/i18n/{lang}", [context](const HttpRequest&, const PathParams& params) {
    const std::string& code = params.at("lang");
    const auto held = context.catalogues();
    const host::Catalogues& catalogues = *held;
    if (!catalogues.find(code))
      return error_response(404, "no catalogue for language '" + code + "'; the languages are " + catalogues.codes());
    HttpResponse response = json_response(catalogues.page_json(code));
    response.headers.emplace_back("Cache-Control", "no-cache");
    return response;
  });
  // The dashboard's first screen in one request: the served run, its metrics, the entities and the reader's language
  // (English, with `i18n_problem` saying why, for a code without a catalogue).
  router.add("GET", "/api/v1/dashboard",
             with_snapshot(context, [context](const Snapshot& s, const HttpRequest& request, const PathParams&) {
               const QueryParams params = parse_query(request.query);
               for (const auto& [name, value] : params)
                 if (name != "lang") throw BadRequest("unknown parameter '" + name + "': expected lang");
               const auto held = context.catalogues();
               const host::Catalogues& catalogues = *held;
               const auto lang = params.find("lang");
               std::string code = lang == params.end() ? "en" : lang->second;
               std::string problem;
               if (!catalogues.find(code)) {
                 problem = "no catalogue for language '" + code + "'; the languages are " + catalogues.codes();
                 code = "en";
               }
               std::string body = R"({"run":)" + s.current_run_json() + R"(,"metrics":)" + metrics_body(s, {}) +
                                  R"(,"entities":)" + s.setup().entities_json + R"(,"i18n":)" +
                                  catalogues.page_json(code) + R"(,"i18n_problem":)" +
                                  (problem.empty() ? "null" : Json(problem).dump()) + "}";
               return json_response(std::move(body));
             }));
  router.add("GET", "/api/v1/plugins",
             with_snapshot(context, [](const Snapshot& s, const HttpRequest&, const PathParams&) {
               return json_response(s.setup().plugins_json);
             }));
  router.add("GET", "/api/v1/entities",
             with_snapshot(context, [](const Snapshot& s, const HttpRequest&, const PathParams&) {
               return json_response(s.setup().entities_json);
             }));
  router.add("GET", "/api/v1/metrics",
             with_snapshot(context, [](const Snapshot& s, const HttpRequest& request, const PathParams&) {
               const QueryParams params = parse_query(request.query);
               for (const auto& [name, value] : params)
                 if (name != "focus" && name != "wsis" && name != "sdg")
                   throw BadRequest("unknown parameter '" + name + "': expected focus, wsis or sdg");
               return json_response(metrics_body(s, parse_metric_filter(params)));
             }));
  router.add("GET", "/api/v1/results",
             with_snapshot(context, [](const Snapshot& s, const HttpRequest& request, const PathParams&) {
               const ResultsQuery query = parse_results_query(parse_query(request.query));
               if (!query.csv) return json_response(results_body(s, query));
               const ResultsPage page = results_page(s, query);
               HttpResponse response;
               response.body = results_csv(s, page);
               response.content_type = "text/csv; charset=utf-8";
               response.headers.emplace_back("Content-Disposition", "attachment; filename=\"results.csv\"");
               // The CSV has no room for the count and the run: a client paging through it reads them here.
               response.headers.emplace_back("X-Total-Count", std::to_string(page.total));
               response.headers.emplace_back("X-Run-Id", s.summary().run_id);
               return response;
             }));
  router.add("GET", "/api/v1/runs",
             with_snapshot(context, [](const Snapshot& s, const HttpRequest&, const PathParams&) {
               return json_response(s.runs_json());
             }));
  router.add("GET", "/api/v1/runs/current",
             with_snapshot(context, [](const Snapshot& s, const HttpRequest&, const PathParams&) {
               return json_response(s.current_run_json());
             }));
}

}  // namespace p2c::service
