#!/usr/bin/env bash
# Fuzzes a running node's REST gateway with schemathesis against docs/openapi.json: generated
# valid and invalid requests for every path, checking that none is answered 5xx and that every
# answer has a documented status, content type and schema. Optional; needs `pip install schemathesis`.
#   scripts/gateway-fuzz.sh [GATEWAY_URL] [extra st run options]   (default http://127.0.0.1:1317)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
url="${1:-http://127.0.0.1:1317}"
shift || true
command -v st > /dev/null || { echo "gateway-fuzz: schemathesis is not installed (pip install schemathesis)" >&2; exit 1; }
# schemathesis keeps a cache folder in its working directory: not in the repository.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
st run "$root/docs/openapi.json" --url "$url" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection \
  --exclude-path-regex '^/explorer' \
  --max-time 120 --workers 2 "$@"
