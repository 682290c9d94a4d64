#include "core/incidents.hpp"

namespace brandpunt {

void IncidentTable::reserve(size_t n) {
  x.reserve(n);
  y.reserve(n);
  time_s.reserve(n);
  category.reserve(n);
  street.reserve(n);
  row.reserve(n);
}

void IncidentTable::push_back(double x_m, double y_m, int64_t t_s, uint16_t cat,
                              uint32_t street_id, int64_t source_row) {
  x.push_back(x_m);
  y.push_back(y_m);
  time_s.push_back(t_s);
  category.push_back(cat);
  street.push_back(street_id);
  row.push_back(source_row);
}

}  // namespace brandpunt
