// Reading trajectory.csv back and choosing the compared phase.
#include <catch2/catch.hpp>

#include <cmath>

#include "nncert/cert/trajectory_table.hpp"
#include "nncert/numeric/errors.hpp"

using namespace nncert;

TEST_CASE("trajectory CSV parses by column, nan cells included") {
  const auto t = cert::parse_trajectory_csv("step,time,phase,loss,pl_ratio\n0,0,1,2.5,nan\n10,0.5,2,1.25,3\n", "t.csv");
  REQUIRE(t.rows.size() == 2);
  CHECK(t.column("loss") == std::vector<double>{2.5, 1.25});
  CHECK(std::isnan(t.column("pl_ratio")[0]));
  CHECK_THROWS_AS(t.column("nope"), InvalidInput);
}

TEST_CASE("malformed trajectory CSV is rejected with the line") {
  CHECK_THROWS_WITH(cert::parse_trajectory_csv("step,time,phase,loss\n0,0,0,x\n", "t.csv"), Catch::Contains("t.csv:2"));
  CHECK_THROWS_WITH(cert::parse_trajectory_csv("step,time,phase,loss\n0,0,0\n", "t.csv"), Catch::Contains("t.csv:2"));
  CHECK_THROWS_WITH(cert::parse_trajectory_csv("step,time,loss\n0,0,0\n", "t.csv"), Catch::Contains("phase"));
}

TEST_CASE("phase 2 is compared from its first row, steps counted from there") {
  const auto t = cert::parse_trajectory_csv("step,time,phase,loss\n0,0,1,4\n5,0.5,1,3\n10,1,2,2\n15,1.25,2,1\n", "t.csv");
  theory::ConclusionSpec c;
  c.kind = "linear-rate";
  c.phase = 2;
  const auto s = cert::compared_series(t, c);
  CHECK(s.steps == std::vector<double>{0, 5});
  CHECK(s.losses == std::vector<double>{2, 1});
  c.phase = 0;
  CHECK(cert::compared_series(t, c).steps.size() == 4);
  c.kind = "exponential-decay";
  CHECK(cert::compared_series(t, c).steps == std::vector<double>{0, 0.5, 1, 1.25});
}
