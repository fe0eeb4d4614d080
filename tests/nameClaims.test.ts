/**
 * Names that normalize alike (case, spaces, underscores) in one home region of one program: Image
 * Builder derives the ARN from the normalized name, so the second configuration would fail in AWS. The
 * component reports it as a `name-collision` naming both components, and registers no second child.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ForeignKey, Harness, catchingRejections, setupMocks, settle, valueOf } from "./harness";
import { normalizedConfigurationName } from "../components/distribution/rules/names";

const AWS_TYPE = "aws:imagebuilder/distributionConfiguration:DistributionConfiguration";
const NATIVE_TYPE = "aws-native:imagebuilder:DistributionConfiguration";
const LT = "lt-0123456789abcdef0";

type Lib = typeof import("../components");

/** Arguments of a valid configuration with `name`, in `homeRegion` (the provider's region when omitted). */
function args(name: pulumi.Input<string>, homeRegion?: pulumi.Input<string>): Record<string, unknown> {
    return {
        name,
        homeRegion,
        regions: ["us-east-1"],
        defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
    };
}

/** The code and message of a name-collision error, or fails. */
function collision(lib: Lib, e: unknown): { code: unknown; message: string } {
    assert.ok(lib.DistributionValidationError.isInstance(e), `a DistributionValidationError: ${String(e)}`);
    assert.strictEqual(e.problems.length, 1);
    return { code: (e.problems[0] as { code?: unknown }).code, message: e.message };
}

describe("normalizedConfigurationName (pure): the one normalizer of the component and the policy pack", () => {
    const rows: [string, string][] = [
        ["Golden Image", "golden-image"],
        ["golden_image", "golden-image"],
        ["GOLDEN-IMAGE", "golden-image"],
        ["a b_c-D", "a-b-c-d"],
        ["golden", "golden"],
        ["Golden AMI", "golden-ami"],
    ];
    for (const [name, normalized] of rows) {
        it(`${JSON.stringify(name)} -> ${JSON.stringify(normalized)}`, () => {
            assert.strictEqual(normalizedConfigurationName(name), normalized);
        });
    }
    it("keeps names apart that differ otherwise", () => {
        assert.notStrictEqual(normalizedConfigurationName("golden-1"), normalizedConfigurationName("golden-2"));
        assert.notStrictEqual(normalizedConfigurationName("golden"), normalizedConfigurationName("golden-"));
        assert.notStrictEqual(normalizedConfigurationName("goldenami"), normalizedConfigurationName("golden ami"));
    });
});

