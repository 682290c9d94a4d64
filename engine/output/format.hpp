// Number formatting for every text output (CSV, run.json, schema docs).
//
// Output must be byte-reproducible (STYLE.md), so numbers are never written with iostreams or
// printf, whose result depends on the locale and on a fixed precision that either loses digits
// or prints noise. format_double gives the shortest decimal string that reads back to the same
// double (std::to_chars without a precision, the Ryu guarantee); format_fixed gives a fixed
// number of decimals for values where a reader wants aligned figures (rates, shares).
//
//   format_double(0.1)        == "0.1"
//   format_double(1e21)       == "1e+21"
//   format_fixed(2.0 / 3, 3)  == "0.667"
//   format_double(NAN)        == ""      // callers decide: empty CSV field, JSON null, ...
#pragma once

#include <cstdint>
#include <string>

namespace brandpunt::output {

// Shortest round-trip representation; "" for NaN and infinities (they have no portable text form).
std::string format_double(double v);

// Fixed notation with `decimals` digits after the point (0..17); "" for NaN and infinities.
// Negative zero after rounding is written as "0" (or "0.00"), never "-0".
std::string format_fixed(double v, int decimals);

// Decimal integer (std::to_chars), for symmetry with the two above.
std::string format_int(int64_t v);

}  // namespace brandpunt::output
