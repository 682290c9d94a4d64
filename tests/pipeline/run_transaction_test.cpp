// The run as a transaction (issue 10), through the real `brandpunt run` binary: the output folder
// holds exactly the files of one run; a run that stops — a sanity stop, a full disk, kill -9 —
// leaves the previous output byte-identical and no stray files; data that cannot be what the
// user meant exit 2 with a diagnosis; a date far from the bulk does not move the period.
//
// The city: 16 buurten of 250 m in a 4 x 4 grid (RD New) in 4 wijken; 3,000 incidents over
// 2023-01..2024-03, 200 a month on every day of the month; the street column is not configured
// (no straat level: not what these tests are about).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <thread>

#include "crs/transform.hpp"
#include "test_util.hpp"

extern char** environ;

using namespace brandpunt::testing;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr double kX0 = 180000, kY0 = 320000, kSide = 250;
constexpr int kIncidents = 3000;

std::string polygon(double x, double y, double s) {
  char ring[256];
  std::snprintf(ring, sizeof ring, "[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]", x, y, x + s, y, x + s, y + s, x,
                y + s, x, y);
  return ring;
}

std::string feature_collection(const std::vector<std::string>& features) {
  std::string s = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)";
  for (size_t i = 0; i < features.size(); ++i) s += (i ? "," : "") + features[i];
  return s + "]}";
}

// buurten.geojson and wijken.geojson in `dir`.
void write_areas(const fs::path& dir) {
  std::vector<std::string> buurten, wijken;
  for (int row = 0; row < 4; ++row)
    for (int col = 0; col < 4; ++col) {
      const int w = (row / 2) * 2 + col / 2;
      buurten.push_back(R"({"type":"Feature","properties":{"code":"BU09990)" + std::to_string(w) + std::to_string(10 + row * 4 + col) +
                        R"(","wijk":"WK099900)" + std::to_string(w) + R"("},"geometry":{"type":"Polygon","coordinates":)" +
                        polygon(kX0 + col * kSide, kY0 + row * kSide, kSide) + "}}");
    }
  for (int w = 0; w < 4; ++w)
    wijken.push_back(R"({"type":"Feature","properties":{"code":"WK099900)" + std::to_string(w) +
                     R"("},"geometry":{"type":"Polygon","coordinates":)" +
                     polygon(kX0 + (w % 2) * 2 * kSide, kY0 + (w / 2) * 2 * kSide, 2 * kSide) + "}}");
  write_file(dir / "buurten.geojson", feature_collection(buurten));
  write_file(dir / "wijken.geojson", feature_collection(wijken));
}

// A config `<name>.toml` reading `<name>.csv` into the folder `out` beside it; `project` adds
// lines to [project], `incidents` to [incidents], `tail` whole tables at the end.
fs::path write_config(const fs::path& dir, const std::string& name, const std::string& incidents_extra = "",
                      const std::string& tail = "", const std::string& project = "") {
  const fs::path path = dir / (name + ".toml");
  write_file(path, "[project]\nname = \"Teststad\"\noutput_dir = \"out\"\n" + project +
                       "\n[incidents]\npath = \"" + name + ".csv\"\nid = \"id\"\nx = \"x\"\ny = \"y\"\ndate = \"datum\"\n"
                       "category = \"soort\"\n" + incidents_extra +
                       "\n[areas.buurt]\npath = \"buurten.geojson\"\ncode = \"code\"\nparent = \"wijk\"\n"
                       "[areas.wijk]\npath = \"wijken.geojson\"\ncode = \"code\"\n"
                       "[areas.gemeente]\ncode = \"GM0999\"\nname = \"Teststad\"\n" + tail);
  return path;
}

struct Row {
  double x = 0, y = 0;
  int year = 0, month = 0, day = 0;
};

