# tariffscope for R: thin wrappers over the C library's .Call glue (src/). Every number comes from the library
# functions the tariffscope command calls; this file only names, shapes and checks.

# ---- errors -----------------------------------------------------------------------------------------------------

# A library error as an R condition of class tariffscope_error, with its location (file, line, column) and code.
.ts_stop <- function(e, call) {
  loc <- c(if (!is.na(e$file)) e$file, if (!is.na(e$line)) e$line, if (!is.na(e$column)) e$column)
  msg <- if (length(loc)) paste0(paste(loc, collapse = ":"), ": ", e$message) else e$message
  cond <- structure(class = c("tariffscope_error", "error", "condition"),
                    list(message = msg, call = call, code = e$code, status = e$status, file = e$file,
                         line = e$line, column = e$column))
  stop(cond)
}

# The value of a .Call, or the condition it carries.
.ts_check <- function(r, call = sys.call(-1)) {
  if (inherits(r, "tsc_error_value")) .ts_stop(r, call)
  r
}

.ts_choice <- function(x, choices, what) {
  if (!is.character(x) || length(x) != 1 || !(x %in% choices))
    stop(sprintf("%s must be one of %s", what, paste(choices, collapse = ", ")), call. = FALSE)
  match(x, choices) - 1L
}

.ts_ptr <- function(t) {
  if (!inherits(t, "tariffscope_table")) stop("t must be a table of ts_load()", call. = FALSE)
  t$ptr
}

# ---- where the project's data and the shared data are ------------------------------------------------------------

# The data folder: TARIFFSCOPE_DATA when set, else the data folder of the source tree the package was built from.
.ts_data <- function(rel) {
  d <- Sys.getenv("TARIFFSCOPE_DATA")
  file.path(if (nzchar(d)) d else .Call(C_ts_r_data_dir), rel)
}

# The shared data: TARIFFSCOPE_SHARED when set, else ../shared beside the source tree.
.ts_shared <- function(rel) {
  s <- Sys.getenv("TARIFFSCOPE_SHARED")
  if (nzchar(s)) file.path(s, rel) else file.path(dirname(dirname(.Call(C_ts_r_data_dir))), "shared", rel)
}

# ---- tables -----------------------------------------------------------------------------------------------------

#' Loads an input-output table (any layout the library reads; detected unless format says). rebalance = TRUE sets
#' x := Z1 + Y1 and va := x - 1'Z (WIOD 2013 needs it). Notes of the reader are messages; sectors with x <= 0 a
#' warning. Errors are conditions of class tariffscope_error with file, line and column.
ts_load <- function(path, rebalance = TRUE, format = "auto", strict = FALSE, tolerance = NULL,
                    keep_splits = FALSE) {
  r <- .ts_check(.Call(C_ts_r_load, path.expand(path), format, rebalance, strict,
                       if (is.null(tolerance)) NULL else as.double(tolerance), keep_splits))
  .ts_table_object(r, normalizePath(path))
}

# The table object of a load's result (notes as messages, degenerate sectors as a warning).
.ts_table_object <- function(r, path) {
  for (note in strsplit(r$notes, "\n", fixed = TRUE)[[1]]) if (nzchar(note)) message("tariffscope: note: ", note)
  t <- structure(list(ptr = r$ptr, path = path), class = "tariffscope_table")
  if (length(r$degenerate)) {
    lab <- ts_labels(t)[r$degenerate]
    warning(sprintf("%d sector(s) with zero or negative gross output get zero coefficients: %s",
                    length(lab), paste(head(lab, 8), collapse = ", ")), call. = FALSE)
  }
  t
}

