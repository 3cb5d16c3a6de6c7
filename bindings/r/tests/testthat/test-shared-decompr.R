# The decompositions against decompr 7.0.0's own outputs (../shared/vectors/gvc): decompr's column names, its row
# order and its numbers to 1e-9 relative (the peers agree with each other to about 1e-12).
GVC <- file.path(SHARED, "vectors", "gvc")

for (case in c("leather", "random5x4")) {
  test_that(paste(case, ": kww, wwz and wwz2kww as decompr gives them"), {
    dir <- file.path(GVC, case)
    need(file.path(dir, "kww_country.csv"))
    t <- ts_load(dir, rebalance = FALSE)
    for (m in list(c("kww", "kww_country.csv", "country"), c("wwz", "wwz_bilateral_sector.csv", "country"),
                   c("wwz2kww", "wwz2kww_country.csv", "country"))) {
      ref <- read_cli(file.path(dir, m[2]))
      r <- ts_decompose(t, m[1], level = m[3])
      expect_identical(names(r), names(ref))
      keys <- names(ref)[!vapply(ref, is.numeric, TRUE)]
      for (k in keys) expect_identical(r[[k]], ref[[k]], label = paste(case, m[1], k))
      for (k in setdiff(names(ref), keys)) {
        # a percentage diagnostic of decompr that is 0/0 (NaN in R) is left out
        ok <- is.finite(ref[[k]])
        d <- abs(r[[k]][ok] - ref[[k]][ok]) / pmax(abs(ref[[k]][ok]), 1e-9 * max(abs(ref[[k]][ok]), 1))
        expect_lte(max(c(0, d)), 1e-9, label = paste(case, m[1], k))
      }
    }
  })
}

test_that("ts_iot: decompr's own arguments (x, y, k, i, o) give decompr's kww", {
  dir <- file.path(GVC, "leather")
  need(file.path(dir, "kww_country.csv"))
  rd <- function(f) as.matrix(utils::read.csv(file.path(dir, f), row.names = 1, check.names = FALSE))
  x <- rd("input_Z.csv")
  y <- rd("input_Yfd.csv")
  o <- rd("input_x_va.csv")[, "x"]
  lab <- strsplit(rownames(x), ".", fixed = TRUE)
  k <- unique(vapply(lab, `[`, "", 1))
  i <- unique(vapply(lab, `[`, "", 2))
  t <- ts_iot(x, y, k, i, o)
  ref <- read_cli(file.path(dir, "kww_country.csv"))
  r <- ts_decompose(t, "kww")
  expect_identical(r$Country, ref$Country)
  expect_lte(rel_diff(as.matrix(r[, -1]), as.matrix(ref[, -1])), 1e-9)
})
