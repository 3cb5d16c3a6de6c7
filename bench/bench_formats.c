/* Benchmark of the database readers: each layout written at its database's real size (generated numbers, the files'
 * real shapes), loaded by tsc_table_load as distributed (zip archives read as they are), then saved to the binary
 * cache and reloaded from it. Prints a markdown section for bench/RESULTS.md.
 *   bench_formats [--small] [--only NAME] [--keep DIR] [--threads N]
 *     --small      a quarter of the regions (a quick run)
 *     --only NAME  one layout (oecd, exiobase, eora, gloria, figaro, figaro-flat, wiod2016, adb, adb-csv)
 *     --keep DIR   write the files into DIR and leave them there (default: a temporary folder, removed after)
 *     --threads N  load on N threads (TSC_THREADS; default: every core)
 * The ADB workbook and the zip archives are written by python3 (tests/cli/iosheet_write.py, zipfile); the rest here. */
#define BENCH_NAME "bench_formats"
#include "bench_common.h"

#include <sys/stat.h>
#include <zip.h>

#include "tariffscope/numfmt.h"
#include "tariffscope/table.h"

#ifndef TSC_SOURCE_DIR
#define TSC_SOURCE_DIR "."
#endif

/* ---- a synthetic table, its values drawn on demand ---------------------------------------------------------------
 * Values are whole cents (a number such as 1234.56, as the databases print theirs), so that sums are exact and the
 * files balance to the last digit: x = Z1 + Y1 and va = x - 1'Z, computed in cents. A share `zeros` of Z is 0. */
typedef struct syn {
    size_t G, N, F, n, ny;
    double zeros;
    long long *x, *zcol; /* cents: gross output, column sums of Z */
} syn;

static inline uint64_t mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static inline long long zc(const syn *s, size_t i, size_t j)
{
    uint64_t h = mix(((uint64_t)i << 32) ^ (uint64_t)j ^ 0x5bd1e995u);
    if ((double)(h >> 11) * 0x1.0p-53 < s->zeros) return 0;
    return 1 + (long long)(h % 100000); /* 0.01 ... 1000.00 */
}

static inline long long yc(const syn *s, size_t i, size_t c)
{
    (void)s;
    return 100 + (long long)(mix(((uint64_t)i << 32) ^ (uint64_t)c ^ 0x27d4eb2du) % 1000000);
}

static void syn_init(syn *s, size_t G, size_t N, size_t F, double zeros)
{
    s->G = G;
    s->N = N;
    s->F = F;
    s->n = G * N;
    s->ny = G * F;
    s->zeros = zeros;
    s->x = xmalloc(s->n, sizeof *s->x);
    s->zcol = xmalloc(s->n, sizeof *s->zcol);
    for (size_t i = 0; i < s->n; i++) {
        long long r = 0;
        for (size_t j = 0; j < s->n; j++) {
            long long v = zc(s, i, j);
            r += v;
            s->zcol[j] += v;
        }
        for (size_t c = 0; c < s->ny; c++) r += yc(s, i, c);
        s->x[i] = r;
    }
}

static void syn_free(syn *s)
{
    free(s->x);
    free(s->zcol);
}