#' A table from matrices in decompr's arguments: x (intermediate use, GN x GN), y (final demand, GN x GM, M
#' categories per region), k (G region names), i (N sector names), o (gross output; default x1 + y1), v (value
#' added; default o - 1'x). Checked as a loaded table (balance within tolerance, every value finite).
ts_iot <- function(x, y, k, i, o = NULL, v = NULL, fd = NULL, strict = FALSE, tolerance = NULL) {
  M <- ncol(y) / length(k)
  if (is.null(fd)) fd <- paste0("FD", seq_len(M))
  num <- function(a) if (is.null(a)) NULL else { storage.mode(a) <- "double"; as.vector(a) }
  r <- .ts_check(.Call(C_ts_r_from_arrays, num(as.matrix(x)), num(as.matrix(y)), num(v), num(o),
                       list(as.character(k), as.character(i), as.character(fd)),
                       list(strict, if (is.null(tolerance)) NULL else as.double(tolerance))))
  .ts_table_object(r, NA_character_)
}

print.tariffscope_table <- function(x, ...) {
  i <- ts_info(x)
  path <- if (is.na(x$path)) "(from matrices)" else x$path
  cat(sprintf("tariffscope table %s: %d regions x %d sectors, %d final-demand categories (%s, %s)\n", path,
              length(i$regions), length(i$sectors), length(i$fd_categories), i$format, i$unit))
  invisible(x)
}

#' The table's labels and metadata: regions, sectors, fd_categories, unit, year, source, format, notes.
ts_info <- function(t) .Call(C_ts_r_info, .ts_ptr(t))
ts_regions <- function(t) ts_info(t)$regions
ts_sectors <- function(t) ts_info(t)$sectors

# Row labels "CCC_sector", region-major as the table's rows.
ts_labels <- function(t) {
  i <- ts_info(t)
  paste(rep(i$regions, each = length(i$sectors)), i$sectors, sep = "_")
}

.ts_array <- function(t, which) .ts_check(.Call(C_ts_r_array, .ts_ptr(t), which), sys.call(-1))

#' Intermediate use Z (n x n), final demand Y (n x G*F: columns "CCC_category"), gross output x and value added va
#' (named n-vectors), input coefficients A = Z x^-1 (n x n); labels "CCC_sector".
ts_Z <- function(t) {
  m <- .ts_array(t, "Z")
  l <- ts_labels(t)
  dimnames(m) <- list(l, l)
  m
}
ts_A <- function(t) {
  m <- .ts_array(t, "A")
  l <- ts_labels(t)
  dimnames(m) <- list(l, l)
  m
}
ts_Y <- function(t) {
  m <- .ts_array(t, "Y")
  i <- ts_info(t)
  dimnames(m) <- list(ts_labels(t),
                      paste(rep(i$regions, each = length(i$fd_categories)), i$fd_categories, sep = "_"))
  m
}
ts_x <- function(t) setNames(.ts_array(t, "x"), ts_labels(t))
ts_va <- function(t) setNames(.ts_array(t, "va"), ts_labels(t))

#' Everything at once: list(Z, Y, x, va, regions, sectors, fd_categories, unit).
ts_table <- function(t) {
  i <- ts_info(t)
  list(Z = ts_Z(t), Y = ts_Y(t), x = ts_x(t), va = ts_va(t), regions = i$regions, sectors = i$sectors,
       fd_categories = i$fd_categories, unit = i$unit)
}

# ---- the Leontief engine ------------------------------------------------------------------------------------------

#' The columns of `tariffscope leontief`'s multipliers.csv: region, sector, x, output_multiplier, va_coefficient,
#' backward_linkage, forward_linkage.
ts_leontief <- function(t) {
  r <- .ts_check(.Call(C_ts_r_leontief, .ts_ptr(t), FALSE, FALSE))
  i <- ts_info(t)
  m <- r$multipliers
  df <- data.frame(region = rep(i$regions, each = length(i$sectors)),
                   sector = rep(i$sectors, times = length(i$regions)),
                   x = m[, 1], output_multiplier = m[, 2], va_coefficient = m[, 3], backward_linkage = m[, 4],
                   forward_linkage = m[, 5])
  attr(df, "max_backward_error") <- r$max_backward_error
  attr(df, "rcond") <- r$rcond
  df
}

