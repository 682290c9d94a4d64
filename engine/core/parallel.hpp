// Splitting a loop over [0, n) into contiguous chunks, one per thread.
//
// Each chunk is processed by exactly one thread and each index by exactly one chunk, so a body
// that writes only its own indices gives the same result at any thread count (brandpunt's
// determinism rule). An exception thrown in a chunk is rethrown in the caller after all
// threads have stopped (the first chunk's exception wins).
//
//   core::parallel_chunks(n, threads, [&](size_t begin, size_t end) {
//     for (size_t i = begin; i < end; ++i) out[i] = f(in[i]);
//   });
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace brandpunt::core {

// threads = 0 means all cores. Loops shorter than min_per_thread per thread use fewer threads,
// down to running the body in the caller for small n.
template <class Body>
void parallel_chunks(size_t n, unsigned threads, Body&& body, size_t min_per_thread = 4096) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, n / std::max<size_t>(1, min_per_thread))));
  if (threads <= 1) {
    body(size_t{0}, n);
    return;
  }
  const size_t chunk = (n + threads - 1) / threads;
  std::vector<std::exception_ptr> errors(threads);
  {
    std::vector<std::jthread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        try {
          body(std::min(n, t * chunk), std::min(n, (t + 1) * chunk));
        } catch (...) {
          errors[t] = std::current_exception();
        }
      });
  }  // jthreads join here
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace brandpunt::core