/* Cents as decimal text ("1234.56", "0" for zero, "-3.5" ...) into b; returns the length. */
static size_t cents(long long v, char *b)
{
    if (v == 0) {
        b[0] = '0';
        return 1;
    }
    char t[32];
    size_t n = 0, k = 0;
    int neg = v < 0;
    unsigned long long u = neg ? (unsigned long long)(-v) : (unsigned long long)v;
    unsigned long long whole = u / 100, frac = u % 100;
    if (frac) {
        if (frac % 10) t[n++] = (char)('0' + frac % 10);
        t[n++] = (char)('0' + frac / 10);
        t[n++] = '.';
    }
    do {
        t[n++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    if (neg) b[k++] = '-';
    while (n) b[k++] = t[--n];
    return k;
}

/* ---- buffered output ---- */

typedef struct out {
    FILE *f;
    char *path;
} out;

static out out_open(const char *dir, const char *name)
{
    out o;
    size_t len = strlen(dir) + strlen(name) + 2;
    o.path = xmalloc(len, 1);
    snprintf(o.path, len, "%s/%s", dir, name);
    if (!(o.f = fopen(o.path, "w"))) die(o.path, NULL);
    setvbuf(o.f, NULL, _IOFBF, 1 << 20);
    return o;
}

static void out_close(out *o)
{
    if (fclose(o->f) != 0) die(o->path, NULL);
    free(o->path);
}

static inline void put(out *o, const char *s)
{
    fputs(s, o->f);
}

static inline void putc_(out *o, char c)
{
    putc(c, o->f);
}

static inline void put_cents(out *o, long long v)
{
    char b[32];
    fwrite(b, 1, cents(v, b), o->f);
}

static inline void put_double(out *o, double v)
{
    char b[TSC_DTOA_SIZE];
    fwrite(b, 1, tsc_dtoa17(v, b), o->f);
}

static void mkdirs(const char *dir)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    if (system(cmd) != 0) die(dir, NULL);
}

static void run(const char *cmd)
{
    if (system(cmd) != 0) {
        fprintf(stderr, "%s: failed: %s\n", progname, cmd);
        exit(1);
    }
}

/* The region and sector codes of the layouts: R0000-like names of the width a database uses. */
static void code(char *b, size_t size, const char *prefix, size_t k, int width)
{
    if (snprintf(b, size, "%s%0*zu", prefix, width, k) >= (int)size) die("a code too long", NULL);
}

/* ---- the layouts ---- */

static const char *const oecd_fd[] = {"HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"};

/* OECD ICIO 2023: V1 corner, CCC_SECTOR labels, final demand, OUT; rows TLS (zero), VA, OUT. */
static void write_oecd(const syn *s, const char *dir, char *file, size_t fsize)
{
    out o = out_open(dir, "ICIO2023_2020.csv");
    snprintf(file, fsize, "%s", o.path);
    char r[16], c[16];
    put(&o, "V1");
    for (size_t j = 0; j < s->n; j++) {
        code(r, sizeof r, "A", j / s->N, 2);
        code(c, sizeof c, "S", j % s->N, 2);
        fprintf(o.f, ",%s_%s", r, c);
    }
    for (size_t k = 0; k < s->ny; k++) {
        code(r, sizeof r, "A", k / s->F, 2);
        fprintf(o.f, ",%s_%s", r, oecd_fd[k % s->F]);
    }
    put(&o, ",OUT\n");
    for (size_t i = 0; i < s->n; i++) {
        code(r, sizeof r, "A", i / s->N, 2);
        code(c, sizeof c, "S", i % s->N, 2);
        fprintf(o.f, "%s_%s", r, c);
        for (size_t j = 0; j < s->n; j++) putc_(&o, ','), put_cents(&o, zc(s, i, j));
        for (size_t k = 0; k < s->ny; k++) putc_(&o, ','), put_cents(&o, yc(s, i, k));
        putc_(&o, ',');
        put_cents(&o, s->x[i]);
        putc_(&o, '\n');
    }
    for (int row = 0; row < 3; row++) {
        put(&o, row == 0 ? "TLS" : row == 1 ? "VA" : "OUT");
        for (size_t j = 0; j < s->n; j++)
            putc_(&o, ','), put_cents(&o, row == 0 ? 0 : row == 1 ? s->x[j] - s->zcol[j] : s->x[j]);
        for (size_t k = 0; k <= s->ny; k++) put(&o, ",0");
        putc_(&o, '\n');
    }
    out_close(&o);
}

/* pymrio's header lines: region, then sector or category, then the index names. */
static void pymrio_head(out *o, const syn *s, int fd)
{
    char b[16];
    put(o, "region\t");
    for (size_t j = 0; j < (fd ? s->ny : s->n); j++)
        code(b, sizeof b, "R", j / (fd ? s->F : s->N), 2), fprintf(o->f, "\t%s", b);
    put(o, fd ? "\ncategory\t" : "\nsector\t");
    for (size_t j = 0; j < (fd ? s->ny : s->n); j++) {
        if (fd) fprintf(o->f, "\tC%zu", j % s->F);
        else code(b, sizeof b, "P", j % s->N, 3), fprintf(o->f, "\t%s", b);
    }
    put(o, "\nregion\tsector");
    for (size_t j = 0; j < (fd ? s->ny : s->n); j++) putc_(o, '\t');
    putc_(o, '\n');
}

static void pymrio_label(out *o, const syn *s, size_t i)
{
    char r[16], p[16];
    code(r, sizeof r, "R", i / s->N, 2);
    code(p, sizeof p, "P", i % s->N, 3);
    fprintf(o->f, "%s\t%s", r, p);
}

/* EXIOBASE 3 as distributed: IOT_2020_pxp.zip holding IOT_2020_pxp/ with A.txt (coefficients to 17 digits, as pandas
 * writes them), Y.txt, x.txt, unit.txt and file_parameters.json. */
static void write_exiobase(const syn *s, const char *dir, char *file, size_t fsize)
{
    char sub[1200];
    snprintf(sub, sizeof sub, "%s/IOT_2020_pxp", dir);
    mkdirs(sub);
    out a = out_open(sub, "A.txt"), y = out_open(sub, "Y.txt"), x = out_open(sub, "x.txt"),
        u = out_open(sub, "unit.txt");
    pymrio_head(&a, s, 0);
    pymrio_head(&y, s, 1);
    put(&x, "region\tsector\tindout\n");
    put(&u, "region\tsector\tunit\n");
    for (size_t i = 0; i < s->n; i++) {
        pymrio_label(&a, s, i);
        for (size_t j = 0; j < s->n; j++) {
            long long v = zc(s, i, j);
            putc_(&a, '\t');
            if (v) put_double(&a, ((double)v / 100.0) / ((double)s->x[j] / 100.0));
            else putc_(&a, '0');
        }
        putc_(&a, '\n');
        pymrio_label(&y, s, i);
        for (size_t k = 0; k < s->ny; k++) putc_(&y, '\t'), put_cents(&y, yc(s, i, k));
        putc_(&y, '\n');
        pymrio_label(&x, s, i);
        putc_(&x, '\t');
        put_cents(&x, s->x[i]);
        putc_(&x, '\n');
        pymrio_label(&u, s, i);
        put(&u, "\tM.EUR\n");
    }
    out_close(&a);
    out_close(&y);
    out_close(&x);
    out_close(&u);
    out p = out_open(sub, "file_parameters.json");
    put(&p,
        "{\"files\": {\"A\": {\"name\": \"A.txt\", \"nr_index_col\": \"2\", \"nr_header\": \"2\"}, \"Y\": {\"name\": "
        "\"Y.txt\", \"nr_index_col\": \"2\", \"nr_header\": \"2\"}, \"x\": {\"name\": \"x.txt\", \"nr_index_col\": "
        "\"2\", \"nr_header\": \"1\"}, \"unit\": {\"name\": \"unit.txt\", \"nr_index_col\": \"2\", \"nr_header\": "
        "\"1\"}}, \"systemtype\": \"IOSystem\", \"name\": \"IO\"}\n");
    out_close(&p);
    char cmd[4000];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && python3 -c \"import os, zipfile\n"
             "with zipfile.ZipFile('IOT_2020_pxp.zip', 'w', zipfile.ZIP_DEFLATED, compresslevel=1) as z:\n"
             "    for f in sorted(os.listdir('IOT_2020_pxp')): z.write('IOT_2020_pxp/' + f)\" && rm -rf IOT_2020_pxp",
             dir);
    run(cmd);
    snprintf(file, fsize, "%s/IOT_2020_pxp.zip", dir);
}

