// hello: a minimal p2c indicator plugin, built outside the p2c tree (see README.md).
//
// It computes one metric, `annual_change`: for each economy, the change of its input series (a share, in %) from
// one year to the next, value(Y) - value(Y-1), in percentage points. An indicator plugin is a class derived from
// p2c::Indicator with four members (constructor, metrics(), inputs(), compute()) plus one P2C_PLUGIN line.
#include <p2c/plugin.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace {

// The options an operator may set in the [[indicator]] table. The host validates them and fills in
// defaults before the constructor runs. Defaults are TOML literals, so strings keep their quotes.
constexpr p2c_option_spec options[] = {
    {"input", P2C_OPTION_STRING, R"("itu.internet_users")", 0,
     "Input series (id of a series or of an upstream metric) whose year-on-year change is computed"},
};

class Hello final : public p2c::Indicator {
 public:
  explicit Hello(const p2c::Options& options) : input_(options.string("input")) {}

  // The metric catalogue: static, it must not depend on options.
  static std::vector<p2c::MetricInfo> metrics() {
    p2c::MetricInfo change;
    change.name = "annual_change";  // results appear as `<instance>.annual_change`, e.g. hello.annual_change
    change.title = "Year-on-year change";
    // A change of a share (the default input is a % of individuals) is in percentage points, "pp".
    change.unit = "pp";
    change.description =
        "Value of the input series in a year minus its value in the year before, in percentage points.";
    // The domain: a share between 0 and 100 moves by at most 100 points either way. The host clips anything it
    // derives from the metric (estimates, projections) to it.
    change.minimum = -100;
    change.maximum = 100;
    // A signed value: the ratio of two changes (a compound growth rate) means nothing, so the host writes none.
    change.growth_rate = false;
    change.focus_area = p2c::FocusArea::adoption;
    change.sdg_indicators = {"17.8.1"};
    change.aggregation = p2c::Aggregation::mean;
    return {change};
  }

  // What compute() reads; the host loads these series (or runs these indicators) first.
  std::vector<std::string> inputs() const override { return {input_}; }

  void compute(const p2c::InputSet& inputs, p2c::ResultWriter& out) override {
    const p2c::Series& series = inputs.get(input_);  // throws, failing this instance, if nothing provides it

    // A Series is columnar (entity[i], year[i], value[i]) in arrival order: index it by economy and year.
    // This example assumes one value per economy and year (a series without dimensions).
    std::map<p2c::EntityId, std::map<std::int32_t, double>> by_economy;
    for (std::size_t i = 0; i < series.size(); ++i) by_economy[series.entity[i]][series.year[i]] = series.value[i];

    for (const auto& [economy, values] : by_economy) {
      for (const auto& [year, value] : values) {
        const auto previous = values.find(year - 1);
        if (previous == values.end())
          // Never write a made-up value (such as 0): say why there is none.
          out.missing("annual_change", economy, year, "no value for " + std::to_string(year - 1));
        else
          out.value("annual_change", economy, year, value - previous->second);
      }
    }
  }

 private:
  std::string input_;
};

}  // namespace

// Exports the plugin: class, plugin name (used as `plugin = "hello"` in the config), version,
// one-line description for `p2c plugins`, and the option schema.
P2C_PLUGIN(Hello, "hello", "1.0.0", "Example: year-on-year change of a series", options)
