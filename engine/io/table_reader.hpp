// Small lookup tables read from CSV: a buurt -> stadsdeel mapping and population per area code.
//
//   auto stadsdeel = io::read_mapping_csv("stadsdelen.csv", "buurtcode", "stadsdeel");
//   auto inwoners  = io::read_population_csv("bevolking.csv", "buurtcode", "inwoners");
//
// Keys and values are trimmed; rows with an empty key are skipped. Errors name the file, row
// (1-based data row) and field: missing file (io), missing column (config), a key that occurs
// twice or an empty value (format). Population: a number (decimal comma allowed); negative or
// empty means no data (kNoData, as CBS writes -99999998 for secret counts); other text is a
// format error.
#pragma once

#include <map>
#include <string>

namespace brandpunt::io {

std::map<std::string, std::string> read_mapping_csv(const std::string& path,
                                                    const std::string& key_field,
                                                    const std::string& value_field);

std::map<std::string, double> read_population_csv(const std::string& path,
                                                  const std::string& code_field,
                                                  const std::string& population_field);

}  // namespace brandpunt::io
