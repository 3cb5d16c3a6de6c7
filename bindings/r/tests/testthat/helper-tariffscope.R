# Shared by the tests: the package, the command, the data, and comparisons with the command's CSVs.
suppressPackageStartupMessages(library(tariffscope))

SRC <- Sys.getenv("SRC", normalizePath(file.path(getwd(), "..", "..", "..", "..")))
SHARED <- Sys.getenv("SHARED", file.path(dirname(SRC), "shared"))
TSC <- Sys.getenv("TSC", file.path(SRC, "build", "tariffscope"))
WORLD <- file.path(SRC, "data", "world2024")
WIOD <- file.path(SHARED, "data", "wiod2013", "wiot_2011")
SCEN <- file.path(SRC, "scenarios")

# Skips a test that needs path (under TSC_NO_SKIP=1, fails instead).
need <- function(path) {
  if (file.exists(path)) return(invisible(TRUE))
  if (Sys.getenv("TSC_NO_SKIP") == "1") stop(path, " is absent (TSC_NO_SKIP=1)")
  testthat::skip(paste(path, "is absent"))
}

# Runs the command with args; fails the test on a non-zero exit.
cli <- function(...) {
  args <- c(...)
  out <- suppressWarnings(system2(TSC, shQuote(args), stdout = TRUE, stderr = TRUE))
  status <- attr(out, "status")
  if (!is.null(status) && status != 0) stop("tariffscope ", paste(args, collapse = " "), " failed:\n",
                                            paste(out, collapse = "\n"))
  invisible(out)
}

read_cli <- function(path) utils::read.csv(path, stringsAsFactors = FALSE, check.names = FALSE,
                                           na.strings = character())

# Largest relative difference of two numeric vectors: |a - b| / max(|a|, |b|), 0 where both are 0 or both NA (an
# empty field of the command's CSV), Inf where only one is NA.
rel_diff <- function(a, b) {
  a <- as.numeric(a)
  b <- as.numeric(b)
  stopifnot(length(a) == length(b))
  na <- is.na(a) | is.na(b)
  d <- ifelse(na, ifelse(is.na(a) & is.na(b), 0, Inf), abs(a - b))
  s <- pmax(abs(a), abs(b))
  max(c(0, ifelse(d == 0, 0, d / s)))
}

# Every column of the data frame r equals the command's CSV, keys exactly and numbers to tol (relative).
expect_same_frame <- function(r, csv, tol = 1e-12, label = basename(csv)) {
  c <- read_cli(csv)
  testthat::expect_equal(names(r), names(c), label = paste(label, "columns"))
  testthat::expect_equal(nrow(r), nrow(c), label = paste(label, "rows"))
  for (k in names(c)) {
    if (is.numeric(c[[k]])) {
      d <- rel_diff(r[[k]], c[[k]])
      testthat::expect_lte(d, tol, label = sprintf("%s: %s, largest relative difference %.3g", label, k, d))
    } else {
      rk <- ifelse(is.na(r[[k]]), "", as.character(r[[k]]))
      testthat::expect_identical(rk, as.character(c[[k]]), label = paste(label, k))
    }
  }
}

tmp_dir <- function() {
  d <- tempfile("tsc-r-")
  dir.create(d)
  d
}
