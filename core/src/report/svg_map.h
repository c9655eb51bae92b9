// A choropleth world map drawn as SVG text, for `p2c report`: each economy coloured by the class of its value, in
// the conventions of svg_chart.h (role="img" with <title> and <desc>, sizes in CSS pixels with a viewBox, escaped
// text, data-* attributes on every mark). The geometry is core/web/world-map.json, compiled into the binary
// (docs/map.md): economies as pre-projected paths, and those too small to see as dots.
//
// Five classes from quantiles of the values, on nice breaks, in a sequential palette whose every colour reaches
// 3:1 against white; "no data" is a light grey hatching with a grey outline. An estimated value is its class colour
// under white dots (dots mean estimates, as on the line charts) with a dashed outline.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/svg_chart.h"

namespace p2c::report {

/// One place on the map: an economy (by ISO3 code) or a feature the reference data has no economy for.
struct MapShape {
  std::string code;  ///< ISO3; empty for a feature without an economy code (e.g. Kosovo)
  std::string name;  ///< the reference data's name (UN M49), or the feature's name in Natural Earth
  std::string path;  ///< SVG path data in map units; empty when drawn as a dot
  std::optional<std::pair<double, double>> dot;  ///< the dot's centre in map units, for economies too small to see
};

struct WorldMap {
  double width = 0;  ///< map units
  double height = 0;
  double dot_radius = 4;
  std::vector<MapShape> economies;  ///< sorted by code
  std::vector<MapShape> unlisted;   ///< drawn as land without data, not as economies

  const MapShape* find(std::string_view code) const;
};

/// Reads a world-map.json; throws std::runtime_error naming what is wrong.
WorldMap parse_world_map(std::string_view json);

/// The geometry compiled into the binary (core/web/world-map.json), read once. Throws std::runtime_error when the
/// binary has none.
const WorldMap& world_map();

/// An economy's value on the map: its latest published value up to the map's year.
struct MapValue {
  double value = 0;
  std::int32_t year = 0;
  bool estimated = false;
};

/// A class of values: `low <= value < high` (the last class includes its top).
struct MapClass {
  double low = 0;
  double high = 0;
  const char* colour = "";
};

/// Up to five classes on nice breaks (two significant digits) at the quintiles of `values`; fewer when values
/// repeat. Empty for no values.
std::vector<MapClass> map_classes(std::vector<double> values);

/// The index of the class holding `value` (values below the first class go into it, above the last into the last).
std::size_t class_of(const std::vector<MapClass>& classes, double value);

/// The range a class covers, for people: "below 20.0 %", "20.0 % to 45.0 %", "80.0 % and above".
std::string class_label(const std::vector<MapClass>& classes, std::size_t index, std::string_view unit,
                        const Locale& locale);

struct ChoroplethMap {
  std::string title;
  std::string description;  ///< the `<desc>`; generated from the values when empty
  std::string unit;
  std::int32_t year = 0;                                  ///< values are the latest published up to this year
  std::map<std::string, MapValue, std::less<>> values;    ///< by ISO3 code
  std::map<std::string, std::string, std::less<>> names;  ///< what readers call an economy; else the map's name
  const WorldMap* geometry = nullptr;                     ///< null: world_map()
};

std::string render(const ChoroplethMap& map, const Locale& locale, SvgContext context = SvgContext::inline_html);

/// The text alternative: what is mapped, the year and the years the values are from, how many economies have a
/// value and how many have none, each class with its range and count, the highest and lowest values.
std::string text_alternative(const ChoroplethMap& map, const Locale& locale);

}  // namespace p2c::report
