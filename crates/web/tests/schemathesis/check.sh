#!/usr/bin/env bash
# The API fuzzed against its own OpenAPI description: `rapporteur demo` fills a store with the
# embedded 2019-2020 data set, `rapporteur api-token issue` gives the police's system a token,
# `rapporteur serve` answers on a free port of the loopback, and Schemathesis (PyPI, in a venv
# made here) generates requests from /api/v1/openapi.json — valid and invalid paths, queries,
# headers and bodies — and checks every answer: never a 5xx, a status code and content type the
# description lists, a body and headers matching its schema, and a 401 without the token. Bounded
# by a number of examples per operation (150: about a thousand requests, some 35 s on two cores,
# most of it `demo`; SCHEMATHESIS_EXAMPLES overrides it). The
# server's own log is checked too: no request answered with a 5xx.
# Usage: check.sh RAPPORTEUR_BINARY   (run by .ci/run; needs python3 with venv)
set -euo pipefail
BIN=${1:?usage: check.sh RAPPORTEUR_BINARY}
EXAMPLES=${SCHEMATHESIS_EXAMPLES:-150}
WORK=$(mktemp -d)
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
VENV=${SCHEMATHESIS_VENV:-/var/tmp/rapporteur-schemathesis-venv}
if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "schemathesis>=4.3,<5"
fi
cd "$WORK"
"$BIN" --store s.sqlite demo --out demo --format md >demo.log
TOKEN=$("$BIN" --store s.sqlite api-token issue schemathesis --role contributor --actor police 2>/dev/null)
"$BIN" --store s.sqlite serve --addr 127.0.0.1:0 >serve.out 2>serve.log &
SERVER=$!
ADDR=""
for _ in $(seq 1 100); do
  ADDR=$(sed -n 's/^Rapporteur portal listening on \([^ ]*\) .*/\1/p' serve.out)
  [ -n "$ADDR" ] && break
  sleep 0.1
done
[ -n "$ADDR" ] || { echo "the server did not start" >&2; cat serve.log >&2; exit 1; }
"$VENV/bin/schemathesis" run "http://$ADDR/api/v1/openapi.json" \
  --header "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,ignored_auth \
  --phases examples,coverage,fuzzing \
  --max-examples "$EXAMPLES" \
  --seed 20260302 \
  --workers 2 \
  --request-timeout 60 \
  --generation-database none \
  --no-color
if grep -E 'status=5[0-9][0-9]' serve.log >&2; then
  echo "the server answered a request with a 5xx" >&2
  exit 1
fi
echo "API fuzzed by schemathesis against its OpenAPI description: ok"