#' Value added by origin row x destination region, V^BY (va_origin_destination.csv as a matrix, n x G).
ts_va_destination <- function(t) {
  m <- .ts_check(.Call(C_ts_r_leontief, .ts_ptr(t), TRUE, FALSE))$va_origin_destination
  dimnames(m) <- list(ts_labels(t), ts_regions(t))
  m
}

#' The Leontief inverse L = (I - A)^-1 (n x n, with dimnames).
ts_leontief_inverse <- function(t) {
  m <- .ts_check(.Call(C_ts_r_leontief, .ts_ptr(t), FALSE, TRUE))$L
  l <- ts_labels(t)
  dimnames(m) <- list(l, l)
  m
}

# ---- decompositions ---------------------------------------------------------------------------------------------

.ts_levels <- c("country", "sector", "bilateral")

# A decomposition result as decompr lays it out: key columns (Country, or Exporting_Country, Exporting_Industry,
# Importing_Country) then one column per term, with decompr's names.
.ts_dframe <- function(t, r, method) {
  i <- ts_info(t)
  keys <- list()
  used <- c(any(!is.na(r$exporter)), any(!is.na(r$sector)), any(!is.na(r$importer)))
  country <- r$level == 0L && method %in% c("kww", "wwz2kww", "tiva")
  if (used[1]) keys[[if (country) "Country" else "Exporting_Country"]] <- i$regions[r$exporter]
  if (used[2]) keys[["Exporting_Industry"]] <- i$sectors[r$sector]
  if (used[3]) keys[["Importing_Country"]] <- i$regions[r$importer]
  v <- r$values
  colnames(v) <- r$terms
  cbind(as.data.frame(keys, stringsAsFactors = FALSE), as.data.frame(v, optional = TRUE))
}

#' Value added in trade, with decompr's column names (docs/R.md). method: kww (KWW 2014, by country), wwz (WWZ 2013,
#' exporting country-sector x importer, with decompr's diagnostics), wwz2kww, bm (Borin-Mancini: perspective
#' exporter | world | self | imports, approach source | sink), tiva, fdva, routes (origin's value added by the
#' region that finished it, and crossing borders), leontief (decompr's leontief(): post none | exports | output |
#' final_demand, a matrix), or exvatools-M[-terms] (exvatools 0.9's make_exvadec).
ts_decompose <- function(t, method = "kww", level = "country", perspective = "exporter", approach = "source",
                         origin = NULL, destination = NULL, post = "final_demand") {
  p <- .ts_ptr(t)
  lev <- .ts_choice(level, .ts_levels, "level")
  if (method == "kww" && lev != 0L) stop("kww is defined at country level (use wwz for bilateral detail)", call. = FALSE)
  if (method == "leontief") {
    k <- .ts_choice(post, c("none", "exports", "output", "final_demand"), "post")
    m <- .ts_check(.Call(C_ts_r_vb, p, k))
    dimnames(m) <- list(ts_labels(t), if (k == 3L) ts_regions(t) else ts_labels(t))
    return(m)
  }
  per <- .ts_choice(perspective, c("exporter", "world", "self", "imports"), "perspective")
  app <- .ts_choice(approach, c("source", "sink"), "approach")
  exva <- NULL
  m <- method
  if (startsWith(method, "exvatools-")) {
    name <- substring(method, 11)
    exva <- if (endsWith(name, "-terms")) c(sub("-terms$", "", name), "terms") else name
    m <- "exvatools"
  }
  route <- c(NA_integer_, NA_integer_, 1L)
  if (method == "routes") {
    if (is.null(origin)) stop("method routes needs origin", call. = FALSE)
    regions <- ts_regions(t)
    route[1] <- .ts_region(regions, origin)
    if (!is.null(destination)) route[2] <- .ts_region(regions, destination)
    return(.ts_routes(t, p, route))
  }
  r <- .ts_check(.Call(C_ts_r_decompose, p, m, lev, per, app, route, exva))
  .ts_dframe(t, r, method)
}

.ts_region <- function(regions, code) {
  k <- match(code, regions)
  if (is.na(k)) stop(sprintf("unknown region '%s' (the table has %s)", code, paste(regions, collapse = " ")),
                     call. = FALSE)
  k
}

