// Parts of a review pack's README.md for readers without GIS (internal to the pipeline): the
// pictures with their captions, a short glossary of the terms the pack uses (Gi*, Mann-Kendall,
// excess over expectation / SIR, EB rates, hic, the emerging categories), and the list of the
// pack's files, each in the report language ([focus] language: "nl" or "en").
//
// The README names only files that are in its pack and points to nothing outside it: a pack is
// handed on as one folder (by e-mail, on a USB stick) and read without network.
//
//   std::string md = maps_markdown(pictures, nl);              // "## Kaarten\n\n![...](map_buurten.png)..."
//   md += files_markdown(pack_files, nl) + glossary_markdown(taxonomy, nl);
#pragma once

#include <string>
#include <vector>

#include "core/taxonomy.hpp"
#include "report/run_report.hpp"

namespace brandpunt::pipeline {

// "## Kaarten" / "## Maps": the pack's map page and its pictures as relative image links, a
// one-line caption under each; "" when the pack has no map page.
std::string maps_markdown(const report::PackPictures& pictures, bool nl);

// "## Bestanden" / "## Files": what each file of the pack holds. `files` are the pack's files
// relative to the pack folder ("buurt.geojson", "map.html", ...); the README itself is not listed.
std::string files_markdown(const std::vector<std::string>& files, bool nl);

// "## Woordenlijst" / "## Glossary"; hic's sub categories are taken from the taxonomy.
std::string glossary_markdown(const Taxonomy& taxonomy, bool nl);

// The privacy notice of a map page: the profile and, in the public profile, the noise note.
std::string map_notice(bool public_profile, const std::string& privacy_note, bool nl);

}  // namespace brandpunt::pipeline
