// The SDK's types in the wire format (wire.h), for the calls the host makes into a plugin's child process.
#pragma once

#include <string>
#include <vector>

#include "p2c/observations.h"
#include "p2c/options.h"
#include "p2c/results.h"
#include "wire.h"

namespace p2c::host::wire {

void encode(Encoder& out, const Options& options);
Options decode_options(Decoder& in);

void encode(Encoder& out, const std::vector<std::string>& texts);
std::vector<std::string> decode_texts(Decoder& in);

void encode(Encoder& out, const std::vector<SeriesInfo>& series);
std::vector<SeriesInfo> decode_series_infos(Decoder& in);

/// A series or a batch: the id and unit (empty for a batch), the columns, the dimensions.
void encode(Encoder& out, const Series& series);
Series decode_series(Decoder& in);
void encode(Encoder& out, const Batch& batch);
void decode(Decoder& in, Batch& batch);

void encode(Encoder& out, const RunReport& report);
RunReport decode_report(Decoder& in);

}  // namespace p2c::host::wire