# The routes of an origin's value added, as the command's routes CSV: absorbed (by finishing region) and crossing.
.ts_routes <- function(t, p, route) {
  i <- ts_info(t)
  s <- route[1]
  a <- .ts_check(.Call(C_ts_r_decompose, p, "routes", 0L, 0L, 0L, route, NULL), sys.call(-1))
  route[3] <- 0L
  x <- .ts_check(.Call(C_ts_r_decompose, p, "routes", 0L, 0L, 0L, route, NULL), sys.call(-1))
  keep <- x$exporter != x$importer
  ka <- ifelse(a$exporter == s, "direct", ifelse(a$exporter == a$importer, "at_destination", "via_third"))
  kx <- ifelse(x$exporter[keep] == s, "direct", "via_third")
  rbind(data.frame(origin = i$regions[s], measure = "absorbed", route = i$regions[a$exporter], route_kind = ka,
                   route_sector = NA_character_, destination = i$regions[a$importer], value = a$values[, 1]),
        data.frame(origin = rep(i$regions[s], sum(keep)), measure = rep("crossing", sum(keep)),
                   route = i$regions[x$exporter[keep]], route_kind = kx, route_sector = i$sectors[x$sector[keep]],
                   destination = i$regions[x$importer[keep]], value = x$values[keep, 1]))
}

# ---- scenarios --------------------------------------------------------------------------------------------------

#' Reads a scenario file (YAML, docs/SCENARIOS.md): its name, description, base schedule and measures (one row
#' each, in the order they apply). Errors name the file, line and column.
ts_scenario <- function(path) {
  r <- .ts_check(.Call(C_ts_r_scenario, path.expand(path)))
  structure(list(path = normalizePath(path), name = r$name, description = r$description, base = r$base,
                 measures = as.data.frame(r$measures, stringsAsFactors = FALSE)),
            class = "tariffscope_scenario")
}

print.tariffscope_scenario <- function(x, ...) {
  cat(sprintf("tariffscope scenario %s (%s): %d measures\n", x$name, x$path, nrow(x$measures)))
  invisible(x)
}

.ts_scenario_path <- function(s) {
  if (inherits(s, "tariffscope_scenario")) return(s$path)
  if (!is.character(s) || length(s) != 1) stop("scenario must be a path or a ts_scenario()", call. = FALSE)
  path.expand(s)
}

#' What a table needs to turn scenarios into its tariffs, found as the command finds them (shock, solve, report):
#' the arguments, else the files the table names in its meta.json, else the project's WIOD-code defaults, then the
#' scenarios' own base schedules; the 2024 US customs lines of the shared data when present and the table has the
#' US. groups: files of region groups beside the project's data/groups.csv.
ts_sources <- function(t, scenarios = character(), base = NULL, imports = NULL, no_imports = FALSE,
                       concordance = NULL, hs_concordance = NULL, theta = NULL, countries = NULL, members = NULL,
                       hs2 = NULL, hs_weights = NULL, groups = NULL) {
  given <- list(aggregation = concordance, hs_concordance = hs_concordance, theta = theta, base = base,
                imports = imports, countries = countries, members = members, hs2 = hs2, hs_weights = hs_weights,
                no_imports = if (isTRUE(no_imports)) "yes")
  given <- given[!vapply(given, is.null, TRUE)]
  paths <- vapply(if (is.list(scenarios) && !inherits(scenarios, "tariffscope_scenario")) scenarios else
                    if (inherits(scenarios, "tariffscope_scenario")) list(scenarios) else as.list(scenarios),
                  .ts_scenario_path, "")
  d <- Sys.getenv("TARIFFSCOPE_DATA")
  # the library finds them (tsc_sources_find), as the command and the Python package do
  r <- .ts_check(.Call(C_ts_r_sources, .ts_ptr(t), paths, if (nzchar(d)) d else .Call(C_ts_r_data_dir),
                       .ts_shared(""), given))
  if (isTRUE(r$lines_absent) && is.null(hs_weights))
    warning(sprintf(paste("the 2024 US customs lines (%s) are absent: US measures on HS lines reach no cell;",
                          "give imports or hs_weights (or no_imports = TRUE to say so)"),
                    .ts_shared("data/us-tariffs-2025/hs10-imports-2024")), call. = FALSE)
  r$lines_absent <- NULL
  g <- .ts_data("groups.csv")
  r$groups <- c(if (file.exists(g)) g, groups)
  r
}

