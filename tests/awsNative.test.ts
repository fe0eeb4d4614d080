/**
 * The aws-native backend under the mock runtime: exact inputs, CloudFormation names, homeRegion
 * provider, refusals, and parity with the classic backend.
 */
import * as assert from "assert";
import { CALLER_ACCOUNT, Harness, catchingRejections, setupMocks, settle, valueOf } from "./harness";
import { LT, everyFieldApi, everyFieldArgs } from "./fixtures/full";
import { awsToApi } from "../components/distribution/render/aws";
import { awsNativeToApi } from "../components/distribution/render/awsNativeToApi";

const NATIVE_TYPE = "aws-native:imagebuilder:DistributionConfiguration";
const AWS_TYPE = "aws:imagebuilder/distributionConfiguration:DistributionConfiguration";
const COMPONENT_TYPE = "imagebuilder-distribution:index:MultiRegionDistribution";

type Lib = typeof import("../components");
let h: Harness;
let lib: Lib;

function sameData(actual: unknown, expected: unknown): void {
    assert.deepStrictEqual(JSON.parse(JSON.stringify(actual)), JSON.parse(JSON.stringify(expected)));
}

/** The API entries in CloudFormation's names. */
function asNative(api: Record<string, unknown>[]): Record<string, unknown>[] {
    return api.map((e) => {
        const ami = e.amiDistributionConfiguration as Record<string, unknown> | undefined;
        if (!ami) {
            return e;
        }
        const { launchPermission, ...rest } = ami;
        return { ...e, amiDistributionConfiguration: { ...rest, launchPermissionConfiguration: launchPermission } };
    });
}

