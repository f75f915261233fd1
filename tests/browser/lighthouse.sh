#!/usr/bin/env bash
# Lighthouse (pinned 12.2.3, mobile defaults, the system Chromium) on the
# pages readers reach from a forwarded link: the home page, a petition, a
# story and an issue, in Hindi and Urdu. Prints each page's scores and
# fails unless performance, accessibility and best practices are all 100.
#
# Not part of `cargo test`: Lighthouse's performance score is a timing, and
# timings belong to benchmarks (docs/decisions.md). Run it by hand after a
# change to the theme:
#
#   cargo run --release -- build && bash tests/browser/lighthouse.sh public
#
# Needs Node 20, python3 (to serve the folder) and network access the
# first time, for npx to fetch Lighthouse.
set -euo pipefail
site=${1:-public}
port=${PORT:-8799}
pages=(hi/ ur/ hi/petitions/end-demand/ ur/petitions/end-demand/ hi/stories/heera/ ur/stories/sultana/ hi/despatch/2026-11/ ur/despatch/2026-11/)
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
out=$(mktemp -d)
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
trap 'kill $server; rm -rf "$out"' EXIT
sleep 1
failed=0
for page in "${pages[@]}"; do
    report="$out/$(echo "$page" | tr / -).json"
    npx --yes lighthouse@12.2.3 "http://127.0.0.1:$port/$page" --quiet \
        --chrome-flags="--headless=new --no-sandbox" \
        --only-categories=performance,accessibility,best-practices \
        --output=json --output-path="$report" >/dev/null 2>&1
    node -e '
        const r = require(process.argv[1]);
        const scores = Object.values(r.categories).map(c => [c.id, Math.round(c.score * 100)]);
        console.log(process.argv[2].padEnd(28), scores.map(([id, s]) => `${id} ${s}`).join("  "));
        process.exit(scores.every(([, s]) => s === 100) ? 0 : 1);
    ' "$report" "$page" || failed=1
done
exit $failed
