/**
 * Every program under examples/ runs as a test under the mock runtime: it must register its component
 * and one distribution configuration without a validation error, and its stack outputs must resolve.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { catchingRejections, setupMocks, settle, valueOf } from "./harness";

const EXAMPLES = path.join(__dirname, "..", "examples");
const COMPONENT_TYPE = "imagebuilder-distribution:index:MultiRegionDistribution";

/** What each example must produce: backend type and regions, so that an example that silently changes fails. */
const EXPECTED: Record<string, { type: string; regions: string[] }> = {
    "golden-ami": {
        type: "aws:imagebuilder/distributionConfiguration:DistributionConfiguration",
        regions: ["eu-central-1", "eu-west-1", "sa-east-1", "us-east-1", "us-west-2"],
    },
    "container-images": {
        type: "aws:imagebuilder/distributionConfiguration:DistributionConfiguration",
        regions: ["eu-west-1", "us-east-1", "us-west-2"],
    },
    "aws-native": {
        type: "aws-native:imagebuilder:DistributionConfiguration",
        regions: ["eu-north-1", "eu-west-1", "us-east-1"],
    },
    "explicit-distributions": {
        type: "aws:imagebuilder/distributionConfiguration:DistributionConfiguration",
        regions: ["us-east-1", "us-west-2"],
    },
};

describe("examples run as tests", () => {
    const dirs = fs
        .readdirSync(EXAMPLES)
        .filter((d) => fs.existsSync(path.join(EXAMPLES, d, "index.ts")))
        .sort();

    it("has an expectation for every example", () => {
        assert.deepStrictEqual(dirs, Object.keys(EXPECTED).sort());
    });

    for (const dir of dirs) {
        it(`examples/${dir} registers a valid configuration and resolves its outputs`, async () => {
            const h = setupMocks({ project: `example-${dir}`, stack: "dev" });
            const expected = EXPECTED[dir];
            let exports: Record<string, pulumi.Output<unknown>> = {};
            const caught = await catchingRejections(async () => {
                const file = require.resolve(path.join(EXAMPLES, dir, "index.ts"));
                delete require.cache[file];
                exports = require(file);
                await valueOf(exports.arn as pulumi.Output<string>);
            });
            await settle(10);
            assert.deepStrictEqual(caught, [], "no rejected registration");
            assert.strictEqual(h.ofType(COMPONENT_TYPE).length, 1);
            const child = h.one(expected.type);
            assert.strictEqual(child.parent, h.one(COMPONENT_TYPE).urn);
            const regions = (child.inputs.distributions as { region: string }[]).map((d) => d.region);
            assert.deepStrictEqual(regions, expected.regions);
            assert.deepStrictEqual(await valueOf(exports.regions as pulumi.Output<string[]>), expected.regions);
            assert.match(
                String(await valueOf(exports.arn)),
                /^arn:aws:imagebuilder:[a-z0-9-]+:\d{12}:distribution-configuration\//,
            );
        });
    }
});
