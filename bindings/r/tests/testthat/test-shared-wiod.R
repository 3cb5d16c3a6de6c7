# Every binding function against the command on the WIOD 2011 table (41 regions x 35 sectors, ../shared), loaded
# with rebalance = TRUE as the command's --rebalance: the same numbers to 1e-12 relative.
need(WIOD)
t <- suppressWarnings(ts_load(WIOD))
out <- tmp_dir()

test_that("WIOD 2011: ts_leontief equals the command's", {
  cli("leontief", WIOD, "--rebalance", "--out", file.path(out, "l"))
  expect_same_frame(ts_leontief(t), file.path(out, "l", "multipliers.csv"))
  vby <- read_cli(file.path(out, "l", "va_origin_destination.csv"))
  expect_lte(rel_diff(as.vector(t(ts_va_destination(t))), vby$value), 1e-12)
})

test_that("WIOD 2011: ts_decompose kww and wwz equal the command's", {
  cli("decompose", WIOD, "--rebalance", "--method", "kww", "--layout", "wide", "--out", file.path(out, "kww.csv"))
  expect_same_frame(ts_decompose(t, "kww"), file.path(out, "kww.csv"))
  cli("decompose", WIOD, "--rebalance", "--method", "wwz", "--layout", "wide", "--out", file.path(out, "wwz.csv"))
  expect_same_frame(ts_decompose(t, "wwz"), file.path(out, "wwz.csv"))
})

test_that("WIOD 2011: ts_shock and ts_solve equal the command's", {
  sc <- file.path(SCEN, "us-china-geneva.yaml")
  cli("shock", WIOD, sc, "--rebalance", "--out", file.path(out, "shock"))
  s <- suppressWarnings(ts_shock(t, sc))
  for (f in c("prices", "consumer_prices", "burden"))
    expect_same_frame(s[[f]], file.path(out, "shock", paste0(f, ".csv")))
  expect_same_frame(s$revenue[, 1:2], file.path(out, "shock", "revenue.csv"))
  cli("solve", WIOD, sc, "--rebalance", "--out", file.path(out, "solve"))
  g <- suppressWarnings(ts_solve(t, sc))
  expect_same_frame(g$regions, file.path(out, "solve", "regions.csv"))
  expect_same_frame(g$region_sectors, file.path(out, "solve", "region_sectors.csv"))
  expect_same_frame(g$bilateral, file.path(out, "solve", "bilateral.csv"))
})

test_that("Caliendo-Parro data: ts_solve equals the command's, and the paper's NAFTA counterfactual", {
  cp <- file.path(SHARED, "data", "cp2015")
  need(cp)
  sc <- file.path(SCEN, "cp2015-nafta.yaml")
  cli("solve", cp, sc, "--out", file.path(out, "cp"))
  g <- ts_solve(cp, sc)
  expect_same_frame(g$regions, file.path(out, "cp", "regions.csv"))
  expect_same_frame(g$region_sectors, file.path(out, "cp", "region_sectors.csv"))
  expect_same_frame(g$bilateral, file.path(out, "cp", "bilateral.csv"))
  # an independent numpy replication of the paper (../shared/vectors/cp2015-nafta), from the zero-deficit baseline
  ref <- read_cli(file.path(SHARED, "vectors", "cp2015-nafta", "nafta_country_results.csv"))
  r <- g$regions[match(ref$country, g$regions$region), ]
  expect_lte(rel_diff(r$w_hat, ref$w_hat), 1e-9)
  expect_lte(rel_diff(r$price_index_hat, ref$P_hat), 1e-9)
  for (k in list(c("real_wage_pct", "real_wage_pct"), c("welfare_cp_pct", "welfare_pct_linear"),
                 c("terms_of_trade_pct", "tot_pct"), c("volume_of_trade_pct", "vot_pct"),
                 c("real_income_pct", "exact_real_income_pct")))
    expect_lte(max(abs(r[[k[1]]] - ref[[k[2]]])), 1e-9, label = k[1])
})