/* Eora26: T, FD and VA tab-separated without header, VA in six rows (va in the second), and the label files. */
static void write_eora(const syn *s, const char *dir, char *file, size_t fsize)
{
    out t = out_open(dir, "Eora26_2020_bp_T.txt"), fd = out_open(dir, "Eora26_2020_bp_FD.txt"),
        va = out_open(dir, "Eora26_2020_bp_VA.txt");
    snprintf(file, fsize, "%s", dir);
    for (size_t i = 0; i < s->n; i++) {
        for (size_t j = 0; j < s->n; j++) {
            if (j) putc_(&t, '\t');
            put_cents(&t, zc(s, i, j));
        }
        putc_(&t, '\n');
        for (size_t k = 0; k < s->ny; k++) {
            if (k) putc_(&fd, '\t');
            put_cents(&fd, yc(s, i, k));
        }
        putc_(&fd, '\n');
    }
    for (int row = 0; row < 6; row++) {
        for (size_t j = 0; j < s->n; j++) {
            if (j) putc_(&va, '\t');
            put_cents(&va, row == 1 ? s->x[j] - s->zcol[j] : 0);
        }
        putc_(&va, '\n');
    }
    out_close(&t);
    out_close(&fd);
    out_close(&va);
    out lt = out_open(dir, "labels_T.txt"), lf = out_open(dir, "labels_FD.txt"), lv = out_open(dir, "labels_VA.txt");
    char r[16], p[16];
    for (size_t i = 0; i < s->n; i++) {
        code(r, sizeof r, "E", i / s->N, 3);
        code(p, sizeof p, "Sector ", i % s->N, 2);
        fprintf(lt.f, "Country %s\t%s\tIndustries\t%s\n", r, r, p);
    }
    for (size_t k = 0; k < s->ny; k++) {
        code(r, sizeof r, "E", k / s->F, 3);
        fprintf(lf.f, "Country %s\t%s\tFinal Demand\tCategory %zu\n", r, r, k % s->F);
    }
    for (int row = 0; row < 6; row++) fprintf(lv.f, "Primary Inputs\tInput %d\n", row);
    out_close(&lt);
    out_close(&lf);
    out_close(&lv);
}

static void gloria_name(char *b, size_t size, char kind)
{
    snprintf(b, size, "20230314_120secMother_AllCountries_002_%c-Results_2020_059_Markup001(full).csv", kind);
}

/* GLORIA: per region N industry rows (the supply: industry k makes product k, all of q_k) and N product rows (the
 * use: Z's row of industry k, a share `zeros` empty), T without header; Y (product rows), V (K = 6 rows per region,
 * value added in the first) and the ReadMe workbook (written by python3). Model D then gives Z back. */
