#include "setup.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "child_process.h"
#include "engine.h"
#include "json_views.h"
#include "logging.h"
#include "p2c/dates.h"
#include "p2c/text.h"
#include "plugin_probe.h"

namespace p2c::service {
namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

std::string plugins_body(const host::Registry& registry) {
  Json plugins = Json::array();
  for (const auto& plugin : registry.plugins()) plugins.push_back(plugin_json(plugin));
  return Json{{"plugins", std::move(plugins)}}.dump();
}

std::string entities_body(const std::optional<host::Reference>& reference) {
  Json economies = Json::array();
  Json groups = Json::array();
  if (reference) {
    for (std::size_t i = 0; i < reference->economies().size(); ++i)
      economies.push_back({{"code", reference->economies()[i]}, {"name", reference->economy_names()[i]}});
    // Members as of this year: what a reader filtering by a group means, e.g. the 44 LDCs of today.
    const std::int32_t year = today_utc().year;
    for (std::size_t g = 0; g < reference->groups().size(); ++g) {
      const auto& group = reference->groups()[g];
      Json members = Json::array();
      for (const std::size_t economy : reference->members(g, year)) members.push_back(reference->economies()[economy]);
      groups.push_back({{"code", group.code},
                        {"name", group.name},
                        {"family", group.family},
                        {"members", members},
                        {"members_year", year}});
    }
  }
  return Json{{"economies", std::move(economies)}, {"groups", std::move(groups)}}.dump();
}

}  // namespace

std::shared_ptr<const Setup> load_setup(const SetupSource& source, bool strict) {
  auto config = std::make_shared<host::Config>();
  try {
    *config = host::load_config(source.config);
  } catch (const host::ConfigError& e) {
    throw SetupError(joined(e.problems()));
  }
  if (source.port) config->service.port = *source.port;

  auto registry = std::make_shared<host::Registry>();
  registry->scan(host::plugin_folders(source.default_plugin_dir, source.plugin_dirs, config->plugin_dirs));

  // The engine's set-up failures include the plugin files that did not load.
  std::vector<std::string> problems;
  {
    host::Engine engine(*config, *registry, host::IsolationMode::process);
    engine.prepare();
    for (const auto& failure : engine.failures()) problems.push_back(failure.instance + ": " + failure.message);
  }

  auto setup = std::make_shared<Setup>();
  if (config->reference) {
    try {
      setup->reference = host::Reference::load(*config->reference);
    } catch (const host::ReferenceError& e) {
      problems.push_back(e.what());
    }
  }
  if (!problems.empty()) {
    if (strict) throw SetupError(joined(problems));
    for (const auto& problem : problems) spdlog::warn("{}", problem);
  }
  setup->plugins_json = plugins_body(*registry);
  setup->entities_json = entities_body(setup->reference);
  setup->config = std::move(config);
  setup->registry = std::move(registry);
  return setup;
}

std::optional<std::string> check_setup_in_child(const SetupSource& source, const std::filesystem::path& executable) {
  std::vector<std::string> argv{executable.string(), check_setup_command, source.config.string(),
                                source.default_plugin_dir.string()};
  argv.insert(argv.end(), source.plugin_dirs.begin(), source.plugin_dirs.end());
  host::ChildOptions options;
  // Loading reference data and setting up instances takes seconds at most; the deadline only stops a hang.
  options.deadline = std::chrono::minutes(2);
  const host::ChildResult child = host::run_child(argv, options);
  if (child.succeeded()) return std::nullopt;
  if (child.ending == host::ChildResult::Ending::exited && child.exit_code == 1 && !child.out.empty()) {
    std::string problems = child.out;
    while (!problems.empty() && problems.back() == '\n') problems.pop_back();
    return problems;
  }
  std::string said;
  if (!child.err.empty()) {
    std::string tail = child.err;
    while (!tail.empty() && tail.back() == '\n') tail.pop_back();
    if (const auto line = tail.rfind('\n'); line != std::string::npos) tail.erase(0, line + 1);
    said = "; the last line it logged: " + printable(tail, 300);
  }
  const char* what = child.ending == host::ChildResult::Ending::signalled ? "crashed" : "failed";
  return "checking the new config in a child process " + std::string(what) + " (" + child.describe() +
         ") while it loaded the plugins and set up the instances" + said +
         "; a plugin of the new config crashes or hangs while an instance is set up: fix or remove that instance";
}

std::shared_ptr<const Setup> reload_setup(const SetupSource& source) {
  if (!host::helper_executable().empty())
    if (auto problems = check_setup_in_child(source, host::helper_executable())) throw SetupError(*problems);
  return load_setup(source, true);
}

void check_setup_main(const std::vector<std::string>& args) {
  // The answer goes to a private copy of stdout; what plugins print goes to stderr, so it cannot become
  // part of the answer.
  std::fflush(stdout);
  const int answer = ::dup(1);
  ::dup2(2, 1);
  int code = 0;
  std::string problems;
  if (args.size() < 2) {
    problems = std::string("usage: p2c ") + check_setup_command + " CONFIG DEFAULT_PLUGIN_DIR|'' [PLUGIN_DIR...]";
    code = 2;
  } else {
    host::setup_logging("text", "warn");
    SetupSource source;
    source.config = args[0];
    source.default_plugin_dir = args[1];
    source.plugin_dirs.assign(args.begin() + 2, args.end());
    try {
      load_setup(source, true);
    } catch (const std::exception& e) {
      problems = e.what();
      code = 1;
    }
  }
  if (!problems.empty()) {
    problems += "\n";
    for (std::size_t written = 0; written < problems.size();) {
      const ssize_t n = ::write(answer, problems.data() + written, problems.size() - written);
      if (n <= 0) break;
      written += static_cast<std::size_t>(n);
    }
  }
  std::cout.flush();
  std::fflush(nullptr);
  // The plugins stay loaded and nothing they registered runs: the answer is given, and unloading could
  // only turn it into a crash.
  std::_Exit(code);
}

}  // namespace p2c::service
