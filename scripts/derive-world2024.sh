#!/bin/sh
# Derives the embedded 2024 world table data/world2024 (14 regions x 18 sectors, USD million) from WIOD 2013 (year
# 2011), the ADB MRIO sector totals (Thailand and Vietnam split out of WIOD's RoW; every region's 2022 sector shares
# of gross output and value added), Japan's 2024 exports by partner
# (Ministry of Finance) and US 2024 imports by partner and HS line (Census), with the project's own commands only:
# split-region, aggregate, update. The awk steps only turn the source files into the CSV inputs those commands read
# (split shares, targets); every input they write is kept in data/world2024/derivation/, with checks.csv, the table
# against every published figure it rests on (scripts/world2024-checks.py). See data/world2024/README.md and
# docs/WORLD2024.md.
# usage: sh scripts/derive-world2024.sh [TARIFFSCOPE] [SHARED_DIR]      (run from the project's top folder)
set -eu
TSC=${1:-build/tariffscope}
SHARED=${2:-../shared}
D=$SHARED/data
OUT=data/world2024
DER=$OUT/derivation
LOG=$DER/derivation.log

for f in "$D/wiod2013/wiot_2011/Z.csv.gz" "$D/adb-summaries/wiod_row_split_shares_2011.csv" \
    "$D/adb-summaries/totals_by_economy.csv" "$D/facts/japan_trade_2024.csv" "$D/us-tariffs-2025/hts/census_to_iso3.csv" \
    "$D/us-tariffs-2025/hs10-imports-2024" "$D/us-tariffs-2025/hs2" data/concordance/hs2017_wiod.csv "$DER/concordance.csv"; do
    [ -e "$f" ] || { echo "derive-world2024: $f is absent" >&2; exit 1; }
