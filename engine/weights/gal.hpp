// GAL and GWT weights files, the plain-text formats of GeoDa and PySAL, so weights built
// here can be inspected in GeoDa or reused in PySAL/spdep (spdep read.gal / read.gwt2nb),
// and weights built there can be read back.
//
// GAL (binary contiguity), whitespace separated:
//   0 3 buurten BU_CODE        header: "0 n shapefile key" (GeoDa) or just "n" (PySAL)
//   BU01 2                     an area id and its number of neighbours k
//   BU02 BU03                  its k neighbour ids (an empty line when k = 0)
//   ...
// GWT (general weights), one link a line:
//   0 3 buurten BU_CODE        header: "0 n shapefile key"
//   BU01 BU02 0.5              origin id, neighbour id, weight
//
// Ids are area codes (any token without whitespace) or, when none are given, the 1-based
// indices 1..n. Writing is deterministic (rows in index order, neighbours ascending, weights
// in shortest round-trip form). A GAL file keeps links only; write_gal on non-binary weights
// drops the values (use GWT for those). An island has its own GAL record with k = 0; a GWT
// file cannot show one, except through the header's n.
//
// Reading validates everything and throws Error(format) with the file and the line as row
// (row = line number - 1, the header not counted) for: a bad header, a count that is not a
// number, a neighbour line with the wrong number of ids, an unknown or repeated id, a weight
// that is not a finite number, more records than the header announces.
//
//   write_gal("buurt_queen.gal", w, layer.code, {"buurten", "BU_CODE"});
//   WeightsFile f = read_gal("buurt_queen.gal", layer.code);   // rows in layer order
#pragma once

#include <filesystem>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

#include "weights/weights.hpp"

namespace brandpunt::weights {

struct WeightsFileHeader {
  std::string shapefile;  // GeoDa's layer name; "" writes PySAL's bare "n" header in GAL
  std::string key;        // id field name; GWT writes "unknown" for an empty one (as PySAL)
};

struct WeightsFile {
  Weights weights;               // rows in the order of `ids`
  std::vector<std::string> ids;  // the id of row i
  WeightsFileHeader header;
};

// `ids` (optional) name the rows; empty means 1-based indices. Ids must be non-empty and
// contain no whitespace (Error(config) otherwise).
void write_gal(std::ostream& out, const Weights& w, std::span<const std::string> ids = {},
               const WeightsFileHeader& header = {});
void write_gal(const std::filesystem::path& path, const Weights& w,
               std::span<const std::string> ids = {}, const WeightsFileHeader& header = {});
void write_gwt(std::ostream& out, const Weights& w, std::span<const std::string> ids = {},
               const WeightsFileHeader& header = {});
void write_gwt(const std::filesystem::path& path, const Weights& w,
               std::span<const std::string> ids = {}, const WeightsFileHeader& header = {});

// With `ids`, rows follow that order and every id must have one record in the file (a GWT
// area without lines is an island). Without, GAL rows follow the file's record order and
// GWT ids must be the 1-based indices 1..n. `source` names the stream in error messages.
WeightsFile read_gal(std::istream& in, const std::string& source,
                     std::span<const std::string> ids = {});
WeightsFile read_gal(const std::filesystem::path& path, std::span<const std::string> ids = {});
WeightsFile read_gwt(std::istream& in, const std::string& source,
                     std::span<const std::string> ids = {});
WeightsFile read_gwt(const std::filesystem::path& path, std::span<const std::string> ids = {});

}  // namespace brandpunt::weights
