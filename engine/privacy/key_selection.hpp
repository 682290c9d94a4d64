// Which keys that come from the records themselves may be published (DP partition selection).
//
// Areas, categories and months are public lists; a street name typed into a registration is
// not: publishing every name that occurs would let one incident create a row ("Dorpsstraat 12
// (bij fam. Jansen)" with a count of 1). A record-derived key is published only when its count
// over the whole window plus discrete Gaussian noise reaches the threshold (Gaussian
// thresholding: Korolova et al. 2009; Wilson et al. 2020, "Differentially private SQL with
// bounded user contribution"). One incident adds one to one key, so the selection costs
// ρ = 1/(2σ²) on the keys that exist in both inputs, plus δ = P(1 + Z >= threshold) for a key
// that exists in one input only.
//
//   KeySelection k = select_keys(counts, 4.0, 10, key, kStreetKeys);
//   k.released[i];   // 1: publish key i
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "privacy/random_stream.hpp"

namespace brandpunt::privacy {

struct KeySelection {
  std::vector<uint8_t> released;
  double rho = 0;    // zCDP of the noisy counts
  double delta = 0;  // probability that a key with one incident is released
};

// counts[i] >= 0: incidents of key i (keys in a fixed order, e.g. sorted by their text).
KeySelection select_keys(std::span<const int64_t> counts, double sigma2, int64_t threshold, const NoiseKey& key,
                         uint32_t table_id);

// P(1 + Z >= threshold) for Z ~ discrete Gaussian(σ²).
double selection_delta(double sigma2, int64_t threshold);

}  // namespace brandpunt::privacy