describe("names that normalize alike in one program (mock runtime)", () => {
    let h: Harness;
    let lib: Lib;

    beforeEach(() => {
        h = setupMocks({ project: "claims", stack: "dev" });
        lib = require("../components") as Lib;
    });

    it("rejects the second of two names that differ in case, spaces or underscores, naming both components", async () => {
        const first = new lib.MultiRegionDistribution("first", args("Golden Image", "us-east-1") as never);
        assert.throws(
            () => new lib.MultiRegionDistribution("second", args("golden_image", "us-east-1") as never),
            (e: unknown) => {
                const { code, message } = collision(lib, e);
                assert.strictEqual(code, "name-collision");
                assert.match(message, /MultiRegionDistribution "second"/);
                assert.match(message, /MultiRegionDistribution "first" \(its name "Golden Image"\) in us-east-1/);
                assert.match(message, /name: got "golden_image"/);
                return true;
            },
        );
        await valueOf(first.arn);
        await settle(10);
        assert.deepStrictEqual(
            h.ofType(AWS_TYPE).map((r) => r.name),
            ["first"],
            "only the first configuration reaches Image Builder",
        );
    });

    it("compares the names of components on the default provider without homeRegion", () => {
        new lib.MultiRegionDistribution("a", args("shared") as never);
        assert.throws(() => new lib.MultiRegionDistribution("b", args("SHARED") as never), /name-collision|normalizes/);
    });

    it("accepts one name in two home regions, through two providers, or in two programs", async () => {
        new lib.MultiRegionDistribution("east", args("golden", "us-east-1") as never);
        new lib.MultiRegionDistribution("west", args("golden", "us-west-2") as never);
        const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
        const other = new aws.Provider("other-account", { region: "us-east-1" });
        new lib.MultiRegionDistribution("other", args("golden", "us-east-1") as never, { provider: other });
        await settle(10);
        assert.strictEqual(h.ofType(AWS_TYPE).length, 3);
        h = setupMocks({ project: "claims", stack: "dev" });
        const again = new lib.MultiRegionDistribution("east", args("golden", "us-east-1") as never);
        await valueOf(again.arn);
    });

    it("compares the names of both backends: the default providers reach one account", async () => {
        new lib.MultiRegionDistribution("classic", args("golden", "us-east-1") as never);
        assert.throws(
            () =>
                new lib.MultiRegionDistribution("native", {
                    ...args("Golden", "us-east-1"),
                    backend: "aws-native",
                } as never),
            (e: unknown) => collision(lib, e).code === "name-collision",
        );
        const west = new lib.MultiRegionDistribution("native-west", {
            ...args("Golden", "us-west-2"),
            backend: "aws-native",
        } as never);
        await valueOf(west.arn);
        assert.deepStrictEqual(
            h.ofType(NATIVE_TYPE).map((r) => r.name),
            ["native-west"],
        );
    });

    /** The name-collision that creating a component rejects with once its Outputs resolve. */
    async function lateCollision(
        name: string,
        config: pulumi.Input<string>,
    ): Promise<{ code: unknown; message: string }> {
        const caught = await catchingRejections(() => {
            new lib.MultiRegionDistribution(name, args(config, "eu-west-1") as never);
        });
        const errors = caught.filter((e) => lib.DistributionValidationError.isInstance(e));
        assert.ok(errors.length > 0, `a validation error, got: ${caught.map(String).join("\n")}`);
        return collision(lib, errors[0]);
    }

    it("rejects a colliding name given as an Output once it resolves: the child is never registered", async () => {
        new lib.MultiRegionDistribution("plain", args("golden image", "eu-west-1") as never);
        const { code, message } = await lateCollision("late", pulumi.output("Golden_Image"));
        assert.strictEqual(code, "name-collision");
        assert.match(message, /"late"[\s\S]*"plain"/);
        await settle(10);
        assert.deepStrictEqual(
            h.ofType(AWS_TYPE).map((r) => r.name),
            ["plain"],
        );
    });

    it("shows neither component's secret name", async () => {
        const first = new lib.MultiRegionDistribution(
            "sealed",
            args(pulumi.secret("Hidden Name"), "eu-west-1") as never,
        );
        await valueOf(first.arn);
        const { message } = await lateCollision("also-sealed", pulumi.secret("hidden_name"));
        assert.match(message, /"sealed" \(its name\)/);
        assert.doesNotMatch(message, /hidden/i);
    });

    it("shows neither the other name next to a secret one nor a secret home region", async () => {
        const first = new lib.MultiRegionDistribution("open", args("golden images", "ap-southeast-4") as never);
        await valueOf(first.arn);
        const caught = await catchingRejections(() => {
            new lib.MultiRegionDistribution(
                "hidden",
                args(pulumi.secret("Golden_Images"), pulumi.secret("ap-southeast-4")) as never,
            );
        });
        const errors = caught.filter((e) => lib.DistributionValidationError.isInstance(e));
        assert.ok(errors.length > 0, caught.map(String).join("\n"));
        const { code, message } = collision(lib, errors[0]);
        assert.strictEqual(code, "name-collision");
        assert.match(message, /"open" \(its name\) in the same home region/);
        assert.doesNotMatch(message, /golden|ap-southeast-4/i);
    });

    it("shows neither a plain name alike to an earlier secret one nor the earlier secret home region", async () => {
        const first = new lib.MultiRegionDistribution(
            "sealed-first",
            args(pulumi.secret("TopSecret Name"), pulumi.secret("eu-north-1")) as never,
        );
        await valueOf(first.arn);
        let caught: unknown;
        try {
            new lib.MultiRegionDistribution("plain-second", args("topsecret_name", "eu-north-1") as never);
        } catch (e) {
            caught = e;
        }
        const { code, message } = collision(lib, caught);
        assert.strictEqual(code, "name-collision");
        assert.match(message, /"sealed-first" \(its name\) in the same home region/);
        assert.doesNotMatch(message, /topsecret|eu-north-1/i);
        assert.ok(lib.DistributionValidationError.isInstance(caught));
        const [problem] = caught.problems;
        assert.strictEqual(problem.secret, true);
        assert.ok(!("value" in problem), `the problem keeps the value: ${JSON.stringify(problem)}`);
    });

    it("keeps no secret name in the problem's value", async () => {
        new lib.MultiRegionDistribution("open-first", args("golden image", "eu-west-1") as never);
        const caught = await catchingRejections(() => {
            new lib.MultiRegionDistribution("sealed-second", args(pulumi.secret("Golden_Image"), "eu-west-1") as never);
        });
        const errors = caught.filter((e) => lib.DistributionValidationError.isInstance(e));
        assert.ok(errors.length > 0, caught.map(String).join("\n"));
        assert.ok(lib.DistributionValidationError.isInstance(errors[0]));
        assert.strictEqual(errors[0].problems[0].code, "name-collision");
        assert.ok(!JSON.stringify(errors[0].problems).includes("Golden_Image"), JSON.stringify(errors[0].problems));
    });

    it("skips the check while the name or the home region is unknown (preview)", async () => {
        h = setupMocks({ project: "claims", stack: "dev", preview: true });
        new lib.MultiRegionDistribution("known", args("golden", "us-east-1") as never);
        const unknown = new ForeignKey("foreign").arn;
        const caught = await catchingRejections(() => {
            new lib.MultiRegionDistribution("unknown-name", args(unknown, "us-east-1") as never);
            new lib.MultiRegionDistribution("unknown-region", args("GOLDEN", unknown) as never);
        });
        assert.deepStrictEqual(caught.map(String), []);
        await settle(10);
        assert.strictEqual(h.ofType(AWS_TYPE).length, 3);
    });
});
