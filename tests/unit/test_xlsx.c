/* The .xlsx reader on small workbooks written here with libzip: strings of every kind, numbers as stored, cell
 * references, the order of cells, ceilings, malformed parts, and every allocation failing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "tariffscope/alloc.h"
#include "testutil.h"
#include "xlsx_int.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define NSR "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

typedef struct part {
    const char *name, *text;
    size_t len; /* 0: strlen(text) */
} part;

/* Writes a zip of the given parts (deflated, or stored when store is set) into the test folder. */
static const char *write_zip(const char *name, const part *parts, size_t n, int store)
{
    static char path[1100];
    snprintf(path, sizeof path, "%s/%s", tu_tmpdir(), name);
    remove(path);
    int ze = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    cr_assert(z, "zip_open %s: %d", path, ze);
    for (size_t i = 0; i < n; i++) {
        size_t len = parts[i].len ? parts[i].len : strlen(parts[i].text);
        zip_source_t *src = zip_source_buffer(z, parts[i].text, len, 0);
        cr_assert(src);
        zip_int64_t idx = zip_file_add(z, parts[i].name, src, ZIP_FL_OVERWRITE);
        cr_assert(idx >= 0, "%s", zip_strerror(z));
        if (store) zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    cr_assert_eq(zip_close(z), 0, "%s", zip_strerror(z));
    return path;
}

static const char WORKBOOK[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook " NS " " NSR
                               "><sheets><sheet name=\"Notes\" sheetId=\"1\" r:id=\"rId1\"/>"
                               "<sheet name=\"Data &amp; more\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
static const char RELS[] =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId2\" Type=\"" REL "worksheet\" Target=\"/xl/worksheets/data.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" REL "sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId1\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
static const char STRINGS[] = "<sst " NS " count=\"4\" uniqueCount=\"4\"><si><t>CTY_c1</t></si>"
                              "<si><r><rPr><b/></rPr><t xml:space=\"preserve\">Rich </t></r><r><t>text</t></r>"
                              "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
                              "<si><t>line_x000D_break &lt;&amp;&gt; \xc3\xa9</t></si><si><t/></si></sst>";

static char *sheet_xml(const char *rows)
{
    static char buf[8192];
    snprintf(buf, sizeof buf,
             "<?xml version=\"1.0\"?><worksheet " NS "><dimension ref=\"A1:D9\"/><sheetData>%s"
             "</sheetData></worksheet>",
             rows);
    return buf;
}

static const char *workbook(const char *name, const char *notes_rows, const char *data_rows)
{
    static char notes[8192];
    snprintf(notes, sizeof notes, "%s", sheet_xml(notes_rows));
    part p[] = {{"xl/workbook.xml", WORKBOOK, 0},
                {"xl/_rels/workbook.xml.rels", RELS, 0},
                {"xl/sharedStrings.xml", STRINGS, 0},
                {"xl/worksheets/sheet1.xml", notes, 0},
                {"xl/worksheets/data.xml", sheet_xml(data_rows), 0}};
    return write_zip(name, p, 5, 0);
}

typedef struct cell {
    size_t row, col;
    char text[64];
    int is_number;
    double value;
} cell;

typedef struct cells {
    cell c[64];
    size_t n, stop_at;
} cells;

static int collect(void *ctx, size_t row, size_t col, const char *text, int is_number, double value)
{
    cells *cs = ctx;
    cr_assert_lt(cs->n, 64);
    cell *c = &cs->c[cs->n++];
    c->row = row, c->col = col, c->is_number = is_number, c->value = value;
    snprintf(c->text, sizeof c->text, "%s", text);
    return cs->stop_at && cs->n == cs->stop_at ? 42 : 0;
}

static void expect_text(const cell *c, size_t row, size_t col, const char *text)
{
    cr_expect_eq(c->row, row, "row of '%s'", text);
    cr_expect_eq(c->col, col, "col of '%s'", text);
    cr_expect_eq(c->is_number, 0, "'%s' is text", text);
    cr_expect_str_eq(c->text, text);
}

static void expect_number(const cell *c, size_t row, size_t col, const char *stored)
{
    double v = strtod(stored, NULL);
    cr_expect_eq(c->row, row, "row of %s", stored);
    cr_expect_eq(c->col, col, "col of %s", stored);
    cr_expect_eq(c->is_number, 1, "%s is a number", stored);
    cr_expect(memcmp(&c->value, &v, sizeof v) == 0, "%s read as %.17g", stored, c->value);
    cr_expect_str_eq(c->text, stored);
}

static const char DATA_ROWS[] =
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
    "<row r=\"3\" spans=\"1:4\"><c r=\"A3\"><v>2.385</v></c><c r=\"B3\" s=\"4\"/>"
    "<c r=\"C3\" t=\"n\"><v>1.0000000000000001E-3</v></c><c r=\"D3\"><f>A3*2</f><v>-4.7699999999999996</v></c></row>"
    "<row r=\"4\"><c r=\"B4\" t=\"inlineStr\"><is><t>inline</t></is></c><c r=\"C4\" "
    "t=\"str\"><f>A1</f><v>CTY_c1</v></c>"
    "<c r=\"D4\" t=\"b\"><v>1</v></c></row>"
    "<row r=\"5\"><c r=\"A5\" t=\"e\"><v>#N/A</v></c><c r=\"B5\" t=\"s\"><v>2</v></c><c r=\"C5\" t=\"s\"><v>3</v></c>"
    "<c r=\"D5\" t=\"inlineStr\"><is><r><t>in</t></r><r><t>line runs</t></r></is></c></row>"
    "<row r=\"9\"><c r=\"AB9\"><v>76834</v></c></row>";

Test(xlsx, every_kind_of_cell)
{
    const char *path = workbook("kinds.xlsx", "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c></row>", DATA_ROWS);
    tsc__xlsx *x = NULL;
    tsc_error err;
    cr_assert_eq(tsc__xlsx_open(path, &x, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc__xlsx_nsheets(x), 2);
    cr_expect_str_eq(tsc__xlsx_sheet_name(x, 0), "Notes");
    cr_expect_str_eq(tsc__xlsx_sheet_name(x, 1), "Data & more");
    cr_expect_null(tsc__xlsx_sheet_name(x, 2));

    cells cs = {0};
    cr_assert_eq(tsc__xlsx_read_sheet(x, "Data & more", collect, &cs, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(cs.n, 12);
    expect_text(&cs.c[0], 0, 0, "CTY_c1");
    expect_text(&cs.c[1], 0, 2, "Rich text"); /* runs joined, the phonetic run left out */
    expect_number(&cs.c[2], 2, 0, "2.385");   /* B3: styled but empty, skipped */
    expect_number(&cs.c[3], 2, 2, "1.0000000000000001E-3");
    expect_number(&cs.c[4], 2, 3, "-4.7699999999999996"); /* a formula's cached value */
    expect_text(&cs.c[5], 3, 1, "inline");
    expect_text(&cs.c[6], 3, 2, "CTY_c1");
    expect_text(&cs.c[7], 3, 3, "TRUE");
    expect_text(&cs.c[8], 4, 0, "#N/A");
    expect_text(&cs.c[9], 4, 1, "line\rbreak <&> \xc3\xa9");
    /* C5, the empty shared string: an empty cell */
    expect_text(&cs.c[10], 4, 3, "inline runs");
    expect_number(&cs.c[11], 8, 27, "76834");

    cells first = {0};
    cr_assert_eq(tsc__xlsx_read_sheet(x, NULL, collect, &first, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(first.n, 1);
    expect_text(&first.c[0], 1, 1, "CTY_c1");

    cells stop = {.stop_at = 3};
    cr_expect_eq(tsc__xlsx_read_sheet(x, "data & MORE", collect, &stop, &err), 42, "the callback's return");
    cr_expect_eq(stop.n, 3);

    cr_expect_eq(tsc__xlsx_read_sheet(x, "WIOT", collect, &stop, &err), TSC_EFORMAT);
    cr_expect(strstr(err.msg, "no sheet named 'WIOT'") && strstr(err.msg, "'Notes', 'Data & more'"), "%s", err.msg);
    tsc__xlsx_close(x);
    tsc__xlsx_close(NULL);
}

Test(xlsx, rows_and_cells_without_references)
{
    const char *rows = "<row><c><v>1</v></c><c t=\"inlineStr\"><is><t>b</t></is></c></row><row/>"
                       "<row><c r=\"C3\"><v>3.5</v></c><c><v>4.5</v></c></row><row><c><v>7</v></c></row>";
    const char *path = workbook("norefs.xlsx", "", rows);
    tsc__xlsx *x = NULL;
    tsc_error err;
    cr_assert_eq(tsc__xlsx_open(path, &x, &err), TSC_OK, "%s", err.msg);
    cells cs = {0};
    cr_assert_eq(tsc__xlsx_read_sheet(x, "Notes", collect, &cs, &err), TSC_OK, "%s", err.msg);
    cr_expect_eq(cs.n, 0, "an empty sheet has no cells");
    cr_assert_eq(tsc__xlsx_read_sheet(x, "Data & more", collect, &cs, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(cs.n, 5);
    expect_number(&cs.c[0], 0, 0, "1");
    expect_text(&cs.c[1], 0, 1, "b");
    expect_number(&cs.c[2], 2, 2, "3.5");
    expect_number(&cs.c[3], 2, 3, "4.5");
    expect_number(&cs.c[4], 3, 0, "7");
    tsc__xlsx_close(x);
}

Test(xlsx, cell_references)
{
    struct {
        const char *ref;
        size_t row, col;
    } ok[] = {{"A1", 0, 0},     {"Z1", 0, 25},  {"AA1", 0, 26},
              {"AB12", 11, 27}, {"BZ7", 6, 77}, {"XFD1048576", 1048575, 16383}};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        size_t r = 99, c = 99;
        char name[8];
        cr_expect_eq(tsc__xlsx_parse_ref(ok[i].ref, &r, &c), 0, "%s", ok[i].ref);
        cr_expect(r == ok[i].row && c == ok[i].col, "%s -> %zu, %zu", ok[i].ref, r, c);
        /* the letters back from the column number, independently of the parser */
        size_t letters = strspn(ok[i].ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        cr_expect(strlen(tsc__xlsx_col_name(c, name)) == letters && !strncmp(name, ok[i].ref, letters), "%s: %s",
                  ok[i].ref, name);
    }
    const char *bad[] = {"", "a1", "A0", "A01", "1A", "A", "XFE1", "A1048577", "AAAA1", "A1B", "A-1", "A 1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        size_t r, c;
        cr_expect_eq(tsc__xlsx_parse_ref(bad[i], &r, &c), -1, "'%s' accepted", bad[i]);
    }
    /* every column name parses back to its number */
    for (size_t c = 0; c < TSC_XLSX_MAX_COLS; c += 37) {
        char ref[16], name[8];
        size_t r2, c2;
        snprintf(ref, sizeof ref, "%s5", tsc__xlsx_col_name(c, name));
        cr_assert_eq(tsc__xlsx_parse_ref(ref, &r2, &c2), 0, "%s", ref);
        cr_assert(r2 == 4 && c2 == c, "%s -> %zu", ref, c2);
    }
}

typedef struct acc {
    double sum;
    size_t n, next; /* next: the expected position row * ncol + col, checking the order */
    size_t ncol;
} acc;

static int accumulate(void *ctx, size_t row, size_t col, const char *text, int is_number, double value)
{
    acc *a = ctx;
    (void)text;
    cr_assert(is_number);
    cr_assert_eq(row * a->ncol + col, a->next, "cell %zu, %zu out of order", row, col);
    a->next++;
    a->n++;
    a->sum += value;
    return 0;
}

/* A sheet bigger than the chunks it is read in: every token split at chunk borders somewhere, stored or deflated. */
Test(xlsx, large_sheet_in_chunks)
{
    size_t nrow = 3000, ncol = 7, cap = nrow * ncol * 48 + 1024, len = 0;
    char *xml = malloc(cap);
    cr_assert(xml);
    len += (size_t)snprintf(xml + len, cap - len, "<worksheet " NS "><sheetData>");
    double sum = 0;
    for (size_t r = 0; r < nrow; r++) {
        len += (size_t)snprintf(xml + len, cap - len, "<row r=\"%zu\">", r + 1);
        for (size_t c = 0; c < ncol; c++) {
            double v = (double)(r * ncol + c) * 1.0625 + 0.001;
            char name[8];
            sum += v;
            len += (size_t)snprintf(xml + len, cap - len, "<c r=\"%s%zu\"><v>%.17g</v></c>",
                                    tsc__xlsx_col_name(c, name), r + 1, v);
        }
        len += (size_t)snprintf(xml + len, cap - len, "</row>");
    }
    len += (size_t)snprintf(xml + len, cap - len, "</sheetData></worksheet>");
    cr_assert_gt(len, (size_t)4 << 16);
    for (int store = 0; store < 2; store++) {
        part p[] = {{"xl/workbook.xml", WORKBOOK, 0},
                    {"xl/_rels/workbook.xml.rels", RELS, 0},
                    {"xl/worksheets/sheet1.xml", xml, len},
                    {"xl/worksheets/data.xml", sheet_xml(""), 0}};
        const char *path = write_zip("large.xlsx", p, 4, store);
        tsc__xlsx *x = NULL;
        tsc_error err;
        cr_assert_eq(tsc__xlsx_open(path, &x, &err), TSC_OK, "%s", err.msg);
        acc a = {.ncol = ncol};
        cr_assert_eq(tsc__xlsx_read_sheet(x, NULL, accumulate, &a, &err), TSC_OK, "%s", err.msg);
        cr_expect_eq(a.n, nrow * ncol);
        cr_expect(a.sum == sum, "sum %.17g vs %.17g (the same additions in the same order)", a.sum, sum);
        tsc__xlsx_close(x);
    }
    free(xml);
}

/* Reads sheet "Data & more" of a workbook with the given rows; expects code and, in the message, each of the
 * fragments, and the location line, col (0: not checked). */
static void expect_sheet_error(const char *rows, int code, size_t line, size_t col, const char *frag1,
                               const char *frag2)
{
    const char *path = workbook("bad.xlsx", "", rows);
    tsc__xlsx *x = NULL;
    tsc_error err;
    cr_assert_eq(tsc__xlsx_open(path, &x, &err), TSC_OK, "%s", err.msg);
    cells cs = {0};
    tsc_error_clear(&err);
    int rc = tsc__xlsx_read_sheet(x, "Data & more", collect, &cs, &err);
    char buf[1200];
    tsc_error_format(&err, buf, sizeof buf);
    cr_expect_eq(rc, code, "%s: %d (%s)", rows, rc, buf);
    cr_expect_eq(err.code, code);
    cr_expect(strstr(err.file, "bad.xlsx") != NULL, "%s", err.file);
    cr_expect(strstr(err.msg, "sheet 'Data & more'") != NULL, "%s", err.msg);
    if (line) cr_expect(err.line == line && err.col == col, "%s: at %zu:%zu", buf, err.line, err.col);
    cr_expect(strstr(err.msg, frag1) != NULL, "'%s' not in %s", frag1, err.msg);
    if (frag2) cr_expect(strstr(err.msg, frag2) != NULL, "'%s' not in %s", frag2, err.msg);
    tsc__xlsx_close(x);
}

Test(xlsx, errors_name_file_sheet_and_cell)
{
    expect_sheet_error("<row r=\"7\"><c r=\"C7\"><v>12,5</v></c></row>", TSC_EPARSE, 7, 3,
                       "cell C7:", "not a number: '12,5'");
    expect_sheet_error("<row r=\"2\"><c r=\"AB2\"><v>1e999</v></c></row>", TSC_EPARSE, 2, 28,
                       "cell AB2:", "not a finite number");
    expect_sheet_error("<row r=\"2\"><c r=\"B2\"><v>nan</v></c></row>", TSC_EPARSE, 2, 2, "cell B2:", NULL);
    expect_sheet_error("<row r=\"3\"><c r=\"A3\" t=\"s\"><v>4</v></c></row>", TSC_EPARSE, 3, 1,
                       "cell A3:", "shared string '4' out of range (4 strings)");
    expect_sheet_error("<row r=\"3\"><c r=\"A3\" t=\"s\"><v>-1</v></c></row>", TSC_EPARSE, 3, 1, "out of range", NULL);
    expect_sheet_error("<row r=\"3\"><c r=\"B3\"><v>1</v></c><c r=\"A3\"><v>1</v></c></row>", TSC_EPARSE, 3, 1,
                       "cell A3:", "out of order");
    expect_sheet_error("<row r=\"3\"><c r=\"B3\"><v>1</v></c></row><row r=\"2\"><c r=\"B2\"><v>1</v></c></row>",
                       TSC_EPARSE, 2, 2, "out of order", NULL);
    expect_sheet_error("<row r=\"3\"><c r=\"b3\"><v>1</v></c></row>", TSC_EPARSE, 0, 0, "not a cell reference: 'b3'",
                       NULL);
    expect_sheet_error("<row r=\"3\"><c r=\"A1048577\"><v>1</v></c></row>", TSC_EPARSE, 0, 0, "not a cell reference",
                       NULL);
    expect_sheet_error("<row r=\"0\"/>", TSC_EPARSE, 0, 0, "a row numbered '0'", NULL);
    expect_sheet_error("<row r=\"4\"><c r=\"D4\" t=\"b\"><v>2</v></c></row>", TSC_EPARSE, 4, 4, "a boolean", NULL);
    expect_sheet_error("<row r=\"4\"><c r=\"D4\" t=\"x\"><v>2</v></c></row>", TSC_EPARSE, 4, 4, "unknown cell type",
                       NULL);
    expect_sheet_error("<row r=\"4\"><c r=\"D4\"><v>2</v></row>", TSC_EPARSE, 0, 0, "malformed XML",
                       "xl/worksheets/data.xml: line 1");
}

Test(xlsx, cell_text_ceiling)
{
    size_t n = TSC_XLSX_MAX_TEXT + 10;
    char *rows = malloc(n + 200);
    cr_assert(rows);
    int k = snprintf(rows, 200, "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>");
    memset(rows + k, 'a', n);
    snprintf(rows + k + n, 200, "</t></is></c></row>");
    part p[] = {{"xl/workbook.xml", WORKBOOK, 0},
                {"xl/_rels/workbook.xml.rels", RELS, 0},
                {"xl/worksheets/sheet1.xml", sheet_xml(""), 0},
                {"xl/worksheets/data.xml", NULL, 0}};
    size_t cap = strlen(rows) + 300;
    char *xml = malloc(cap);
    cr_assert(xml);
    snprintf(xml, cap, "<worksheet " NS "><sheetData>%s</sheetData></worksheet>", rows);
    p[3].text = xml;
    const char *path = write_zip("longtext.xlsx", p, 4, 0);
    tsc__xlsx *x = NULL;
    tsc_error err;
    cr_assert_eq(tsc__xlsx_open(path, &x, &err), TSC_OK, "%s", err.msg);
    cells cs = {0};
    cr_expect_eq(tsc__xlsx_read_sheet(x, "Data & more", collect, &cs, &err), TSC_ETOOBIG);
    cr_expect(err.line == 2 && err.col == 2 && strstr(err.msg, "cell B2: text longer than"), "%zu:%zu %s", err.line,
              err.col, err.msg);
    tsc__xlsx_close(x);
    free(xml);
    free(rows);
}

/* A workbook part that inflates past its ceiling is refused without being held (a zip bomb). */
Test(xlsx, zip_bomb_refused)
{
    size_t n = (size_t)TSC_XLSX_MAX_PART_BYTES + 4096;
    char *wb = malloc(n);
    cr_assert(wb);
    size_t k = (size_t)snprintf(wb, n, "<workbook " NS " " NSR "><sheets>");
    memset(wb + k, ' ', n - k);
    part p[] = {{"xl/workbook.xml", wb, n}, {"xl/_rels/workbook.xml.rels", RELS, 0}};
    const char *path = write_zip("bomb.xlsx", p, 2, 0);
    free(wb);
    tsc__xlsx *x = NULL;
    tsc_error err;
    cr_expect_eq(tsc__xlsx_open(path, &x, &err), TSC_ETOOBIG);
    cr_expect_null(x);
    cr_expect(strstr(err.msg, "xl/workbook.xml inflates past the ceiling"), "%s", err.msg);
}

static void expect_open_error(const char *path, int code, const char *frag)
{
    tsc__xlsx *x = (tsc__xlsx *)&x;
    tsc_error err;
    cr_expect_eq(tsc__xlsx_open(path, &x, &err), code, "%s: %s", path, err.msg);
    cr_expect_null(x);
    cr_expect(strstr(err.msg, frag) != NULL, "'%s' not in %s", frag, err.msg);
    cr_expect_str_eq(err.file, path);
}

Test(xlsx, bad_workbooks)
{
    char missing[1100];
    snprintf(missing, sizeof missing, "%s/none.xlsx", tu_tmpdir());
    expect_open_error(missing, TSC_EIO, "cannot open");
    expect_open_error(tu_write(tu_tmpdir(), "text.xlsx", "a,b\n1,2\n"), TSC_EFORMAT, "Not a zip archive");
    part nowb[] = {{"xl/worksheets/sheet1.xml", "<worksheet/>", 0}};
    expect_open_error(write_zip("nowb.xlsx", nowb, 1, 0), TSC_EFORMAT, "no xl/workbook.xml");
    part norels[] = {{"xl/workbook.xml", WORKBOOK, 0}};
    expect_open_error(write_zip("norels.xlsx", norels, 1, 0), TSC_EFORMAT, "no part xl/_rels/workbook.xml.rels");
    part nosheet[] = {{"xl/workbook.xml", "<workbook><sheets/></workbook>", 0},
                      {"xl/_rels/workbook.xml.rels", RELS, 0}};
    expect_open_error(write_zip("nosheet.xlsx", nosheet, 2, 0), TSC_EFORMAT, "no sheets");
    part badrel[] = {
        {"xl/workbook.xml", "<workbook " NSR "><sheets><sheet name=\"S\" r:id=\"rId9\"/></sheets></workbook>", 0},
        {"xl/_rels/workbook.xml.rels", RELS, 0}};
    expect_open_error(write_zip("badrel.xlsx", badrel, 2, 0), TSC_EFORMAT, "sheet 'S': its relationship rId9");
    part dtd[] = {{"xl/workbook.xml",
                   "<!DOCTYPE w [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><workbook>&b;</workbook>", 0},
                  {"xl/_rels/workbook.xml.rels", RELS, 0}};
    expect_open_error(write_zip("dtd.xlsx", dtd, 2, 0), TSC_EPARSE, "document type declaration");
    part broken[] = {{"xl/workbook.xml", "<workbook><sheets><sheet name=\"S\" r:id=\"rId1\"></sheets>", 0},
                     {"xl/_rels/workbook.xml.rels", RELS, 0}};
    expect_open_error(write_zip("broken.xlsx", broken, 2, 0), TSC_EPARSE, "xl/workbook.xml: line 1");
}

/* The sheet refers to a part the archive lacks: an error when the sheet is read, not before. */
Test(xlsx, missing_sheet_part)
{
    part p[] = {{"xl/workbook.xml", WORKBOOK, 0}, {"xl/_rels/workbook.xml.rels", RELS, 0}};
    const char *path = write_zip("nopart.xlsx", p, 2, 0);
    tsc__xlsx *x = NULL;
    tsc_error err;
    cr_assert_eq(tsc__xlsx_open(path, &x, &err), TSC_OK, "%s", err.msg);
    cells cs = {0};
    cr_expect_eq(tsc__xlsx_read_sheet(x, "Notes", collect, &cs, &err), TSC_EFORMAT);
    cr_expect(strstr(err.msg, "no part xl/worksheets/sheet1.xml"), "%s", err.msg);
    tsc__xlsx_close(x);
}

/* Every allocation of opening and reading fails in turn: an error (out of memory) each time, never a crash or a
 * leak (the sanitizer build), and the whole read once the allocations run out of failures. */
Test(xlsx, every_allocation_fails)
{
    const char *path = workbook("oom.xlsx", "", DATA_ROWS);
    int done = 0;
    for (size_t n = 1; n < 5000 && !done; n++) {
        tsc__xlsx *x = NULL;
        tsc_error err;
        cells cs = {0};
        tsc_alloc_fail_after(n);
        int rc = tsc__xlsx_open(path, &x, &err);
        if (rc == TSC_OK) rc = tsc__xlsx_read_sheet(x, "Data & more", collect, &cs, &err);
        tsc_alloc_fail_after(0);
        tsc__xlsx_close(x);
        if (rc == TSC_OK) {
            cr_expect_eq(cs.n, 12);
            done = 1;
        } else {
            cr_expect_eq(rc, TSC_ENOMEM, "allocation %zu: %d %s", n, rc, err.msg);
            cr_expect(strstr(err.msg, "memory") != NULL, "allocation %zu: %s", n, err.msg);
        }
    }
    cr_expect(done, "never succeeded");
}