#' What each measure of a scenario reaches on a table (`tariffscope scenario check`), counted by the code that
#' applies it: one row per measure and a last row "total", with the columns of the command's CSV (customs lines of
#' the lines' importer: cells, lines, value in USD and the import-weighted rate before and after the measure; the
#' other cells: cells, rows of import weights, the table's imports and the rates). t: default data/world2024.
ts_scenario_check <- function(scenario, t = NULL, date = NULL, ...) {
  if (is.null(t)) t <- ts_load(.ts_data("world2024"), rebalance = FALSE)
  path <- .ts_scenario_path(scenario)
  src <- ts_sources(t, path, ...)
  src$date <- date
  r <- .ts_check(.Call(C_ts_r_check, .ts_ptr(t), path, src))
  sc <- ts_scenario(path)
  m <- sc$measures
  st <- cbind(r$stats, r$total)
  # a weighted mean rate, NA where nothing of weight was reached (the command leaves the field empty)
  per <- function(num, den) ifelse(st[den, ] > 0, st[num, ] / st[den, ], NA_real_)
  nm <- nrow(m)
  nothing <- c(as.integer(r$in_force == 1L & !(r$stats[3, ] > 0) & !(r$stats[8, ] > 0)), 0L)
  txt <- function(x) c(x, NA)
  df <- data.frame(measure = c(as.character(seq_len(nm)), "total"), in_force = c(r$in_force, 1L),
                   reaches_nothing = nothing, line_cells = st[1, ], lines = st[2, ], line_value_usd = st[3, ],
                   line_rate_before_pct = per(4, 3), line_rate_after_pct = per(5, 3), cells = st[6, ],
                   cell_rows = st[7, ], cell_imports = st[8, ], cell_rate_before_pct = per(9, 8),
                   cell_rate_after_pct = per(10, 8), file = txt(m$file), line = c(m$line, NA), op = txt(m$op),
                   value = c(m$value, NA), importer = txt(m$importer), exporter = txt(m$exporter),
                   sectors = txt(m$sectors), except = txt(m$except), note = txt(m$note))
  attr(df, "date") <- r$date
  attr(df, "customs_importer") <- r$importer
  attr(df, "notes") <- r$notes
  df
}

# ---- first order ------------------------------------------------------------------------------------------------

#' First-order effects of a tariff scenario (`tariffscope shock`): a list of data frames prices (region, sector,
#' price_change_pct), consumer_prices (region, cpi_change_pct), revenue (importer, tariff_revenue) and burden
#' (origin, importer, route, sector, burden; non-zero rows), and the notes on how the scenario reached the table.
#' ... goes to ts_sources (base, imports, groups, ...).
ts_shock <- function(t, scenario, date = NULL, ...) {
  path <- .ts_scenario_path(scenario)
  src <- ts_sources(t, path, ...)
  src$date <- date
  r <- .ts_check(.Call(C_ts_r_shock, .ts_ptr(t), path, src))
  G <- length(r$regions)
  N <- length(r$sectors)
  b <- r$burden
  nz <- which(b != 0) - 1
  burden <- data.frame(origin = r$regions[nz %/% (G * G * N) + 1], importer = r$regions[(nz %/% (G * N)) %% G + 1],
                       route = r$regions[(nz %/% N) %% G + 1], sector = r$sectors[nz %% N + 1], burden = b[nz + 1])
  list(prices = data.frame(region = rep(r$regions, each = N), sector = rep(r$sectors, times = G),
                           price_change_pct = r$price_change),
       consumer_prices = data.frame(region = r$regions, cpi_change_pct = r$cpi_change),
       revenue = data.frame(importer = r$regions, tariff_revenue = r$revenue, tariff_revenue_base = r$revenue_base),
       burden = burden, scenario = r$scenario, date = r$date, residual = r$residual, notes = r$notes)
}

