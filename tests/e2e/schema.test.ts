/**
 * Multi-language readiness: Pulumi's component analyzer (`ComponentProvider.getSchema()` of
 * `@pulumi/pulumi/provider/experimental`, which is how a TypeScript component becomes usable from
 * Python, Go, .NET and YAML) must accept the component as it is today, and the schema the component
 * package serves (`provider/schema.json`) must be exactly what it makes of the source.
 *
 * The analysis is the one `npm run generate:schema` runs (scripts/generate-schema.ts): it fails on any
 * type the analyzer does not accept. What the schema holds (enums for every closed set, documentation
 * on every field, `unset`) is checked on the committed file by tests/providerSchema.test.ts.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import { SCHEMA_FILE, generateSchema, render } from "../../scripts/generate-schema";

describe("Pulumi component schema (multi-language analyzer)", function () {
    this.timeout(300000);

    it("accepts the component and makes exactly the committed provider/schema.json of it", async function () {
        const generated = render(await generateSchema());
        assert.ok(
            fs.readFileSync(SCHEMA_FILE, "utf8") === generated,
            "provider/schema.json is stale: run npm run generate:schema",
        );
    });
});
