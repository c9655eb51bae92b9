// Text in the report's static SVG charts, which no browser measures before they are written: a conservative
// estimate of a text's drawn width, and text cut to a width with an ellipsis and its whole in a <title>, so that a
// long label in French or Arabic never runs off its chart.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace p2c::report {

/// An upper estimate of the width in pixels of UTF-8 `text` in a sans-serif font of `font_px` (bold a little
/// wider): ideographs and full-width forms an em each, other letters 0.6 em, spaces 0.3 em.
double text_width(std::string_view text, double font_px, bool bold = false);

/// `text` escaped for SVG, cut at a letter boundary with "…" when text_width() exceeds `width_px`, followed then by
/// a <title> holding the whole text (the tooltip and the accessible name).
std::string fitted_text(std::string_view text, double width_px, double font_px, bool bold = false);

/// `text` split at the last space that leaves its first part within `width_px`: the two lines of a legend entry too
/// long for one. The second part is empty when the whole fits, the first when no space allows a split.
std::pair<std::string, std::string> split_to_fit(std::string_view text, double width_px, double font_px);

}  // namespace p2c::report