# ---- general equilibrium ----------------------------------------------------------------------------------------

#' A tariff scenario in the Caliendo-Parro (2015) model (`tariffscope solve`): data frames regions (the columns of
#' regions.csv), region_sectors and bilateral (non-zero rows), with iterations and residual. t: a table, or the
#' path of the Caliendo-Parro (2015) data folder (as the command's TABLE argument). baseline: zero-deficit
#' or observed; method: newton or fixed-point; theta: elasticities CSV (default: the table's or the project's).
#' draws > 0 solves it again for that many draws of the elasticities (seed, theta_se: the relative standard error
#' of an elasticity with none published, threads) and adds the data frame uncertainty (uncertainty.csv's columns).
ts_solve <- function(t, scenario, baseline = "zero-deficit", method = "newton", tol = NULL, max_iter = NULL,
                     date = NULL, draws = 0, seed = 0, theta_se = NULL, threads = 0, ...) {
  bl <- .ts_choice(baseline, c("zero-deficit", "observed"), "baseline")
  me <- .ts_choice(method, c("newton", "fixed-point"), "method")
  path <- .ts_scenario_path(scenario)
  if (is.character(t)) {
    # the Caliendo-Parro data folder: its own elasticities unless theta says, its 1993 rates unless the scenario
    # or base names a base schedule
    a <- list(...)
    unknown <- setdiff(names(a), c("theta", "base", "groups", "hs_weights"))
    if (length(unknown)) stop("on the Caliendo-Parro data, ts_solve takes theta, base, groups and hs_weights, not ",
                              paste(unknown, collapse = ", "), call. = FALSE)
    g <- .ts_data("groups.csv")
    src <- list(theta = a$theta, bases = a$base, hs_weights = a$hs_weights,
                groups = c(if (file.exists(g)) g, a$groups))
    p <- path.expand(t)
  } else {
    src <- ts_sources(t, path, ...)
    p <- .ts_ptr(t)
  }
  src$date <- date
  r <- .ts_check(.Call(C_ts_r_solve, p, path, src, me, bl,
                       if (is.null(tol)) NA_real_ else as.double(tol),
                       if (is.null(max_iter)) NA_real_ else as.double(max_iter),
                       list(as.double(draws), as.double(seed), if (is.null(theta_se)) NA_real_ else as.double(theta_se),
                            as.double(threads))))
  G <- length(r$regions)
  N <- length(r$sectors)
  m <- r$measures
  regions <- data.frame(region = r$regions, welfare_cp_pct = m[1, ], terms_of_trade_pct = m[2, ],
                        volume_of_trade_pct = m[3, ], real_wage_pct = m[4, ], real_income_pct = m[5, ],
                        w_hat = m[6, ], price_index_hat = m[7, ], exports_pct = m[8, ])
  y0 <- r$output_base
  y1 <- r$output_new
  rs <- data.frame(region = rep(r$regions, each = N), sector = rep(r$sectors, times = G), c_hat = r$c_hat,
                   P_hat = r$P_hat, gross_output_change_pct = ifelse(y0 > 0, 100 * (y1 / y0 - 1), 0),
                   gross_output_base = y0, gross_output_new = y1)
  keep <- which(!(r$flows_base == 0 & r$flows_new == 0)) - 1
  bil <- data.frame(importer = r$regions[keep %/% (G * N) + 1], exporter = r$regions[(keep %/% N) %% G + 1],
                    sector = r$sectors[keep %% N + 1], flow_base = r$flows_base[keep + 1],
                    flow_new = r$flows_new[keep + 1], tariff_base_pct = 100 * r$tariff_base[keep + 1],
                    tariff_new_pct = 100 * r$tariff_new[keep + 1])
  if (r$clipped > 0)
    warning(sprintf("%d cells clipped to zero deriving the model data", as.integer(r$clipped)), call. = FALSE)
  res <- list(regions = regions, region_sectors = rs, bilateral = bil, scenario = r$scenario,
              iterations = r$iterations, residual = r$residual, notes = r$notes)
  if (!is.null(r$draws)) {
    d <- r$draws
    M <- length(r$measure_names)
    if (d$not_converged)
      warning(sprintf("%d of %d elasticity draws did not converge (left out of the percentiles)",
                      as.integer(d$failed), as.integer(d$draws)), call. = FALSE)
    res$uncertainty <- data.frame(region = rep(r$regions, each = M), measure = rep(r$measure_names, times = G),
                                  point = d$point, p05 = d$p05, p50 = d$p50, p95 = d$p95, mean = d$mean,
                                  draws = as.integer(d$draws), failed = as.integer(d$failed))
  }
  res
}