static void write_gloria(const syn *s, const char *dir, char *file, size_t fsize)
{
    char sub[1200];
    snprintf(sub, sizeof sub, "%s/GLORIA_MRIOs_59_2020", dir);
    mkdirs(sub);
    snprintf(file, fsize, "%s", sub);
    char name[200];
    size_t M = 2 * s->N, W = s->G * M;
    /* a line of W zeros, comma-separated, to copy from */
    char *zeros = xmalloc(2 * W + 1, 1);
    for (size_t k = 0; k < W; k++) zeros[2 * k] = '0', zeros[2 * k + 1] = ',';
    gloria_name(name, sizeof name, 'T');
    out t = out_open(sub, name);
    for (size_t r = 0; r < s->G; r++) {
        for (size_t k = 0; k < s->N; k++) { /* industry row: its own product's column */
            size_t at = r * M + s->N + k;
            fwrite(zeros, 1, 2 * at, t.f);
            put_cents(&t, s->x[r * s->N + k]);
            if (at + 1 < W) fwrite(zeros + 1, 1, 2 * (W - at - 1), t.f);
            putc_(&t, '\n');
        }
        for (size_t p = 0; p < s->N; p++) { /* product row: the use by every industry */
            size_t i = r * s->N + p;
            for (size_t q = 0; q < s->G; q++) {
                for (size_t j = 0; j < s->N; j++) {
                    put_cents(&t, zc(s, i, q * s->N + j));
                    putc_(&t, ',');
                }
                fwrite(zeros, 1, 2 * s->N - (q + 1 == s->G), t.f);
            }
            putc_(&t, '\n');
        }
    }
    out_close(&t);
    gloria_name(name, sizeof name, 'Y');
    out y = out_open(sub, name);
    for (size_t r = 0; r < s->G; r++) {
        for (size_t k = 0; k < s->N; k++) fwrite(zeros, 1, 2 * s->ny - 1, y.f), putc_(&y, '\n');
        for (size_t p = 0; p < s->N; p++) {
            for (size_t c = 0; c < s->ny; c++) {
                if (c) putc_(&y, ',');
                put_cents(&y, yc(s, r * s->N + p, c));
            }
            putc_(&y, '\n');
        }
    }
    out_close(&y);
    gloria_name(name, sizeof name, 'V');
    out v = out_open(sub, name);
    for (size_t r = 0; r < s->G; r++)
        for (int row = 0; row < 6; row++) {
            if (row) fwrite(zeros, 1, 2 * W - 1, v.f);
            else
                for (size_t q = 0; q < s->G; q++) {
                    for (size_t j = 0; j < s->N; j++) {
                        size_t jj = q * s->N + j;
                        put_cents(&v, q == r ? s->x[jj] - s->zcol[jj] : 0);
                        putc_(&v, ',');
                    }
                    fwrite(zeros, 1, 2 * s->N - (q + 1 == s->G), v.f);
                }
            putc_(&v, '\n');
        }
    out_close(&v);
    free(zeros);
    char cmd[6000];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && python3 - %zu %zu <<'EOF'\n"
             "import sys, zipfile\n"
             "G, N = int(sys.argv[1]), int(sys.argv[2])\n"
             "ns = 'http://schemas.openxmlformats.org/'\n"
             "def sheet(rows):\n"
             "    out = []\n"
             "    for i, row in enumerate(rows):\n"
             "        cells = ''.join(f'<c r=\"{chr(65 + j)}{i + 1}\" t=\"inlineStr\"><is><t>{v}</t></is></c>' if "
             "isinstance(v, str) else f'<c r=\"{chr(65 + j)}{i + 1}\"><v>{v}</v></c>' for j, v in enumerate(row))\n"
             "        out.append(f'<row r=\"{i + 1}\">{cells}</row>')\n"
             "    return f'<?xml version=\"1.0\"?><worksheet xmlns=\"{ns}spreadsheetml/2006/main\"><sheetData>' + "
             "''.join(out) + '</sheetData></worksheet>'\n"
             "fd = ['Household final consumption P.3h', 'Non-profit institutions serving households P.3n', "
             "'Government final consumption P.3g', 'Gross fixed capital formation P.51', 'Changes in inventories "
             "P.52', 'Acquisitions less disposals of valuables P.53']\n"
             "sheets = [('Regions', [['Lfd_Nr', 'Region_acronyms', 'Region_names']] + [[k + 1, f'G{k:03d}', "
             "f'Region {k}'] for k in range(G)]),\n"
             "          ('Sectors', [['Lfd_Nr', 'Sector_names']] + [[k + 1, f'Sector {k:03d}'] for k in range(N)]),\n"
             "          ('Value added and final demand', [['Lfd_Nr', 'Value_added_names', 'Final_demand_names']] + "
             "[[k + 1, f'Value added item {k}', fd[k]] for k in range(6)]),\n"
             "          ('Satellites', [['Lfd_Nr', 'Sat_head_indicator', 'Sat_indicator', 'Sat_unit'], [1, 'Energy', "
             "'coal', 'TJ']])]\n"
             "with zipfile.ZipFile('GLORIA_ReadMe_059.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:\n"
             "    z.writestr('[Content_Types].xml', f'<?xml version=\"1.0\"?><Types "
             "xmlns=\"{ns}package/2006/content-types\"/>')\n"
             "    z.writestr('xl/workbook.xml', f'<?xml version=\"1.0\"?><workbook "
             "xmlns=\"{ns}spreadsheetml/2006/main\" xmlns:r=\"{ns}officeDocument/2006/relationships\"><sheets>' + "
             "''.join(f'<sheet name=\"{n}\" sheetId=\"{k + 1}\" r:id=\"rId{k + 1}\"/>' for k, (n, _) in "
             "enumerate(sheets)) + '</sheets></workbook>')\n"
             "    z.writestr('xl/_rels/workbook.xml.rels', f'<?xml version=\"1.0\"?><Relationships "
             "xmlns=\"{ns}package/2006/relationships\">' + ''.join(f'<Relationship Id=\"rId{k + 1}\" "
             "Type=\"{ns}officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{k + 1}.xml\"/>' for "
             "k in range(len(sheets))) + '</Relationships>')\n"
             "    for k, (_, rows) in enumerate(sheets):\n"
             "        z.writestr(f'xl/worksheets/sheet{k + 1}.xml', sheet(rows))\n"
             "EOF\n",
             dir, s->G, s->N);
    run(cmd);
}

