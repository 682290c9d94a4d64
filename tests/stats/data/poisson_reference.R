# Reference values of the exact Poisson test for tests/stats/poisson_test.cpp, from R itself.
# Run (R >= 4.2, base R only):  Rscript poisson_reference.R > poisson_reference.csv
# Every value is poisson.test(x, T = mu) with r = 1, so the estimate and the confidence limits
# are those of the standardised incidence ratio x / mu; %.17g round-trips every double.
cases <- rbind(
  expand.grid(x = c(0, 1, 2, 3, 5, 8, 13, 21, 45), mu = c(0.1, 0.5, 1, 2.5, 4, 14.6, 30)),
  data.frame(x = c(100, 150, 60, 1000, 1100, 900, 5000, 4700, 12, 0, 1, 250, 3),
             mu = c(100, 100, 100, 1000, 1000, 1000, 4000, 5000, 0.01, 50, 40, 80.25, 3)))
f <- function(v) sprintf("%.17g", v)
cat("x,mu,p_greater,p_less,p_two_sided,lower_95,upper_95,lower_one_sided_95\n")
for (k in seq_len(nrow(cases))) {
  x <- cases$x[k]; mu <- cases$mu[k]
  two <- poisson.test(x, T = mu)
  gr <- poisson.test(x, T = mu, alternative = "greater")
  le <- poisson.test(x, T = mu, alternative = "less")
  cat(paste(x, f(mu), f(gr$p.value), f(le$p.value), f(two$p.value), f(two$conf.int[1]),
            f(two$conf.int[2]), f(gr$conf.int[1]), sep = ","), "\n", sep = "")
}
