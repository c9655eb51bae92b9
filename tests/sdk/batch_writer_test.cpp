#include "p2c/batch_writer.h"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

#include "recording_sink.h"

using p2c::BatchWriter;
using p2c::test::RecordingSink;

TEST_CASE("BatchWriter hands a batch to the sink every batch_size rows and the rest on flush", "[batch_writer]") {
  RecordingSink sink;
  BatchWriter writer(sink, 2);
  writer.add("KEN", 2020, 1.0);
  CHECK(sink.batches.empty());
  writer.add("KEN", 2021, 2.0);
  REQUIRE(sink.batches.size() == 1);
  writer.add("UGA", 2020, 3.0);
  writer.flush();
  REQUIRE(sink.batches.size() == 2);
  writer.flush();  // nothing added since: no empty batch
  REQUIRE(sink.batches.size() == 2);

  CHECK(sink.batches[0].year == std::vector<std::int32_t>{2020, 2021});
  CHECK(sink.batches[0].value == std::vector<double>{1.0, 2.0});
  CHECK(sink.batches[1].value == std::vector<double>{3.0});
  CHECK(sink.entities[sink.batches[0].entity[0]] == "KEN");
  CHECK(sink.entities[sink.batches[1].entity[0]] == "UGA");
}

TEST_CASE("BatchWriter looks a code up only when it differs from the last one", "[batch_writer]") {
  RecordingSink sink;
  BatchWriter writer(sink, 100);
  for (const char* code : {"KEN", "KEN", "KEN", "UGA", "UGA", "KEN"}) writer.add(code, 2020, 1.0);
  writer.flush();
  CHECK(sink.entity_lookups == 3);
  REQUIRE(sink.batches.size() == 1);
  const auto& entity = sink.batches[0].entity;
  CHECK(sink.entities[entity[0]] == "KEN");
  CHECK(sink.entities[entity[3]] == "UGA");
  CHECK(entity[5] == entity[0]);
}

TEST_CASE("BatchWriter fills one label column per dimension", "[batch_writer]") {
  RecordingSink sink;
  BatchWriter writer(sink, 100, {"sex", "speed"});
  writer.add("KEN", 2020, 1.0, {"female", "10mbps"});
  writer.add(p2c::EntityId{7}, 2021, 2.0, {"male", "10mbps"});
  writer.flush();
  REQUIRE(sink.batches.size() == 1);
  const p2c::Batch& batch = sink.batches[0];
  CHECK(batch.dimension_names == std::vector<std::string>{"sex", "speed"});
  REQUIRE(batch.dimensions.size() == 2);
  CHECK(sink.labels[batch.dimensions[0][0]] == "female");
  CHECK(sink.labels[batch.dimensions[0][1]] == "male");
  CHECK(sink.labels[batch.dimensions[1][0]] == "10mbps");
  CHECK(batch.dimensions[1][1] == batch.dimensions[1][0]);
  CHECK(batch.entity[1] == 7);  // an entity interned by the source passes through as is
  CHECK(sink.entity_lookups == 1);
}

TEST_CASE("BatchWriter refuses a row whose labels do not match the dimensions", "[batch_writer]") {
  RecordingSink sink;
  BatchWriter writer(sink, 100, {"sex"});
  CHECK_THROWS_AS(writer.add("KEN", 2020, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(writer.add("KEN", 2020, 1.0, {"female", "extra"}), std::invalid_argument);
  writer.flush();
  CHECK(sink.batches.empty());
  CHECK_THROWS_AS(BatchWriter(sink, 0), std::invalid_argument);
}

TEST_CASE("BatchWriter delivers nothing it was not told to flush", "[batch_writer]") {
  // A source that throws half-way must not deliver the partial batch: destruction does not flush.
  RecordingSink sink;
  {
    BatchWriter writer(sink, 100);
    writer.add("KEN", 2020, 1.0);
  }
  CHECK(sink.batches.empty());
}