describe("MultiRegionDistribution on @pulumi/aws-native (mock runtime)", () => {
    beforeEach(() => {
        h = setupMocks({ project: "golden", stack: "dev" });
        lib = require("../components") as Lib;
    });

    it("looks the deploying account up with aws-native's own getAccountId when a rule needs it", async () => {
        // An SSM parameter with no target accounts must be written in the deploying account.
        const ssmIn = (account: string) => ({
            backend: "aws-native" as const,
            regions: ["us-east-1"],
            defaults: {
                amiDistributionConfiguration: { name: "golden-{{ imagebuilder:buildDate }}" },
                ssmParameterConfigurations: [{ parameterName: "/golden/latest", amiAccountId: account }],
            },
        });
        const d = new lib.MultiRegionDistribution("native-own", ssmIn(CALLER_ACCOUNT));
        await valueOf(d.arn);
        assert.deepStrictEqual(
            h.calls.map((c) => c.token),
            ["aws-native:index:getAccountId"],
        );
        assert.strictEqual(h.ofType(NATIVE_TYPE).length, 1);
        const caught = await catchingRejections(() => {
            new lib.MultiRegionDistribution("native-other", ssmIn("111122223333"));
        });
        assert.ok(
            caught.some((e) => /amiAccountId: got "111122223333"; .*\[ssm-account\]/.test(String(e))),
            caught.map(String).join("\n"),
        );
        assert.strictEqual(h.ofType(NATIVE_TYPE).length, 1, "nothing more is created");
    });

    it("registers one aws-native DistributionConfiguration with every CloudFormation field", async () => {
        const d = new lib.MultiRegionDistribution("native", {
            ...(everyFieldArgs() as object),
            backend: "aws-native",
        } as never);
        await valueOf(d.arn);
        await settle(10);
        const component = h.one(COMPONENT_TYPE);
        const child = h.one(NATIVE_TYPE);
        assert.strictEqual(child.parent, component.urn);
        assert.strictEqual(child.name, "native");
        assert.strictEqual(h.ofType(AWS_TYPE).length, 0);
        sameData(child.inputs, {
            name: "golden-every-field",
            description: "every field",
            tags: { CostCenter: "1234", Owner: "platform" },
            distributions: asNative(everyFieldApi(undefined)),
        });
        // aws-native sends no account, and no rule needs the deploying one here: the fast launch goes with
        // two different target accounts (at least one is another), and the SSM parameter's is one of them.
        assert.deepStrictEqual(
            h.calls.map((c) => c.token),
            [],
        );
        // CloudFormation's name for launch permissions, and setDefaultVersion as given or, omitted, true.
        const eu = (child.inputs.distributions as Record<string, Record<string, unknown>>[])[1];
        assert.ok("launchPermissionConfiguration" in eu.amiDistributionConfiguration);
        assert.ok(!("launchPermission" in eu.amiDistributionConfiguration));
        assert.deepStrictEqual(
            (eu.launchTemplateConfigurations as unknown as Record<string, unknown>[]).map((l) => l.setDefaultVersion),
            [true, true],
        );
        sameData(await valueOf(d.distributions), everyFieldApi(undefined));
        assert.strictEqual(d.backend, "aws-native");
    });

    it("sends the same inputs when the regions are Outputs, on both backends", async () => {
        const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
        const withOutputRegions = (): Record<string, unknown> => {
            const args = everyFieldArgs();
            return { ...args, regions: (args.regions as string[]).map((r) => pulumi.output(r)) };
        };
        // Each in a program of its own: in one program, the second configuration of one name is an error.
        for (const backend of ["aws", "aws-native"] as const) {
            const type = backend === "aws" ? AWS_TYPE : NATIVE_TYPE;
            h = setupMocks({ project: "golden", stack: "dev" });
            const plain = new lib.MultiRegionDistribution(`plain-${backend}`, {
                ...everyFieldArgs(),
                backend,
            } as never);
            await valueOf(plain.arn);
            await settle(10);
            const plainChild = h.one(type);
            h = setupMocks({ project: "golden", stack: "dev" });
            const later = new lib.MultiRegionDistribution(`later-${backend}`, {
                ...withOutputRegions(),
                backend,
            } as never);
            await valueOf(later.arn);
            await settle(10);
            const laterChild = h.one(type);
            assert.deepStrictEqual([plainChild.name, laterChild.name], [`plain-${backend}`, `later-${backend}`]);
            assert.deepStrictEqual(laterChild.wire, plainChild.wire, backend);
            sameData(await valueOf(later.distributions), await valueOf(plain.distributions));
        }
    });

    it("renders the same API request through both backends (parity)", async () => {
        const classic = new lib.MultiRegionDistribution("parity-aws", everyFieldArgs() as never);
        const native = new lib.MultiRegionDistribution("parity-native", {
            ...(everyFieldArgs() as object),
            backend: "aws-native",
        } as never);
        await Promise.all([valueOf(classic.arn), valueOf(native.arn)]);
        const a = h.one(AWS_TYPE).inputs;
        const n = h.one(NATIVE_TYPE).inputs;
        const fromAws = awsToApi(a.distributions as Record<string, unknown>[]) as Record<string, unknown>[];
        const fromNative = awsNativeToApi(n.distributions as Record<string, unknown>[]) as Record<string, unknown>[];
        // The classic backend adds the deploying account where fast launch lacks one; the rest is equal.
        const withoutCaller = fromAws.map((e) => ({
            ...e,
            ...(e.fastLaunchConfigurations
                ? {
                      fastLaunchConfigurations: (e.fastLaunchConfigurations as Record<string, unknown>[]).map(
                          ({ accountId, ...rest }) => (accountId === CALLER_ACCOUNT ? rest : { ...rest, accountId }),
                      ),
                  }
                : {}),
        }));
        sameData(withoutCaller, fromNative);
        assert.ok(JSON.stringify(fromAws).includes(CALLER_ACCOUNT));
        assert.strictEqual(a.name, n.name);
        sameData(a.tags, n.tags);
        assert.strictEqual(a.description, n.description);
    });

    it("creates an aws-native provider for homeRegion, as a child of the component", async () => {
        const d = new lib.MultiRegionDistribution("home", {
            backend: "aws-native",
            homeRegion: "eu-west-1",
            regions: ["us-east-1"],
            defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
        });
        await valueOf(d.arn);
        await settle(10);
        const component = h.one(COMPONENT_TYPE);
        const provider = h.one("pulumi:providers:aws-native");
        assert.strictEqual(provider.name, "home-provider");
        assert.strictEqual(provider.parent, component.urn);
        assert.strictEqual(provider.inputs.region, "eu-west-1");
        const child = h.one(NATIVE_TYPE);
        assert.ok(child.provider?.startsWith(`${provider.urn}::`), `child uses the provider: ${child.provider}`);
        assert.ok(!("region" in child.inputs), "aws-native has no region argument");
    });

    it("carries the stack's aws-native configuration into the provider it creates, with homeRegion's region", async () => {
        const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
        const saved = pulumi.runtime.allConfig();
        pulumi.runtime.setAllConfig({
            ...saved,
            "aws-native:region": "us-east-1",
            "aws-native:profile": "prod-admin",
            "aws-native:assumeRole": JSON.stringify({ roleArn: "arn:aws:iam::111122223333:role/deploy" }),
            "aws-native:skipCredentialsValidation": "true",
            "aws-native:maxRetries": "5",
            "aws-native:allowedAccountIds": JSON.stringify(["111122223333"]),
            "aws-native:sharedCredentialsFile": "/home/ci/.aws/credentials",
            "aws:region": "ap-south-1",
        });
        try {
            const d = new lib.MultiRegionDistribution("home-config", {
                backend: "aws-native",
                homeRegion: "eu-west-1",
                regions: ["us-east-1"],
                defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
            });
            await valueOf(d.arn);
            await settle(10);
        } finally {
            pulumi.runtime.setAllConfig(saved);
        }
        const provider = h.one("pulumi:providers:aws-native");
        assert.strictEqual(provider.inputs.region, "eu-west-1");
        assert.strictEqual(provider.inputs.profile, "prod-admin");
        // Providers receive non-string settings JSON-encoded, as the engine passes provider config.
        const assumeRole = provider.inputs.assumeRole;
        assert.deepStrictEqual(typeof assumeRole === "string" ? JSON.parse(assumeRole) : assumeRole, {
            roleArn: "arn:aws:iam::111122223333:role/deploy",
        });
        // As the default provider gets them: one JSON encoding, not a JSON string of the config's text.
        assert.strictEqual(provider.inputs.maxRetries, "5");
        assert.strictEqual(provider.inputs.skipCredentialsValidation, "true");
        assert.strictEqual(provider.inputs.allowedAccountIds, JSON.stringify(["111122223333"]));
        assert.strictEqual(provider.inputs.sharedCredentialsFile, "/home/ci/.aws/credentials");
        assert.ok(!("aws:region" in provider.inputs) && !("aws" in provider.inputs));
    });

    it("uses the caller's aws-native provider instead of creating one", async () => {
        const native = require("@pulumi/aws-native/provider") as typeof import("@pulumi/aws-native/provider");
        const mine = new native.Provider("mine", { region: "ap-south-1" as never });
        const d = new lib.MultiRegionDistribution(
            "given",
            {
                backend: "aws-native",
                homeRegion: "eu-west-1",
                regions: ["us-east-1"],
                defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
            },
            { providers: [mine] },
        );
        await valueOf(d.arn);
        await settle(10);
        assert.deepStrictEqual(
            h.ofType("pulumi:providers:aws-native").map((p) => p.name),
            ["mine"],
        );
        assert.ok(h.one(NATIVE_TYPE).provider?.includes("::mine::"));
    });

    it("creates no provider without homeRegion", async () => {
        const d = new lib.MultiRegionDistribution("nohome", {
            backend: "aws-native",
            regions: ["us-east-1"],
            defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
        });
        await valueOf(d.arn);
        await settle(10);
        assert.strictEqual(h.ofType("pulumi:providers:aws-native").length, 0);
    });

    it("refuses S3 export, naming the field, the region and the backend, and registers nothing", () => {
        assert.throws(
            () =>
                new lib.MultiRegionDistribution("s3", {
                    backend: "aws-native",
                    regions: ["us-east-1", "eu-west-1"],
                    defaults: { amiDistributionConfiguration: { name: "x-{{ imagebuilder:buildDate }}" } },
                    overrides: {
                        "eu-west-1": {
                            s3ExportConfiguration: { roleName: "vmimport", diskImageFormat: "RAW", s3Bucket: "b" },
                        },
                    },
                }),
            (e: Error) => {
                assert.ok(lib.DistributionValidationError.isInstance(e));
                assert.match(e.message, /overrides\["eu-west-1"\]\.s3ExportConfiguration/);
                assert.match(e.message, /backend "aws-native"/);
                assert.match(e.message, /region eu-west-1/);
                assert.match(e.message, /use backend: "aws" for S3 export/);
                return true;
            },
        );
        assert.deepStrictEqual(h.resources, []);
    });

    it("fails on an unknown backend, naming it", () => {
        assert.throws(
            () =>
                new lib.MultiRegionDistribution("tf", {
                    backend: "terraform" as never,
                    regions: ["us-east-1"],
                    defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
                }),
            /backend: got "terraform"; must be one of "aws", "aws-native"/,
        );
        assert.deepStrictEqual(h.resources, []);
    });

    it("validates aws-native configurations like classic ones", async () => {
        const caught = await catchingRejections(() => {
            assert.throws(
                () =>
                    new lib.MultiRegionDistribution("bad-native", {
                        backend: "aws-native",
                        regions: ["us-east-1"],
                        defaults: { amiDistributionConfiguration: { targetAccountIds: ["12"] } },
                    }),
                /defaults\.amiDistributionConfiguration\.targetAccountIds\[0\]: got "12"; must be an AWS account id/,
            );
        });
        assert.deepStrictEqual(caught, []);
        assert.deepStrictEqual(h.resources, []);
    });
});
