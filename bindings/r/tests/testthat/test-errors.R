# Errors are R conditions of class tariffscope_error carrying the library's location, the same as the command says.
cli_error <- function(...) {
  out <- suppressWarnings(system2(TSC, shQuote(c(...)), stdout = TRUE, stderr = TRUE))
  expect_false(is.null(attr(out, "status")))
  sub("^tariffscope: ", "", grep("^tariffscope: ", out, value = TRUE)[1])
}

test_that("a malformed number in a table is an error at its file, line and column", {
  d <- tmp_dir()
  file.copy(file.path(SRC, "data", "example", "table"), d, recursive = TRUE)
  f <- file.path(d, "table", "x_va.csv")
  l <- readLines(f)
  l[4] <- sub(",[0-9]+,", ",12x4,", l[4])
  writeLines(l, f)
  e <- tryCatch(ts_load(file.path(d, "table")), error = function(e) e)
  expect_s3_class(e, "tariffscope_error")
  expect_s3_class(e, "error")
  expect_identical(normalizePath(e$file), normalizePath(f))
  expect_identical(e$line, 4L)
  expect_true(e$column > 1L)
  expect_identical(e$status, "parse error")
  expect_identical(conditionMessage(e), cli_error("info", file.path(d, "table")))
})

test_that("an unknown key of a scenario is an error at its line and column", {
  f <- tempfile(fileext = ".yaml")
  writeLines(c("name: bad", "measures:", "  - importer: USA", "    exporter: CHN", "    sectors: goods",
               "    add: 10", "    ad_valorem: 3"), f)
  e <- tryCatch(ts_scenario(f), error = function(e) e)
  expect_s3_class(e, "tariffscope_error")
  expect_identical(e$line, 7L)
  expect_identical(e$column, 5L)
  t <- ts_load(WORLD, rebalance = FALSE)
  e2 <- tryCatch(suppressWarnings(ts_shock(t, f)), error = function(e) e)
  expect_s3_class(e2, "tariffscope_error")
  expect_identical(conditionMessage(e2), cli_error("shock", WORLD, f, "--out", tempfile()))
})

test_that("bad arguments are errors without a crash", {
  t <- ts_load(WORLD, rebalance = FALSE)
  expect_error(ts_decompose(t, "kww", level = "bilateral"), "country level")
  expect_error(ts_decompose(t, "routes", origin = "XXX"), "unknown region")
  expect_error(ts_load(tempfile()), class = "tariffscope_error")
  expect_error(ts_leontief(list()), "ts_load")
  expect_error(ts_load(WORLD, format = "nonsense"), class = "tariffscope_error")
})
