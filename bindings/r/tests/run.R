# Runs the package's testthat tests (ctest r_package, r_package_shared): Rscript run.R FILTER [shared]
# The package must be installed in a library on R_LIBS (bindings/r/install.sh BUILD BUILD/rlib). With "shared", the
# tests need ../shared: without it they are skipped as a whole (exit 77, ctest's "Skipped"), or fail under
# TSC_NO_SKIP=1. Exit 1 on any failure.
args <- commandArgs(trailingOnly = TRUE)
filter <- args[1]
no_skip <- Sys.getenv("TSC_NO_SKIP") == "1"
skip_all <- function(why) {
  if (no_skip) {
    cat("r tests: not run:", why, "(TSC_NO_SKIP=1)\n")
    quit(status = 1)
  }
  cat("r tests: skipped:", why, "\n")
  quit(status = 77)
}
if (!requireNamespace("testthat", quietly = TRUE))
  skip_all("testthat is not installed (sh scripts/install-deps.sh --test installs r-cran-testthat)")
if (!requireNamespace("tariffscope", quietly = TRUE))
  skip_all("the package is not installed in R_LIBS (ctest r_install installs it)")
if (length(args) > 1 && args[2] == "shared" && !dir.exists(Sys.getenv("SHARED")))
  skip_all(paste("no shared data at", Sys.getenv("SHARED")))
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE)[1])))
res <- testthat::test_dir(file.path(here, "testthat"), filter = filter, reporter = "summary",
                          stop_on_failure = FALSE, load_package = "none")
df <- as.data.frame(res)
cat(sprintf("r tests: %d expectations, %d failed, %d errors, %d skipped\n", sum(df$nb), sum(df$failed),
            sum(df$error), sum(df$skipped)))
quit(status = if (sum(df$failed) > 0 || any(df$error)) 1 else 0)