static const char *const figaro_fd[] = {"P3_S13", "P3_S14", "P3_S15", "P51G", "P5M"};
static const char *const figaro_va[] = {"D21X31", "OP_RES", "OP_NRES", "D1", "D29X39", "B2A3G"};

static void figaro_codes(const syn *s, size_t i, char *r, char *c)
{
    code(r, 16, "Q", i / s->N, 2);
    code(c, 16, "N", i % s->N, 2);
}

/* FIGARO's CSV matrix: rowLabels, CC_CODE columns and final demand; rows W2_... (value added in W2_B2A3G). */
static void write_figaro(const syn *s, const char *dir, char *file, size_t fsize)
{
    out o = out_open(dir, "matrix_eu-ic-io_ind-by-ind_23ed_2020.csv");
    snprintf(file, fsize, "%s", o.path);
    char r[16], c[16];
    put(&o, "rowLabels");
    for (size_t j = 0; j < s->n; j++) figaro_codes(s, j, r, c), fprintf(o.f, ",%s_%s", r, c);
    for (size_t k = 0; k < s->ny; k++)
        code(r, sizeof r, "Q", k / s->F, 2), fprintf(o.f, ",%s_%s", r, figaro_fd[k % s->F]);
    putc_(&o, '\n');
    for (size_t i = 0; i < s->n; i++) {
        figaro_codes(s, i, r, c);
        fprintf(o.f, "%s_%s", r, c);
        for (size_t j = 0; j < s->n; j++) putc_(&o, ','), put_cents(&o, zc(s, i, j));
        for (size_t k = 0; k < s->ny; k++) putc_(&o, ','), put_cents(&o, yc(s, i, k));
        putc_(&o, '\n');
    }
    for (int v = 0; v < 6; v++) {
        fprintf(o.f, "W2_%s", figaro_va[v]);
        for (size_t j = 0; j < s->n; j++) putc_(&o, ','), put_cents(&o, v == 5 ? s->x[j] - s->zcol[j] : 0);
        for (size_t k = 0; k < s->ny; k++) put(&o, ",0");
        putc_(&o, '\n');
    }
    out_close(&o);
}

/* FIGARO's flat CSV, every cell a line (zeros too), zipped alone as Eurostat distributes it. */
static void write_figaro_flat(const syn *s, const char *dir, char *file, size_t fsize)
{
    const char *name = "flatfile_eu-ic-io_ind-by-ind_23ed_2020.csv";
    out o = out_open(dir, name);
    char r[16], c[16], cr[16], cc[16];
    put(&o, "icioiRow,icioiCol,refArea,rowIi,counterpartArea,colIi,obsValue\n");
    for (size_t i = 0; i < s->n + 6; i++) {
        if (i < s->n) figaro_codes(s, i, r, c);
        else snprintf(r, sizeof r, "W2"), snprintf(c, sizeof c, "%s", figaro_va[i - s->n]);
        for (size_t j = 0; j < s->n + s->ny; j++) {
            long long v;
            if (j < s->n) figaro_codes(s, j, cr, cc);
            else
                code(cr, sizeof cr, "Q", (j - s->n) / s->F, 2),
                    snprintf(cc, sizeof cc, "%s", figaro_fd[(j - s->n) % s->F]);
            if (i < s->n) v = j < s->n ? zc(s, i, j) : yc(s, i, j - s->n);
            else v = i == s->n + 5 && j < s->n ? s->x[j] - s->zcol[j] : 0;
            fprintf(o.f, "%s_%s,%s_%s,%s,%s,%s,%s,", r, c, cr, cc, r, c, cr, cc);
            put_cents(&o, v);
            putc_(&o, '\n');
        }
    }
    out_close(&o);
    char cmd[2000];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && python3 -c \"import zipfile\n"
             "with zipfile.ZipFile('%.*s.zip', 'w', zipfile.ZIP_DEFLATED, compresslevel=1) as z: z.write('%s')\" && "
             "rm '%s'",
             dir, (int)(strlen(name) - 4), name, name, name);
    run(cmd);
    snprintf(file, fsize, "%s/%.*s.zip", dir, (int)(strlen(name) - 4), name);
}

