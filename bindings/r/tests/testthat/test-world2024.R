# Every binding function against the command on the embedded table data/world2024 (14 regions x 18 sectors): the
# same numbers to 1e-12 relative, and the table's own identities.
t <- ts_load(WORLD, rebalance = FALSE)
out <- tmp_dir()

test_that("accessors: labels, shapes and the table's identities", {
  Z <- ts_Z(t)
  Y <- ts_Y(t)
  x <- ts_x(t)
  va <- ts_va(t)
  i <- ts_info(t)
  n <- length(i$regions) * length(i$sectors)
  expect_equal(dim(Z), c(n, n))
  expect_equal(dim(Y), c(n, length(i$regions) * length(i$fd_categories)))
  expect_equal(rownames(Z)[1], paste(i$regions[1], i$sectors[1], sep = "_"))
  expect_identical(names(x), rownames(Z))
  # Z1 + Y1 = x and 1'Z + va = x, as the loader checks them (balance tolerance 1e-6)
  expect_lte(rel_diff(rowSums(Z) + rowSums(Y), x), 1e-6)
  expect_lte(rel_diff(colSums(Z) + va, x), 1e-6)
  # A = Z x^-1
  expect_lte(rel_diff(ts_A(t), sweep(Z, 2, x, "/")), 1e-14)
})

test_that("ts_leontief equals the command's multipliers.csv and va_origin_destination.csv", {
  cli("leontief", WORLD, "--out", file.path(out, "l"))
  expect_same_frame(ts_leontief(t), file.path(out, "l", "multipliers.csv"))
  vby <- read_cli(file.path(out, "l", "va_origin_destination.csv"))
  m <- ts_va_destination(t)
  expect_lte(rel_diff(as.vector(t(m)), vby$value), 1e-12)
  expect_identical(rep(ts_regions(t), nrow(m)), vby$destination_region)
  # L by an independent route: R's own solve of I - A
  L <- ts_leontief_inverse(t)
  expect_lte(rel_diff(L, solve(diag(nrow(L)) - ts_A(t))), 1e-9)
  expect_lte(rel_diff(colSums(L), ts_leontief(t)$output_multiplier), 1e-12)
})

test_that("ts_decompose kww and wwz equal the command's, with decompr's column names", {
  cli("decompose", WORLD, "--method", "kww", "--layout", "wide", "--out", file.path(out, "kww.csv"))
  cli("decompose", WORLD, "--method", "wwz", "--layout", "wide", "--out", file.path(out, "wwz.csv"))
  k <- ts_decompose(t, "kww")
  expect_identical(names(k), c("Country", "DVA_FIN", "DVA_INT", "DVA_INTrex", "RDV_FIN", "RDV_INT", "DDC", "FVA_FIN",
                               "FVA_INT", "FDC"))
  expect_same_frame(k, file.path(out, "kww.csv"))
  w <- ts_decompose(t, "wwz")
  expect_identical(names(w)[1:4], c("Exporting_Country", "Exporting_Industry", "Importing_Country", "DVA_FIN"))
  expect_same_frame(w, file.path(out, "wwz.csv"))
  # KWW's terms add up to each country's gross exports
  ex <- tapply(.subset2(as.data.frame(list(e = tariffscope:::.ts_array(t, "exports"))), 1),
               rep(ts_regions(t), each = length(ts_sectors(t))), sum)[ts_regions(t)]
  expect_lte(rel_diff(rowSums(k[, -1]), ex), 1e-9)
})

test_that("ts_decompose bm, tiva and the leontief matrix equal the command's", {
  cli("decompose", WORLD, "--method", "bm", "--level", "sector", "--layout", "wide", "--out",
      file.path(out, "bm.csv"))
  # Borin-Mancini's diagonal blocks are solved iteratively (GMRES to 1e-14 of the right-hand side): another OpenBLAS
  # thread count (R's process against the command's) moves its double-counting terms in the twelfth digit
  expect_same_frame(ts_decompose(t, "bm", level = "sector"), file.path(out, "bm.csv"), tol = 1e-10)
  cli("decompose", WORLD, "--method", "tiva", "--layout", "wide", "--out", file.path(out, "tiva.csv"))
  expect_same_frame(ts_decompose(t, "tiva"), file.path(out, "tiva.csv"))
  for (m in c("fdva", "wwz2kww", "exvatools-kww", "exvatools-oecd-terms")) {
    f <- file.path(out, paste0(m, ".csv"))
    cli("decompose", WORLD, "--method", m, "--layout", "wide", "--out", f)
    expect_same_frame(ts_decompose(t, m), f, label = m)
  }
  cli("decompose", WORLD, "--method", "routes", "--origin", "JPN", "--destination", "USA", "--out",
      file.path(out, "routes.csv"))
  expect_same_frame(ts_decompose(t, "routes", origin = "JPN", destination = "USA"), file.path(out, "routes.csv"))
  cli("decompose", WORLD, "--method", "leontief", "--post", "exports", "--layout", "wide", "--out",
      file.path(out, "vbe.csv"))
  m <- ts_decompose(t, "leontief", post = "exports")
  c <- as.matrix(read_cli(file.path(out, "vbe.csv"))[, -1])
  expect_lte(rel_diff(m, c), 1e-12)
})