// The 3,000 incidents of the city: 200 a month over 15 months, spread over the whole city.
std::vector<Row> city_rows() {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::vector<Row> rows;
  for (int i = 0; i < kIncidents; ++i) {
    const int m = i / 200, year = 2023 + m / 12, month = m % 12 + 1;
    const int in_month = days[month - 1] + (month == 2 && year % 4 == 0);
    rows.push_back({kX0 + (i * 37 % 1000) + 0.5, kY0 + (i * 53 % 1000) + 0.5, year, month, 1 + i % in_month});
  }
  return rows;
}

using Formatter = std::function<std::string(const Row&, int i)>;
// "x,y,datum" as the file has them; the default: RD metres and d-m-y dates.
std::string rd_dmy(const Row& r, int) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.1f,%.1f,%02d-%02d-%04d", r.x, r.y, r.day, r.month, r.year);
  return buf;
}

void write_incidents(const fs::path& path, const std::vector<Row>& rows, const Formatter& format = rd_dmy) {
  static const char* codes[] = {"1.1.1", "1.2.3", "1.4.5"};
  std::string csv = "id,x,y,datum,soort,straat\n";
  for (size_t i = 0; i < rows.size(); ++i)
    csv += "R" + std::to_string(i + 1) + "," + format(rows[i], static_cast<int>(i)) + "," + codes[i % 3] + "," +
           (i % 2 ? "Kerkstraat" : "Molenweg") + "\n";
  write_file(path, csv);
}

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

std::string brandpunt_binary() { return std::string(BRANDPUNT_BINARY_DIR) + "/tools/brandpunt/brandpunt"; }

CliRun run_cli(const std::string& args, const fs::path& dir) {
  const fs::path out = dir / "cli.out", err = dir / "cli.err";
  const std::string cmd = brandpunt_binary() + " " + args + " > '" + out.string() + "' 2> '" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

CliRun run_config(const fs::path& config, const std::string& options = "--profile restricted -j 1") {
  return run_cli("run '" + config.string() + "' " + options, config.parent_path());
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string grouped(int n) {
  std::string d = std::to_string(n);
  for (int i = static_cast<int>(d.size()) - 3; i > 0; i -= 3) d.insert(static_cast<size_t>(i), ",");
  return d;
}

// Every file under `dir` (relative path -> bytes), hidden ones included.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files[e.path().lexically_relative(dir).generic_string()] = slurp(e.path());
  return files;
}

// Names in `dir` that start with '.': staging, previous and lock files of the output folder.
std::vector<std::string> hidden_entries(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string()[0] == '.') out.push_back(e.path().filename().string());
  return out;
}

std::vector<std::string> outputs_listed(const fs::path& out) {
  auto files = json::parse(slurp(out / "run.json"))["outputs"].get<std::vector<std::string>>();
  std::sort(files.begin(), files.end());
  return files;
}

// The files of an output folder but the .csvt beside each CSV (run.json lists the CSV).
std::vector<std::string> files_in(const fs::path& out) {
  std::vector<std::string> files;
  for (const auto& [name, bytes] : snapshot(out)) {
    const bool csvt = name.size() > 5 && name.compare(name.size() - 5, 5, ".csvt") == 0;
    if (!csvt) files.push_back(name);
    else EXPECT_TRUE(fs::exists(out / (name.substr(0, name.size() - 1)))) << name;
  }
  return files;
}

