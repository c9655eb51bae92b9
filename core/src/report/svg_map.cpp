#include "report/svg_map.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "report/svg_text.h"
#include "service/embedded_files.h"

namespace p2c::report {
namespace {

// A sequential palette, darker for higher values, from green through blue to violet so that neighbouring classes
// differ in hue as well as lightness. Every colour reaches 3:1 against the white background (WCAG 2.1, 1.4.11):
// 3.42, 4.17, 5.24, 7.45 and 13.07 to 1. core/web/map.js uses the same colours.
constexpr std::array<const char*, 5> class_colours = {"#5E9A2E", "#2E8B6E", "#2A7398", "#3D4F9F", "#3B1F6E"};
// "No data": light grey under grey hatching, outlined in a grey of 4.5:1, unlike any class colour.
constexpr const char* no_data_fill = "url(#p2c-map-no-data)";
constexpr const char* no_data_outline = "#767676";

constexpr double chart_width = 760;
constexpr double map_left = 10;
constexpr double map_top = 40;
constexpr double legend_entry_width = 185;
constexpr std::size_t legend_per_row = 4;

std::string coordinate(double value) { return fmt::format("{:.1f}", value); }

// Two significant digits: breaks people can read ("45 %", "1,200"), not the quintiles' own decimals.
double nice_break(double value) {
  if (value == 0 || !std::isfinite(value)) return value;
  const double magnitude = std::pow(10.0, std::floor(std::log10(std::fabs(value))) - 1);
  return std::round(value / magnitude) * magnitude;
}

const std::string& display_name(const ChoroplethMap& map, const MapShape& shape) {
  const auto found = map.names.find(shape.code);
  return found == map.names.end() ? shape.name : found->second;
}

std::string value_with_year(const MapValue& value, std::string_view unit, const Locale& locale) {
  return locale.text(value.estimated ? "map.value_estimated" : "map.value",
                     {{"value", format_value(value.value, unit, locale)}, {"year", std::to_string(value.year)}});
}

std::string patterns(const std::vector<MapClass>& classes) {
  std::string out =
      "<defs><pattern id=\"p2c-map-no-data\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" "
      "patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"4\" fill=\"#f0f0f0\"/><line x1=\"0\" y1=\"0\" "
      "x2=\"0\" y2=\"4\" stroke=\"#9a9a9a\" stroke-width=\"1.2\"/></pattern>";
  for (std::size_t i = 0; i < classes.size(); ++i)
    out += fmt::format(
        "<pattern id=\"p2c-map-estimated-{0}\" width=\"3\" height=\"3\" patternUnits=\"userSpaceOnUse\"><rect "
        "width=\"3\" height=\"3\" fill=\"{1}\"/><circle cx=\"1.5\" cy=\"1.5\" r=\"0.7\" fill=\"#ffffff\"/></pattern>",
        i, classes[i].colour);
  return out + "</defs>";
}

struct Legend {
  std::string svg;
  double height = 0;
};

// Swatches drawn as the map draws them, four to a row: the classes, "no data", estimates, and what a dot is.
Legend legend(const std::vector<MapClass>& classes, const ChoroplethMap& map, bool any_estimated, double top,
              const Locale& locale) {
  struct Entry {
    std::string key, swatch, label;  // key: `data-legend`
  };
  std::vector<Entry> entries;
  for (std::size_t i = 0; i < classes.size(); ++i)
    entries.push_back({fmt::format("class-{}", i),
                       fmt::format("<rect width=\"14\" height=\"14\" fill=\"{}\"/>", classes[i].colour),
                       class_label(classes, i, map.unit, locale)});
  entries.push_back(
      {"no-data",
       fmt::format("<rect width=\"14\" height=\"14\" fill=\"{}\" stroke=\"{}\"/>", no_data_fill, no_data_outline),
       locale.text("chart.no_data")});
  if (any_estimated && !classes.empty())
    entries.push_back({"estimated",
                       "<rect width=\"14\" height=\"14\" fill=\"url(#p2c-map-estimated-0)\" stroke=\"#333333\" "
                       "stroke-dasharray=\"2 1\"/>",
                       locale.text("report.map.legend_estimated")});
  entries.push_back({"dot", "<circle cx=\"7\" cy=\"7\" r=\"3\" fill=\"#ffffff\" stroke=\"#333333\"/>",
                     locale.text("map.legend_dot")});
  Legend out;
  out.svg = "<g class=\"legend\">";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const double x = map_left + legend_entry_width * static_cast<double>(i % legend_per_row);
    const double y = top + 20 * static_cast<double>(i / legend_per_row);
    out.svg += fmt::format(
        "<g class=\"legend-item\" data-legend=\"{}\" transform=\"translate({} {})\">{}<text x=\"20\" y=\"11\" "
        "font-size=\"12\">{}</text></g>",
        entries[i].key, coordinate(x), coordinate(y), entries[i].swatch,
        fitted_text(entries[i].label, legend_entry_width - 26, 12));
  }
  out.svg += "</g>";
  out.height = 20 * static_cast<double>((entries.size() + legend_per_row - 1) / legend_per_row);
  return out;
}

std::vector<double> all_values(const ChoroplethMap& map, const WorldMap& geometry) {
  std::vector<double> values;
  for (const auto& shape : geometry.economies)
    if (const auto found = map.values.find(shape.code); found != map.values.end())
      values.push_back(found->second.value);
  return values;
}

}  // namespace

