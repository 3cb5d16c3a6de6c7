# The ten lines of R in README.md reproduce the report's headline numbers: run as written, from the source folder,
# their figures equal those of the command's report CSVs.
test_that("the README's R lines give the command's headline numbers", {
  readme <- readLines(file.path(SRC, "README.md"))
  at <- grep("^<!-- r-headline", readme)
  expect_length(at, 1)
  start <- at + 2
  stop <- start + which(readme[start:length(readme)] == "```")[1] - 2
  code <- readme[start:stop]
  expect_identical(readme[at + 1], "```r")
  expect_length(code, 10)
  env <- new.env()
  old <- setwd(SRC)
  on.exit(setwd(old))
  printed <- utils::capture.output(suppressWarnings(eval(parse(text = code), envir = env)))
  expect_true(length(printed) > 0)
  out <- tmp_dir()
  cli("report", file.path(SRC, "data", "world2024"), "--no-draws", "--quiet", "--out", out)
  td <- read_cli(file.path(out, "tariffs_dest.csv"))
  td <- td[td$scenario == "us-2025-08-deals" & td$exporter == "JPN", ]
  rt <- subset(env$r$tariffs_dest, scenario == "us-2025-08-deals" & exporter == "JPN")
  expect_lte(rel_diff(c(rt$base_pct, rt$rate_pct), c(td$base_pct, td$rate_pct)), 1e-12)
  sc <- read_cli(file.path(out, "scenarios.csv"))
  expect_lte(rel_diff(sum(env$deals$burden), sc$burden_usd_m[sc$scenario == "us-2025-08-deals"]), 1e-12)
  ge <- read_cli(file.path(out, "ge.csv"))
  jr <- subset(env$r$ge, region == "JPN")
  expect_lte(rel_diff(jr$real_wage_pct, ge$real_wage_pct[ge$region == "JPN"]), 1e-12)
  # the figures the README's text quotes, read from the text, equal these to their printed digits
  text <- paste(readme[max(1, at - 10):(at - 1)], collapse = " ")
  quoted <- function(pattern) regmatches(text, regexec(pattern, text))[[1]][-1]
  expect_identical(sprintf("%.1f -> %.1f", rt$base_pct, rt$rate_pct),
                   paste(quoted("goes from ([0-9.]+)% to ([0-9.]+)%"), collapse = " -> "))
  expect_identical(sprintf("%.1f", sum(env$deals$burden) / 1000), quoted("([0-9.]+) bn USD a year of tariffs")[1])
  expect_identical(sprintf("%.2f", -jr$real_wage_pct[jr$scenario == "us-2025-08-deals"]),
                   quoted("real wage falls ([0-9.]+)%")[1])
})
