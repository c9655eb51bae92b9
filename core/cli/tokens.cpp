// `p2c tokens create|list|revoke`: API tokens of the pledge registry, for POST /api/v1/pledges/{id}/reports.
#include "service/tokens.h"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "commands.h"
#include "common.h"
#include "pledge_registry.h"

namespace p2c::cli {
namespace {

constexpr const char* usage_line = "p2c tokens create ENTITY | list | revoke ID [--config FILE]";

}  // namespace

int tokens_command(const std::vector<std::string>& args) {
  CommonOptions common;
  std::string config_file;
  std::vector<std::string> words;
  po::options_description description("p2c tokens options");
  add_config_option(description, config_file, "the TOML config whose [pledges] database holds the tokens");
  add_common_options(description, common);
  po::options_description hidden;
  hidden.add_options()("words", po::value(&words)->composing());
  po::positional_options_description positional;
  positional.add("words", -1);
  int code = exit_ok;
  if (!parse_args(args, description, positional, common, code,
                  {usage_line, "p2c tokens create \"Ministry of ICT, Nepal\" --config /etc/p2c/p2c.toml"}, &hidden))
    return code;

  const std::string action = words.empty() ? "" : words[0];
  const bool shape_ok = (action == "create" && words.size() == 2) || (action == "list" && words.size() == 1) ||
                        (action == "revoke" && words.size() == 2);
  if (!shape_ok) {
    std::cerr << "p2c: usage: " << usage_line << "\n";
    return exit_usage;
  }
  const auto loaded = load_config_or_explain(config_file);
  if (!loaded) return exit_usage;
  const host::Config& config = *loaded;
  if (!config.pledges) {
    std::cerr << "p2c: " << config.path.string()
              << " has no [pledges] section: tokens live in the pledge registry database\n";
    return exit_usage;
  }
  // A token put in a registry the service does not read would be worse than none: never create one here.
  if (!existing_registry(config)) return exit_usage;
  const auto store = host::open_registry(config);
  service::TokenStore tokens(store->handle(), store->path());

  if (action == "create") {
    const std::string& entity = words[1];
    const auto pledges = store->pledges();
    const bool known = std::any_of(pledges.begin(), pledges.end(), [&](const auto& p) { return p.entity == entity; });
    const service::NewToken token = tokens.create(entity);
    std::cout << fmt::format("token {} for '{}'\n{}\n", token.id, entity, token.token);
    std::cout << "Keep the token secret: it is shown only this once (the registry stores its hash).\n";
    if (!known) std::cerr << fmt::format("p2c: note: no pledge of the registry has entity '{}' yet\n", entity);
    return exit_ok;
  }
  if (action == "list") {
    const auto all = tokens.list();
    std::cout << fmt::format("{:<18} {:<21} {:<21} {}\n", "id", "created", "revoked", "entity");
    for (const auto& token : all)
      std::cout << fmt::format("{:<18} {:<21} {:<21} {}\n", token.id, token.created_at, token.revoked_at.value_or("-"),
                               token.entity);
    std::cout << fmt::format("{} token(s)\n", all.size());
    return exit_ok;
  }
  if (!tokens.revoke(words[1])) {
    std::cerr << fmt::format("p2c: no token with id '{}' (p2c tokens list shows them)\n", words[1]);
    return exit_problems;
  }
  std::cout << fmt::format("token {} revoked\n", words[1]);
  return exit_ok;
}

}  // namespace p2c::cli