static const char *const wiod_fd[] = {"CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"};

/* The WIOD 2016 sheet saved as CSV: six header rows, the industry rows, then II_fob ... GO. */
static void write_wiod2016(const syn *s, const char *dir, char *file, size_t fsize)
{
    out o = out_open(dir, "WIOT2014_Nov16_ROW.csv");
    snprintf(file, fsize, "%s", o.path);
    char r[16], c[16];
    put(&o, "World Input-Output Table 2014 (generated)\n(millions of US$)\n,,,");
    for (size_t j = 0; j < s->n; j++) code(c, sizeof c, "C", j % s->N, 2), fprintf(o.f, ",%s", c);
    for (size_t k = 0; k < s->ny; k++) fprintf(o.f, ",%s", wiod_fd[k % s->F]);
    put(&o, ",GO\n,,,");
    for (size_t j = 0; j < s->n + s->ny; j++) put(&o, j < s->n ? ",Industry" : ",Final use");
    put(&o, ",Total output\n,,,");
    for (size_t j = 0; j < s->n; j++) code(r, sizeof r, "W", j / s->N, 2), fprintf(o.f, ",%s", r);
    for (size_t k = 0; k < s->ny; k++) code(r, sizeof r, "W", k / s->F, 2), fprintf(o.f, ",%s", r);
    put(&o, ",TOT\n,,,");
    for (size_t j = 0; j <= s->n + s->ny; j++) fprintf(o.f, ",c%zu", j + 1);
    putc_(&o, '\n');
    for (size_t i = 0; i < s->n; i++) {
        code(r, sizeof r, "W", i / s->N, 2);
        code(c, sizeof c, "C", i % s->N, 2);
        fprintf(o.f, "%s,Industry %s,%s,r%zu", c, c, r, i + 1);
        for (size_t j = 0; j < s->n; j++) putc_(&o, ','), put_cents(&o, zc(s, i, j));
        for (size_t k = 0; k < s->ny; k++) putc_(&o, ','), put_cents(&o, yc(s, i, k));
        putc_(&o, ',');
        put_cents(&o, s->x[i]);
        putc_(&o, '\n');
    }
    static const char *const below[] = {"II_fob", "TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM", "GO"};
    for (int b = 0; b < 8; b++) {
        fprintf(o.f, "%s,%s,TOT,r%d", below[b], below[b], 64 + b);
        for (size_t j = 0; j < s->n; j++) {
            long long v = b == 0 ? s->zcol[j] : b == 5 ? s->x[j] - s->zcol[j] : b == 7 ? s->x[j] : 0;
            putc_(&o, ',');
            put_cents(&o, v);
        }
        for (size_t k = 0; k <= s->ny; k++) putc_(&o, ',');
        putc_(&o, '\n');
    }
    out_close(&o);
}

/* ADB MRIO's workbook (or with kind "csv" its CSV export): the table as a native folder, then
 * tests/cli/iosheet_write.py (python3) writes the .xlsx or .csv. */
static void write_adb_as(const syn *s, const char *dir, char *file, size_t fsize, const char *kind)
{
    size_t n = s->n;
    double *Z = xmalloc(n * n, sizeof *Z), *Y = xmalloc(n * s->ny, sizeof *Y);
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) Z[i + j * n] = (double)zc(s, i, j) / 100.0;
    for (size_t k = 0; k < s->ny; k++)
        for (size_t i = 0; i < n; i++) Y[i + k * n] = (double)yc(s, i, k) / 100.0;
    char(*reg)[16] = xmalloc(s->G, 16), (*sec)[16] = xmalloc(s->N, 16), (*cat)[16] = xmalloc(s->F, 16);
    const char **rp = xmalloc(s->G, sizeof *rp), **sp = xmalloc(s->N, sizeof *sp), **cp = xmalloc(s->F, sizeof *cp);
    for (size_t r = 0; r < s->G; r++) code(reg[r], 16, "B", r, 2), rp[r] = reg[r];
    for (size_t k = 0; k < s->N; k++) code(sec[k], 16, "c", k + 1, 1), sp[k] = sec[k];
    for (size_t f = 0; f < s->F; f++) code(cat[f], 16, "F", f + 1, 1), cp[f] = cat[f];
    tsc_table *t = NULL;
    tsc_error err;
    if (tsc_table_from_arrays(s->G, s->N, s->F, rp, sp, cp, Z, Y, NULL, NULL, NULL, &t, &err) < 0)
        die("tsc_table_from_arrays", &err);
    char nat[1200], cmd[4000];
    snprintf(nat, sizeof nat, "%s/native", dir);
    if (tsc_table_save_native(t, nat, 0, &err)) die("tsc_table_save_native", &err);
    tsc_table_free(t);
    snprintf(file, fsize, "%s/ADB-MRIO-2020.%s", dir, kind);
    snprintf(cmd, sizeof cmd, "python3 '%s/tests/cli/iosheet_write.py' '%s' '%s' adb %s && rm -rf '%s'", TSC_SOURCE_DIR,
             nat, file, kind, nat);
    run(cmd);
    free(Z);
    free(Y);
    free(reg);
    free(sec);
    free(cat);
    free(rp);
    free(sp);
    free(cp);
}

