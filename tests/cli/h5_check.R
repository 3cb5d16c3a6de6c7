# Reads an HDF5 table of tariffscope with hdf5r into a data.frame, as docs/FORMATS.md shows, and compares it to the
# CSV of the same result: same columns, same keys, the same doubles (to 0).
# usage: Rscript h5_check.R FILE.h5 DATASET FILE.csv
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(hdf5r))
f <- H5File$new(args[1], mode = "r")
df <- f[[args[2]]]$read()
f$close_all()
ref <- read.csv(args[3], stringsAsFactors = FALSE, check.names = FALSE, colClasses = "character")
stopifnot(is.data.frame(df), identical(names(df), names(ref)), nrow(df) == nrow(ref))
nnum <- 0
for (col in names(ref)) {
  if (is.numeric(df[[col]])) {
    # R's own reader of decimals is not correctly rounded in every case: the CSV's text is compared with the
    # HDF5 double written back to 17 significant digits, as the CSV was written
    txt <- sprintf("%.17g", df[[col]])
    bad <- which(txt != ref[[col]])
    if (length(bad)) stop(sprintf("%s row %d: CSV %s, HDF5 %s", col, bad[1], ref[[col]][bad[1]], txt[bad[1]]))
    nnum <- nnum + length(txt)
  } else if (!identical(as.character(df[[col]]), ref[[col]])) {
    stop(sprintf("column %s differs", col))
  }
}
stopifnot(nnum > 0)
cat(sprintf("%s: %d records, %d numbers equal to the CSV's\n", args[1], nrow(df), nnum))
