# Effective US tariff rates by partner over the 2024 customs lines (../shared): the command's table (written to four
# decimals) and, independently, the import-weighted mean of the lines' own rates.
LINES <- file.path(SHARED, "data", "us-tariffs-2025", "hs10-imports-2024")

test_that("ts_tariffs_effective equals the command's, and the weighted mean of its lines", {
  need(LINES)
  sc <- file.path(SCEN, "us-2025-08-deals.yaml")
  out <- tmp_dir()
  cli("tariffs", "effective", sc, "--date", "2025-09-17", "--out", file.path(out, "eff.csv"))
  e <- ts_tariffs_effective(sc, date = "2025-09-17", lines = TRUE)
  c <- read_cli(file.path(out, "eff.csv"))
  expect_identical(e$partner, c$partner)
  expect_lte(max(abs(e$effective_rate_pct - c$effective_rate_pct)), 5e-5)
  expect_lte(max(abs(e$base_rate_pct - c$base_rate_pct)), 5e-5)
  expect_lte(max(abs(e$imports_usd - c$imports_usd)), 0.5)
  l <- attr(e, "lines")
  w <- tapply(l$value * l$rate_pct, factor(l$partner, e$partner), sum) / tapply(l$value, factor(l$partner, e$partner), sum)
  ok <- e$imports_usd > 0
  expect_lte(rel_diff(w[ok], e$effective_rate_pct[ok]), 1e-12)
  expect_identical(attr(e, "date"), "2025-09-17")
})