static void write_adb(const syn *s, const char *dir, char *file, size_t fsize)
{
    write_adb_as(s, dir, file, fsize, "xlsx");
}

static void write_adb_csv(const syn *s, const char *dir, char *file, size_t fsize)
{
    write_adb_as(s, dir, file, fsize, "csv");
}

/* ---- timing ---- */

static double path_bytes(const char *path)
{
    char cmd[2000];
    snprintf(cmd, sizeof cmd, "du -sb '%s'", path);
    FILE *p = popen(cmd, "r");
    double b = 0;
    if (p && fscanf(p, "%lf", &b) != 1) b = 0;
    if (p) pclose(p);
    return b;
}

/* Uncompressed bytes of the text the loader parses: of a zip, its entries' sizes (unzip -l's total). */
static double text_bytes(const char *path)
{
    size_t len = strlen(path);
    if (len < 4 || strcmp(path + len - 4, ".zip") != 0 || strstr(path, ".xlsx")) return path_bytes(path);
    char cmd[2000];
    snprintf(cmd, sizeof cmd,
             "python3 -c \"import sys, zipfile; print(sum(i.file_size for i in "
             "zipfile.ZipFile(sys.argv[1]).infolist()))\" '%s'",
             path);
    FILE *p = popen(cmd, "r");
    double b = 0;
    if (p && fscanf(p, "%lf", &b) != 1) b = 0;
    if (p) pclose(p);
    return b;
}

/* CPU seconds to inflate every entry of the zip archive at path (libzip and zlib, as the readers do, the text
 * thrown away), best of reps; 0 for a file that is not a zip archive (a workbook's inflation is part of its
 * reading, not measured apart). */
static double inflate_cpu(const char *path, int reps)
{
    size_t len = strlen(path);
    if (len < 4 || strcmp(path + len - 4, ".zip") != 0) return 0;
    char *buf = xmalloc((size_t)1 << 20, 1);
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        int zerr = 0;
        zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
        if (!z) die(path, NULL);
        double c0 = own_cpu();
        for (zip_int64_t i = 0, n = zip_get_num_entries(z, 0); i < n; i++) {
            zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
            if (!f) die(path, NULL);
            while (zip_fread(f, buf, (zip_uint64_t)1 << 20) > 0) {
            }
            zip_fclose(f);
        }
        keep_min(&best, own_cpu() - c0);
        zip_discard(z);
    }
    free(buf);
    return best;
}

static double load_once(const char *path, double *cpu, tsc_table **keep)
{
    tsc_load_opts opts;
    tsc_load_opts_init(&opts);
    opts.max_bytes = (size_t)64 << 30;
    tsc_table *t = NULL;
    tsc_error err;
    double c0 = own_cpu(), t0 = now();
    if (tsc_table_load(path, &opts, &t, &err) < 0) die(path, &err);
    double dt = now() - t0;
    *cpu = own_cpu() - c0;
    if (keep) *keep = t;
    else tsc_table_free(t);
    return dt;
}

typedef struct fmt_case {
    const char *name, *database, *layout;
    size_t G, N, F;
    double zeros;
    void (*write)(const syn *, const char *, char *, size_t);
    int reps;
} fmt_case;

static void row(const fmt_case *c, const char *tmp, int small, int keep)
{
    syn s;
    size_t G = small ? (c->G + 3) / 4 : c->G;
    double g0 = now();
    syn_init(&s, G, c->N, c->F, c->zeros);
    char dir[1200], file[1400], cache[1400];
    snprintf(dir, sizeof dir, "%s/%s", tmp, c->name);
    mkdirs(dir);
    c->write(&s, dir, file, sizeof file);
    double gen = now() - g0, disk = path_bytes(file), text = text_bytes(file);
    double best = 1e30, bcpu = 1e30, cpu;
    tsc_table *t = NULL;
    for (int r = 0; r < c->reps; r++) {
        tsc_table *k = NULL;
        keep_min(&best, load_once(file, &cpu, r + 1 == c->reps ? &k : NULL));
        keep_min(&bcpu, cpu);
        if (k) t = k;
    }
    snprintf(cache, sizeof cache, "%s/table.tsc", tmp);
    tsc_error err;
    if (tsc_table_save_cache(t, cache, &err)) die("tsc_table_save_cache", &err);
    size_t n = tsc_table_n(t);
    tsc_table_free(t);
    double cbest = 1e30, ccpu = 1e30;
    for (int r = 0; r < 3; r++) {
        keep_min(&cbest, load_once(cache, &cpu, NULL));
        keep_min(&ccpu, cpu);
    }
    double cbytes = path_bytes(cache), inflate = inflate_cpu(file, c->reps), parse = bcpu - inflate;
    char infl[64] = "-", rate[64];
    if (inflate > 0) snprintf(infl, sizeof infl, "%.2f", inflate);
    snprintf(rate, sizeof rate, "%.0f", text / bcpu / 1e6);
    if (inflate > 0) snprintf(rate, sizeof rate, "%.0f (%.0f)", text / bcpu / 1e6, parse > 0 ? text / parse / 1e6 : 0);
    printf("| %s | %s | %zu x %zu = %zu | %.0f | %.0f | %.2f | %.2f | %s | %s | %s | %.3f (%.0f MB) | %.0f s |\n",
           c->database, c->layout, G, c->N, n, disk / 1e6, text / 1e6, best, bcpu, infl, rate,
           (inflate > 0 ? parse : bcpu) > 0 && text / (inflate > 0 ? parse : bcpu) / 1e6 >= 300 ? "met" : "not met",
           cbest, cbytes / 1e6, gen);
    fflush(stdout);
    remove(cache);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (!keep) run(cmd);
    syn_free(&s);
}

