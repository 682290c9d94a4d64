#include "incidents.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <numeric>

#include "core/error.hpp"

namespace brandpunt::gendemo {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Hour-of-day profiles (relative weights, 0..23 h).
enum Profile { kDaytime, kEvening, kNightlife, kAllDay };
constexpr std::array<std::array<double, 24>, 4> kHours = {{
    {1, 1, 1, 1, 1, 1, 2, 4, 6, 8, 10, 11, 12, 12, 12, 12, 12, 11, 9, 6, 4, 3, 2, 1},
    {4, 3, 3, 2, 2, 2, 2, 3, 4, 5, 6, 6, 6, 6, 6, 7, 8, 10, 12, 12, 11, 9, 7, 5},
    {10, 10, 9, 7, 4, 2, 1, 1, 1, 2, 2, 3, 4, 4, 4, 5, 5, 6, 6, 7, 8, 9, 10, 11},
    {3, 2, 2, 1, 1, 1, 2, 3, 5, 6, 7, 8, 8, 8, 8, 8, 9, 9, 9, 9, 8, 7, 5, 4},
}};

// The category mix of a Dutch town's police registrations (shares follow the order of
// magnitude of CBS table 47013NED: bicycle theft and shoplifting frequent, overvallen rare;
// overlast registrations are added as the police record them). Spatial weights: population
// (homes), activity (shops, nightlife) and area (everywhere); season: peak month, amplitude.
struct Category {
  const char* code;
  const char* key;
  double share;
  double w_pop, w_act, w_area;
  double p_street;  // probability the incident lies near a street (else anywhere in the area)
  int peak_month;
  double season_amp;
  Profile hours;
};
constexpr std::array<Category, 27> kCategories = {{
    {"1.2.3", "fietsendiefstal", 0.140, 0.35, 0.60, 0.05, 0.92, 9, 0.15, kDaytime},
    {"2.5.2", "winkeldiefstal", 0.080, 0.10, 0.88, 0.02, 0.95, 12, 0.15, kDaytime},
    {"1.1.1", "woninginbraak", 0.050, 0.95, 0.00, 0.05, 0.80, 12, 0.25, kEvening},
    {"1.2.1", "autokraak", 0.070, 0.60, 0.25, 0.15, 0.90, 11, 0.10, kNightlife},
    {"1.2.2", "voertuigdiefstal", 0.015, 0.60, 0.20, 0.20, 0.90, 10, 0.05, kNightlife},
    {"1.2.4", "zakkenrollerij", 0.030, 0.05, 0.93, 0.02, 0.95, 12, 0.15, kDaytime},
    {"1.1.2", "inbraak_box", 0.020, 0.85, 0.00, 0.15, 0.70, 1, 0.20, kEvening},
    {"2.5.1", "bedrijfsinbraak", 0.020, 0.10, 0.40, 0.50, 0.80, 1, 0.10, kNightlife},
    {"1.6.2", "overige_vermogen", 0.075, 0.60, 0.30, 0.10, 0.80, 6, 0.05, kAllDay},
    {"1.4.5", "mishandeling", 0.050, 0.45, 0.50, 0.05, 0.85, 7, 0.10, kNightlife},
    {"1.4.4", "bedreiging", 0.035, 0.60, 0.35, 0.05, 0.80, 7, 0.05, kAllDay},
    {"1.4.3", "openlijk_geweld", 0.008, 0.20, 0.78, 0.02, 0.95, 7, 0.10, kNightlife},
    {"1.4.1", "zeden", 0.008, 0.70, 0.25, 0.05, 0.60, 7, 0.05, kAllDay},
    {"1.4.2", "moord_doodslag", 0.0006, 0.70, 0.25, 0.05, 0.70, 7, 0.00, kNightlife},
    {"1.4.6", "straatroof", 0.006, 0.30, 0.68, 0.02, 0.98, 11, 0.15, kNightlife},
    {"1.4.7", "overval", 0.0015, 0.30, 0.65, 0.05, 0.90, 12, 0.20, kEvening},
    {"overlast-jeugd", "jeugd", 0.085, 0.70, 0.25, 0.05, 0.90, 6, 0.25, kEvening},
    {"2.1.1", "drugs", 0.030, 0.30, 0.65, 0.05, 0.90, 7, 0.10, kNightlife},
    {"2.4.1", "woon", 0.050, 0.98, 0.00, 0.02, 0.75, 1, 0.05, kEvening},
    {"overlast-verward", "verward", 0.070, 0.60, 0.38, 0.02, 0.85, 1, 0.00, kAllDay},
    {"2.2.1", "vernieling", 0.090, 0.55, 0.35, 0.10, 0.85, 1, 0.15, kNightlife},
    {"3.6.4", "openbare_orde", 0.010, 0.20, 0.78, 0.02, 0.95, 7, 0.10, kNightlife},
    {"3.1.1", "drugshandel", 0.010, 0.40, 0.55, 0.05, 0.85, 6, 0.00, kAllDay},
    {"3.9.1", "fraude", 0.040, 0.95, 0.03, 0.02, 0.60, 6, 0.00, kAllDay},
    {"3.1.3", "wapenhandel", 0.002, 0.60, 0.35, 0.05, 0.80, 6, 0.00, kAllDay},
    {"2.4.2", "overige_misdrijven", 0.010, 0.90, 0.05, 0.05, 0.70, 6, 0.00, kAllDay},
    {"1.3.1", "overige_misdrijven", 0.020, 0.20, 0.20, 0.60, 1.00, 11, 0.10, kDaytime},
}};

size_t category_index(std::string_view code) {
  for (size_t c = 0; c < kCategories.size(); ++c)
    if (code == kCategories[c].code) return c;
  throw Error(ErrorKind::internal, "unknown planted category " + std::string(code));
}

// A planted buurt hotspot: a cluster of a core buurt and its queen-contiguous ring, with a
// multiplier on one category that may vary by month. Real hotspots spread over adjacent
// areas, and a lone hot buurt among normal neighbours barely moves a Gi* that sums over the
// neighbourhood; a core with a ring at half its excess gives the cluster Gi* detects.
struct PlantedArea {
  std::string pattern;  // "persistent", "new", "diminishing"
  size_t category;
  double multiplier;       // core multiplier at its peak
  double ring_multiplier;  // ring multiplier at the same moment (1 < ring < core)
  int new_months;          // "new": active in the last new_months months, never before
  double decay_months;     // "diminishing": e-folding time of the excess above the floor
  double floor;            // "diminishing": core multiplier it decays towards (> 1: stays hot)
  uint32_t area = 0;
  std::vector<uint32_t> ring;
  double at(int m, int months) const {
    if (pattern == "new") return m >= months - new_months ? multiplier : 1.0;
    if (pattern == "diminishing") return floor + (multiplier - floor) * std::exp(-m / decay_months);
    return multiplier;
  }
  // The ring keeps the same share of the core's excess in every month.
  double ring_at(int m, int months) const {
    return 1.0 + (at(m, months) - 1.0) * (ring_multiplier - 1.0) / (multiplier - 1.0);
  }
};

// Days since 1970-01-01 of y-m-d and back (H. Hinnant's civil-calendar algorithms), so a
// planted follower a few days after its source can cross into the next month.
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}
void civil_from_days(int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

// A pattern planted on request: extra incidents per month (absolute, on top of the
// background) in a core area and, for some patterns, its ring, between two months.
struct Extra {
  std::string pattern;  // "persistent_isolated", "historical", "new", "cluster"
  size_t category;
  double core_per_month, ring_per_month;
  int first_month, last_month;  // inclusive, 0-based
  uint32_t area = 0;
  std::vector<uint32_t> ring;
  int64_t generated = 0, ring_generated = 0;
};

int days_in_month(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

class CsvSink final : public IncidentSink {
 public:
  explicit CsvSink(std::string path) : path_(std::move(path)), tmp_(path_ + ".tmp") {
    file_ = std::fopen(tmp_.c_str(), "wb");
    if (!file_) throw Error(ErrorKind::io, "cannot create file").at_file(tmp_);
    buffer_.reserve(1 << 20);
    buffer_ = "registratienummer,datum,x,y,soort,straat\n";
  }
  ~CsvSink() override {
    if (file_) {
      std::fclose(file_);
      std::remove(tmp_.c_str());
    }
  }
  void write(const IncidentRow& r) override {
    for (auto f : {r.id, r.datum, r.x, r.y, r.soort}) {
      buffer_.append(f);
      buffer_.push_back(',');
    }
    buffer_.append(r.straat);
    buffer_.push_back('\n');
    if (buffer_.size() > (1u << 20) - 256) flush();
  }
  void finish() override {
    flush();
    if (std::fclose(file_) != 0) throw Error(ErrorKind::io, "cannot write file").at_file(tmp_);
    file_ = nullptr;
    std::filesystem::rename(tmp_, path_);
  }

 private:
  void flush() {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
      throw Error(ErrorKind::io, "cannot write file").at_file(tmp_);
    buffer_.clear();
  }
  std::string path_, tmp_, buffer_;
  std::FILE* file_ = nullptr;
};

// Metres with 2 decimals. Rounds to whole centimetres in integer arithmetic: several times
// faster than std::to_chars(fixed, 2), which matters at 20 million numbers.
std::string_view fixed2(char* buf, size_t cap, double v) {
  long long cents = std::llround(v * 100);
  char* p = buf;
  if (cents < 0) {
    *p++ = '-';
    cents = -cents;
  }
  auto res = std::to_chars(p, buf + cap, cents / 100);
  p = res.ptr;
  *p++ = '.';
  *p++ = static_cast<char>('0' + (cents % 100) / 10);
  *p++ = static_cast<char>('0' + cents % 10);
  return {buf, static_cast<size_t>(p - buf)};
}

}  // namespace

std::unique_ptr<IncidentSink> make_csv_sink(const std::string& path) {
  return std::make_unique<CsvSink>(path);
}

nlohmann::ordered_json generate_incidents(const AreaModel& areas, LocationModel& where,
                                          const std::vector<PlantedStreet>& streets,
                                          const IncidentOptions& o, Rng& rng, IncidentSink& sink) {
  using json = nlohmann::ordered_json;
  const size_t na = areas.code.size(), nc = kCategories.size();
  const int nm = o.months;
  if (na == 0) throw Error(ErrorKind::config, "no areas to place incidents in");
  if (nm < 12) throw Error(ErrorKind::config, "--months must be at least 12");

  // Spatial weight of each (category, area): a mix of population, activity and area shares.
  const double sum_pop = std::accumulate(areas.population.begin(), areas.population.end(), 0.0);
  const double sum_act = std::accumulate(areas.activity.begin(), areas.activity.end(), 0.0);
  const double sum_area = std::accumulate(areas.area_m2.begin(), areas.area_m2.end(), 0.0);
  std::vector<double> weight(nc * na);
  for (size_t c = 0; c < nc; ++c)
    for (size_t a = 0; a < na; ++a) {
      const auto& k = kCategories[c];
      weight[c * na + a] = k.share * (k.w_pop * areas.population[a] / sum_pop +
                                      k.w_act * areas.activity[a] / sum_act +
                                      k.w_area * areas.area_m2[a] / sum_area);
    }
  std::vector<double> season(nc * static_cast<size_t>(nm));
  std::vector<int> year_of(static_cast<size_t>(nm)), month_of(static_cast<size_t>(nm));
  for (int m = 0; m < nm; ++m) {
    const int abs = (o.start_year * 12 + o.start_month - 1) + m;
    year_of[static_cast<size_t>(m)] = abs / 12;
    month_of[static_cast<size_t>(m)] = abs % 12 + 1;
    for (size_t c = 0; c < nc; ++c)
      season[c * static_cast<size_t>(nm) + static_cast<size_t>(m)] =
          1.0 + kCategories[c].season_amp *
                    std::cos(2 * kPi *
                             (month_of[static_cast<size_t>(m)] - kCategories[c].peak_month) / 12.0);
  }

  // Planted buurt hotspot clusters. Cores are eligible areas of above-median population,
  // tried in a seeded random order; a candidate is taken when neither it nor any of its ring
  // is in or next to an earlier cluster, so clusters neither overlap nor touch (and "new"
  // is not adjacent to a persistent one). When no candidate is that far apart (a tiny layer)
  // the first unused core is taken, so there are always four hotspots. Patterns planted on
  // request (o.plant) replace the four.
  std::vector<PlantedArea> planted;
  std::vector<Extra> extras;
  auto ring_of = [&](uint32_t a) {
    return a < areas.neighbours.size() ? areas.neighbours[a] : std::vector<uint32_t>{};
  };
  if (!o.plant.any()) {
    {
      std::vector<double> pops;
      std::vector<uint32_t> candidates;
      for (size_t a = 0; a < na; ++a)
        if (areas.eligible[a]) pops.push_back(areas.population[a]);
      std::sort(pops.begin(), pops.end());
      const double median = pops.empty() ? 0 : pops[pops.size() / 2];
      for (uint32_t a = 0; a < na; ++a)
        if (areas.eligible[a] && areas.population[a] >= median) candidates.push_back(a);
      for (size_t i = 0; i + 1 < candidates.size(); ++i)  // Fisher-Yates
        std::swap(candidates[i], candidates[i + rng.below(candidates.size() - i)]);
      const PlantedArea plan[4] = {
          {"persistent", category_index("1.1.1"), 8.0, 4.0, 0, 0, 0, 0, {}},
          {"new", category_index("overlast-jeugd"), 10.0, 5.0, 6, 0, 0, 0, {}},
          {"diminishing", category_index("2.2.1"), 12.0, 6.0, 0, 8.0, 4.0, 0, {}},
          {"persistent", category_index("1.2.1"), 6.0, 3.0, 0, 0, 0, 0, {}},
      };
      std::vector<uint8_t> used(na, 0), blocked(na, 0);  // in a cluster / in or next to one
      for (const auto& p : plan) {
        uint32_t core = UINT32_MAX;
        for (uint32_t a : candidates) {
          if (blocked[a]) continue;
          const auto ring = ring_of(a);
          if (std::none_of(ring.begin(), ring.end(), [&](uint32_t r) { return blocked[r] != 0; })) {
            core = a;
            break;
          }
        }
        for (size_t k = 0; core == UINT32_MAX && k < candidates.size(); ++k)
          if (!used[candidates[k]]) core = candidates[k];
        if (core == UINT32_MAX) break;
        planted.push_back(p);
        planted.back().area = core;
        for (uint32_t r : ring_of(core))
          if (!used[r]) planted.back().ring.push_back(r);
        for (uint32_t a : planted.back().ring) used[a] = 1;
        used[core] = 1;
        for (uint32_t a = 0; a < na; ++a)
          if (used[a]) {
            blocked[a] = 1;
            for (uint32_t r : ring_of(a)) blocked[r] = 1;
          }
      }
    }
  } else {
    // Cores: eligible areas of above-median population in a seeded order (the persistent
    // isolated one: the most central); each pattern keeps clear of the others and their rings.
    std::vector<double> pops;
    std::vector<uint32_t> candidates;
    for (size_t a = 0; a < na; ++a)
      if (areas.eligible[a]) pops.push_back(areas.population[a]);
    std::sort(pops.begin(), pops.end());
    const double median = pops.empty() ? 0 : pops[pops.size() / 2];
    for (uint32_t a = 0; a < na; ++a)
      if (areas.eligible[a] && areas.population[a] >= median) candidates.push_back(a);
    for (size_t i = 0; i + 1 < candidates.size(); ++i)  // Fisher-Yates
      std::swap(candidates[i], candidates[i + rng.below(candidates.size() - i)]);
    const int half = nm / 2, two_thirds = nm - nm / 3;
    struct Plan {
      bool on;
      Extra e;
      bool central, with_ring;
    };
    const PlantOptions& po = o.plant;
    const Plan plans[] = {
        {po.persistent_isolated, {"persistent_isolated", category_index("1.2.3"), po.persistent_per_month, 0, 0, nm - 1, 0, {}, 0, 0}, true, false},
        {po.cluster, {"cluster", category_index("1.4.5"), po.cluster_per_month, po.cluster_per_month / 2, 0, nm - 1, 0, {}, 0, 0}, false, true},
        {po.new_hotspot, {"new", category_index("1.1.1"), po.new_per_month, 0, two_thirds, nm - 1, 0, {}, 0, 0}, false, false},
        {po.historical, {"historical", category_index("1.4.6"), po.historical_per_month, po.historical_per_month / 3, 0, half - 1, 0, {}, 0, 0}, false, true},
    };
    // The persistent isolated pattern takes the candidate whose neighbours expect the fewest
    // incidents of its category (quiet neighbours: what makes it isolated), the most central
    // one on a tie; the centre is the mean of the centroids.
    XY centre{0, 0};
    for (const XY& c : areas.centroid) centre.x += c.x, centre.y += c.y;
    if (!areas.centroid.empty())
      centre = {centre.x / static_cast<double>(areas.centroid.size()),
                centre.y / static_cast<double>(areas.centroid.size())};
    std::vector<uint8_t> used(na, 0), blocked(na, 0);
    for (const Plan& plan : plans) {
      if (!plan.on) continue;
      std::vector<uint32_t> order = candidates;
      if (plan.central) {
        auto quiet = [&](uint32_t a) {  // mean background weight of the neighbours
          const auto ring = ring_of(a);
          double sum = 0;
          for (uint32_t r : ring) sum += weight[plan.e.category * na + r];
          return ring.empty() ? 0.0 : sum / static_cast<double>(ring.size());
        };
        auto distance = [&](uint32_t a) {
          return areas.centroid.size() == na
                     ? std::hypot(areas.centroid[a].x - centre.x, areas.centroid[a].y - centre.y)
                     : 0.0;
        };
        std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
          const double qx = quiet(x), qy = quiet(y);
          if (qx != qy) return qx < qy;
          return distance(x) < distance(y);
        });
      }
      uint32_t core = UINT32_MAX;
      for (uint32_t a : order) {
        if (blocked[a]) continue;
        const auto ring = ring_of(a);
        if (std::none_of(ring.begin(), ring.end(), [&](uint32_t r) { return blocked[r] != 0; })) {
          core = a;
          break;
        }
      }
      for (size_t k = 0; core == UINT32_MAX && k < order.size(); ++k)
        if (!used[order[k]]) core = order[k];
      if (core == UINT32_MAX) continue;
      Extra e = plan.e;
      e.area = core;
      used[core] = 1;
      for (uint32_t r : ring_of(core))
        if (!used[r]) {
          if (plan.with_ring) e.ring.push_back(r);
          used[r] = 1;  // isolated plants keep their neighbours free of other plants too
        }
      for (uint32_t a = 0; a < na; ++a)
        if (used[a]) {
          blocked[a] = 1;
          for (uint32_t r : ring_of(a)) blocked[r] = 1;
        }
      extras.push_back(std::move(e));
    }
  }
  // (extra index, ring?) per area.
  std::vector<std::vector<std::pair<size_t, bool>>> extra_at(na);
  for (size_t p = 0; p < extras.size(); ++p) {
    extra_at[extras[p].area].push_back({p, false});
    for (uint32_t r : extras[p].ring) extra_at[r].push_back({p, true});
  }

  // (planted index, ring?) per area.
  std::vector<std::vector<std::pair<size_t, bool>>> planted_at(na);
  for (size_t p = 0; p < planted.size(); ++p) {
    planted_at[planted[p].area].push_back({p, false});
    for (uint32_t r : planted[p].ring) planted_at[r].push_back({p, true});
  }
  auto multiplier = [&](size_t a, size_t c, int m) {
    double f = 1.0;
    for (const auto& [p, ring] : planted_at[a])
      if (planted[p].category == c) f *= ring ? planted[p].ring_at(m, nm) : planted[p].at(m, nm);
    return f;
  };
  auto street_base = [&](const PlantedStreet& s, size_t c, int m) {  // background on the street
    return weight[c * na + s.area] * season[c * static_cast<size_t>(nm) + static_cast<size_t>(m)] *
           kCategories[c].p_street * s.share_of_area_streets;
  };
  std::vector<size_t> street_cat;
  for (const auto& s : streets) street_cat.push_back(category_index(s.category_code));

  // Scale so the expected number of rows equals o.incidents.
  double total = 0;
  for (int m = 0; m < nm; ++m) {
    for (size_t c = 0; c < nc; ++c)
      for (size_t a = 0; a < na; ++a)
        total += weight[c * na + a] * season[c * static_cast<size_t>(nm) + static_cast<size_t>(m)] *
                 multiplier(a, c, m);
    for (size_t s = 0; s < streets.size(); ++s)
      total += (streets[s].multiplier - 1) * street_base(streets[s], street_cat[s], m);
  }
  const double scale = static_cast<double>(o.incidents) / total;

  std::vector<std::array<double, 24>> hour_cdf(kHours.size());
  for (size_t p = 0; p < kHours.size(); ++p) {
    double acc = 0, sum = std::accumulate(kHours[p].begin(), kHours[p].end(), 0.0);
    for (size_t h = 0; h < 24; ++h) hour_cdf[p][h] = (acc += kHours[p][h]) / sum;
  }

  // Bookkeeping for the truth.
  const char* kReasons[5] = {"empty_x", "unparseable_date", "unknown_code", "swapped_xy",
                             "far_outside"};
  std::array<std::vector<int64_t>, 5> bad_rows;
  std::vector<int64_t> by_category(nc, 0);
  std::vector<int64_t> planted_count(planted.size(), 0), ring_count(planted.size(), 0);
  std::vector<int64_t> street_planted(streets.size(), 0);
  std::vector<int64_t> per_year;
  int64_t row = 0;
  const Envelope ext = where.extent();

  char id_buf[64], datum_buf[64], x_buf[32], y_buf[32];
  // `fixed_day` 0 = a random day of month m; `may_be_bad` false = never a planted bad row.
  // Writes one row; false when it was made deliberately bad.
  auto emit = [&](size_t a, size_t c, int m, const XY& p, bool on_street, size_t street, Rng& draw,
                  int fixed_day = 0, bool may_be_bad = true) -> bool {
    ++row;
    const auto mi = static_cast<size_t>(m);
    const int year = year_of[mi], month = month_of[mi];
    const size_t yi = static_cast<size_t>(year - o.start_year);
    if (per_year.size() <= yi) per_year.resize(yi + 1, 0);
    const int64_t seq = ++per_year[yi];
    std::snprintf(id_buf, sizeof id_buf, "PL2300-%04d-%06lld", year, static_cast<long long>(seq));
    const bool partial = o.last_month_days > 0 && m == nm - 1;
    const int days = partial ? std::min(o.last_month_days, days_in_month(year, month))
                             : days_in_month(year, month);
    const int day = fixed_day > 0 ? fixed_day : 1 + static_cast<int>(draw.below(static_cast<uint64_t>(days)));
    const double u = draw.uniform();
    int hour = 0;
    while (hour < 23 && u > hour_cdf[kCategories[c].hours][static_cast<size_t>(hour)]) ++hour;
    const int minute = static_cast<int>(draw.below(60));
    if (draw.uniform() < o.iso_date_share)
      std::snprintf(datum_buf, sizeof datum_buf, "%04d-%02d-%02dT%02d:%02d", year, month, day, hour,
                    minute);
    else
      std::snprintf(datum_buf, sizeof datum_buf, "%02d-%02d-%04d %02d:%02d", day, month, year, hour,
                    minute);
    std::string_view datum = datum_buf, soort = kCategories[c].code;
    std::string_view xs = fixed2(x_buf, sizeof x_buf, p.x), ys = fixed2(y_buf, sizeof y_buf, p.y);
    std::string_view straat = where.street_name(p, draw);
    if (!o.street_names) straat = {};  // no street data: the column stays empty
    const bool bad = may_be_bad && draw.uniform() < o.bad_row_rate;
    if (bad) {
      const size_t reason = draw.below(5);
      bad_rows[reason].push_back(row);
      static constexpr const char* kBadDates[3] = {"31-02-%04d 12:00", "onbekend",
                                                   "%04d-13-45T10:00"};
      switch (reason) {
        case 0:
          xs = {};
          break;
        case 1:
          std::snprintf(datum_buf, sizeof datum_buf, kBadDates[draw.below(3)], year);
          datum = datum_buf;
          break;
        case 2:
          soort = "9.9.9";
          break;
        case 3:
          std::swap(xs, ys);
          break;
        default:
          xs = fixed2(x_buf, sizeof x_buf, ext.max_x + 50'000 + draw.uniform(0, 1000));
          ys = fixed2(y_buf, sizeof y_buf, (ext.min_y + ext.max_y) / 2 + draw.uniform(-1000, 1000));
      }
    } else {
      ++by_category[c];
      for (const auto& [pi, ring] : planted_at[a])
        if (planted[pi].category == c) ++(ring ? ring_count : planted_count)[pi];
      if (on_street) ++street_planted[street];
    }
    sink.write(IncidentRow{id_buf, datum, xs, ys, soort, straat});
    return !bad;
  };

  for (int m = 0; m < nm; ++m) {
    // A partial last month holds the share of its days that the data cover.
    double cover = 1.0;
    if (o.last_month_days > 0 && m == nm - 1) {
      const int dim = days_in_month(year_of[static_cast<size_t>(m)], month_of[static_cast<size_t>(m)]);
      cover = static_cast<double>(std::min(o.last_month_days, dim)) / dim;
    }
    for (size_t a = 0; a < na; ++a)
      for (size_t c = 0; c < nc; ++c) {
        const double lambda = scale * weight[c * na + a] *
                              season[c * static_cast<size_t>(nm) + static_cast<size_t>(m)] *
                              multiplier(a, c, m) * cover;
        for (uint64_t k = rng.poisson(lambda); k > 0; --k)
          emit(a, c, m, where.in_area(static_cast<uint32_t>(a), kCategories[c].p_street, rng),
               false, 0, rng);
        for (const auto& [x, ring] : extra_at[a]) {
          Extra& e = extras[x];
          if (e.category != c || m < e.first_month || m > e.last_month) continue;
          for (uint64_t k = rng.poisson((ring ? e.ring_per_month : e.core_per_month) * cover);
               k > 0; --k)
            if (emit(a, c, m, where.in_area(static_cast<uint32_t>(a), kCategories[c].p_street, rng),
                     false, 0, rng))
              ++(ring ? e.ring_generated : e.generated);
        }
      }
    for (size_t s = 0; s < streets.size(); ++s) {
      const double lambda =
          scale * (streets[s].multiplier - 1) * street_base(streets[s], street_cat[s], m);
      for (uint64_t k = rng.poisson(lambda); k > 0; --k)
        emit(streets[s].area, street_cat[s], m,
             where.on_street(streets[s].street, streets[s].area, rng), true, s, rng);
    }
  }

  // Planted near-repeat burglary series, from their own stream so that asking for none
  // leaves every other row as it was.
  json near_repeat = json::object();
  if (o.near_repeat_series > 0) {
    if (!(o.near_repeat_radius_m > 0) || o.near_repeat_days < 1 || o.near_repeat_followers < 1)
      throw Error(ErrorKind::config, "near-repeat radius, days and followers must be positive");
    Rng nr = rng.fork(0x4E52);
    const size_t burglary = category_index("1.1.1");
    std::vector<double> cum(na);
    double acc = 0;
    for (size_t a = 0; a < na; ++a) cum[a] = (acc += weight[burglary * na + a]);
    const int64_t first_day = days_from_civil(o.start_year, o.start_month, 1);
    const int64_t end_day = days_from_civil(year_of.back(), month_of.back(), 1) +
                            days_in_month(year_of.back(), month_of.back());
    json series = json::array();
    int64_t planted_rows = 0;
    for (int k = 0; k < o.near_repeat_series; ++k) {
      const double u = nr.uniform() * acc;
      const auto a = static_cast<size_t>(
          std::min<ptrdiff_t>(std::upper_bound(cum.begin(), cum.end(), u) - cum.begin(),
                              static_cast<ptrdiff_t>(na) - 1));
      const XY source = where.in_area(static_cast<uint32_t>(a), kCategories[burglary].p_street, nr);
      const int64_t day0 =
          first_day + static_cast<int64_t>(nr.below(static_cast<uint64_t>(end_day - first_day)));
      const int followers =
          1 + static_cast<int>(nr.below(static_cast<uint64_t>(o.near_repeat_followers)));
      json rows = json::array();
      auto plant = [&](const XY& p, int64_t d) {
        int y = 0, m = 0, dd = 0;
        civil_from_days(d, y, m, dd);
        const int mi = (y * 12 + m - 1) - (o.start_year * 12 + o.start_month - 1);
        if (mi < 0 || mi >= nm) return;  // a follower after the last month is not written
        if (o.last_month_days > 0 && mi == nm - 1 && dd > o.last_month_days) return;  // after the data stop
        emit(a, burglary, mi, p, false, 0, nr, dd, false);
        rows.push_back(row);
        ++planted_rows;
      };
      plant(source, day0);
      for (int f = 0; f < followers; ++f) {
        XY p = source;  // no room in the buurt: a repeat at the very same home
        for (int attempt = 0; attempt < 50; ++attempt) {
          const double r = o.near_repeat_radius_m * std::sqrt(nr.uniform()),
                       phi = 2 * kPi * nr.uniform();
          const XY q{source.x + r * std::cos(phi), source.y + r * std::sin(phi)};
          if (where.contains(static_cast<uint32_t>(a), q)) {
            p = q;
            break;
          }
        }
        plant(p,
              day0 + 1 + static_cast<int64_t>(nr.below(static_cast<uint64_t>(o.near_repeat_days))));
      }
      series.push_back({{"buurtcode", areas.code[a]}, {"rows", rows}});
    }
    near_repeat = {
        {"category", kCategories[burglary].key},
        {"soort", kCategories[burglary].code},
        {"series", o.near_repeat_series},
        {"radius_m", o.near_repeat_radius_m},
        {"days", o.near_repeat_days},
        {"max_followers", o.near_repeat_followers},
        {"rows", planted_rows},
        {"note", "rows are 1-based data rows; the first row of each series is its source"},
        {"by_series", series}};
  }
  sink.finish();

  // Ground truth.
  json truth;
  int64_t bad_total = 0;
  for (const auto& b : bad_rows) bad_total += static_cast<int64_t>(b.size());
  json cats = json::object();
  for (size_t c = 0; c < nc; ++c) cats[kCategories[c].code] = by_category[c];
  truth["counts"] = {{"rows", row},
                     {"valid_rows", row - bad_total},
                     {"bad_rows", bad_total},
                     {"by_category", cats}};
  auto expected = [&](size_t a, size_t c, bool with_multiplier) {
    double e = 0;
    for (int m = 0; m < nm; ++m)
      e += scale * weight[c * na + a] *
           season[c * static_cast<size_t>(nm) + static_cast<size_t>(m)] *
           (with_multiplier ? multiplier(a, c, m) : 1.0);
    return e;
  };
  auto rounded = [](double v, double unit) { return std::round(v * unit) / unit; };
  json hot_areas = json::array();
  for (size_t p = 0; p < planted.size(); ++p) {
    const auto& h = planted[p];
    json months = json::array(), ring_months = json::array(), ring_codes = json::array();
    for (int m = 0; m < nm; ++m) {
      months.push_back(rounded(h.at(m, nm), 1000));
      ring_months.push_back(rounded(h.ring_at(m, nm), 1000));
    }
    double ring_background = 0, ring_expected = 0;
    for (uint32_t r : h.ring) {
      ring_codes.push_back(areas.code[r]);
      ring_background += expected(r, h.category, false);
      ring_expected += expected(r, h.category, true);
    }
    hot_areas.push_back({{"code", areas.code[h.area]},
                         {"name", areas.name[h.area]},
                         {"category", kCategories[h.category].key},
                         {"soort", kCategories[h.category].code},
                         {"pattern", h.pattern},
                         {"multiplier", h.multiplier},
                         {"multiplier_by_month", months},
                         {"expected_background", rounded(expected(h.area, h.category, false), 100)},
                         {"expected", rounded(expected(h.area, h.category, true), 100)},
                         {"generated", planted_count[p]},
                         {"ring_codes", ring_codes},
                         {"ring_multiplier", h.ring_multiplier},
                         {"ring_multiplier_by_month", ring_months},
                         {"ring_expected_background", rounded(ring_background, 100)},
                         {"ring_expected", rounded(ring_expected, 100)},
                         {"ring_generated", ring_count[p]}});
  }
  json hot_streets = json::array();
  for (size_t s = 0; s < streets.size(); ++s) {
    double base = 0;
    for (int m = 0; m < nm; ++m) base += scale * street_base(streets[s], street_cat[s], m);
    hot_streets.push_back({{"straatnaam", streets[s].name},
                           {"buurtcode", areas.code[streets[s].area]},
                           {"category", kCategories[street_cat[s]].key},
                           {"soort", streets[s].category_code},
                           {"multiplier", streets[s].multiplier},
                           {"expected_background", std::round(base * 100) / 100},
                           {"planted", street_planted[s]}});
  }
  truth["hotspots"] = {{"buurten", hot_areas}, {"streets", hot_streets}};
  json trends = json::object();
  for (const char* pattern : {"new", "persistent", "diminishing"})
    for (const auto& h : hot_areas)
      if (h["pattern"] == pattern) {
        trends[pattern] = {{"code", h["code"]}, {"category", h["category"]}, {"soort", h["soort"]}};
        break;
      }
  if (trends.contains("new")) trends["new"]["first_month_index"] = nm - 6;
  truth["trends"] = trends;
  if (!near_repeat.empty()) truth["near_repeat"] = near_repeat;
  if (!extras.empty()) {
    auto label = [&](int m) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%04d-%02d", year_of[static_cast<size_t>(m)],
                    month_of[static_cast<size_t>(m)]);
      return std::string(buf);
    };
    json plants = json::array();
    for (const Extra& e : extras) {
      json ring = json::array(), neighbours = json::array();
      for (uint32_t r : e.ring) ring.push_back(areas.code[r]);
      for (uint32_t r : ring_of(e.area)) neighbours.push_back(areas.code[r]);
      plants.push_back({{"pattern", e.pattern},
                        {"code", areas.code[e.area]},
                        {"name", areas.name[e.area]},
                        {"category", kCategories[e.category].key},
                        {"soort", kCategories[e.category].code},
                        {"per_month", e.core_per_month},
                        {"ring_per_month", e.ring_per_month},
                        {"first_month_index", e.first_month},
                        {"last_month_index", e.last_month},
                        {"first_month", label(e.first_month)},
                        {"last_month", label(e.last_month)},
                        {"ring_codes", ring},
                        {"neighbour_codes", neighbours},
                        {"generated", e.generated},
                        {"ring_generated", e.ring_generated},
                        {"note", "incidents added on top of the background; generated counts the "
                                 "added rows that are not deliberately bad"}});
    }
    truth["planted"] = plants;
  }
  if (o.last_month_days > 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year_of.back(), month_of.back());
    truth["partial_last_month"] = {{"month", buf},
                                   {"last_day", std::min(o.last_month_days, days_in_month(year_of.back(), month_of.back()))}};
  }
  truth["street_names"] = o.street_names;
  json reasons = json::object();
  for (size_t r = 0; r < 5; ++r)
    reasons[kReasons[r]] = {{"count", bad_rows[r].size()}, {"rows", bad_rows[r]}};
  truth["bad_rows"] = {{"count", bad_total},
                       {"note", "rows are 1-based data rows of incidents (header not counted)"},
                       {"by_reason", reasons}};
  return truth;
}

}  // namespace brandpunt::gendemo
