# Side of run_vs_peers.sh that runs in R: builds the neighbour lists, writes them for
# stats_bench, and times spdep's localG_perm / localmoran_perm on exactly the same data.
#   Rscript spdep_perm.R <out_dir> <case> <nsim> <time_spdep 0|1>
#   case: grid:<rows>x<cols> (queen contiguity, cell2nb) or wijken:<path to gpkg> (poly2nb queen)
suppressMessages({ library(spdep); library(sf) })
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]; case <- args[2]; nsim <- as.integer(args[3]); do_time <- args[4] == "1"
set.seed(20240601)
if (startsWith(case, "grid:")) {
  rc <- as.integer(strsplit(sub("grid:", "", case), "x")[[1]])
  nb <- cell2nb(rc[1], rc[2], type = "queen")
  x <- as.numeric(rpois(length(nb), 3))   # incident counts, many ties as in practice
  name <- sprintf("grid_%dx%d", rc[1], rc[2])
} else {
  w <- st_read(sub("wijken:", "", case), quiet = TRUE)
  nb <- poly2nb(w, queen = TRUE)
  x <- as.numeric(w$population); x[is.na(x)] <- 0
  name <- "nl_wijken"
}
n <- length(nb)
nbf <- file.path(out, paste0(name, ".nb.txt"))
writeLines(c(as.character(n), vapply(nb, function(v) paste(v[v > 0] - 1L, collapse = " "), "")), nbf)
writeLines(format(x, digits = 17, scientific = FALSE, trim = TRUE), file.path(out, paste0(name, ".x.txt")))
cat(sprintf("case\t%s\t%d\t%d\n", name, n, sum(card(nb) == 0)))
if (do_time) {
  lwB <- nb2listw(nb, style = "B", zero.policy = TRUE)
  lwW <- nb2listw(nb, style = "W", zero.policy = TRUE)
  # Wall and CPU (user + system) seconds; CPU is the fairer figure on a busy shared machine.
  tg <- system.time(localG_perm(x, lwB, nsim = nsim, zero.policy = TRUE, iseed = 1))
  cat(sprintf("spdep\tlocalG_perm\t%d\t%d\t%.3f\t%.3f\n", n, nsim, tg[["elapsed"]],
              tg[["user.self"]] + tg[["sys.self"]]))
  tm <- system.time(localmoran_perm(x, lwW, nsim = nsim, zero.policy = TRUE, iseed = 1))
  cat(sprintf("spdep\tlocalmoran_perm\t%d\t%d\t%.3f\t%.3f\n", n, nsim, tm[["elapsed"]],
              tm[["user.self"]] + tm[["sys.self"]]))
}