const MapShape* WorldMap::find(std::string_view code) const {
  const auto found = std::lower_bound(economies.begin(), economies.end(), code,
                                      [](const MapShape& shape, std::string_view c) { return shape.code < c; });
  return found != economies.end() && found->code == code ? &*found : nullptr;
}

WorldMap parse_world_map(std::string_view json) {
  try {
    const auto document = nlohmann::json::parse(json);
    WorldMap map;
    map.width = document.at("width").get<double>();
    map.height = document.at("height").get<double>();
    map.dot_radius = document.value("dot_radius", 4.0);
    const auto shape = [](const nlohmann::json& item, bool economy) {
      MapShape out;
      if (economy) out.code = item.at("iso3").get<std::string>();
      out.name = item.at("name").get<std::string>();
      out.path = item.value("path", "");
      if (const auto dot = item.find("dot"); dot != item.end())
        out.dot = std::pair{dot->at(0).get<double>(), dot->at(1).get<double>()};
      if (out.path.empty() && !out.dot) throw std::runtime_error(out.name + " has neither path nor dot");
      return out;
    };
    for (const auto& item : document.at("economies")) map.economies.push_back(shape(item, true));
    for (const auto& item : document.value("unlisted", nlohmann::json::array()))
      map.unlisted.push_back(shape(item, false));
    std::sort(map.economies.begin(), map.economies.end(),
              [](const MapShape& a, const MapShape& b) { return a.code < b.code; });
    if (map.width <= 0 || map.height <= 0) throw std::runtime_error("width and height must be positive");
    return map;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("world map geometry: {}", e.what()));
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(fmt::format("world map geometry: {}", e.what()));
  }
}

const WorldMap& world_map() {
  static const WorldMap map = [] {
    for (const auto& file : service::web_files())
      if (file.name == "world-map.json") return parse_world_map(file.content);
    throw std::runtime_error("world map geometry: core/web/world-map.json is not compiled into this binary");
  }();
  return map;
}

std::vector<MapClass> map_classes(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }), values.end());
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  const double low = values.front(), high = values.back();
  // Quintiles, so that each colour covers about as many economies; breaks outside (low, high) or repeated (many
  // equal values) are dropped, leaving fewer classes rather than empty ones.
  std::vector<double> breaks;
  for (int k = 1; k < static_cast<int>(class_colours.size()); ++k) {
    const auto at = static_cast<std::size_t>(std::floor(k * static_cast<double>(values.size()) / 5.0));
    const double edge = nice_break(values[std::min(at, values.size() - 1)]);
    if (edge > low && edge <= high && (breaks.empty() || edge > breaks.back())) breaks.push_back(edge);
  }
  std::vector<MapClass> classes;
  double from = low;
  for (double edge : breaks) {
    classes.push_back({from, edge, ""});
    from = edge;
  }
  classes.push_back({from, high, ""});
  // Spread over the palette's ends: with three classes, light, middle and dark.
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const std::size_t pick =
        classes.size() == 1 ? class_colours.size() / 2 : i * (class_colours.size() - 1) / (classes.size() - 1);
    classes[i].colour = class_colours[pick];
  }
  return classes;
}

