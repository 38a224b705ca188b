#!/bin/bash
# Lighthouse (mobile emulation, its default) against a running server, one line of category scores per page and the
# audits under 0.9 that weigh in the score. Needs Lighthouse 13 from npm and Debian's chromium:
#   npm install --prefix /tmp/lh lighthouse@13
#   bench/lighthouse.sh http://127.0.0.1:8000 /tmp/lh-out / "/search/?near=Clifton" /centers/the-raintree-spa /guide/
# LIGHTHOUSE=/path/to/lighthouse overrides where the binary is (default /tmp/lh/node_modules/.bin/lighthouse).
BASE=$1; OUT=$2; shift 2; mkdir -p $OUT
for p in "$@"; do
  name=$(echo "$p" | tr '/?=&' '____')
  CHROME_PATH=/usr/bin/chromium "${LIGHTHOUSE:-/tmp/lh/node_modules/.bin/lighthouse}" "$BASE$p" --quiet --chrome-flags="--headless=new --no-sandbox" \
    --only-categories=performance,accessibility,best-practices,seo --output=json --output-path="$OUT/$name.json" >/dev/null 2>&1
  python3 - "$OUT/$name.json" "$p" <<'PY'
import json,sys
d=json.load(open(sys.argv[1])); c=d['categories']
print(f"{sys.argv[2]:45s}", " ".join(f"{k[:4]}={c[k]['score']}" for k in ['performance','accessibility','best-practices','seo']))
for k in ['accessibility','best-practices','seo','performance']:
    for ref in c[k]['auditRefs']:
        a=d['audits'][ref['id']]
        if a.get('score') is not None and a['score']<0.9 and ref.get('weight',0)>0:
            print("    ", k, ref['id'], a['score'], (a.get('displayValue') or '')[:60])
PY
done
