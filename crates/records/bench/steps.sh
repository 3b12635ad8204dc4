# Sourced by the record benchmarks (linkage.sh, pipeline.sh): what both do alike.

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# pseudonymise_raw BIN: each file of raw/ (truth.csv apart) into keyed/, through `rapporteur
# pseudonymize` under key.txt when it names persons (family_name, given_names or birth_date
# columns), copied as it is otherwise. Each pseudonymisation is run by the caller's `timed`.
pseudonymise_raw() {
    local bin=$1 f b
    for f in raw/*.csv; do
        b=$(basename "$f")
        [[ $b == truth.csv ]] && continue
        if head -n1 "$f" | tr ',' '\n' | grep -qx -e family_name -e given_names -e birth_date; then
            timed "pseudonymize-${b%.csv}" "$bin" pseudonymize --key-file key.txt "$f" "keyed/$b"
        else
            cp "$f" "keyed/$b"
        fi
    done
}
