# Reference values of the binomial probabilities for tests/stats/poisson_test.cpp, from R itself
# (the conditional test of an area's count against its neighbours' uses the upper tail).
# Run (R >= 4.2, base R only):  Rscript binomial_reference.R > binomial_reference.csv
cases <- rbind(
  expand.grid(x = c(0, 1, 3, 8, 20, 51), n = c(10, 60, 250), prob = c(0.02, 0.15, 0.5, 0.9)),
  data.frame(x = c(51, 45, 2000, 1900, 120, 5, 1),
             n = c(90, 80, 4000, 4000, 3000, 5, 1),
             prob = c(0.2, 0.25, 0.5, 0.49, 0.02, 0.999, 0.3)))
cases <- cases[cases$x <= cases$n, ]
f <- function(v) sprintf("%.17g", v)
cat("x,n,prob,pmf,upper_tail\n")
for (k in seq_len(nrow(cases))) {
  x <- cases$x[k]; n <- cases$n[k]; p <- cases$prob[k]
  cat(paste(x, n, f(p), f(dbinom(x, n, p)), f(pbinom(x - 1, n, p, lower.tail = FALSE)), sep = ","),
      "\n", sep = "")
}
