#include "setup.h"

#include <spdlog/spdlog.h>

#include "engine.h"
#include "json_views.h"

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
    for (const auto& group : reference->groups())
      groups.push_back({{"code", group.code}, {"name", group.name}, {"family", group.family}});
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
  if (source.plugin_dirs.empty()) registry->scan(source.default_plugin_dir);
  for (const auto& folder : source.plugin_dirs) registry->scan(folder);
  for (const auto& folder : config->plugin_dirs) registry->scan(folder);

  // The engine's set-up failures include the plugin files that did not load.
  std::vector<std::string> problems;
  {
    host::Engine engine(*config, *registry);
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

}  // namespace p2c::service