std::size_t class_of(const std::vector<MapClass>& classes, double value) {
  for (std::size_t i = 0; i + 1 < classes.size(); ++i)
    if (value < classes[i].high) return i;
  return classes.empty() ? 0 : classes.size() - 1;
}

std::string class_label(const std::vector<MapClass>& classes, std::size_t index, std::string_view unit,
                        const Locale& locale) {
  const MapClass& c = classes.at(index);
  const std::string low = format_value(c.low, unit, locale), high = format_value(c.high, unit, locale);
  if (classes.size() == 1) return c.low == c.high ? low : locale.text("map.range", {{"low", low}, {"high", high}});
  if (index == 0) return locale.text("map.below", {{"value", high}});
  if (index + 1 == classes.size()) return locale.text("map.above", {{"value", low}});
  return locale.text("map.range", {{"low", low}, {"high", high}});
}

std::string text_alternative(const ChoroplethMap& map, const Locale& locale) {
  if (!map.description.empty()) return map.description;
  const WorldMap& geometry = map.geometry ? *map.geometry : world_map();
  const auto classes = map_classes(all_values(map, geometry));
  std::string out = locale.text("map.desc", {{"title", map.title}, {"year", std::to_string(map.year)}});
  std::vector<std::pair<const MapShape*, MapValue>> drawn;
  std::map<std::int32_t, int, std::greater<>> years;
  std::size_t estimated = 0, without = 0;
  for (const auto& shape : geometry.economies) {
    const auto found = map.values.find(shape.code);
    if (found == map.values.end()) {
      ++without;
      continue;
    }
    drawn.emplace_back(&shape, found->second);
    ++years[found->second.year];
    estimated += found->second.estimated ? 1 : 0;
  }
  if (drawn.empty()) return out + " " + locale.text("map.desc_none");
  std::vector<std::string> from;
  for (const auto& [year, count] : years)
    from.push_back(locale.text("map.desc_from", {{"count", std::to_string(count)}, {"year", std::to_string(year)}}));
  if (estimated) from.back() += "; " + locale.text("map.desc_estimated", {{"count", std::to_string(estimated)}});
  std::vector<std::size_t> counts(classes.size());
  for (const auto& [shape, value] : drawn) ++counts[class_of(classes, value.value)];
  std::string class_list;
  for (std::size_t i = 0; i < classes.size(); ++i)
    class_list += fmt::format("{}{}: {}", i ? "; " : "", class_label(classes, i, map.unit, locale), counts[i]);
  std::stable_sort(drawn.begin(), drawn.end(),
                   [](const auto& a, const auto& b) { return a.second.value > b.second.value; });
  const auto list = [&](auto first, auto last) {
    std::string text;
    for (auto it = first; it != last; ++it)
      text += fmt::format("{}{} {}", text.empty() ? "" : "; ", display_name(map, *it->first),
                          value_with_year(it->second, map.unit, locale));
    return text;
  };
  const std::size_t named = std::min<std::size_t>(3, drawn.size());
  return out + " " +
         locale.text("map.desc_counts", {{"with", std::to_string(drawn.size())},
                                         {"from", fmt::format("{}", fmt::join(from, ", "))},
                                         {"without", std::to_string(without)},
                                         {"classes", class_list},
                                         {"highest", list(drawn.begin(), drawn.begin() + static_cast<long>(named))},
                                         {"lowest", list(drawn.rbegin(), drawn.rbegin() + static_cast<long>(named))}});
}