test_that("ts_shock equals the command's shock", {
  sc <- file.path(SCEN, "us-china-geneva.yaml")
  cli("shock", WORLD, sc, "--out", file.path(out, "shock"))
  s <- suppressWarnings(ts_shock(t, sc))
  expect_same_frame(s$prices, file.path(out, "shock", "prices.csv"))
  expect_same_frame(s$consumer_prices, file.path(out, "shock", "consumer_prices.csv"))
  expect_same_frame(s$revenue[, 1:2], file.path(out, "shock", "revenue.csv"))
  expect_same_frame(s$burden, file.path(out, "shock", "burden.csv"))
  # summed over origins, the burden is the change in each importer's revenue
  b <- tapply(s$burden$burden, factor(s$burden$importer, ts_regions(t)), sum)
  b[is.na(b)] <- 0
  rev <- s$revenue$tariff_revenue - s$revenue$tariff_revenue_base
  expect_lte(max(abs(b - rev)) / max(abs(rev)), 1e-9)
})

test_that("ts_solve equals the command's solve", {
  sc <- file.path(SCEN, "us-2025-08-deals.yaml")
  cli("solve", WORLD, sc, "--out", file.path(out, "solve"))
  g <- suppressWarnings(ts_solve(t, sc))
  expect_same_frame(g$regions, file.path(out, "solve", "regions.csv"))
  expect_same_frame(g$region_sectors, file.path(out, "solve", "region_sectors.csv"))
  expect_same_frame(g$bilateral, file.path(out, "solve", "bilateral.csv"))
  expect_lte(g$residual, 1e-12)
})

test_that("ts_report equals the command's report", {
  cli("report", WORLD, "--no-draws", "--quiet", "--out", file.path(out, "report"))
  r <- suppressWarnings(ts_report(t, draws = 0, out = file.path(out, "rreport")))
  # the files written from R are the command's, byte for byte
  csvs <- list.files(file.path(out, "report"), pattern = "[.]csv$")
  expect_gte(length(csvs), 10)
  for (f in csvs)
    expect_identical(readLines(file.path(out, "rreport", f)), readLines(file.path(out, "report", f)), label = f)
  expect_true(file.exists(file.path(out, "rreport", "index.html")))
  ge <- r$ge[, 1:8]
  ge$compared <- as.integer(ge$compared)
  c <- read_cli(file.path(out, "report", "ge.csv"))[, 1:8]
  write.csv(c, file.path(out, "ge8.csv"), row.names = FALSE)
  expect_same_frame(ge, file.path(out, "ge8.csv"))
  s <- r$scenarios[, c("scenario", "label", "date", "description", "burden", "burden_direct", "dest_revenue_change",
                       "ge_iterations", "ge_residual")]
  names(s) <- c("scenario", "label", "date", "description", "burden_usd_m", "burden_direct_usd_m",
                "dest_revenue_change_usd_m", "ge_iterations", "ge_residual")
  expect_same_frame(s, file.path(out, "report", "scenarios.csv"))
  p <- r$prices
  p$compared <- as.integer(p$compared)
  expect_same_frame(p, file.path(out, "report", "prices.csv"))
})

test_that("ts_iot: the table's own matrices make the same table", {
  i <- ts_info(t)
  u <- ts_iot(ts_Z(t), ts_Y(t), i$regions, i$sectors, ts_x(t), ts_va(t), fd = i$fd_categories)
  expect_identical(ts_labels(u), ts_labels(t))
  expect_identical(ts_leontief(u)[, 1:7], ts_leontief(t)[, 1:7])
  e <- tryCatch(ts_iot(ts_Z(t) * 2, ts_Y(t), i$regions, i$sectors, ts_x(t), ts_va(t)), error = function(e) e)
  expect_s3_class(e, "tariffscope_error")
  expect_identical(e$code, -6L) # TSC_EBALANCE
  expect_identical(e$status, "table not balanced")
})

test_that("ts_solve's elasticity draws equal the command's uncertainty.csv", {
  sc <- file.path(SCEN, "us-china-geneva.yaml")
  cli("solve", WORLD, sc, "--theta-draws", "24", "--seed", "7", "--threads", "2", "--out", file.path(out, "draws"))
  g <- suppressWarnings(ts_solve(t, sc, draws = 24, seed = 7, threads = 2))
  expect_same_frame(g$uncertainty, file.path(out, "draws", "uncertainty.csv"))
  expect_true(all(g$uncertainty$p05 <= g$uncertainty$p95))
})

test_that("ts_scenario_check equals the command's scenario check", {
  sc <- file.path(SCEN, "us-2025-08-deals.yaml")
  cli("scenario", "check", sc, WORLD, "--out", file.path(out, "check.csv"))
  k <- suppressWarnings(ts_scenario_check(sc, t))
  expect_same_frame(k, file.path(out, "check.csv"))
  expect_identical(attr(k, "date"), "2025-09-17")
})
