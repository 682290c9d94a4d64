#include "time/cube.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "core/error.hpp"
#include "core/incidents.hpp"

namespace bt = brandpunt::time;
using brandpunt::kNoArea;
using bt::Step;
using bt::Window;

namespace {
int64_t day(const char* iso) { return bt::parse_iso_date(iso); }
}  // namespace

TEST(Cube, counts_every_row_exactly_once_and_keeps_zero_months) {
  const Window w{day("2024-01-01"), day("2024-07-01"), Step::month};
  const std::vector<uint32_t> loc = {0, 0, 1, 2, kNoArea, 1, 0, 2, 1};
  const std::vector<int64_t> t = {
      day("2024-01-05"), day("2024-01-31") + 86399,  // both January, loc 0
      day("2024-03-10"),                             // March, loc 1
      day("2023-12-31") + 86399,                     // one second before the window
      day("2024-02-02"),                             // unassigned
      day("2024-06-30") + 86399,                     // last second of June, loc 1
      day("2024-07-01"),                             // first second after the window
      day("2024-04-15"),                             // April, loc 2
      day("2030-01-01"),                             // far after
  };
  const bt::Cube c = bt::build_cube(loc, t, 3, w);
  ASSERT_EQ(c.n_steps, 6u);
  ASSERT_EQ(c.counts.size(), 18u);
  EXPECT_EQ(c.at(0, 0), 2u);
  EXPECT_EQ(c.at(1, 2), 1u);
  EXPECT_EQ(c.at(1, 5), 1u);
  EXPECT_EQ(c.at(2, 3), 1u);
  EXPECT_EQ(c.at(0, 1), 0u);  // a quiet month is a zero bin
  EXPECT_EQ(c.before_window, 1);
  EXPECT_EQ(c.after_window, 2);
  EXPECT_EQ(c.unassigned, 1);
  EXPECT_EQ(c.excluded, 0);
  EXPECT_EQ(c.total() + c.before_window + c.after_window + c.unassigned + c.excluded,
            static_cast<int64_t>(t.size()));
  EXPECT_EQ(c.location_totals(), (std::vector<int64_t>{2, 2, 1}));
  EXPECT_EQ(c.step_totals(), (std::vector<int64_t>{2, 0, 1, 1, 0, 1}));
}

TEST(Cube, include_filter_counts_excluded_rows) {
  const Window w{day("2024-01-01"), day("2024-03-01"), Step::month};
  const std::vector<uint32_t> loc = {0, 1, 1, 0};
  const std::vector<int64_t> t = {day("2024-01-02"), day("2024-02-02"), day("2024-02-03"),
                                  day("2025-01-01")};
  const std::vector<bool> include = {true, false, true, false};
  const bt::Cube c = bt::build_cube(loc, t, 2, w, &include);
  EXPECT_EQ(c.excluded, 2);
  EXPECT_EQ(c.after_window, 0);  // the excluded row is not also counted as after the window
  EXPECT_EQ(c.at(0, 0), 1u);
  EXPECT_EQ(c.at(1, 1), 1u);
  EXPECT_EQ(c.total(), 2);
}

TEST(Cube, matches_a_per_row_step_index_oracle_on_random_weeks) {
  const Window w{day("2023-03-15"), day("2024-11-20"), Step::week};
  std::vector<uint32_t> loc;
  std::vector<int64_t> t;
  uint64_t state = 42;  // fixed seed
  auto next = [&] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; };
  for (int i = 0; i < 5000; ++i) {
    loc.push_back((next() >> 33) % 7 == 6 ? kNoArea : static_cast<uint32_t>((next() >> 33) % 5));
    t.push_back(day("2023-01-01") + static_cast<int64_t>((next() >> 20) % (700LL * 86400)));
  }
  const bt::Cube c = bt::build_cube(loc, t, 5, w);
  std::vector<uint32_t> expect(c.counts.size(), 0);
  int64_t before = 0, after = 0, unassigned = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    const int s = bt::step_index(w, t[i]);
    if (s < 0) (t[i] < w.start_s ? before : after)++;
    else if (loc[i] == kNoArea) ++unassigned;
    else ++expect[loc[i] * c.n_steps + static_cast<size_t>(s)];
  }
  EXPECT_EQ(c.counts, expect);
  EXPECT_EQ(c.before_window, before);
  EXPECT_EQ(c.after_window, after);
  EXPECT_EQ(c.unassigned, unassigned);
  EXPECT_GT(before, 0);
  EXPECT_GT(after, 0);
}

TEST(Cube, months_sum_into_quarters_with_partial_flags) {
  // Feb..Nov 2024: Q1 and Q4 are partial.
  const Window w{day("2024-02-01"), day("2024-12-01"), Step::month};
  const std::vector<uint32_t> loc = {0, 0, 0, 1, 1};
  const std::vector<int64_t> t = {day("2024-02-10"), day("2024-03-10"), day("2024-04-10"),
                                  day("2024-11-30"), day("2024-09-30")};
  const bt::Cube m = bt::build_cube(loc, t, 2, w);
  ASSERT_EQ(m.n_steps, 10u);
  Window qw;
  const bt::Cube q = bt::months_to_quarters(m, w, &qw);
  ASSERT_EQ(q.n_steps, 4u);
  EXPECT_EQ(qw.step, Step::quarter);
  EXPECT_EQ(q.at(0, 0), 2u);
  EXPECT_EQ(q.at(0, 1), 1u);
  EXPECT_EQ(q.at(1, 2), 1u);
  EXPECT_EQ(q.at(1, 3), 1u);
  EXPECT_TRUE(bt::step_is_partial(qw, 0));
  EXPECT_TRUE(bt::step_is_partial(qw, 3));
  // The same as building quarters directly.
  EXPECT_EQ(q.counts, bt::build_cube(loc, t, 2, qw).counts);
}

TEST(Cube, rolls_buurten_up_into_wijken) {
  const Window w{day("2024-01-01"), day("2024-03-01"), Step::month};
  const std::vector<uint32_t> loc = {0, 1, 2, 2};
  const std::vector<int64_t> t = {day("2024-01-02"), day("2024-01-03"), day("2024-02-02"),
                                  day("2024-02-03")};
  const bt::Cube c = bt::build_cube(loc, t, 3, w);
  const std::vector<uint32_t> parent = {0, 0, kNoArea};
  const bt::Cube r = bt::roll_up(c, parent, 1);
  EXPECT_EQ(r.at(0, 0), 2u);
  EXPECT_EQ(r.at(0, 1), 0u);
  EXPECT_EQ(r.unassigned, 2);
}

TEST(Cube, rejects_bad_inputs) {
  const Window w{day("2024-01-01"), day("2024-03-01"), Step::month};
  const std::vector<uint32_t> loc = {5};
  const std::vector<int64_t> t = {day("2024-01-02")};
  EXPECT_THROW(bt::build_cube(loc, t, 3, w), brandpunt::Error);
  const std::vector<int64_t> t2 = {1, 2};
  EXPECT_THROW(bt::build_cube(loc, t2, 3, w), brandpunt::Error);
  const Window empty{day("2024-01-01"), day("2023-01-01"), Step::month};
  EXPECT_THROW(bt::build_cube(loc, t, 6, empty), brandpunt::Error);
}
