// How `p2c` teaches its use: help on every command whatever else is missing, "did you mean", and one rule for
// finding the config.
#include <catch2/catch.hpp>
#include <string>

#include "run_command.h"
#include "temp_dir.h"

namespace {

using Result = p2c::test::CommandResult;

Result run_p2c(const std::string& arguments, const std::string& before = "") {
  return p2c::test::run_command(before + " " + std::string(P2C_EXE) + " " + arguments);
}

// `text` with every run of spaces and line breaks as one space.
std::string one_line(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n';
    if (space && !out.empty() && out.back() == ' ') continue;
    out += space ? ' ' : c;
  }
  return out;
}

}  // namespace

TEST_CASE("help: --help works on every command and subcommand with nothing else given, with an example",
          "[cli][usage]") {
  for (const std::string command :
       {"run", "check", "plugins", "config", "serve", "tokens", "history", "report", "pledges import", "pledges list",
        "pledges show", "pledges export", "pledges history", "pledges review", "pledges due"}) {
    const Result help = run_p2c(command + " --help");
    INFO(command << ": " << help.output);
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.output, Catch::StartsWith("usage: p2c " + command));
    CHECK_THAT(help.output, Catch::Contains("\nexample:\n  p2c " + command.substr(0, command.find(' '))));
  }
  // `help CMD` is `CMD --help`; the positional words of `tokens` are not shown as an option.
  CHECK(run_p2c("help report").output == run_p2c("report --help").output);
  CHECK_THAT(run_p2c("tokens --help").output, !Catch::Contains("--words"));
  const Result pledges = run_p2c("pledges --help");
  CHECK(pledges.exit_code == 0);
  CHECK_THAT(pledges.output, Catch::Contains("  review    move a pledge to another review state") &&
                                 Catch::Contains("p2c pledges COMMAND --help"));
  // The help wraps its columns where the terminal width falls: compared with spaces and line breaks as one space.
  CHECK_THAT(one_line(run_p2c("run --help").output),
             Catch::Contains("default: $P2C_CONFIG, else /etc/p2c/p2c.toml if it exists, else ./config/p2c.toml"));
}

TEST_CASE("a mistyped command, subcommand or flag gets a did you mean", "[cli][usage]") {
  const Result command = run_p2c("runn");
  CHECK(command.exit_code == 2);
  CHECK_THAT(command.output, Catch::Contains("unknown command 'runn'; did you mean 'run'?"));
  const Result flag = run_p2c("run --cofnig p2c.toml");
  CHECK(flag.exit_code == 2);
  CHECK_THAT(flag.output, Catch::Contains("did you mean --config?"));
  CHECK_THAT(run_p2c("report --lnag fr").output, Catch::Contains("did you mean --lang?"));
  CHECK_THAT(run_p2c("pledges lst").output, Catch::Contains("unknown pledges command 'lst'; did you mean 'list'?"));
  // Too far from anything: no guess.
  CHECK_THAT(run_p2c("frobnicate").output, !Catch::Contains("did you mean"));
}

TEST_CASE("the config is --config, else P2C_CONFIG, else ./config/p2c.toml, named in messages", "[cli][usage]") {
  p2c::test::TempDir dir;
  const auto local = dir.write("config/p2c.toml", "");
  const auto from_environment = dir.write("env.toml", "");
  const auto given = dir.write("given.toml", "");
  const std::string in_dir = "cd " + dir.path().string() + " &&";
  const std::string debug = " --log-level debug";
  CHECK_THAT(run_p2c("check" + debug, in_dir).output, Catch::Contains("config: config/p2c.toml (from default)"));
  CHECK_THAT(run_p2c("check" + debug, in_dir + " P2C_CONFIG=" + from_environment.string()).output,
             Catch::Contains("config: " + from_environment.string() + " (from P2C_CONFIG)"));
  CHECK_THAT(
      run_p2c("check --config " + given.string() + debug, in_dir + " P2C_CONFIG=" + from_environment.string()).output,
      Catch::Contains("config: " + given.string() + " (from --config)"));
  // Not found: the message names the file, what chose it, and the rule.
  const Result none = run_p2c("history", "cd " + (dir / "config").string() + " &&");
  CHECK(none.exit_code == 2);
  CHECK_THAT(none.output, Catch::Contains("the config config/p2c.toml (from default) has 1 problem(s)") &&
                              Catch::Contains("pass --config FILE or set P2C_CONFIG"));
}

TEST_CASE("the state folder is [run] state_dir, else P2C_STATE_DIR or --state-dir, for every command", "[cli][usage]") {
  p2c::test::TempDir dir;
  const auto config =
      dir.write("p2c.toml", "[run]\nstate_dir = \"state\"\nhistory = \"${P2C_STATE_DIR}/history.sqlite\"\n");
  CHECK_THAT(run_p2c("check --config " + config.string()).output,
             Catch::Contains("state: " + (dir / "state").string()));
  CHECK_THAT(run_p2c("check --config " + config.string(), "P2C_STATE_DIR=" + (dir / "env").string()).output,
             Catch::Contains("state: " + (dir / "env").string()));
  CHECK_THAT(run_p2c("check --state-dir " + (dir / "flag").string() + " --config " + config.string(),
                     "P2C_STATE_DIR=" + (dir / "env").string())
                 .output,
             Catch::Contains("state: " + (dir / "flag").string()));
  REQUIRE(run_p2c("run --state-dir " + (dir / "flag").string() + " --config " + config.string()).exit_code == 0);
  CHECK(std::filesystem::exists(dir / "flag" / "history.sqlite"));
  CHECK_FALSE(std::filesystem::exists(dir / "state"));
}

TEST_CASE("p2c plugins --usage NAME --format md prints Markdown and refuses any other format",
          "[cli][usage][plugins]") {
  const Result md = run_p2c("plugins --usage csv --format md");
  INFO(md.output);
  CHECK(md.exit_code == 0);
  CHECK_THAT(md.output, Catch::StartsWith("## csv 1.0.0\n\n"));
  CHECK_THAT(md.output,
             Catch::Contains("\n| option | type | required or default | description |\n|---|---|---|---|\n"));
  CHECK_THAT(md.output, Catch::Contains("\n| `path` | path | required | "));
  // The Markdown goes into a README: the library's path on this machine stays out.
  CHECK_THAT(md.output, !Catch::Contains("csv.so") && !Catch::Contains("\nfile: "));
  CHECK(run_p2c("plugins --usage csv --format text").output == run_p2c("plugins --usage csv").output);

  for (const std::string wrong : {"xml", "markdown", "MD"}) {
    const Result refused = run_p2c("plugins --usage csv --format " + wrong);
    INFO(refused.output);
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.output, Catch::Contains("--format '" + wrong + "' is not a usage format: use text or md"));
    CHECK_THAT(refused.output, !Catch::Contains("| option |"));
  }
  const Result without_usage = run_p2c("plugins --format md");
  CHECK(without_usage.exit_code == 2);
  CHECK_THAT(without_usage.output, Catch::Contains("--format applies to --usage NAME"));
}
