/* The report's names and colours for region codes, and its small number and text formatters. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"
#include "tariffscope/numfmt.h"

/* One colour per country, kept in every chart; chosen apart in hue and lightness (Japan red, the US navy). */
static const struct {
    const char *code, *name, *subject, *adjective, *color;
} known[] = {
    {"JPN", "Japan", "Japan", "Japanese", "#c8102e"},
    {"USA", "United States", "the US", "US", "#1f3a93"},
    {"CHN", "China", "China", "Chinese", "#e69f00"},
    {"MEX", "Mexico", "Mexico", "Mexican", "#009e73"},
    {"THA", "Thailand", "Thailand", "Thai", "#8e44ad"},
    {"VNM", "Vietnam", "Vietnam", "Vietnamese", "#d55e00"},
    {"KOR", "Korea", "Korea", "Korean", "#0097a7"},
    {"EU", "EU (other 25)", "the EU", "EU", "#56b4e9"},
    {"DEU", "Germany", "Germany", "German", "#34495e"},
    {"TWN", "Taiwan", "Taiwan", "Taiwanese", "#cc79a7"},
    {"CAN", "Canada", "Canada", "Canadian", "#a0522d"},
    {"GBR", "United Kingdom", "the UK", "British", "#7f8c8d"},
    {"IND", "India", "India", "Indian", "#b8860b"},
    {"ROW", "Rest of world", "the rest of the world", "rest-of-world", "#b0b7bf"},
    {"RoW", "Rest of world", "the rest of the world", "rest-of-world", "#b0b7bf"},
    {"EU27", "European Union", "the EU", "EU", "#56b4e9"},
    {"FRA", "France", "France", "French", "#5dade2"},
    {"ITA", "Italy", "Italy", "Italian", "#48c9b0"},
    {"BRA", "Brazil", "Brazil", "Brazilian", "#27ae60"},
    {"AUS", "Australia", "Australia", "Australian", "#f4d03f"},
    {"IDN", "Indonesia", "Indonesia", "Indonesian", "#e67e22"},
    {"RUS", "Russia", "Russia", "Russian", "#922b21"},
    {"TUR", "Turkey", "Turkey", "Turkish", "#af7ac5"},
};

static const char *const spare[] = {"#6c5ce7", "#00b894", "#fdcb6e", "#e17055", "#74b9ff",
                                    "#a29bfe", "#55efc4", "#fab1a0", "#81ecec", "#636e72"};

const char *tsc__rep_name(const char *code)
{
    for (size_t k = 0; k < sizeof known / sizeof *known; k++)
        if (strcmp(known[k].code, code) == 0) return known[k].name;
    return code;
}

const char *tsc__rep_subject(const char *code)
{
    for (size_t k = 0; k < sizeof known / sizeof *known; k++)
        if (strcmp(known[k].code, code) == 0) return known[k].subject;
    return code;
}

const char *tsc__rep_adjective(const char *code)
{
    for (size_t k = 0; k < sizeof known / sizeof *known; k++)
        if (strcmp(known[k].code, code) == 0) return known[k].adjective;
    return code;
}

/* Sector codes of the project's tables as words; other codes: underscores to spaces, first letter upper-case. */
static const struct {
    const char *code, *name;
} sectors[] = {
    {"AGRI_FOOD", "Agriculture and food"},
    {"MINING_ENERGY", "Mining and energy"},
    {"TEXTILES", "Textiles"},
    {"WOOD_PAPER", "Wood and paper"},
    {"PETROLEUM", "Refined petroleum"},
    {"CHEMICALS", "Chemicals"},
    {"RUBBER_PLASTICS", "Rubber and plastics"},
    {"MINERALS", "Non-metallic minerals"},
    {"METALS", "Metals"},
    {"MACHINERY", "Machinery"},
    {"ELECTRICAL_OPTICAL", "Electrical and optical"},
    {"TRANSPORT_EQUIPMENT", "Transport equipment"},
    {"OTHER_MANUFACTURING", "Other manufacturing"},
    {"UTILITIES", "Utilities"},
    {"CONSTRUCTION", "Construction"},
    {"TRADE_TRANSPORT", "Trade and transport"},
    {"BUSINESS_FINANCE", "Business and finance"},
    {"PUBLIC_SOCIAL", "Public and social"},
    {"SERVICES", "Services"},
    {"autos_and_parts", "Autos and parts"},
    {"iron_and_steel", "Iron and steel"},
    {"construction_mining_machinery", "Construction and mining machinery"},
    {"optical_scientific_instruments", "Optical and scientific instruments"},
    {"semiconductor_manufacturing_equipment", "Semiconductor manufacturing equipment"},
    {"food", "Food"},
};

void tsc__rep_sector_name(const char *code, char *buf, size_t size)
{
    for (size_t k = 0; k < sizeof sectors / sizeof *sectors; k++)
        if (strcmp(sectors[k].code, code) == 0) {
            snprintf(buf, size, "%s", sectors[k].name);
            return;
        }
    snprintf(buf, size, "%s", code);
    for (char *p = buf; *p; p++)
        if (*p == '_') *p = ' ';
    if (buf[0] >= 'a' && buf[0] <= 'z') buf[0] = (char)(buf[0] - 'a' + 'A');
}

int tsc__rep_is_rest(const char *code)
{
    return strcmp(code, "ROW") == 0 || strcmp(code, "RoW") == 0;
}

const char *tsc__rep_color(const char *code)
{
    for (size_t k = 0; k < sizeof known / sizeof *known; k++)
        if (strcmp(known[k].code, code) == 0) return known[k].color;
    /* other codes: a fixed colour from the code's letters, so that it is the same in every chart */
    unsigned h = 5381;
    for (const char *p = code; *p; p++) h = h * 33u + (unsigned char)*p;
    return spare[h % (sizeof spare / sizeof *spare)];
}

void tsc__rep_bn(double million, int plus, char *buf, size_t size)
{
    double b = million / 1000;
    int dec = fabs(b) >= 100 ? 0 : fabs(b) >= 10 ? 1 : 2;
    snprintf(buf, size, plus ? "%+.*f" : "%.*f", dec, b);
    if (strcmp(buf, "-0.00") == 0 || strcmp(buf, "+0.00") == 0 || strcmp(buf, "-0.0") == 0) snprintf(buf, size, "0.00");
}

void tsc__rep_html_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

void tsc__rep_csv_num(FILE *f, double v)
{
    if (isnan(v)) return; /* an empty field: no value */
    char buf[TSC_DTOA_SIZE];
    size_t len = tsc_dtoa17(v, buf);
    fwrite(buf, 1, len, f);
}
