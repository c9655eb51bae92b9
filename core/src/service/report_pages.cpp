#include "report_pages.h"

#include <fmt/format.h>

#include "gzip.h"
#include "query.h"
#include "report/report_names.h"
#include "report/report_writer.h"

namespace p2c::service {

std::shared_ptr<const ReportPages> build_report_pages(const host::StoredContents& run,
                                                      const host::Catalogues& catalogues,
                                                      const std::optional<host::Reference>& reference) {
  const report::EntityNames names = reference ? report::entity_names(*reference) : report::EntityNames{};
  auto pages = std::make_shared<ReportPages>();
  pages->run_id = run.run.id;
  for (const host::Language& language : catalogues.languages()) {
    const report::Locale locale(catalogues, language.code);
    std::string html = report::html_document(report::build_report(locale, run.run, run.metrics, run.results, names));
    std::string gzipped = gzip(html);
    pages->by_language.emplace(language.code, ReportPage{std::move(html), std::move(gzipped)});
  }
  return pages;
}

void add_report_route(Router& router, std::function<std::shared_ptr<const ReportPages>()> pages) {
  router.add("GET", "/report", [pages = std::move(pages)](const HttpRequest& request, const PathParams&) {
    const std::shared_ptr<const ReportPages> current = pages();
    if (!current) {
      HttpResponse response = error_response(503, "the report of the first run is being built; retry shortly");
      response.headers.emplace_back("Retry-After", "5");
      return response;
    }
    const QueryParams params = parse_query(request.query);
    const auto lang = params.find("lang");
    const std::string code = lang == params.end() ? "en" : lang->second;
    const auto page = current->by_language.find(code);
    if (page == current->by_language.end()) {
      std::string codes;
      for (const auto& [known, _] : current->by_language) codes += (codes.empty() ? "" : ", ") + known;
      return error_response(404, fmt::format("no report in language '{}': ?lang= takes one of {}", code, codes));
    }
    HttpResponse response;
    // The run and the language name the page: a client that has it revalidates and gets 304 without a body.
    const std::string etag = fmt::format("\"{}-{}\"", current->run_id, code);
    response.headers = {{"ETag", etag}, {"Cache-Control", "no-cache"}, {"Vary", "Accept-Encoding"}};
    if (request.if_none_match == etag) {
      response.status = 304;
      response.content_type = "text/html; charset=utf-8";
      return response;
    }
    response.content_type = "text/html; charset=utf-8";
    if (accepts_gzip(request.accept_encoding)) {
      response.body = page->second.gzipped;
      response.headers.emplace_back("Content-Encoding", "gzip");
    } else {
      response.body = page->second.html;
    }
    return response;
  });
}

}  // namespace p2c::service