done
[ -x "$TSC" ] || { echo "derive-world2024: $TSC is not an executable (build first)" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/world2024.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'rm -rf "$TMP"; exit 130' INT TERM HUP
START=$(date +%s)
# The derivation files are written to $STAGE and moved to $DER only once the table is written, so a failed run
# leaves the committed files as they were.
STAGE=$TMP/derivation
mkdir -p "$STAGE"
cp "$DER/concordance.csv" "$STAGE/"
FINAL_LOG=$LOG
LOG=$STAGE/derivation.log

# paths: the staging folder shown as the folder its files end up in, other scratch files as $TMP
paths() { sed "s|$STAGE|$DER|g; s|$TMP|\$TMP|g"; }
log() { printf '%s\n' "$*" | paths >>"$LOG"; }
# run CMD...: runs a project command, its output in the log (and on the terminal); stops the script when it fails.
run() {
    log "\$ $*"
    _t0=$(date +%s)
    "$@" >"$TMP/run.out" 2>&1 || { cat "$TMP/run.out" >&2; echo "derive-world2024: failed: $*" >&2; exit 1; }
    paths <"$TMP/run.out"
    paths <"$TMP/run.out" | sed 's/^/    /' >>"$LOG"
    log "    ($(($(date +%s) - _t0)) s)"
}

: >"$LOG"
log "# derive-world2024.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ), $("$TSC" --version 2>/dev/null)"
log "# shared data: $SHARED/data (wiod2013, adb-summaries, facts, us-tariffs-2025); HS concordance data/concordance/hs2017_wiod.csv"

# ---- 1. Thailand and Vietnam out of WIOD's RoW: ADB 2011 shares of gross output by WIOD sector ---------------------
# wiod_row_split_shares_2011.csv: THA_share_x, VNM_share_x = THA's / VNM's gross output over the ADB aggregate of the
# 23 economies WIOD keeps in RoW, per sector c1..c35 (its second column is a quoted name with commas).
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; print "region,sector,share_x"; next }
    { sub(/,"[^"]*",/, ",name,"); t[NR] = "THA," $1 "," $(h["THA_share_x"]); v[NR] = "VNM," $1 "," $(h["VNM_share_x"]) }
    END { for (i = 2; i <= NR; i++) print t[i]; for (i = 2; i <= NR; i++) print v[i] }' \
    "$D/adb-summaries/wiod_row_split_shares_2011.csv" >"$STAGE/row_split_shares.csv"
run "$TSC" split-region "$D/wiod2013/wiot_2011" --rebalance --region RoW --into THA,VNM,RoW \
    --shares "$STAGE/row_split_shares.csv" --out "$TMP/split.tsc" --to cache

# ---- 2. 14 regions x 18 sectors ----------------------------------------------------------------------------------------
run "$TSC" aggregate "$TMP/split.tsc" --concordance "$STAGE/concordance.csv" --out "$TMP/agg2011"

# ---- 3. US imports for consumption 2024 by partner region and table sector (Census, USD -> USD million) ------------
# HS10 lines go to the WIOD industry of their longest listed prefix in data/concordance/hs2017_wiod.csv, then to the
# table sector by the concordance. Partners with HS10 files (Census country code in the file name) use them; the EU
# aggregate (0003) holds the member states; Germany (4280) and Croatia (4791, in WIOD's RoW) have only HS chapter
# totals, placed in sectors as the EU's lines of that chapter are; RoW partners without HS10 files likewise with the
# pooled lines of the RoW partners that have them. Chapters 98-99 (US special provisions: returned US goods, repairs)
# map to no sector and are left out.
cat >"$TMP/article_sectors_def.csv" <<'EOT'
article_sector,hs_prefixes,table_sector,nhk_estimate_musd
autos_and_parts,8702|8703|8704|8705|8706|8707|8708,TRANSPORT_EQUIPMENT,40000
iron_and_steel,72|73,METALS,2000
construction_mining_machinery,8429|8430|843141|843142|843143|843149,MACHINERY,6000
optical_scientific_instruments,9001|9002|9003|9004|9005|9006|9007|9008|9009|9010|9011|9012|9013|9014|9015|9016|9017|9023|9024|9025|9026|9027|9028|9029|9030|9031|9032|9033,ELECTRICAL_OPTICAL,4000
semiconductor_manufacturing_equipment,8486,MACHINERY,3500
food,01|02|03|04|05|06|07|08|09|10|11|12|13|14|15|16|17|18|19|20|21|22|23|24,AGRI_FOOD,1600
EOT
{
    for f in "$D/us-tariffs-2025/hs10-imports-2024/"*imports*.csv.gz; do
        c=${f##*imports}; c=${c%%.*}
        gzip -dc "$f" | sed "s/^/H10,$c,/"
    done
    for f in "$D/us-tariffs-2025/hs2/"hs2-tariff-*.csv; do
        c=${f##*tariff-}; c=${c%%.*}
        sed "s/^/H2,$c,/" "$f"
    done
} | awk -v CONC="$STAGE/concordance.csv" -v HS=data/concordance/hs2017_wiod.csv \
    -v ISO="$D/us-tariffs-2025/hts/census_to_iso3.csv" -v ART="$TMP/article_sectors_def.csv" \
    -v ARTOUT="$STAGE/article_sectors.csv" -v UNMAPPED="$TMP/unmapped.txt" '
function region(code,   i) {
    if (code == "0003") return "EU27"
    if (!(code in iso)) return "ROW"
    i = iso[code]
    if (i in named) return i
    if (i in eu25) return "EU"
    return "ROW"
}
function sector_of(hs,   k, p) {
    for (k = 10; k >= 2; k -= 2) { p = substr(hs, 1, k); if (p in hsmap) return tsec[hsmap[p]] }
    return ""
}
BEGIN {
    FS = ","
    while ((getline l < CONC) > 0) { split(l, a, ","); if (a[1] == "sector") tsec[a[2]] = a[3] }
    while ((getline l < HS) > 0) { split(l, a, ","); if (a[1] ~ /^[0-9]+$/) hsmap[a[1]] = a[2] }
    while ((getline l < ISO) > 0) { split(l, a, ","); if (a[1] ~ /^[0-9]+$/) iso[a[1]] = a[2] }
    n = split("CAN MEX CHN JPN KOR TWN THA VNM IND GBR DEU", cc, " "); for (k = 1; k <= n; k++) named[cc[k]] = 1
    n = split("AUT BEL BGR CYP CZE DNK ESP EST FIN FRA GRC HUN IRL ITA LTU LUX LVA MLT NLD POL PRT ROU SVK SVN SWE", cc, " ")
    for (k = 1; k <= n; k++) eu25[cc[k]] = 1
    while ((getline l < ART) > 0) {
        split(l, a, ","); if (a[1] == "article_sector") continue
        na++; aname[na] = a[1]; apref[na] = a[2]; asec[na] = a[3]; anhk[na] = a[4]
    }
}
$3 == "CTY_NAME" || $3 == "HS2" { next }
$1 == "H10" {
    code = $2; reg = region(code); has10[code] = 1
    if ($3 ~ /^"/) sub(/^H10,[0-9]+,"[^"]*"/, "H10," code ",X")   # a quoted country name may hold commas
    hs = $6; val = $4 / 1e6; s = sector_of(hs); ch = substr(hs, 1, 2)
    if (reg == "EU") next                                  # member states with their own file are in 0003
    if (s == "") { unm[reg] += val; next }
    if (reg == "EU27") { eu27[ch, s] += val; eu27ch[ch] += val; next }
    if (reg == "ROW") { pool[ch, s] += val; poolch[ch] += val }
    imp[reg, s] += val; sect[s] = 1
    if (reg == "JPN") {
        jpn[s] += val
        for (k = 1; k <= na; k++) if (asec[k] == s) {
            m = split(apref[k], p, "|")
            for (q = 1; q <= m; q++) if (index(hs, p[q]) == 1) { aval[k] += val; break }
        }
    }
    next
}
{   # HS chapter totals (hs2 files), used only for partners without HS10 lines
    code = $2; reg = region(code)
    if (reg == "EU27" || (code in has10)) next
    if (reg == "EU" && iso[code] != "HRV") next            # in the EU aggregate
    ch = $3; val = $4 / 1e6
    who = (iso[code] == "DEU" || iso[code] == "HRV") ? iso[code] : "ROW"
    if (ch == "98" || ch == "99") { unm[who] += val; next }
    tot = who == "ROW" ? poolch[ch] : eu27ch[ch]
    if (tot > 0) {
        for (s in sect) {
            share = (who == "ROW" ? pool[ch, s] : eu27[ch, s]) / tot
            if (share > 0) chsec[who, s] += val * share
        }
    } else { s = tsec[hsmap[ch]]; chsec[who, s] += val; sect[s] = 1 }
}
END {
    for (k in eu27) { split(k, a, SUBSEP); eus[a[2]] += eu27[k]; sect[a[2]] = 1 }
    print "partner,sector,us_imports_2024_musd"
    n = split("CAN MEX CHN JPN KOR TWN THA VNM IND GBR DEU EU ROW", R, " ")
    ns = split("AGRI_FOOD MINING_ENERGY TEXTILES WOOD_PAPER PETROLEUM CHEMICALS RUBBER_PLASTICS MINERALS METALS MACHINERY ELECTRICAL_OPTICAL TRANSPORT_EQUIPMENT OTHER_MANUFACTURING UTILITIES", S, " ")
    for (r = 1; r <= n; r++) for (j = 1; j <= ns; j++) {
        s = S[j]; v = imp[R[r], s]
        if (R[r] == "DEU") v = chsec["DEU", s]
        if (R[r] == "EU") v = eus[s] - chsec["DEU", s] - chsec["HRV", s]
        if (R[r] == "ROW") v += chsec["ROW", s] + chsec["HRV", s]
        if (v > 0) printf "%s,%s,%.6f\n", R[r], s, v
        done[s] = 1
    }
    for (s in sect) if (!(s in done)) printf "unexpected sector %s\n", s > "/dev/stderr"
    for (r in unm) printf "%s %.3f\n", r == "EU27" ? "EU27(every member, DEU and HRV too)" : r, unm[r] > UNMAPPED
    print "article_sector,hs_prefixes,table_sector,us_imports_2024_musd,sector_us_imports_2024_musd,hs_share,nhk_estimate_musd" > ARTOUT
    for (k = 1; k <= na; k++) {
        share = jpn[asec[k]] > 0 ? aval[k] / jpn[asec[k]] : 0
        printf "%s,%s,%s,%.3f,%.3f,%.6f,%s\n", aname[k], apref[k], asec[k], aval[k], jpn[asec[k]], share, anhk[k] > ARTOUT
    }
}' >"$STAGE/us_imports_2024.csv"
if [ -s "$TMP/unmapped.txt" ]; then
    log "# US imports 2024 left out (HS chapters 98-99, USD million by partner): $(sort "$TMP/unmapped.txt" | tr '\n' ';')"
fi
log "# US imports 2024 by partner, USD million (HS 01-97): $(awk -F, 'NR > 1 { t[$1] += $3 } END { for (k in t) printf "%s %.0f; ", k, t[k] }' "$STAGE/us_imports_2024.csv")"

# ---- 4. Japan's goods exports by partner: Ministry of Finance shares ----------------------------------------------
# The share of each partner in Japan's 2024 exports (MOF, finalized: total 107.0979, US 21.2948, China 18.8625 trillion
# JPY; preliminary: EU 9.9659 of 107.09), and for Korea, Taiwan, Thailand and Vietnam, whose 2024 values were not
# found, the 2023 shares (MOF via shinjukuacc.com). Japan's total goods exports in USD are those to the US (Census, the
# same basis as every other US import target) over the MOF US share, so the MOF shares hold exactly.
awk -F, -v OUT="$TMP/jpn_shares.txt" '
function take(item, year, unit) { if ($1 == item && $4 == year && $3 == unit && !((item, year) in v)) v[item, year] = $2 }
{
    take("Japan total goods exports (MOF finalized)", 2024, "trillion JPY")
    take("Japan exports to USA (MOF finalized)", 2024, "trillion JPY")
    take("Japan exports to China (MOF finalized)", 2024, "trillion JPY")
    take("Japan total goods exports (MOF preliminary)", 2024, "trillion JPY")
    take("Japan exports to EU (MOF preliminary)", 2024, "trillion JPY")
    take("Japan total goods exports", 2023, "trillion JPY")
    take("Japan exports to South Korea", 2023, "trillion JPY")
    take("Japan exports to Taiwan", 2023, "trillion JPY")
    take("Japan exports to Thailand", 2023, "trillion JPY")
    take("Japan exports to Vietnam", 2023, "trillion JPY")
}
END {
    t24 = v["Japan total goods exports (MOF finalized)", 2024]; p24 = v["Japan total goods exports (MOF preliminary)", 2024]
    t23 = v["Japan total goods exports", 2023]
    if (!(t24 > 0 && p24 > 0 && t23 > 0)) { print "derive-world2024: Japan totals not found in japan_trade_2024.csv" > "/dev/stderr"; exit 1 }
    printf "USA %.8f MOF 2024 finalized %s / %s trillion JPY\n", v["Japan exports to USA (MOF finalized)", 2024] / t24, v["Japan exports to USA (MOF finalized)", 2024], t24 > OUT
    printf "CHN %.8f MOF 2024 finalized %s / %s trillion JPY\n", v["Japan exports to China (MOF finalized)", 2024] / t24, v["Japan exports to China (MOF finalized)", 2024], t24 > OUT
    printf "DEU|EU %.8f MOF 2024 preliminary EU27 %s / %s trillion JPY (Croatia is in ROW)\n", v["Japan exports to EU (MOF preliminary)", 2024] / p24, v["Japan exports to EU (MOF preliminary)", 2024], p24 > OUT
    printf "KOR %.8f MOF 2023 %s / %s trillion JPY (2024 not found)\n", v["Japan exports to South Korea", 2023] / t23, v["Japan exports to South Korea", 2023], t23 > OUT
    printf "TWN %.8f MOF 2023 %s / %s trillion JPY (2024 not found)\n", v["Japan exports to Taiwan", 2023] / t23, v["Japan exports to Taiwan", 2023], t23 > OUT
    printf "THA %.8f MOF 2023 %s / %s trillion JPY (2024 not found)\n", v["Japan exports to Thailand", 2023] / t23, v["Japan exports to Thailand", 2023], t23 > OUT
    printf "VNM %.8f MOF 2023 %s / %s trillion JPY (2024 not found)\n", v["Japan exports to Vietnam", 2023] / t23, v["Japan exports to Vietnam", 2023], t23 > OUT
}' "$D/facts/japan_trade_2024.csv"
while read -r r share note; do
    case $share in 0.0*|0.1*|0.2*) ;; *) echo "derive-world2024: odd MOF share for $r: $share" >&2; exit 1 ;; esac
done <"$TMP/jpn_shares.txt"

# ---- 5. Gross output and value added 2011 -> 2024 ----------------------------------------------------------------
# ADB MRIO (ADB62, current USD): for the economies it covers, 2022 / 2011 carried to 2024 by the 2017-2022 trend,
# g = (v22 / v11) * (v22 / v17)^(2/5), for gross output and value added each (JPN USA CHN KOR MEX). Thailand and
# Vietnam, whose 2011 structure is a share of WIOD's RoW, take ADB's 2022 levels carried to 2024 by the output trend:
# exports (x - domestic sales, the README's correction of the upstream bug), domestic sales and value added. Elsewhere
# nothing better is known: world GDP in current USD, World Bank WDI (NY.GDP.MKTP.CD), 73.37 trillion in 2011 and
# 111.33 trillion in 2024, for output and value added alike.
WORLD_GROWTH=$(awk 'BEGIN { printf "%.6f", 111.33 / 73.37 }')
awk -F, -v OUT="$TMP/growth.txt" '$3 == "ADB62" { x[$2, $1] = $4; va[$2, $1] = $5; ex[$2, $1] = $6 }
function g(v, e) { return v[e, 2022] / v[e, 2011] * exp(0.4 * log(v[e, 2022] / v[e, 2017])) }
END {
    n = split("JPN USA CHN KOR MEX THA VNM", E, " ")
    for (k = 1; k <= n; k++) {
        e = E[k]
        if (!(x[e, 2011] > 0 && x[e, 2017] > 0 && x[e, 2022] > 0 && va[e, 2011] > 0 && va[e, 2017] > 0 && va[e, 2022] > 0)) {
            print "derive-world2024: ADB totals missing for " e > "/dev/stderr"; exit 1
        }
        t = exp(0.4 * log(x[e, 2022] / x[e, 2017]))
        printf "%s %.6f %.6f %.6f %.6f %.6f %.6f x %.0f %.0f %.0f va %.0f %.0f %.0f exports %.0f\n", e, g(x, e), g(va, e), t,
            ex[e, 2022] * t, (x[e, 2022] - ex[e, 2022]) * t, va[e, 2022] * t, x[e, 2011], x[e, 2017], x[e, 2022],
            va[e, 2011], va[e, 2017], va[e, 2022], ex[e, 2022] > OUT
    }
}' "$D/adb-summaries/totals_by_economy.csv"
log "# growth (economy gx gva trend exports24 domestic24 va24; ADB x 2011 2017 2022, va 2011 2017 2022, exports 2022):"
sed 's/^/#   /' "$TMP/growth.txt" >>"$LOG"

# ---- 5b. ADB MRIO 2022 sector shares of gross output and value added, by table region and sector ---------------
# country_sector_totals.csv.gz (ADB MRIO 72 economies + rest of world, the WIOD 2013 industries c1..c35): each economy
# goes to the table region the concordance gives it (the named regions, EU members), every other one to ROW; the
# industries to the table sectors by the concordance. Shares within each region, of its 2022 totals.
ADB22=$D/adb-mrio-2017-2022/country_sector_totals.csv.gz
[ -e "$ADB22" ] || { echo "derive-world2024: $ADB22 is absent" >&2; exit 1; }
gzip -dc "$ADB22" | awk -F, -v CONC="$STAGE/concordance.csv" '
BEGIN { while ((getline l < CONC) > 0) { split(l, a, ","); if (a[1] == "sector") sec[a[2]] = a[3]; if (a[1] == "region") reg[a[2]] = a[3] }
        n = split("JPN USA CHN KOR MEX CAN TWN DEU GBR IND THA VNM", cc, " "); for (k = 1; k <= n; k++) named[cc[k]] = 1 }
NR > 1 && $1 == 2022 {
    r = ($2 in named) ? $2 : ($2 in reg && reg[$2] != "ROW") ? reg[$2] : "ROW"
    if (!($3 in sec)) { print "derive-world2024: ADB sector " $3 " not in the concordance" > "/dev/stderr"; exit 1 }
    s = sec[$3]; x[r, s] += $4; va[r, s] += $6; tx[r] += $4; tv[r] += $6; seen[r] = 1; ss[s] = 1
}
END {
    print "region,sector,share_x,share_va,x_2022_musd,va_2022_musd"
    for (r in seen) for (s in ss) printf "%s,%s,%.8f,%.8f,%.3f,%.3f\n", r, s, x[r, s] / tx[r], va[r, s] / tv[r], x[r, s], va[r, s]
}' | { IFS= read -r h; echo "$h"; sort; } >"$STAGE/adb_shares_2022.csv"

# ---- 6. the targets ----------------------------------------------------------------------------------------------
GOODS_TOTAL=$(awk -F, 'NR > 1 && $1 == "JPN" && $2 != "UTILITIES" { s += $3 } END { printf "%.6f", s }' "$STAGE/us_imports_2024.csv")
{
    echo "kind,from_region,from_sector,to_region,to,value,note"
    echo "# US imports for consumption 2024 by partner and sector (Census HS10 lines -> WIOD industry -> table sector), USD million"
    awk -F, 'NR > 1 { printf "ZY,%s,%s,USA,*,%s,US Census 2024\n", $1, $2, $3 }' "$STAGE/us_imports_2024.csv"
    echo "# Japan's goods exports by partner: MOF shares; the total is US imports from Japan over the MOF US share"
    us=$(awk '$1 == "USA" { print $2 }' "$TMP/jpn_shares.txt")
    awk -v t="$GOODS_TOTAL" -v s="$us" 'BEGIN { printf "ZY,JPN,@goods,!JPN,*,%.6f,\"US imports from Japan %.6f / MOF 2024 US share %.6f\"\n", t / s, t, s }'
    while read -r r share note; do
        [ "$r" = USA ] && continue
        awk -v t="$GOODS_TOTAL" -v us="$us" -v s="$share" -v r="$r" -v note="$note" \
            'BEGIN { printf "ZY,JPN,@goods,%s,*,%.6f,\"share %.6f: %s\"\n", r, t / us * s, s, note }'
    done <"$TMP/jpn_shares.txt"
    echo "# gross output and value added by region and sector: the region's 2024 total (below) times ADB MRIO's 2022"
    echo "# sector shares (adb_shares_2022.csv); the totals grow from 2011 as ADB MRIO or, outside it, world GDP"
    awk -v OUT="$TMP/totals24.txt" -v WG="$WORLD_GROWTH" -v GROWTH="$TMP/growth.txt" -F, '
    BEGIN { while ((getline l < GROWTH) > 0) { split(l, a, " "); gx[a[1]] = a[2]; gva[a[1]] = a[3]
            if (a[1] == "THA" || a[1] == "VNM") { lx[a[1]] = a[5] + a[6]; lva[a[1]] = a[7] } } }
    NR > 1 { split($1, rs, "."); x[rs[1]] += $2; va[rs[1]] += $3 }
    END { for (r in x) {
            if (r in lx) { tx = lx[r]; tv = lva[r]; how = "ADB 2022 level x trend" }
            else if (r in gx) { tx = x[r] * gx[r]; tv = va[r] * gva[r]; how = "2011 x ADB growth + trend" }
            else { tx = x[r] * WG; tv = va[r] * WG; how = "2011 x world GDP growth" }
            printf "%s %.6f %.6f %s\n", r, tx, tv, how > OUT } }' "$TMP/agg2011/x_va.csv"
    # Where the US imports from a region's sector (Census, above) reach 90% of the output its ADB share gives, the two
    # sources disagree (re-exports, what customs and ADB count in a sector): the trade figure is kept and the sector's
    # output is left to the update (its value added target stays); listed in the log.
    awk -F, -v TOT="$TMP/totals24.txt" -v US="$STAGE/us_imports_2024.csv" -v LEFT="$TMP/left_out.txt" '
        BEGIN { while ((getline l < TOT) > 0) { split(l, a, " "); tx[a[1]] = a[2]; tv[a[1]] = a[3] }
                while ((getline l < US) > 0) { split(l, a, ","); us[a[1], a[2]] = a[3] } }
        NR > 1 && $1 ~ /^[A-Z]/ {
            if (us[$1, $2] >= 0.9 * $3 * tx[$1])
                printf "%s.%s (output %.0f from the ADB share, US imports %.0f)\n", $1, $2, $3 * tx[$1], us[$1, $2] > LEFT
            else printf "output,%s,%s,*,*,%.6f,\"ADB 2022 output share %.6f\"\n", $1, $2, $3 * tx[$1], $3
            printf "va,%s,%s,*,*,%.6f,\"ADB 2022 value-added share %.6f\"\n", $1, $2, $4 * tv[$1], $4 }' "$STAGE/adb_shares_2022.csv"
    echo "# Thailand and Vietnam: ADB 2022 exports x the 2017-22 output trend to 2024 (a split part's openness; its domestic"
    echo "# sales follow from its sector outputs)"
    for r in THA VNM; do
        awk -v r="$r" '$1 == r { printf "ZY,%s,*,!%s,*,%s,\"ADB exports 2022 %s x trend %s\"\n", r, r, $5, $17, $4 }' "$TMP/growth.txt"
    done
} >"$STAGE/targets.csv"
log "# $(grep -cE '^(Z|Y|ZY|output|va),' "$STAGE/targets.csv") targets in $STAGE/targets.csv"
[ -s "$TMP/left_out.txt" ] && log "# sector output targets left to the update (US imports >= 90% of the ADB-share output): $(tr '\n' ';' <"$TMP/left_out.txt")"

# ---- 6b. what the table's figures rest on, with the year of each (docs/FORMATS.md "sources.csv") ----------------
# Read by tariffscope report for the source line of every figure. The partners whose MOF share is of 2023 are those
# the step above took from 2023; files are relative to the table's folder (a row with a file counts only when the
# report uses that file).
OLD_MOF=$(awk '$3 == "MOF" && $4 == 2023 { n++; p[n] = $1 } END { for (k = 1; k <= n; k++) printf "%s%s", k == 1 ? "" : k == n ? " and " : ", ", p[k] }' "$TMP/jpn_shares.txt")
{
    echo "part,source,year,file"
    echo "table,WIOD 2013 release,2011,"
    echo "table,Thailand and Vietnam split from WIOD's rest of the world by ADB MRIO shares,2011,"
    echo "update,\"Japan's goods exports by partner, Ministry of Finance\",2024,"
    [ -n "$OLD_MOF" ] && echo "update,\"Japan's goods exports to $OLD_MOF, Ministry of Finance\",2023,"
    echo "update,\"US imports for consumption by partner and goods sector, US Census\",2024,"
    echo "update,ADB MRIO sector shares of gross output and value added,2022,"
    echo "update,output and value-added totals grown as ADB MRIO and World Bank GDP,2024,"
    echo "customs,\"US imports for consumption by HS10 line, US Census\",2024,"
    echo "article,NHK estimates quoted by the source article,2025,derivation/article_sectors.csv"
    echo "base,\"US applied tariffs, duties over customs value by partner and sector, US Census\",2024,../tariffs/us_2024_applied.csv"
    echo "base,\"China, Japan and Korea's applied tariffs on each other, Caliendo-Parro replication files\",2005,../tariffs/cjk_2005_applied.csv"
    echo "theta,\"Caliendo-Parro trade elasticities, Review of Economic Studies\",2015,../concordance/theta_wiod.csv"
} >"$STAGE/sources.csv"

# ---- 7. the update to 2024 -----------------------------------------------------------------------------------------
run "$TSC" update "$TMP/agg2011" --targets "$STAGE/targets.csv" --year 2024 --skip-empty --report "$STAGE/update_report.csv" \
    --source "WIOD 2013 (2011; Timmer et al. 2015) with THA and VNM split from RoW by ADB MRIO shares, updated to 2024 (MOF, US Census, ADB MRIO 2022 sector shares, World Bank) by scripts/derive-world2024.sh; see data/world2024/README.md" \
    --to native-gz --out "$OUT"
# ---- 8. what the table's commands need: its tariff schedule's files (meta.json "tariffs", docs/FORMATS.md) ----------
# The aggregation from WIOD codes, the HS concordance to WIOD sectors, the elasticities by WIOD sector and the base
# tariffs (US 2024 applied, China-Japan-Korea 2005 applied), all relative to the table's folder.
sh "$(dirname "$0")/set-table-tariffs.sh" "$OUT" derivation/concordance.csv ../concordance/hs2017_wiod.csv \
    ../concordance/theta_wiod.csv ../tariffs/us_2024_applied.csv ../tariffs/cjk_2005_applied.csv
log "# total $(($(date +%s) - START)) s"
for f in row_split_shares.csv us_imports_2024.csv article_sectors.csv adb_shares_2022.csv targets.csv update_report.csv derivation.log; do
    paths <"$STAGE/$f" >"$DER/$f"
done
cp "$STAGE/sources.csv" "$OUT/sources.csv"
# ---- 9. the fidelity table: every published figure the table is checked against, its value, gap and tolerance -------
python3 "$(dirname "$0")/world2024-checks.py" "$OUT" "$SHARED" >"$TMP/checks.csv" || checks_failed=1
cp "$TMP/checks.csv" "$DER/checks.csv"
echo "derive-world2024: wrote $OUT ($(du -sk "$OUT" | cut -f1) KiB with the derivation files); log in $FINAL_LOG"
if [ -n "${checks_failed:-}" ]; then
    echo "derive-world2024: gaps pass their tolerance: see the rows with ok = no in $DER/checks.csv" >&2
    exit 1
fi
