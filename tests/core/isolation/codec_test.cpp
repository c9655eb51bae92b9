// The wire format between the host and a plugin's child process: what is sent is what arrives, and a message
// that does not decode is refused before anything is allocated for it.
#include "codec.h"

#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

using namespace p2c::host::wire;

TEST_CASE("options, series and a run report arrive as they were sent", "[isolation][wire]") {
  p2c::Options options;
  options.set("path", std::string("data/wdi.csv"));
  options.set("batch", std::int64_t{4096});
  options.set("factor", 2.5);
  options.set("strict", true);
  options.set("series", p2c::StringList{"a", "b"});
  options.set("filters", p2c::StringMap{{"sex", "bothsex"}});
  options.set("goalposts", p2c::NumberMap{{"min", 0.0}, {"max", 100.0}});
  Encoder out;
  encode(out, options);
  Decoder in(out.bytes());
  CHECK(decode_options(in).values() == options.values());
  CHECK(in.at_end());

  p2c::Series series{"itu.x", "%", {3, 1}, {2020, 2021}, {1.5, -2}, {"sex"}, {{7, 8}}};
  out.clear();
  encode(out, series);
  Decoder series_in(out.bytes());
  const p2c::Series back = decode_series(series_in);
  CHECK(back.id == series.id);
  CHECK(back.entity == series.entity);
  CHECK(back.year == series.year);
  CHECK(back.value == series.value);
  CHECK(back.dimension_names == series.dimension_names);
  CHECK(back.dimensions == series.dimensions);

  p2c::RunReport report;
  report.run_id = "r1";
  report.started_at = "2026-12-08T00:00:00Z";
  report.duration_seconds = 0.25;
  p2c::MetricInfo info;
  info.name = "users";
  info.target = 100;
  info.maximum = 100;
  info.wsis_lines = {"C2"};
  info.aggregation = p2c::Aggregation::population_weighted_mean;
  report.catalogue.push_back({"sdg.users", "sdg_17_8", info});
  p2c::Record record;
  record.entity = 1;
  record.entity_kind = p2c::EntityKind::group;
  record.year = -5;
  record.status = p2c::Status::off_track;
  record.flags = p2c::flag_withheld;
  record.coverage = p2c::Coverage{3, 4, 0.5, 2, 0.25};
  record.reason = "too little observed";
  report.records = {record, p2c::Record{}};
  report.records[1].value = 42;
  report.failures.push_back({"idi", "failed"});
  report.entity_codes = {"AAA", "LDC"};
  out.clear();
  encode(out, report);
  Decoder report_in(out.bytes());
  const p2c::RunReport got = decode_report(report_in);
  CHECK(report_in.at_end());
  CHECK(got.run_id == "r1");
  CHECK(got.duration_seconds == 0.25);
  REQUIRE(got.catalogue.size() == 1);
  CHECK(got.catalogue[0].info.target == 100);
  CHECK(got.catalogue[0].info.maximum == 100);
  CHECK_FALSE(got.catalogue[0].info.minimum);
  CHECK(got.catalogue[0].info.wsis_lines == info.wsis_lines);
  CHECK(got.catalogue[0].info.aggregation == p2c::Aggregation::population_weighted_mean);
  REQUIRE(got.records.size() == 2);
  CHECK(got.records[0].entity_kind == p2c::EntityKind::group);
  CHECK(got.records[0].year == -5);
  CHECK_FALSE(got.records[0].value);
  CHECK(got.records[0].status == p2c::Status::off_track);
  CHECK(got.records[0].coverage->observed_population_share == 0.25);
  CHECK(got.records[0].reason == "too little observed");
  CHECK(got.records[1].value == 42);
  CHECK_FALSE(got.records[1].coverage);
  CHECK(got.failures[0].message == "failed");
  CHECK(got.entity_codes == report.entity_codes);
}

TEST_CASE("a message cut short, or announcing more than it holds, is refused", "[isolation][wire]") {
  Encoder out;
  encode(out, std::vector<std::string>{"AAA", "BBB"});
  for (std::size_t size = 0; size < out.size(); ++size) {
    Decoder in(std::string_view(out.bytes()).substr(0, size));
    CHECK_THROWS_AS(decode_texts(in), WireError);
  }
  Encoder huge;
  huge.put(std::uint64_t{1} << 60);  // a count no message of this size can hold
  Decoder in(huge.bytes());
  CHECK_THROWS_WITH(decode_texts(in), "a message announces more elements than it holds");
}

TEST_CASE("frames cross a socket whole, and a frame over the limit or cut short is refused", "[isolation][wire]") {
  int ends[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, ends) == 0);
  send_frame(ends[0], Message::describe, "payload");
  Message type{};
  std::string payload;
  REQUIRE(receive_frame(ends[1], type, payload, 1024));
  CHECK(type == Message::describe);
  CHECK(payload == "payload");

  send_frame(ends[0], Message::done, std::string(2048, 'x'));
  CHECK_THROWS_WITH(receive_frame(ends[1], type, payload, 1024), "a message is larger than the limit");

  ::close(ends[0]);
  ::close(ends[1]);

  // A header announcing more than the other side sends before it goes away.
  REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, ends) == 0);
  Header header;
  header.type = static_cast<std::uint32_t>(Message::done);
  header.size = 100;
  REQUIRE(::write(ends[0], &header, sizeof header) == static_cast<ssize_t>(sizeof header));
  REQUIRE(::write(ends[0], "short", 5) == 5);
  ::close(ends[0]);
  CHECK_THROWS_WITH(receive_frame(ends[1], type, payload, 1024), "the host's socket closed within a message");
  ::close(ends[1]);

  // The end of the stream between frames is the other side's orderly goodbye.
  REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, ends) == 0);
  ::close(ends[0]);
  CHECK_FALSE(receive_frame(ends[1], type, payload, 1024));
  ::close(ends[1]);
}