// A city folder with a good run's output in `out`.
fs::path city_with_output(const std::string& name) {
  const fs::path dir = fresh_dir(name);
  write_areas(dir);
  write_incidents(dir / "good.csv", city_rows());
  const CliRun r = run_config(write_config(dir, "good"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return dir;
}

}  // namespace

TEST(RunTransaction, a_public_run_after_a_restricted_one_leaves_exactly_its_own_files) {
  const fs::path dir = city_with_output("txn_profiles");
  const fs::path out = dir / "out";
  ASSERT_TRUE(fs::exists(out / "incident_assignment.csv"));
  EXPECT_EQ(files_in(out), outputs_listed(out));
  const CliRun pub = run_config(dir / "good.toml", "--profile public --noise-seed t -j 1");
  ASSERT_EQ(pub.exit_code, 0) << pub.err;
  EXPECT_FALSE(fs::exists(out / "incident_assignment.csv"));  // restricted only
  EXPECT_EQ(files_in(out), outputs_listed(out));              // exactly the files of this run
  EXPECT_EQ(json::parse(slurp(out / "run.json"))["privacy"]["profile"], "public");
  EXPECT_TRUE(hidden_entries(dir).empty()) << hidden_entries(dir).front();  // no staging, previous or lock left
}

TEST(RunTransaction, every_sanity_stop_exits_2_with_a_diagnosis_and_leaves_the_previous_output_byte_identical) {
  const fs::path dir = city_with_output("txn_stops");
  const auto before = snapshot(dir / "out");
  ASSERT_GT(before.size(), 20u);
  const std::vector<Row> rows = city_rows();
  brandpunt::crs::Transformer to_lonlat("EPSG:28992", "EPSG:4326");
  // m/d/y dates read as d/m/y: a day above 12 is no month (rejected); a day of 12 or less that
  // differs from the month reads as another date.
  int rejected = 0, ambiguous = 0;
  for (const Row& r : rows) {
    rejected += r.day > 12;
    ambiguous += r.day <= 12 && r.day != r.month;
  }
  const std::string mdy_rejected = grouped(rejected), mdy_ambiguous = grouped(ambiguous);
  struct Case {
    std::string name;
    std::function<void(const fs::path&)> write;  // the incident file
    std::string incidents_extra, tail, project;  // config lines (write_config)
    std::vector<std::string> expected;           // parts of the message
  };
  const std::vector<Case> cases = {
      {"header_only", [](const fs::path& p) { write_file(p, "id,x,y,datum,soort,straat\n"); }, "", "", "",
       {"no data rows"}},
      {"lonlat_in_rd_columns",
       [&](const fs::path& p) {
         write_incidents(p, rows, [&](const Row& r, int i) {
           const brandpunt::XY ll = to_lonlat.transform(brandpunt::XY{r.x, r.y});
           return std::to_string(ll.x) + "," + std::to_string(ll.y) + "," + rd_dmy(r, i).substr(rd_dmy(r, i).rfind(',') + 1);
         });
       },
       "", "", "", {"0 of 3,000 incidents fall in a buurt", "looks like lon/lat (EPSG:4326) but incidents.crs is EPSG:28992",
                "rejected as swapped_coordinates"}},
      {"rd_declared_lonlat", [&](const fs::path& p) { write_incidents(p, rows); }, "crs = \"EPSG:4326\"\n", "", "",
       {"0 of 3,000 incidents fall in a buurt", "looks like EPSG:28992", "but incidents.crs is EPSG:4326"}},
      {"swapped_xy",
       [&](const fs::path& p) {
         write_incidents(p, rows, [](const Row& r, int i) {
           Row s = r;
           std::swap(s.x, s.y);
           return rd_dmy(s, i);
         });
       },
       "", "", "", {"0 of 3,000 incidents fall in a buurt", "has x and y swapped against the buurten",
                "3,000 of 3,000 rows (100 %) are rejected as swapped_coordinates"}},
      {"thousands_separators",
       [&](const fs::path& p) {
         write_incidents(p, rows, [](const Row& r, int i) {
           Row s = r;
           s.x /= 1000, s.y /= 1000;  // "180.125" for 180125: a Dutch thousands separator
           char buf[96];
           std::snprintf(buf, sizeof buf, "%.3f,%.3f,%02d-%02d-%04d", s.x, s.y, s.day, s.month, s.year);
           (void)i;
           return std::string(buf);
         });
       },
       "", "", "", {"0 of 3,000 incidents fall in a buurt", "1,000 times smaller", "thousands separator"}},
      {"mdy_dates_read_as_dmy",
       [&](const fs::path& p) {
         write_incidents(p, rows, [](const Row& r, int) {
           char buf[96];
           std::snprintf(buf, sizeof buf, "%.1f,%.1f,%02d/%02d/%04d", r.x, r.y, r.month, r.day, r.year);
           return std::string(buf);
         });
       },
       "date_format = \"dmy\"\n", "", "",
       {"date_format = \"dmy\"", "rejects " + mdy_rejected + " of 3,000 rows as unparseable_date",
        "date_format = \"mdy\" reads " + mdy_rejected + " of them", mdy_ambiguous + " dates it accepted",
        "set [incidents] date_format = \"mdy\""}},
      {"unknown_codes",
       [&](const fs::path& p) {
         std::string csv = "id,x,y,datum,soort,straat\n";
         for (int i = 0; i < kIncidents; ++i)
           csv += "R" + std::to_string(i) + "," + rd_dmy(rows[i], i) + "," + (i % 4 ? "X9" : "1.1.1") + ",Kerkstraat\n";
         write_file(p, csv);
       },
       "", "", "", {"2,250 of 3,000 rows (75 %) are rejected as unknown_category", "max_reject_share 0.5", "[taxonomy.codes]"}},
      {"few_assigned",
       [&](const fs::path& p) {
         std::vector<Row> moved = rows;
         for (size_t i = 0; i < moved.size(); ++i)
           if (i % 10) moved[i].x += 5000;  // 90 % east of the city, in no buurt
         write_incidents(p, moved);
       },
       "", "[checks]\nmin_assigned_share = 0.5\n", "", {"300 of 3,000 incidents fall in a buurt (10 %; [checks] min_assigned_share 0.5)"}},
      {"geographic_analysis_crs", [&](const fs::path& p) { write_incidents(p, rows); }, "crs = \"EPSG:28992\"\n", "",
       "analysis_crs = \"EPSG:4326\"\n", {"analysis_crs EPSG:4326", "is geographic", "project.analysis_crs"}},
      {"end_without_data", [&](const fs::path& p) { write_incidents(p, rows); }, "", "[period]\nend = \"2030-06\"\n", "",
       {"no incident is dated in the analysis period 2030-04..2030-06", "2023-01..2024-03", "period.end"}},
      {"unterminated_quote",
       [&](const fs::path& p) {
         std::string csv = "id,x,y,datum,soort,straat\n";
         for (int i = 0; i < kIncidents; ++i)
           csv += "R" + std::to_string(i) + "," + rd_dmy(rows[i], i) + ",1.1.1," + (i == 100 ? "\"Kerkstraat" : "Kerkstraat") + "\n";
         write_file(p, csv);
       },
       "", "", "", {"row 101", "quote"}},
  };
  for (const Case& c : cases) {
    c.write(dir / (c.name + ".csv"));
    const CliRun r = run_config(write_config(dir, c.name, c.incidents_extra, c.tail, c.project));
    EXPECT_EQ(r.exit_code, 2) << c.name << ": " << r.err;
    for (const auto& part : c.expected) EXPECT_TRUE(has(r.err, part)) << c.name << ": '" << part << "' not in " << r.err;
    EXPECT_TRUE(snapshot(dir / "out") == before) << c.name << ": the previous output changed";
    EXPECT_TRUE(hidden_entries(dir).empty()) << c.name << ": " << hidden_entries(dir).front();
  }
  // `brandpunt check` gives the same diagnosis, as a problem, and exits 2.
  const CliRun check = run_cli("check '" + (dir / "swapped_xy.toml").string() + "'", dir);
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_TRUE(has(check.out, "PROBLEM: 0 of 3,000 incidents fall in a buurt")) << check.out;
}

TEST(RunTransaction, swapped_rd_coordinates_among_good_rows_are_rejected_as_swapped_coordinates) {
  const fs::path dir = fresh_dir("txn_swapped_rows");
  write_areas(dir);
  write_incidents(dir / "some_swapped.csv", city_rows(), [](const Row& r, int i) {
    Row s = r;
    if (i % 100 == 7) std::swap(s.x, s.y);  // 30 rows
    return rd_dmy(s, i);
  });
  const CliRun r = run_config(write_config(dir, "some_swapped"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json run = json::parse(slurp(dir / "out" / "run.json"));
  EXPECT_EQ(run["accounting"]["rejected_by_reason"]["swapped_coordinates"], 30);
  EXPECT_EQ(run["accounting"]["outside"], 0);
  const auto rejects = read_csv(dir / "out" / "rejects.csv");
  ASSERT_EQ(rejects.size(), 31u);
  EXPECT_EQ(rejects[1][0], "8");  // the first swapped row
  EXPECT_EQ(rejects[1][2], "swapped_coordinates");
  EXPECT_TRUE(has(rejects[1][3], "with x and y swapped")) << rejects[1][3];
}

TEST(RunTransaction, a_second_run_into_a_locked_folder_is_refused_and_changes_nothing) {
  const fs::path dir = city_with_output("txn_lock");
  const auto before = snapshot(dir / "out");
  const int fd = ::open((dir / ".out.lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  ASSERT_EQ(::write(fd, "4242\n", 5), 5);
  const CliRun r = run_config(dir / "good.toml");
  ::close(fd);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.err, "another brandpunt run (pid 4242) is writing this output folder")) << r.err;
  EXPECT_TRUE(snapshot(dir / "out") == before);
  fs::remove(dir / ".out.lock");
}

TEST(RunTransaction, what_dead_runs_left_is_removed_and_a_lone_previous_folder_is_put_back) {
  const fs::path dir = city_with_output("txn_stale");
  const auto before = snapshot(dir / "out");
  // Killed between its two renames: the old output is the previous folder, no target.
  fs::rename(dir / "out", dir / ".out.previous-999991");
  fs::create_directories(dir / ".out.staging-999991" / "pack");
  write_file(dir / ".out.staging-999991" / "buurt.geojson", "{\"type\":");
  fs::create_directories(dir / ".out.staging-999992");
  write_file(dir / "header_only.csv", "id,x,y,datum,soort,straat\n");
  const CliRun r = run_config(write_config(dir, "header_only"));  // a sanity stop: nothing new written
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(snapshot(dir / "out") == before);
  EXPECT_TRUE(hidden_entries(dir).empty()) << hidden_entries(dir).front();
}

TEST(RunTransaction, a_kill_9_while_writing_leaves_the_previous_output_and_the_next_run_cleans_up) {
  const fs::path dir = city_with_output("txn_kill");
  const auto before = snapshot(dir / "out");
  bool killed_while_writing = false;
  for (int attempt = 0; attempt < 5 && !killed_while_writing; ++attempt) {
    const std::string bin = brandpunt_binary(), config = (dir / "good.toml").string();
    std::vector<std::string> args = {bin, "run", config, "--profile", "restricted", "-j", "1", "-q"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    const fs::path staging = dir / (".out.staging-" + std::to_string(pid));
    // Wait for the first output file in the staging folder, then kill.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    int status = 0;
    while (std::chrono::steady_clock::now() < give_up) {
      std::error_code ec;
      if (fs::exists(staging, ec) && !fs::is_empty(staging, ec)) {
        killed_while_writing = ::kill(pid, SIGKILL) == 0;
        break;
      }
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    if (pid > 0) ::waitpid(pid, &status, 0);
    killed_while_writing = killed_while_writing && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    EXPECT_TRUE(snapshot(dir / "out") == before) << "attempt " << attempt;
  }
  ASSERT_TRUE(killed_while_writing) << "the run never got killed while writing";
  EXPECT_FALSE(hidden_entries(dir).empty());  // the dead run's staging folder (and lock file)
  const CliRun next = run_config(dir / "good.toml");
  EXPECT_EQ(next.exit_code, 0) << next.err;
  EXPECT_TRUE(hidden_entries(dir).empty()) << hidden_entries(dir).front();
  EXPECT_EQ(files_in(dir / "out"), outputs_listed(dir / "out"));
}

TEST(RunTransaction, a_full_disk_leaves_the_previous_output_byte_identical) {
  const fs::path dir = city_with_output("txn_full");
  // A tmpfs just large enough for one output folder, not for a second one beside it.
  uintmax_t bytes = 0;
  for (const auto& [name, content] : snapshot(dir / "out")) bytes += (content.size() + 4095) / 4096 * 4096 + 4096;
  const fs::path mnt = dir / "mnt";
  fs::create_directories(mnt);
  const std::string size = "size=" + std::to_string(bytes * 3 / 2 / 4096 * 4096);
  if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, size.c_str()) != 0)
    GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno)
                 << "; needs root or CAP_SYS_ADMIN): the disk-full case is not tested";
  struct Unmount {
    fs::path p;
    ~Unmount() { ::umount2(p.c_str(), MNT_DETACH); }
  } unmount{mnt};
  const std::string out = "--out '" + (mnt / "out").string() + "' --profile restricted -j 1";
  const CliRun first = run_config(dir / "good.toml", out);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto before = snapshot(mnt / "out");
  const CliRun second = run_config(dir / "good.toml", out);
  EXPECT_NE(second.exit_code, 0);
  EXPECT_TRUE(has(second.err, "disk full") || has(second.err, "No space left")) << second.err;
  EXPECT_TRUE(snapshot(mnt / "out") == before);
  EXPECT_TRUE(hidden_entries(mnt).empty()) << hidden_entries(mnt).front();
}

TEST(RunTransaction, refuses_a_folder_that_is_not_a_run_output_or_holds_an_input) {
  const fs::path dir = fresh_dir("txn_refuse");
  write_areas(dir);
  write_incidents(dir / "good.csv", city_rows());
  const fs::path config = write_config(dir, "good");
  fs::create_directories(dir / "notes");
  write_file(dir / "notes" / "mine.txt", "keep me");
  const CliRun notes = run_config(config, "--out '" + (dir / "notes").string() + "' --profile restricted");
  EXPECT_EQ(notes.exit_code, 2);
  EXPECT_TRUE(has(notes.err, "holds files but no run.json")) << notes.err;
  EXPECT_EQ(slurp(dir / "notes" / "mine.txt"), "keep me");
  const CliRun here = run_config(config, "--out '" + dir.string() + "' --profile restricted");
  EXPECT_EQ(here.exit_code, 2);
  EXPECT_TRUE(has(here.err, "the output folder holds the input")) << here.err;
  write_file(dir / "afile", "x");
  const CliRun below = run_config(config, "--out '" + (dir / "afile" / "out").string() + "' --profile restricted");
  EXPECT_EQ(below.exit_code, 2);
  EXPECT_TRUE(has(below.err, "cannot create the folder")) << below.err;
}

TEST(Periods, one_incident_dated_2100_is_reported_and_moves_neither_the_period_nor_the_partial_month_rule) {
  const fs::path dir = fresh_dir("txn_outlier");
  write_areas(dir);
  std::vector<Row> rows;
  for (Row r : city_rows())
    if (!(r.year == 2024 && r.month == 3 && r.day > 15)) rows.push_back(r);  // the export stops on 2024-03-15
  rows[1234].year = 2100;
  write_incidents(dir / "outlier.csv", rows);
  const fs::path config = write_config(dir, "outlier");
  for (const std::string profile : {"restricted", "public"}) {
    const CliRun r = run_config(config, "--profile " + profile + " --noise-seed t -j 1");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json run = json::parse(slurp(dir / "out" / "run.json"));
    const json& period = run["parameters"]["period"];
    // The partial-last-month rule looks at the bulk: 2024-03 is left out, not 2100-07.
    EXPECT_EQ(period["current"], "2023-12..2024-02") << profile;
    EXPECT_EQ(period["partial_month_left_out"], "2024-03");
    EXPECT_EQ(period["data_months"], "2023-01..2024-02");
    EXPECT_EQ(period["outlier_dates"]["incidents"], 1);
    EXPECT_EQ(period["outlier_dates"]["months"], json::array({"2100-07"}));
    const auto march = std::count_if(rows.begin(), rows.end(), [](const Row& r) { return r.year == 2024 && r.month == 3; });
    if (profile == "restricted") {  // public: released with noise (DESIGN, Privacy)
      EXPECT_EQ(run["accounting"]["assigned_out_of_window"], 1 + march);  // 2100-07 and 2024-03-01..15
    }
    std::string warning;
    for (const auto& w : run["warnings"])
      if (has(w.get<std::string>(), "far from the bulk")) warning = w;
    EXPECT_TRUE(has(warning, "1 incident is dated far from the bulk of the data (2100-07; the bulk runs 2023-01..2024-03)"))
        << warning;
    if (profile == "restricted") {
      EXPECT_EQ(period["outlier_dates"]["rows"], json::array({1235}));
      EXPECT_TRUE(has(warning, "rows 1235")) << warning;
    } else {  // privacy: no row number in the public run.json
      EXPECT_FALSE(period["outlier_dates"].contains("rows"));
      for (const auto& w : run["warnings"]) EXPECT_FALSE(has(w.get<std::string>(), "1235")) << w;
    }
  }
}

TEST(SanityWarnings, areas_far_outside_the_analysis_crs_get_a_warning_naming_a_crs) {
  // Atlanta (lon -84.39, lat 33.75) in lon/lat, analysed in RD New.
  const fs::path dir = fresh_dir("txn_atlanta");
  const auto square = [](double lon, double lat, double s) {
    char ring[256];
    std::snprintf(ring, sizeof ring, "[[[%.5f,%.5f],[%.5f,%.5f],[%.5f,%.5f],[%.5f,%.5f],[%.5f,%.5f]]]", lon, lat,
                  lon + s, lat, lon + s, lat + s, lon, lat + s, lon, lat);
    return std::string(ring);
  };
  std::string buurten = R"({"type":"FeatureCollection","features":[)";
  for (int i = 0; i < 4; ++i)
    buurten += std::string(i ? "," : "") + R"({"type":"Feature","properties":{"code":"B)" + std::to_string(i) +
               R"("},"geometry":{"type":"Polygon","coordinates":)" + square(-84.40 + 0.01 * (i % 2), 33.74 + 0.01 * (i / 2), 0.01) + "}}";
  write_file(dir / "buurten.geojson", buurten + "]}");
  std::string csv = "id,x,y,datum,soort,straat\n";
  for (int i = 0; i < 400; ++i)
    csv += "R" + std::to_string(i) + "," + std::to_string(-84.399 + 0.0005 * (i % 37)) + "," +
           std::to_string(33.741 + 0.0005 * (i % 31)) + "," + (i % 28 < 9 ? "0" : "") + std::to_string(1 + i % 28) +
           "-0" + std::to_string(1 + i / 100) + "-2024,1.1.1,Peachtree St\n";
  write_file(dir / "atlanta.csv", csv);
  write_file(dir / "atlanta.toml", "[project]\noutput_dir = \"out\"\n[incidents]\npath = \"atlanta.csv\"\nx = \"x\"\n"
                                   "y = \"y\"\ncrs = \"EPSG:4326\"\ndate = \"datum\"\ncategory = \"soort\"\n"
                                   "[areas.buurt]\npath = \"buurten.geojson\"\ncode = \"code\"\n");
  const CliRun r = run_config(dir / "atlanta.toml");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.err, "lie far outside the area of use of analysis_crs EPSG:28992")) << r.err;
  EXPECT_TRUE(has(r.err, "use EPSG:32616")) << r.err;
}