std::string render(const ChoroplethMap& map, const Locale& locale, SvgContext context) {
  const WorldMap& geometry = map.geometry ? *map.geometry : world_map();
  const auto classes = map_classes(all_values(map, geometry));
  const double scale = (chart_width - 2 * map_left) / geometry.width;
  const double map_height = geometry.height * scale;
  bool any_estimated = false;
  for (const auto& shape : geometry.economies)
    if (const auto found = map.values.find(shape.code); found != map.values.end())
      any_estimated = any_estimated || found->second.estimated;
  const Legend key = legend(classes, map, any_estimated, map_top + map_height + 14, locale);
  const double height = map_top + map_height + 14 + key.height + 8;

  std::string out = fmt::format(
      "<svg{} class=\"p2c-chart p2c-map\" data-chart=\"map\" data-year=\"{}\" role=\"img\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" font-family=\"sans-serif\" font-size=\"12\">",
      context == SvgContext::file ? " xmlns=\"http://www.w3.org/2000/svg\"" : "", map.year, chart_width,
      coordinate(height), chart_width, coordinate(height));
  out +=
      fmt::format("<title>{}</title><desc>{}</desc>", xml_escape(map.title), xml_escape(text_alternative(map, locale)));
  out += patterns(classes);
  out += fmt::format("<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>", chart_width,
                     coordinate(height));
  out += fmt::format("<text x=\"{}\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{}</text>", map_left,
                     fitted_text(map.title, chart_width - 2 * map_left, 15, true));
  // Map units inside; strokes are in map units too, so a border stays thin at any size.
  out += fmt::format("<g class=\"map\" transform=\"translate({} {}) scale({})\">", map_left, map_top,
                     fmt::format("{:.4f}", scale));
  for (const auto& shape : geometry.unlisted)
    out += fmt::format(
        "<path class=\"unlisted\" d=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"0.5\"><title>{}</title></path>",
        shape.path, no_data_fill, no_data_outline, xml_escape(locale.text("map.unlisted", {{"name", shape.name}})));
  // Shapes first, dots over them: a small state is never hidden by its neighbour.
  for (const bool dots : {false, true}) {
    for (const auto& shape : geometry.economies) {
      if (shape.dot.has_value() != dots) continue;
      const std::string name = xml_escape(display_name(map, shape));
      const auto found = map.values.find(shape.code);
      std::string fill = no_data_fill, stroke = no_data_outline, data = " data-class=\"none\"", extra;
      std::string title = fmt::format("{}: {}", name, xml_escape(locale.text("chart.no_data")));
      if (found != map.values.end()) {
        const MapValue& value = found->second;
        const std::size_t k = class_of(classes, value.value);
        fill = value.estimated ? fmt::format("url(#p2c-map-estimated-{})", k) : classes[k].colour;
        stroke = value.estimated ? "#333333" : "#ffffff";
        if (value.estimated) extra = " stroke-dasharray=\"2 1\"";
        data = fmt::format(" data-value=\"{}\" data-year=\"{}\" data-class=\"{}\"{}", exact_number(value.value),
                           value.year, k, value.estimated ? " data-flags=\"estimated\"" : "");
        title = fmt::format("{}: {}", name, xml_escape(value_with_year(value, map.unit, locale)));
      }
      if (dots && stroke == "#ffffff") stroke = "#333333";  // a dot on the sea needs an edge
      const std::string common =
          fmt::format("fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{} tabindex=\"0\" data-entity=\"{}\"{}", fill,
                      stroke, dots ? "0.8" : "0.5", extra, xml_escape(shape.code), data);
      if (dots)
        out += fmt::format("<circle class=\"economy dot\" cx=\"{}\" cy=\"{}\" r=\"{}\" {}><title>{}</title></circle>",
                           coordinate(shape.dot->first), coordinate(shape.dot->second),
                           exact_number(geometry.dot_radius), common, title);
      else
        out += fmt::format("<path class=\"economy\" d=\"{}\" {}><title>{}</title></path>", shape.path, common, title);
    }
  }
  out += "</g>";
  out += key.svg;
  return out + "</svg>";
}

}  // namespace p2c::report
