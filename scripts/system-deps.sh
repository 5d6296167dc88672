#!/usr/bin/env bash
# System packages the tests need besides Node, Java and the services (scripts/services.sh installs those).
# Idempotent: installs only what is missing, so a developer machine pays nothing after the first run and a
# fresh machine (CI) gets everything. Add a line to PACKAGES for a new need: "<command it provides> <apt package>".
set -euo pipefail
PACKAGES=(
  "chromium chromium" # headless browser for the web UI test (driven by playwright-core)
  "pdftoppm poppler-utils" # PDF reports rendered to PNG pages in the report tests
)
missing=()
for entry in "${PACKAGES[@]}"; do
  read -r command package <<<"$entry"
  command -v "$command" >/dev/null 2>&1 || missing+=("$package")
done
# Without any font, PDF and page text render as nothing (the reports' "not blank" checks would rightly fail).
[ -e /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || missing+=(fonts-liberation)
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "[system-deps] installing ${missing[*]}" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
