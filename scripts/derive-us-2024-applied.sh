#!/bin/sh
# Derives data/tariffs/us_2024_applied.csv, the base schedule of scenarios/us-2024-applied.yaml: the US tariff rates
# applied in 2024 by partner and WIOD 2013 sector, 100 x calculated duty / import value (CAL_DUT_YR / CON_VAL_YR)
# summed over the HS10 lines of the US Census imports for consumption 2024, each line placed in its sector by
# data/concordance/hs2017_wiod.csv. Partners become WIOD regions: EU member states (the Census EU aggregate split by
# each member's imports in the line's HS chapter), the others under their ISO3 code, RoW for the rest (the import
# data cover 51 partners, 97% of US imports). Lines of HS 98-99 (US special provisions) have no sector.
# usage (from the project folder): sh scripts/derive-us-2024-applied.sh [TARIFFSCOPE] [SHARED_DIR]
set -eu
TSC=${1:-build/tariffscope}
SHARED=${2:-../shared}
DATA="$SHARED/data/us-tariffs-2025"
[ -d "$DATA/hs10-imports-2024" ] || { echo "derive-us-2024-applied: $DATA/hs10-imports-2024 is absent" >&2; exit 1; }
mkdir -p data/tariffs
"$TSC" tariffs aggregate --imports "$DATA/hs10-imports-2024" --hs-concordance data/concordance/hs2017_wiod.csv \
    --regions "$SHARED/data/wiod2013/wiot_2011" --rates applied --rates-out data/tariffs/us_2024_applied.csv
