#!/usr/bin/env bash
# Fails when the vendored model (model/) differs from AWS's current one beside the checkout
# (../shared/reference), when the generated constraint table does not follow the vendored model, and
# when docs/rules.md does not follow the rule registry or provider/schema.json the component's source.
set -euo pipefail
cd "$(dirname "$0")/.."
ref=../shared/reference
if [ -d "$ref" ]; then
    for f in imagebuilder-2019-12-02.service-2.json aws-imagebuilder-distributionconfiguration.cfn-schema.json; do
        if ! cmp -s "model/$f" "$ref/$f"; then
            echo "model/$f differs from $ref/$f: copy the new file into model/ and run npm run generate:constraints" >&2
            exit 1
        fi
    done
    echo "model/ matches $ref"
else
    echo "$ref is not beside this checkout: the vendored model is not compared"
fi
npm run --silent generate:constraints -- --check
npm run --silent generate:rules -- --check
# The component package's schema (provider/schema.json) follows the component's source.
npm run --silent generate:schema -- --check