# ---- effective rates ----------------------------------------------------------------------------------------------

#' A scenario's effective US tariff rate by partner over the 2024 customs lines (`tariffscope tariffs effective`):
#' partner, effective_rate_pct, base_rate_pct, imports_usd (and, with lines = TRUE, every line's rates as the
#' attribute "lines"). base: applied (each line's 2024 rate) or zero.
ts_tariffs_effective <- function(scenario, date = NULL, base = "applied", importer = NULL, imports = NULL,
                                 hs_concordance = NULL, countries = NULL, groups = NULL, lines = FALSE) {
  b <- .ts_choice(base, c("applied", "zero"), "base")
  g <- .ts_data("groups.csv")
  args <- list(scenario = .ts_scenario_path(scenario),
               imports = if (!is.null(imports)) imports else .ts_shared("data/us-tariffs-2025/hs10-imports-2024"),
               hs_concordance = if (!is.null(hs_concordance)) hs_concordance
                                else .ts_data("concordance/hs2017_wiod.csv"),
               date = date, importer = importer, countries = countries)
  r <- .ts_check(.Call(C_ts_r_effective, args, c(if (file.exists(g)) g, groups), b, lines))
  df <- data.frame(partner = r$partner, effective_rate_pct = r$effective_rate_pct, base_rate_pct = r$base_rate_pct,
                   imports_usd = r$imports_usd)
  attr(df, "date") <- r$date
  attr(df, "scenario") <- r$scenario
  if (lines) {
    l <- r$lines
    attr(df, "lines") <- data.frame(partner = r$partner[l$partner], hs = l$hs, value = l$value,
                                    base_pct = l$base_pct, rate_pct = l$rate_pct)
  }
  df
}

# ---- the report -------------------------------------------------------------------------------------------------

.ts_shipped <- c("us-2025-04-reciprocal.yaml" = "April 2025 reciprocal", "us-china-geneva.yaml" = "Geneva (May 2025)",
                 "us-2025-08-deals.yaml" = "August 2025 deals", "cjk-fta.yaml" = "China-Japan-Korea FTA",
                 "us-2025-08-deals-cjk.yaml" = "Deals + CJK FTA")

#' The focus-country report (`tariffscope report`) on table t (default: data/world2024): a list of data frames
#' scenarios (as scenarios.csv), ge (as ge.csv), burden (by route), prices, tariffs_dest (the destination's
#' tariffs by exporter), va_routes and trade (the focus's exports), in the table's unit. scenarios: files (names are their labels; default: the shipped five); out: also
#' write index.html and the CSVs there. draws: elasticity draws for the 90% bands (0: none).
ts_report <- function(t = NULL, focus = "JPN", destination = "USA", scenarios = NULL, compare = NULL,
                      baseline = "observed", draws = 200, seed = 0, theta_se = 0.25, threads = 0, out = NULL,
                      article_sectors = NULL, ...) {
  if (is.null(t)) t <- ts_load(.ts_data("world2024"), rebalance = FALSE)
  bl <- .ts_choice(baseline, c("zero-deficit", "observed"), "baseline")
  if (is.null(scenarios)) {
    scenarios <- setNames(file.path(dirname(.ts_data("")), "scenarios", names(.ts_shipped)), .ts_shipped)
  }
  paths <- vapply(scenarios, .ts_scenario_path, "", USE.NAMES = FALSE)
  labels <- if (is.null(names(scenarios))) rep("", length(paths)) else names(scenarios)
  if (is.null(article_sectors)) {
    a <- file.path(t$path, "derivation", "article_sectors.csv")
    if (file.exists(a)) article_sectors <- a
  }
  o <- list(focus = focus, destination = destination, scenarios = paths, labels = labels, compare = compare,
            baseline = bl, theta_draws = draws, seed = seed, theta_se = theta_se, threads = threads,
            article_sectors = article_sectors, table_path = t$path, out = out)
  src <- ts_sources(t, ...)
  r <- .ts_check(.Call(C_ts_r_report, .ts_ptr(t), o, src))
  .ts_report_frames(r)
}