int main(int argc, char **argv)
{
    int small = 0;
    const char *only = NULL, *keep = NULL, *threads = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--small")) small = 1;
        else if (!strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
        else if (!strcmp(argv[i], "--keep") && i + 1 < argc) keep = argv[++i];
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = argv[++i];
        else {
            fprintf(stderr, "usage: bench_formats [--small] [--only NAME] [--keep DIR] [--threads N]\n");
            return 2;
        }
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN), nthreads = cores;
    if (threads) {
        char *end = NULL;
        long t = strtol(threads, &end, 10);
        if (!end || *end || t < 1 || t > cores) die("--threads: a number from 1 to the cores online", NULL);
        if (setenv("TSC_THREADS", threads, 1) != 0) die("setenv", NULL);
        nthreads = t;
    }
    char tmp[] = "/tmp/tsc-bench-formats.XXXXXX";
    if (keep) {
        if (snprintf(tmp, sizeof tmp, "%s", keep) >= (int)sizeof tmp) die("--keep: path too long", NULL);
        mkdirs(tmp);
    } else if (!mkdtemp(tmp)) die("mkdtemp", NULL);
    /* the databases' real sizes: regions x sectors (x final-demand categories) */
    const fmt_case cases[] = {
        {"oecd", "OECD ICIO 2023", "ICIO2023_2020.csv", 81, 45, 6, 0.30, write_oecd, 2},
        {"exiobase", "EXIOBASE 3", "IOT_2020_pxp.zip (A.txt, 17 digits)", 49, 200, 7, 0.70, write_exiobase, 2},
        {"eora", "Eora26", "T, FD, VA .txt + labels", 190, 26, 6, 0.50, write_eora, 2},
        {"gloria", "GLORIA (SUT 39,360 x 39,360)", "T, Y, V .csv + ReadMe", 164, 120, 6, 0.95, write_gloria, 1},
        {"figaro", "FIGARO", "matrix CSV", 46, 64, 5, 0.30, write_figaro, 2},
        {"figaro-flat", "FIGARO", "flat CSV, zipped", 46, 64, 5, 0.30, write_figaro_flat, 2},
        {"wiod2016", "WIOD 2016", "sheet as CSV", 44, 56, 5, 0.30, write_wiod2016, 2},
        {"adb", "ADB MRIO", ".xlsx", 73, 35, 5, 0.30, write_adb, 2},
        {"adb-csv", "ADB MRIO", "CSV export", 73, 35, 5, 0.30, write_adb_csv, 2},
    };
    contention ct;
    contention_begin(&ct);
    printf("### Each database's layout at its real size: load, and reload from the cache\n\n");
    printf("bench/bench_formats.c: a generated table of each database's size written in its layout (numbers in cents, "
           "`1234.56`, as the databases print theirs; EXIOBASE's coefficients to 17 digits; a share of Z exactly 0), "
           "in a temporary folder removed after; `tsc_table_load` (threads: %ld) as the file is distributed, best "
           "of 2 (GLORIA 1), then `tsc_table_save_cache` and the reload from the cache, best of 3. MB/s per core: "
           "the text's bytes (a zip's inflated entries) over the load's CPU seconds (all threads); for a zip archive "
           "the inflation alone (libzip and zlib reading every entry, the text thrown away, best of as many runs) "
           "is timed apart, and the figure in parentheses is the rate without it. Goal: 300 MB/s per core or more "
           "on the text (without the inflation).%s\n\n",
           nthreads, small ? " **--small: a quarter of the regions.**" : "");
    printf("| database | layout | regions x sectors = n | file MB | text MB | load s | CPU s | inflate CPU s | "
           "MB/s per core (without inflate) | goal >= 300 | cache reload s | generating |\n"
           "|---|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|\n");
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        if (!only || !strcmp(only, cases[k].name)) row(&cases[k], tmp, small, keep != NULL);
    contention_end(&ct);
    printf("\n| | |\n|---|---|\n");
    contention_print(&ct, cores);
    if (!keep) {
        char cmd[1400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
        run(cmd);
    }
    return 0;
}
