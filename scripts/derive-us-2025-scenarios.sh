#!/bin/sh
# Writes the 2025 US tariff scenarios (scenarios/us-2025-04-reciprocal.yaml, us-china-geneva.yaml,
# us-2025-08-deals.yaml, and the tariff tracker's readings of the first and the last: *-tracker.yaml) from the
# measures below and the product lists of ../shared/data/us-tariffs-2025/lists
# (Section 232 steel, aluminium, autos and parts, copper; EO 14257 Annex II; the consumer electronics exception of
# 2025-04-11; Brazil's exceptions). The measures, rates and dates are written out here, each with its legal source
# (../shared/data/us-tariffs-2025/legal-texts and ../shared/data/facts/us_tariffs_2025_timeline.csv); only the
# long HS lists are read from the files. Edit this script, not the YAML, and re-run it from the project folder:
#     sh scripts/derive-us-2025-scenarios.sh [SHARED_DIR]          (ANNEX2_DIGITS=8 in the environment: see below)
set -eu
SHARED=${1:-../shared}
L="$SHARED/data/us-tariffs-2025/lists"
[ -d "$L" ] || { echo "derive-us-2025-scenarios: $L is absent" >&2; exit 1; }
OUT=scenarios

# hs FILE...: the HS codes of list files (first column, dots and quotes removed, header skipped), comma-separated.
hs() {
    awk -F, 'FNR == 1 && $1 !~ /^"?[0-9]/ { next }
             { c = $1; gsub(/[".[:space:]]/, "", c); if (c != "" && !seen[c]++) out = out (out == "" ? "" : ", ") c }
             END { print out }' "$@"
}
# pick PATTERN FILE: the codes of FILE matching the awk regex PATTERN; drop PATTERN FILE: the others.
pick() { hs "$2" | tr ',' '\n' | sed 's/ //g' | awk -v re="$1" '$0 ~ re' | paste -sd, - | sed 's/,/, /g'; }
# both LIST LIST: the lines two code lists share (of two codes one of which extends the other, the longer).
both() {
    printf '%s\n%s\n' "$1" "$2" | awk -F', *' 'NR == 1 { for (i = 1; i <= NF; i++) a[$i] = 1; next }
        { for (i = 1; i <= NF; i++) for (c in a) {
              if (index($i, c) == 1) k = $i; else if (index(c, $i) == 1) k = c; else continue
              if (!seen[k]++) out = out (out == "" ? "" : ", ") k } }
        END { print out }'
}
drop() { hs "$2" | tr ',' '\n' | sed 's/ //g' | awk -v re="$1" '$0 !~ re' | paste -sd, - | sed 's/,/, /g'; }

# Section 232 steel articles (Proclamation 9705 as amended by Proclamation 10896 of 2025-02-10: HTS 7206.10
# through 7216.50, 7216.99 through 7301.10, 7302.10, 7302.40 through 7302.90, 7304.10 through 7306.90) and the
# derivative steel articles of lists/steel-tariffs.csv.
STEEL_ARTICLES="7206, 7207, 7208, 7209, 7210, 7211, 7212, 7213, 7214, 7215, 721610, 721621, 721622, 721631, 721632,\
 721633, 721640, 721650, 721699, 7217, 7218, 7219, 7220, 7221, 7222, 7223, 7224, 7225, 7226, 7227, 7228, 7229,\
 730110, 730210, 730240, 730290, 7304, 7305, 7306"
STEEL="$STEEL_ARTICLES, $(hs "$L/steel-tariffs.csv")"
# Section 232 aluminium articles (Proclamation 9704 as amended by Proclamation 10895: unwrought aluminium 7601, bars
# 7604, wire 7605, plate 7606, foil 7607, tubes 7608, fittings 7609) and the derivatives of lists/alu-tariffs.csv.
ALU="7601, 7604, 7605, 7606, 7607, 7608, 7609, $(hs "$L/alu-tariffs.csv")"
# Section 232 automobiles (passenger vehicles and light trucks, HS 8703 and 8704 lines of Proclamation 10908,
# from 2025-04-03) and automobile parts (the other lines of its annex, from 2025-05-03): lists/auto-tariffs.csv.
VEHICLES=$(pick '^870[34]' "$L/auto-tariffs.csv")
PARTS=$(drop '^870[34]' "$L/auto-tariffs.csv")
COPPER=$(hs "$L/copper-list.csv")            # Proclamation 10962 of 2025-07-30, from 2025-08-01
# EO 14257 Annex II as listed in the data: 10-digit codes, most of them 8-digit HTS subheadings padded with "00"
# (3004.90.92 -> 3004909200). Read literally (the default, as the tracker reads it) a padded code reaches only a
# line with statistical suffix 00; ANNEX2_DIGITS=8 reads "...00" codes as their 8-digit subheading, the order's own
# meaning, which also exempts e.g. the pharmaceuticals of 3004.90.92.xx (EU -3.5, Japan -0.7, India -8.8 points on
# 2025-09-17; see docs/SCENARIOS.md).
if [ "${ANNEX2_DIGITS:-10}" = 8 ]; then
    ANNEX2=$(hs "$L/annex-II-exemptions.csv" | sed 's/\([0-9]\{8\}\)00\([^0-9]\|$\)/\1\2/g')
else
    ANNEX2=$(hs "$L/annex-II-exemptions.csv")
fi
ELECTRONICS=$(hs "$L/consumer_electronics_EO14257_apr11.csv")   # memorandum of 2025-04-11
BRAZIL_EXC=$(hs "$L/brazil-non-airplane-exemptions.csv" "$L/brazil-airplane-exemptions.csv")  # EO 14323 Annex I
# Canada's energy and potash (EO 14193 as amended: 10% instead of 25%): HS 27, uranium 2844.10-20, potash 3104.20.
ENERGY="27, 284410, 284420, 310420"
# Civil aircraft, engines and parts (Japan from 2025-09-16, EU from 2025-09-01: MFN only).
AIRCRAFT="88, 840710, 840910, 841111, 841112, 841121, 841122, 841191"

# What the reciprocal tariffs skip (EO 14257 sec. 3(b): Section 232 goods and Annex II), by period.
EX_A="$STEEL, $ALU, $VEHICLES, $ANNEX2"     # 2025-04-05 .. 04-10
EX_B="$EX_A, $ELECTRONICS"                   # from 2025-04-11 (consumer electronics)
EX_C="$EX_B, $PARTS"                         # from 2025-05-03 (auto parts under Section 232)
EX_D="$EX_C, $COPPER"                        # from 2025-08-01 (copper under Section 232)
# What the Canada and Mexico fentanyl tariffs skip (EO 14289 of 2025-04-29: not on Section 232 autos, parts,
# steel and aluminium), and Canada's energy (taxed at 10% by a separate measure).
FX_A="$STEEL, $ALU, $VEHICLES"
FX_C="$FX_A, $PARTS"
FX_D="$FX_C, $COPPER"

# Every trading partner of the reciprocal tariffs in the import data and in WIOD 2013 (Canada and Mexico stay
# under the fentanyl orders, EO 14257 sec. 3(d); Russia is outside: Column 2 since 2022, sec. 3(b)(v)).
# regions_optional: true skips the codes a table lacks (Thailand and Vietnam on WIOD).
RECIP="AGO, ARE, ARG, AUS, BGD, BRA, CHE, CHL, CHN, HKG, COL, CRI, DOM, DZA, ECU, EGY, EU27, GBR, GTM, HND, IDN,\
 IND, IRQ, ISR, JPN, KHM, KOR, KWT, LKA, MYS, NGA, NIC, NOR, NZL, PAK, PER, PHL, SAU, SGP, SLV, THA, TTO, TUR, TWN,\
 VEN, VNM, ZAF, RoW"
CHINA="CHN, HKG"  # EO 14257 sec. 3(j): China's rates apply to Hong Kong and Macau alike

# The Annex I rates of EO 14257 in force on 2025-04-09 only, as points above the 10% baseline (POINTS|PARTNERS|NOTE).
ANNEX1_APR9="\
39|KHM|Annex I: Cambodia 49%
36|VNM|Annex I: Vietnam 46%
34|LKA|Annex I: Sri Lanka 44%
29|IRQ|Annex I: Iraq 39%
27|BGD|Annex I: Bangladesh 37%
26|THA|Annex I: Thailand 36%
22|TWN|Annex I: Taiwan 32%
22|IDN, AGO|Annex I: Indonesia, Angola 32%
21|CHE|Annex I: Switzerland 31%
20|DZA, ZAF|Annex I: Algeria 30%, South Africa 30%
19|PAK|Annex I: Pakistan 29%
16|IND|Annex I: India 26%
15|KOR|Annex I: South Korea 25%
14|JPN, MYS|Annex I: Japan 24%, Malaysia 24%
10|EU27|Annex I: European Union 20%
8|NIC|Annex I: Nicaragua 18%
7|ISR, PHL|Annex I: Israel, Philippines 17%
5|NOR, VEN|Annex I: Norway, Venezuela 15%
4|NGA|Annex I: Nigeria 14%"
# annex1 EXCEPT ADD_SIGN: one measure per line of ANNEX1_APR9, on the lines EXCEPT does not list (SIGN - takes the
# points back).
annex1() {
    printf '%s\n' "$ANNEX1_APR9" | while IFS='|' read -r pts who note; do
        printf '  - {importer: USA, exporter: [%s], sectors: %s, add: %s%s, except: {hs: *ex_a}, from: 2025-04-09, until: 2025-04-10, note: "%s"}\n' \
            "$who" "$1" "$2" "$pts" "$note"
    done
}

mkdir -p "$OUT"

cat >"$OUT/us-2025-04-reciprocal.yaml" <<EOF
# US tariffs of 2025 up to the August rates: the fentanyl tariffs on China, Canada and Mexico, Section 232 on
# steel, aluminium, automobiles and parts, the 10% reciprocal baseline and the country rates of April 2 (in force
# on April 9 only), and the China escalation. Generated by scripts/derive-us-2025-scenarios.sh: edit that script.
#
# Sources (../shared/data/us-tariffs-2025/legal-texts, ../shared/data/facts/us_tariffs_2025_timeline.csv):
#   EO 14195 (2025-02-01) and EO 14228 (2025-03-03): China and Hong Kong fentanyl tariff, 10% then 20%, on all goods.
#   EO 14193/14194 as amended (2025-03-02, 2025-03-06): Canada and Mexico 25% (Canadian energy and potash 10%),
#     USMCA-qualifying goods exempt from 2025-03-07; EO 14289 (2025-04-29): not on Section 232 goods.
#   Proclamations 10895/10896 (2025-02-10): steel and aluminium 25% for every country from 2025-03-12.
#   Proclamation 10908 (2025-03-26): automobiles 25% from 2025-04-03, parts from 2025-05-03; USMCA vehicles pay
#     on their non-US content, USMCA-compliant parts are exempt.
#   EO 14257 (2025-04-02, legal-texts/2025-04-02-regulating-imports-...md): 10% on all partners from 2025-04-05;
#     the Annex I rates (in lieu of the 10%) from 2025-04-09; not on Section 232 goods nor Annex II (sec. 3(b));
#     not on Canada and Mexico (sec. 3(d)-(e)). EO 14266 (2025-04-09): Annex I rates paused for 90 days from
#     2025-04-10, except China. EO 14259 (2025-04-08) and EO 14266: China 84% from 2025-04-09, 125% from 2025-04-10.
#   Memorandum of 2025-04-11: consumer electronics outside the reciprocal tariffs (dated here by its issue; CBP
#     applied it to entries from April 5). EO 14326 (2025-07-31) replaces the rates on 2025-08-07: see
#     us-2025-08-deals.yaml, which extends us-china-geneva.yaml, which extends this file.
#
# USMCA shares (exempt_share): Canada 0.65 and Mexico 0.82, the shares behind the tracker's average fentanyl rates
# after the USMCA carve-out, Canada 8.75% = 25% x 0.35 and Mexico 4.5% = 25% x 0.18
# (../shared/data/us-tariffs-2025/lists/reciprocal-tariffs-annex-I.csv). The 2024 HS10 data give the claim rates
# on MFN-dutiable lines before the tariffs (Mexico 0.54, Canada 0.79 of their value entered duty-free), when there
# was no reason to claim USMCA on MFN-free goods; claims rose in 2025. USMCA vehicles pay the 25% on their non-US
# content only, taken as 60% of the value (15% on average, the tracker's reading): 10 of the 25 points taken back
# for CAN and MEX. USMCA-compliant parts are exempt: 25% x the USMCA share taken back. (Taking back points on a
# narrower exporter list keeps one "all" measure for everyone else; on a line it is the same as an exempt_share.)
#
# Codes: ISO3 (WIOD's codes where WIOD has the country; RoW = WIOD's rest of the world), EU27 for the European
# Union (its member states on WIOD; the Census EU aggregate "EU" and Slovakia in the import data).
# Sectors: goods, or HS lists (table cells then need --hs-weights from tariffscope tariffs aggregate).
# Dates: date: below is the default of --date (the Annex I rates as they took effect); the tracker check is at
# 2025-04-10 (tariffscope tariffs effective scenarios/us-2025-04-reciprocal.yaml --date 2025-04-10).
name: us-2025-04-reciprocal
description: US tariffs of 2025 before the August rates (fentanyl, Section 232, reciprocal 10% and Annex I, China 125%)
extends: us-2024-applied
date: 2025-04-09
regions_optional: true
measures:
  # ---- fentanyl tariffs ----
  - {importer: USA, exporter: [$CHINA], sectors: goods, add: 10, from: 2025-02-04, note: "EO 14195: China fentanyl 10%, stacks on everything"}
  - {importer: USA, exporter: [$CHINA], sectors: goods, add: 10, from: 2025-03-04, note: "EO 14228: China fentanyl raised to 20%"}
  - {importer: USA, exporter: CAN, sectors: goods, add: 25, except: {hs: &fx_a_energy [$FX_A, $ENERGY]}, from: 2025-03-04, until: 2025-03-07, note: "EO 14193 as amended: Canada 25% before the USMCA carve-out"}
  - {importer: USA, exporter: CAN, sectors: {hs: &energy [$ENERGY]}, add: 10, from: 2025-03-04, until: 2025-03-07, note: "EO 14193: Canadian energy and potash 10%"}
  - {importer: USA, exporter: MEX, sectors: goods, add: 25, except: {hs: &fx_a [$FX_A]}, from: 2025-03-04, until: 2025-03-07, note: "EO 14194 as amended: Mexico 25% before the USMCA carve-out"}
  - {importer: USA, exporter: CAN, sectors: goods, add: 25, exempt_share: 0.65, except: {hs: *fx_a_energy}, from: 2025-03-07, until: 2025-05-03, note: "Canada 25% on non-USMCA goods (EO of 2025-03-06)"}
  - {importer: USA, exporter: CAN, sectors: goods, add: 25, exempt_share: 0.65, except: {hs: &fx_c_energy [$FX_C, $ENERGY]}, from: 2025-05-03, until: 2025-08-01, note: "Canada 25% on non-USMCA goods; parts under Section 232 from May 3"}
  - {importer: USA, exporter: CAN, sectors: goods, add: 25, exempt_share: 0.65, except: {hs: &fx_d_energy [$FX_D, $ENERGY]}, from: 2025-08-01, note: "Canada 25% on non-USMCA goods; copper under Section 232 from August 1"}
  - {importer: USA, exporter: CAN, sectors: {hs: *energy}, add: 10, exempt_share: 0.65, from: 2025-03-07, note: "Canadian energy and potash 10% on non-USMCA goods"}
  - {importer: USA, exporter: MEX, sectors: goods, add: 25, exempt_share: 0.82, except: {hs: *fx_a}, from: 2025-03-07, until: 2025-05-03, note: "Mexico 25% on non-USMCA goods (EO of 2025-03-06)"}
  - {importer: USA, exporter: MEX, sectors: goods, add: 25, exempt_share: 0.82, except: {hs: &fx_c [$FX_C]}, from: 2025-05-03, until: 2025-08-01, note: "Mexico 25% on non-USMCA goods; parts under Section 232 from May 3"}
  - {importer: USA, exporter: MEX, sectors: goods, add: 25, exempt_share: 0.82, except: {hs: &fx_d [$FX_D]}, from: 2025-08-01, note: "Mexico 25% on non-USMCA goods; copper under Section 232 from August 1"}
  # ---- Section 232 ----
  - {importer: USA, exporter: all, sectors: {hs: &steel_alu [$STEEL, $ALU]}, except: {hs: &vehicles [$VEHICLES]}, add: 25, from: 2025-03-12, until: 2025-05-03, note: "Proclamations 10895/10896: steel and aluminium 25% for every country (automobiles pay the auto rate instead) ..."}
  - {importer: USA, exporter: all, sectors: {hs: *steel_alu}, except: {hs: &autos [$VEHICLES, $PARTS]}, add: 25, from: 2025-05-03, note: "... and so do the parts on the steel and aluminium lists from May 3"}
  - {importer: USA, exporter: all, sectors: {hs: *vehicles}, add: 25, from: 2025-04-03, note: "Proclamation 10908: automobiles and light trucks 25%"}
  - {importer: USA, exporter: [CAN, MEX], sectors: {hs: *vehicles}, add: -10, from: 2025-04-03, note: "USMCA vehicles pay the 25% on non-US content only: 15% on average (10 of the 25 points taken back)"}
  - {importer: USA, exporter: all, sectors: {hs: &parts [$PARTS]}, add: 25, from: 2025-05-03, note: "Proclamation 10908: automobile parts 25% from May 3"}
  - {importer: USA, exporter: CAN, sectors: {hs: *parts}, add: -16.25, from: 2025-05-03, note: "USMCA-compliant parts exempt: 25% x 0.65 taken back"}
  - {importer: USA, exporter: MEX, sectors: {hs: *parts}, add: -20.5, from: 2025-05-03, note: "USMCA-compliant parts exempt: 25% x 0.82 taken back"}
  # ---- reciprocal tariffs (EO 14257): 10% from April 5, not on Section 232 goods nor Annex II ----
  - {importer: USA, exporter: &recip [$RECIP], sectors: goods, add: 10, except: {hs: &ex_a [$EX_A]}, from: 2025-04-05, until: 2025-04-11, note: "EO 14257 sec. 3(a): 10% on all partners"}
  - {importer: USA, exporter: *recip, sectors: goods, add: 10, except: {hs: &ex_b [$EX_B]}, from: 2025-04-11, until: 2025-05-03, note: "consumer electronics outside from April 11"}
  - {importer: USA, exporter: *recip, sectors: goods, add: 10, except: {hs: &ex_c [$EX_C]}, from: 2025-05-03, until: 2025-08-01, note: "auto parts under Section 232 from May 3"}
  - {importer: USA, exporter: *recip, sectors: goods, add: 10, except: {hs: &ex_d [$EX_D]}, from: 2025-08-01, until: 2025-08-07, note: "copper under Section 232 from August 1; replaced by EO 14326 on August 7"}
  # Annex I rates from April 9, in lieu of the 10% (so written as the points above it); paused from April 10
  # by EO 14266. Rates of the EO's Annex I (the press chart and lists/reciprocal-tariffs-annex-I.csv show one
  # point more for several: KOR 26, THA 37, CHE 32, IND 27, ...).
EOF
annex1 goods "" >>"$OUT/us-2025-04-reciprocal.yaml"
cat >>"$OUT/us-2025-04-reciprocal.yaml" <<EOF
  # China: 84% from April 9 (EO 14259), 125% from April 10 (EO 14266), on top of the fentanyl 20%; not paused.
  - {importer: USA, exporter: [$CHINA], sectors: goods, add: 74, except: {hs: *ex_a}, from: 2025-04-09, until: 2025-04-11, note: "EO 14259: China 84% = 10% + 74"}
  - {importer: USA, exporter: [$CHINA], sectors: goods, add: 74, except: {hs: *ex_b}, from: 2025-04-11, until: 2025-05-03}
  - {importer: USA, exporter: [$CHINA], sectors: goods, add: 74, except: {hs: *ex_c}, from: 2025-05-03}
  - {importer: USA, exporter: [$CHINA], sectors: goods, add: 41, except: {hs: *ex_a}, from: 2025-04-10, until: 2025-04-11, note: "EO 14266: China 125%"}
  - {importer: USA, exporter: [$CHINA], sectors: goods, add: 41, except: {hs: *ex_b}, from: 2025-04-11, until: 2025-05-03}
  - {importer: USA, exporter: [$CHINA], sectors: goods, add: 41, except: {hs: *ex_c}, from: 2025-05-03}
EOF

cat >"$OUT/us-china-geneva.yaml" <<EOF
# The US-China Geneva arrangement: China's reciprocal rate from 125% back to 10% (34% with 24 points suspended for
# 90 days, suspension extended on 2025-08-11 and 2025-11-10); the fentanyl 20% stays. Everything else as in
# us-2025-04-reciprocal.yaml. Generated by scripts/derive-us-2025-scenarios.sh: edit that script.
#
# Sources: Joint Statement on U.S.-China Economic and Trade Meeting in Geneva (2025-05-12) and EO 14298
# (2025-05-12), effective 2025-05-14 (../shared/data/facts/us_tariffs_2025_timeline.csv, reciprocal_geneva).
# The -74 and -41 points take back exactly the +74 and +41 of the April escalation (same goods: same except list).
name: us-china-geneva
description: US tariffs after the Geneva arrangement (China 10% reciprocal + 20% fentanyl)
extends: us-2025-04-reciprocal
date: 2025-05-14
regions_optional: true
measures:
  - {importer: USA, exporter: [$CHINA], sectors: goods, add: -74, except: {hs: &ex_c [$EX_C]}, from: 2025-05-14, note: "EO 14298: China's reciprocal rate 125% -> 10% (the +74 of April 9 ...)"}
  - {importer: USA, exporter: [$CHINA], sectors: goods, add: -41, except: {hs: *ex_c}, from: 2025-05-14, note: "... and the +41 of April 10 taken back)"}
EOF

cat >"$OUT/us-2025-08-deals.yaml" <<EOF
# US tariffs from 2025-08-07: the country rates of EO 14326 (Japan and the EU 15% inclusive of MFN, Korea 15,
# Vietnam 20, Thailand 19, Taiwan 20, ...), Section 232 steel and aluminium at 50% (June 4), copper 50% (August 1),
# automobiles and parts 25% (Japan 15% inclusive from 2025-09-16, the EU from 2025-08-01, Korea from 2025-11-01),
# Canada's fentanyl tariff 35%, Brazil +40%, India +25%. Extends us-china-geneva.yaml (and through it
# us-2025-04-reciprocal.yaml), so that one timeline runs from February 2025. Generated by
# scripts/derive-us-2025-scenarios.sh: edit that script.
#
# Sources (../shared/data/us-tariffs-2025/legal-texts, ../shared/data/facts/us_tariffs_2025_timeline.csv):
#   Proclamation 10947 (2025-06-03): steel and aluminium 50% from 2025-06-04 (the UK stays at 25%).
#   Proclamation 10962 (2025-07-30): copper semi-finished products and derivatives 50% from 2025-08-01.
#   EO 14325 (2025-07-31): Canada's fentanyl tariff 35% from 2025-08-01 (USMCA goods still exempt).
#   EO 14326 (2025-07-31, legal-texts/2025-07-31-further-modifying-the-reciprocal-tariff-rates.md): the Annex I rates
#     from 2025-08-07 (lists/clean-august-7-tariffs.csv); the EU 15% inclusive of MFN (sec. 2(c)); partners not
#     listed 10%; Annex II and Section 232 goods still outside (sec. 2(f)).
#   EO of 2025-09-04 implementing the US-Japan agreement (legal-texts/2025-09-04-...md): Japan 15% inclusive of
#     MFN retroactive to 2025-08-07 (sec. 2); automobiles and parts 15% inclusive in lieu of the Section 232 25%
#     from the Federal Register notice of 2025-09-16 (sec. 4); civil aircraft outside (sec. 3).
#   US-EU joint statement of 2025-08-21: EU automobiles and parts 15% inclusive from 2025-08-01 (the first day of
#     the month of the EU's legislative proposal, 2025-08-28); aircraft and parts MFN only from 2025-09-01.
#   EO 14323 (2025-07-30): Brazil +40% from 2025-08-06 with the exceptions of its Annex I. EO 14329 (2025-08-06):
#     India +25% from 2025-08-27. US-Korea: automobiles 15% from 2025-11-01 (notice of 2025-12-04).
#   China: fentanyl tariff cut to 10% from 2025-11-10 (EOs of 2025-11-04); reciprocal 10% kept (EO 14298).
# Not modelled: Section 232 timber (2025-10-14), trucks (2025-11-01), the transshipment rate, de minimis.
# The tracker check is at the default date below (tariffscope tariffs effective scenarios/us-2025-08-deals.yaml).
name: us-2025-08-deals
description: US tariffs from August 2025 (EO 14326 country rates, Japan and EU 15% inclusive, Section 232 at 50%)
extends: us-china-geneva
date: 2025-09-17
regions_optional: true
measures:
  # ---- Section 232 ----
  - {importer: USA, exporter: all, sectors: {hs: &steel_alu [$STEEL, $ALU]}, except: {hs: &autos [$VEHICLES, $PARTS]}, add: 25, from: 2025-06-04, note: "Proclamation 10947: steel and aluminium 50%"}
  - {importer: USA, exporter: GBR, sectors: {hs: *steel_alu}, except: {hs: *autos}, add: -25, from: 2025-06-04, note: "the UK stays at 25% (Proclamation 10947, US-UK Economic Prosperity Deal)"}
  - {importer: USA, exporter: all, sectors: {hs: &copper [$COPPER]}, add: 50, from: 2025-08-01, note: "Proclamation 10962: copper 50%"}
  # ---- fentanyl ----
  - {importer: USA, exporter: CAN, sectors: goods, add: 10, exempt_share: 0.65, except: {hs: [$FX_D, $ENERGY]}, from: 2025-08-01, note: "EO 14325: Canada 35% on non-USMCA goods"}
  - {importer: USA, exporter: [$CHINA], sectors: goods, add: -10, from: 2025-11-10, note: "China fentanyl tariff cut to 10% (EOs of 2025-11-04)"}
  # ---- reciprocal rates of EO 14326 from August 7 (replacing the 10% baseline of EO 14257) ----
  - {importer: USA, exporter: [ARE, ARG, AUS, CHL, CHN, HKG, COL, DOM, EGY, GTM, HND, KWT, PER, SAU, SGP, SLV, RoW], sectors: goods, add: 10, except: {hs: &ex_d [$EX_D]}, from: 2025-08-07, note: "EO 14326 sec. 2(d): partners not in its Annex I 10% (China stays at 10% under EO 14298)"}
  - {importer: USA, exporter: [GBR, BRA], sectors: goods, add: 10, except: {hs: *ex_d}, from: 2025-08-07, note: "Annex I: United Kingdom, Brazil 10%"}
  - {importer: USA, exporter: [KOR, AGO, CRI, ECU, ISR, NGA, NOR, NZL, TTO, TUR, VEN], sectors: goods, add: 15, except: {hs: *ex_d}, from: 2025-08-07, note: "Annex I: South Korea and others 15%"}
  - {importer: USA, exporter: [NIC], sectors: goods, add: 18, except: {hs: *ex_d}, from: 2025-08-07, note: "Annex I: Nicaragua 18%"}
  - {importer: USA, exporter: [THA, IDN, KHM, MYS, PAK, PHL], sectors: goods, add: 19, except: {hs: *ex_d}, from: 2025-08-07, note: "Annex I: Thailand and others 19%"}
  - {importer: USA, exporter: [VNM, TWN, BGD, LKA], sectors: goods, add: 20, except: {hs: *ex_d}, from: 2025-08-07, note: "Annex I: Vietnam, Taiwan, Bangladesh, Sri Lanka 20%"}
  - {importer: USA, exporter: [IND], sectors: goods, add: 25, except: {hs: *ex_d}, from: 2025-08-07, note: "Annex I: India 25%"}
  - {importer: USA, exporter: [DZA, ZAF], sectors: goods, add: 30, except: {hs: *ex_d}, from: 2025-08-07, note: "Annex I: Algeria, South Africa 30%"}
  - {importer: USA, exporter: [IRQ], sectors: goods, add: 35, except: {hs: *ex_d}, from: 2025-08-07, note: "Annex I: Iraq 35%"}
  - {importer: USA, exporter: [CHE], sectors: goods, add: 39, except: {hs: *ex_d}, from: 2025-08-07, note: "Annex I: Switzerland 39%"}
  - {importer: USA, exporter: [IND], sectors: goods, add: 25, except: {hs: *ex_d}, from: 2025-08-27, note: "EO 14329: India +25% (Russian oil)"}
  - {importer: USA, exporter: [BRA], sectors: goods, add: 40, except: {hs: [$EX_D, $BRAZIL_EXC]}, from: 2025-08-06, note: "EO 14323: Brazil +40%, with the exceptions of its Annex I"}
  # Japan and the EU: 15% inclusive of MFN (the line's own rate when that is 15% or more).
  - {importer: USA, exporter: EU27, sectors: goods, floor_inclusive: 15, except: {hs: *ex_d}, from: 2025-08-07, until: 2025-09-01, note: "EO 14326 sec. 2(c): EU 15% inclusive of MFN"}
  - {importer: USA, exporter: EU27, sectors: goods, floor_inclusive: 15, except: {hs: &ex_d_air [$EX_D, $AIRCRAFT]}, from: 2025-09-01, override: true, note: "EU aircraft and parts MFN only from September 1 (joint statement of 2025-08-21)"}
  - {importer: USA, exporter: JPN, sectors: goods, floor_inclusive: 15, except: {hs: *ex_d}, from: 2025-08-07, until: 2025-09-16, note: "EO of 2025-09-04 sec. 2: Japan 15% inclusive of MFN from August 7"}
  - {importer: USA, exporter: JPN, sectors: goods, floor_inclusive: 15, except: {hs: *ex_d_air}, from: 2025-09-16, override: true, note: "civil aircraft of Japan outside from September 16 (sec. 3)"}
  # Automobiles and parts 15% inclusive in lieu of the Section 232 25%: the 25 points taken back, then the floor.
  - {importer: USA, exporter: EU27, sectors: {hs: *autos}, add: -25, from: 2025-08-01, note: "EU automobiles and parts: 15% inclusive in lieu of 25% (joint statement of 2025-08-21)"}
  - {importer: USA, exporter: EU27, sectors: {hs: *autos}, floor_inclusive: 15, from: 2025-08-01, override: true}
  - {importer: USA, exporter: JPN, sectors: {hs: *autos}, add: -25, from: 2025-09-16, note: "Japanese automobiles and parts: 15% inclusive in lieu of 25% (EO of 2025-09-04 sec. 4)"}
  - {importer: USA, exporter: JPN, sectors: {hs: *autos}, floor_inclusive: 15, from: 2025-09-16, override: true}
  - {importer: USA, exporter: KOR, sectors: {hs: *autos}, add: -25, from: 2025-11-01, note: "Korean automobiles and parts: 15% inclusive (US-Korea, notice of 2025-12-04)"}
  - {importer: USA, exporter: KOR, sectors: {hs: *autos}, floor_inclusive: 15, from: 2025-11-01, override: true}
EOF
# ---- the tariff tracker's readings ----
# ../shared/data/us-tariffs-2025/country-by-time.csv reads three measures otherwise than the orders do. These two
# files put its readings on top of the legal scenarios, so that its series can be reproduced measure for measure
# (tests/unit/test_tariffs.c) and the difference each reading makes can be seen (docs/SCENARIOS.md).
PARTS_ON_METAL_LISTS=$(both "$PARTS" "$STEEL, $ALU")
cat >"$OUT/us-2025-04-reciprocal-tracker.yaml" <<EOF
# The tariff tracker's reading of the April 2025 measures: us-2025-04-reciprocal.yaml (the orders as written) with
#   1. automobile parts under Section 232 from 2025-04-03, the automobiles' date (Proclamation 10908 sec. 2: parts
#      from 2025-05-03; until then they paid the reciprocal and fentanyl tariffs, and the parts on the steel and
#      aluminium lists the metals' 25%). In lieu of those, as from May 3: 25%, USMCA-compliant parts exempt, not
#      the Canada and Mexico fentanyl tariffs nor the reciprocal ones; China's fentanyl 20% stacks.
#   2. China's 125% of EO 14266 (2025-04-09) counted as its rate in all, the fentanyl 20% included (the order raised
#      the reciprocal rate alone from 84% to 125%: 145% in all, the figure of the White House of 2025-04-10).
# Not for the law: for comparison with ../shared/data/us-tariffs-2025/country-by-time.csv. Generated by
# scripts/derive-us-2025-scenarios.sh: edit that script.
name: us-2025-04-reciprocal-tracker
description: us-2025-04-reciprocal as the tariff tracker reads it (auto parts from April 3, China 125% in all)
extends: us-2025-04-reciprocal
date: 2025-04-10
regions_optional: true
measures:
  # 1. automobile parts from April 3
  - {importer: USA, exporter: all, sectors: {hs: &parts [$PARTS]}, add: 25, from: 2025-04-03, until: 2025-05-03, note: "tracker: Section 232 automobile parts from April 3"}
  - {importer: USA, exporter: CAN, sectors: {hs: *parts}, add: -16.25, from: 2025-04-03, until: 2025-05-03, note: "USMCA-compliant parts exempt: 25% x 0.65 taken back"}
  - {importer: USA, exporter: MEX, sectors: {hs: *parts}, add: -20.5, from: 2025-04-03, until: 2025-05-03, note: "USMCA-compliant parts exempt: 25% x 0.82 taken back"}
  - {importer: USA, exporter: all, sectors: {hs: [$PARTS_ON_METAL_LISTS]}, add: -25, from: 2025-04-03, until: 2025-05-03, note: "parts on the steel and aluminium lists: the auto rate in lieu of the metals' 25%"}
  - {importer: USA, exporter: CAN, sectors: {hs: *parts}, add: -25, exempt_share: 0.65, except: {hs: [$FX_A, $ENERGY]}, from: 2025-04-03, until: 2025-05-03, note: "parts outside the Canada fentanyl tariff (EO 14289)"}
  - {importer: USA, exporter: MEX, sectors: {hs: *parts}, add: -25, exempt_share: 0.82, except: {hs: [$FX_A]}, from: 2025-04-03, until: 2025-05-03, note: "parts outside the Mexico fentanyl tariff (EO 14289)"}
  - {importer: USA, exporter: &recip [$RECIP], sectors: {hs: *parts}, add: -10, except: {hs: &ex_a [$EX_A]}, from: 2025-04-05, until: 2025-04-11, note: "parts outside the reciprocal tariffs (EO 14257 sec. 3(b))"}
  - {importer: USA, exporter: *recip, sectors: {hs: *parts}, add: -10, except: {hs: &ex_b [$EX_B]}, from: 2025-04-11, until: 2025-05-03}
EOF
annex1 "{hs: *parts}" "-" >>"$OUT/us-2025-04-reciprocal-tracker.yaml"
cat >>"$OUT/us-2025-04-reciprocal-tracker.yaml" <<EOF
  - {importer: USA, exporter: [$CHINA], sectors: {hs: *parts}, add: -74, except: {hs: *ex_a}, from: 2025-04-09, until: 2025-04-11, note: "parts outside China's 84% ..."}
  - {importer: USA, exporter: [$CHINA], sectors: {hs: *parts}, add: -74, except: {hs: *ex_b}, from: 2025-04-11, until: 2025-05-03}
  - {importer: USA, exporter: [$CHINA], sectors: {hs: *parts}, add: -41, except: {hs: *ex_a}, from: 2025-04-10, until: 2025-04-11, note: "... and its 125%"}
  - {importer: USA, exporter: [$CHINA], sectors: {hs: *parts}, add: -41, except: {hs: *ex_b}, from: 2025-04-11, until: 2025-05-03}
  # 2. China's 125% in all, the fentanyl 20% included
  - {importer: USA, exporter: [$CHINA], sectors: goods, add: -20, except: {hs: [$EX_A, $PARTS]}, from: 2025-04-10, until: 2025-04-11, note: "tracker: EO 14266's 125% as China's rate in all"}
  - {importer: USA, exporter: [$CHINA], sectors: goods, add: -20, except: {hs: [$EX_B, $PARTS]}, from: 2025-04-11, until: 2025-05-03}
  - {importer: USA, exporter: [$CHINA], sectors: goods, add: -20, except: {hs: [$EX_C]}, from: 2025-05-03}
EOF

cat >"$OUT/us-2025-08-deals-tracker.yaml" <<EOF
# The tariff tracker's reading of the August 2025 measures: us-2025-08-deals.yaml (the orders as written) with the
# automobile deals of Japan and Korea in force from 2025-08-07, the date of the new reciprocal rates: automobiles
# and parts 15% inclusive of MFN in lieu of the Section 232 25%. In law Japan's applied from 2025-09-16 (EO of
# 2025-09-04 sec. 4) and Korea's from 2025-11-01 (the notice of 2025-12-04); until then both paid 25%.
# Not for the law: for comparison with ../shared/data/us-tariffs-2025/country-by-time.csv. Generated by
# scripts/derive-us-2025-scenarios.sh: edit that script.
name: us-2025-08-deals-tracker
description: us-2025-08-deals as the tariff tracker reads it (Japan and Korea auto deals from August 7)
extends: us-2025-08-deals
date: 2025-09-17
regions_optional: true
measures:
  - {importer: USA, exporter: JPN, sectors: {hs: &autos [$VEHICLES, $PARTS]}, add: -25, from: 2025-08-07, until: 2025-09-16, note: "tracker: the Japanese auto deal from August 7"}
  - {importer: USA, exporter: JPN, sectors: {hs: *autos}, floor_inclusive: 15, from: 2025-08-07, until: 2025-09-16}
  - {importer: USA, exporter: KOR, sectors: {hs: *autos}, add: -25, from: 2025-08-07, until: 2025-11-01, note: "tracker: the Korean auto deal from August 7"}
  - {importer: USA, exporter: KOR, sectors: {hs: *autos}, floor_inclusive: 15, from: 2025-08-07, until: 2025-11-01}
EOF
echo "wrote $OUT/us-2025-04-reciprocal.yaml $OUT/us-china-geneva.yaml $OUT/us-2025-08-deals.yaml $OUT/us-2025-04-reciprocal-tracker.yaml $OUT/us-2025-08-deals-tracker.yaml"