.ts_report_frames <- function(r) {
  reg <- r$regions
  G <- length(reg)
  f <- r$focus
  cmp <- seq_len(G) %in% r$compare
  kind <- ifelse(seq_len(G) == f, "direct", ifelse(seq_len(G) == r$destination, "at_destination", "via_third"))
  sc <- r$scenarios
  band <- function(x, k) if (is.null(x[[k]])) rep(NA_real_, G) else x[[k]]
  scen <- do.call(rbind, lapply(sc, function(x)
    data.frame(scenario = x$name, label = x$label, date = x$date, description = x$description,
               burden = x$burden_total, burden_direct = x$burden_route[f], dest_revenue_change = x$revenue_change,
               focus_to_dest_pct = x$focus_to_dest_pct, ge_iterations = x$ge_iterations, ge_residual = x$ge_residual)))
  ge <- do.call(rbind, lapply(sc, function(x)
    data.frame(scenario = x$name, region = reg, compared = cmp, welfare_pct = x$welfare_pct,
               welfare_cp_pct = x$welfare_cp_pct, real_wage_pct = x$real_wage_pct, exports_pct = x$exports_pct,
               price_index_pct = x$price_index_pct, welfare_p05 = band(x, "welfare_p05"),
               welfare_p95 = band(x, "welfare_p95"), real_wage_p05 = band(x, "real_wage_p05"),
               real_wage_p95 = band(x, "real_wage_p95"), exports_p05 = band(x, "exports_p05"),
               exports_p95 = band(x, "exports_p95"))))
  burden <- do.call(rbind, lapply(sc, function(x)
    data.frame(scenario = x$name, origin = reg[f], route = reg, route_kind = kind, burden = x$burden_route,
               share_pct = if (x$burden_total != 0) 100 * x$burden_route / x$burden_total else 0)))
  prices <- do.call(rbind, lapply(sc, function(x)
    data.frame(scenario = x$name, region = reg, compared = cmp, cpi_first_order_pct = x$cpi_pct,
               price_index_ge_pct = x$price_index_pct)))
  others <- seq_len(G) != r$destination
  tariffs_dest <- do.call(rbind, lapply(sc, function(x)
    data.frame(scenario = x$name, importer = reg[r$destination], exporter = reg[others], compared = cmp[others],
               base_pct = x$dest_base_pct[others], rate_pct = x$dest_rate_pct[others])))
  list(scenarios = scen, ge = ge, burden = burden, prices = prices, tariffs_dest = tariffs_dest,
       va_routes = data.frame(origin = reg[f], destination = reg[r$destination], route = reg, route_kind = kind,
                              va = r$va_route, share_pct = if (r$va_total != 0) 100 * r$va_route / r$va_total else 0),
       trade = data.frame(region = reg[f], partner = reg, exports = r$exports),
       focus = reg[f], destination = reg[r$destination], unit = r$unit, va_total = r$va_total,
       va_gross_exports = r$va_gross_exports, theta = setNames(r$theta, r$sectors), theta_draws = r$theta_draws,
       tariff_note = r$tariff_note, base_note = r$base_note, seconds = r$seconds_total)
}
