/**
 * The component on the @pulumi/aws backend under Pulumi's mock runtime: exact child inputs, parenting,
 * names, outputs, secrets, determinism.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CALLER_ACCOUNT, Harness, SECRET_SIG, isSecretValue, setupMocks, settle, unsecret, valueOf } from "./harness";
import { ACCOUNT_A, LT, everyFieldApi, everyFieldArgs } from "./fixtures/full";
import { awsToApi } from "../components/distribution/render/aws";
import { defaultConfigurationName } from "../components/distribution/naming";

const AWS_TYPE = "aws:imagebuilder/distributionConfiguration:DistributionConfiguration";
const COMPONENT_TYPE = "imagebuilder-distribution:index:MultiRegionDistribution";

type Component = typeof import("../components").MultiRegionDistribution;
let h: Harness;
let MultiRegionDistribution: Component;

/** The same API entries in @pulumi/aws's names. */
function asAws(api: Record<string, unknown>[]): Record<string, unknown>[] {
    return api.map((e) => {
        const lts = e.launchTemplateConfigurations as { setDefaultVersion?: boolean }[] | undefined;
        if (!lts) {
            return e;
        }
        return {
            ...e,
            launchTemplateConfigurations: lts.map(({ setDefaultVersion, ...rest }) => ({
                ...rest,
                default: setDefaultVersion,
            })),
        };
    });
}

/** Deep equality that ignores key order (the engine's serialization sorts keys). */
function sameData(actual: unknown, expected: unknown): void {
    assert.deepStrictEqual(JSON.parse(JSON.stringify(actual)), JSON.parse(JSON.stringify(expected)));
}

describe("MultiRegionDistribution on @pulumi/aws (mock runtime)", () => {
    beforeEach(() => {
        h = setupMocks({ project: "golden", stack: "dev" });
        // The component module is loaded after the mocks are in place.
        MultiRegionDistribution = (require("../components") as typeof import("../components")).MultiRegionDistribution;
    });

    it("registers one child DistributionConfiguration, parented to the component, named after it", async () => {
        const d = new MultiRegionDistribution("golden", {
            regions: ["us-east-1"],
            defaults: { amiDistributionConfiguration: { name: "g-{{ imagebuilder:buildDate }}" } },
        });
        await valueOf(d.arn);
        await settle(10);
        const component = h.one(COMPONENT_TYPE);
        const child = h.one(AWS_TYPE);
        assert.strictEqual(component.name, "golden");
        assert.strictEqual(child.name, "golden");
        assert.strictEqual(child.parent, component.urn);
        assert.strictEqual(child.urn, `urn:pulumi:dev::golden::${COMPONENT_TYPE}$${AWS_TYPE}::golden`);
        assert.strictEqual(h.resources.length, 2);
        assert.deepStrictEqual(h.calls, [], "no invoke is needed without fast launch");
    });

    it("sends every field of the API to @pulumi/aws, sorted by region, in @pulumi/aws's names", async () => {
        const d = new MultiRegionDistribution("every", everyFieldArgs() as never);
        await valueOf(d.arn);
        const child = h.one(AWS_TYPE);
        sameData(child.inputs, {
            name: "golden-every-field",
            description: "every field",
            tags: { CostCenter: "1234", Owner: "platform" },
            distributions: asAws(everyFieldApi(CALLER_ACCOUNT)),
        });
        // The fast launch without accountId got the deploying account, looked up once as a child invoke.
        assert.deepStrictEqual(
            h.calls.map((c) => c.token),
            ["aws:index/getCallerIdentity:getCallerIdentity"],
        );
        // And the API view of what was sent is the same as the component's `distributions` output.
        sameData(awsToApi(child.inputs.distributions as Record<string, unknown>[]), await valueOf(d.distributions));
        sameData(await valueOf(d.distributions), everyFieldApi(CALLER_ACCOUNT));
    });

    it("sends S3 export, the one field aws-native lacks", async () => {
        const d = new MultiRegionDistribution("s3", {
            distributions: [
                {
                    region: "us-east-1",
                    s3ExportConfiguration: {
                        roleName: "vmimport",
                        diskImageFormat: "VHD",
                        s3Bucket: "b",
                        s3Prefix: "p/",
                    },
                },
            ],
        });
        await valueOf(d.arn);
        sameData(h.one(AWS_TYPE).inputs.distributions, [
            {
                region: "us-east-1",
                s3ExportConfiguration: { roleName: "vmimport", diskImageFormat: "VHD", s3Bucket: "b", s3Prefix: "p/" },
            },
        ]);
    });

    it("maps setDefaultVersion to `default`, sending true when omitted (the API's default), and false when given", async () => {
        const d = new MultiRegionDistribution("lt", {
            regions: ["us-east-1"],
            defaults: {
                launchTemplateConfigurations: [
                    { launchTemplateId: LT },
                    { launchTemplateId: "lt-0abcdef1234567890", setDefaultVersion: false, accountId: ACCOUNT_A },
                ],
            },
        });
        await valueOf(d.arn);
        sameData(h.one(AWS_TYPE).inputs.distributions, [
            {
                region: "us-east-1",
                launchTemplateConfigurations: [
                    { launchTemplateId: LT, default: true },
                    { launchTemplateId: "lt-0abcdef1234567890", accountId: ACCOUNT_A, default: false },
                ],
            },
        ]);
        // The output says what is sent, in the API's names.
        sameData(await valueOf(d.distributions), [
            {
                region: "us-east-1",
                launchTemplateConfigurations: [
                    { launchTemplateId: LT, setDefaultVersion: true },
                    { launchTemplateId: "lt-0abcdef1234567890", accountId: ACCOUNT_A, setDefaultVersion: false },
                ],
            },
        ]);
    });

    it("fills the deploying account into fast launch only where it is missing", async () => {
        const d = new MultiRegionDistribution("fl", {
            regions: ["us-east-1", "us-west-2"],
            defaults: { fastLaunchConfigurations: [{ enabled: true }] },
            overrides: { "us-west-2": { fastLaunchConfigurations: [{ enabled: true, accountId: ACCOUNT_A }] } },
        });
        await valueOf(d.arn);
        sameData(h.one(AWS_TYPE).inputs.distributions, [
            { region: "us-east-1", fastLaunchConfigurations: [{ enabled: true, accountId: CALLER_ACCOUNT }] },
            { region: "us-west-2", fastLaunchConfigurations: [{ enabled: true, accountId: ACCOUNT_A }] },
        ]);
        assert.strictEqual(h.calls.length, 1);
    });

    it("sends homeRegion as the resource's region (aws v7)", async () => {
        const d = new MultiRegionDistribution("home", {
            homeRegion: "eu-central-1",
            regions: ["us-east-1"],
            defaults: { amiDistributionConfiguration: { name: "h-{{ imagebuilder:buildDate }}" } },
        });
        await valueOf(d.arn);
        assert.strictEqual(h.one(AWS_TYPE).inputs.region, "eu-central-1");
    });

    it("renders the same resource inputs whatever the order of regions, overrides and map keys", async () => {
        // Each in a program of its own: in one program, the second configuration named "order" is an error.
        const a = new MultiRegionDistribution("order-a", {
            name: "order",
            regions: ["us-east-1", "eu-west-1", "ap-south-1"],
            defaults: { amiDistributionConfiguration: { amiTags: { b: "2", a: "1" } } },
            overrides: {
                "eu-west-1": { amiDistributionConfiguration: { kmsKeyId: "alias/eu" } },
                "ap-south-1": { licenseConfigurationArns: [] },
            },
            tags: { z: "1", y: "2" },
        });
        await valueOf(a.arn);
        const ra = h.one(AWS_TYPE);
        h = setupMocks({ project: "golden", stack: "dev" });
        const b = new MultiRegionDistribution("order-b", {
            name: "order",
            tags: { y: "2", z: "1" },
            overrides: {
                "ap-south-1": { licenseConfigurationArns: [] },
                "eu-west-1": { amiDistributionConfiguration: { kmsKeyId: "alias/eu" } },
            },
            defaults: { amiDistributionConfiguration: { amiTags: { a: "1", b: "2" } } },
            regions: ["ap-south-1", "us-east-1", "eu-west-1"],
        });
        await valueOf(b.arn);
        const rb = h.one(AWS_TYPE);
        assert.strictEqual(JSON.stringify(ra.inputs), JSON.stringify(rb.inputs));
        assert.deepStrictEqual(
            (ra.inputs.distributions as { region: string }[]).map((d) => d.region),
            ["ap-south-1", "eu-west-1", "us-east-1"],
        );
        assert.deepStrictEqual(await valueOf(a.regions), ["ap-south-1", "eu-west-1", "us-east-1"]);
    });

    it("gives two components in one stack distinct children and distinct default names", async () => {
        const x = new MultiRegionDistribution("team-a", {
            regions: ["us-east-1"],
            defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
        });
        const y = new MultiRegionDistribution("team-b", {
            regions: ["us-east-1"],
            defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
        });
        const [nx, ny] = await Promise.all([valueOf(x.name), valueOf(y.name)]);
        const children = h.ofType(AWS_TYPE);
        assert.strictEqual(children.length, 2);
        assert.notStrictEqual(children[0].urn, children[1].urn);
        assert.notStrictEqual(nx, ny);
        assert.strictEqual(nx, defaultConfigurationName("team-a", "golden", "dev"));
        assert.strictEqual(ny, defaultConfigurationName("team-b", "golden", "dev"));
    });

    it("uses a deterministic, valid default name that differs per stack", async () => {
        const d = new MultiRegionDistribution("golden", {
            regions: ["us-east-1"],
            defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
        });
        const name = await valueOf(d.name);
        assert.strictEqual(h.one(AWS_TYPE).inputs.name, name);
        assert.match(name, /^golden-dev-[0-9a-f]{8}$/);
        assert.match(name, /^[-_A-Za-z-0-9][-_A-Za-z0-9 ]{1,126}[-_A-Za-z-0-9]$/);
        assert.strictEqual(name, defaultConfigurationName("golden", "golden", "dev"));
        assert.notStrictEqual(name, defaultConfigurationName("golden", "golden", "prod"));
    });

    it("keeps a long default name within what @pulumi/aws accepts (126), and the API's 128 on aws-native", async () => {
        const long = "c".repeat(140);
        const d = new MultiRegionDistribution(long, {
            regions: ["us-east-1"],
            defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
        });
        const name = await valueOf(d.name);
        assert.strictEqual(h.one(AWS_TYPE).inputs.name, name);
        assert.strictEqual(name.length, 126);
        assert.strictEqual(name, defaultConfigurationName(long, "golden", "dev", 126));
        assert.strictEqual(defaultConfigurationName(long, "golden", "dev").length, 128);
        // A name that fits keeps the form it always had.
        assert.strictEqual(
            defaultConfigurationName("golden", "golden", "dev", 126),
            defaultConfigurationName("golden", "golden", "dev"),
        );
    });

    it("exposes arn, name, sorted regions and the distributions as sent; registers arn and name as outputs", async () => {
        const d = new MultiRegionDistribution("outs", {
            name: "outs-config",
            regions: ["us-west-2", "us-east-1"],
            defaults: { amiDistributionConfiguration: { name: "o-{{ imagebuilder:buildDate }}" } },
        });
        assert.strictEqual(
            await valueOf(d.arn),
            `arn:aws:imagebuilder:us-east-1:${CALLER_ACCOUNT}:distribution-configuration/outs-config`,
        );
        assert.strictEqual(await valueOf(d.name), "outs-config");
        assert.deepStrictEqual(await valueOf(d.regions), ["us-east-1", "us-west-2"]);
        assert.deepStrictEqual(await valueOf(d.distributions), [
            { region: "us-east-1", amiDistributionConfiguration: { name: "o-{{ imagebuilder:buildDate }}" } },
            { region: "us-west-2", amiDistributionConfiguration: { name: "o-{{ imagebuilder:buildDate }}" } },
        ]);
        await settle(10);
        const outputs = h.outputs.get(h.one(COMPONENT_TYPE).urn);
        assert.ok(outputs, "registerOutputs was called");
        // regions and distributions are not registered: the child's inputs already hold them, and a second
        // copy in the state would add to what the program serializes and the engine stores.
        assert.deepStrictEqual(Object.keys(outputs!).sort(), ["arn", "name"]);
        assert.strictEqual(outputs!.arn, await valueOf(d.arn));
        assert.strictEqual(outputs!.name, "outs-config");
    });

    it("turns off a default in one region with NONE, which is null and fits any field's type", async () => {
        const { NONE } = require("../components") as typeof import("../components");
        assert.strictEqual(NONE, null);
        const d = new MultiRegionDistribution("none", {
            regions: ["us-east-1", "eu-west-1", "ap-south-1"],
            defaults: {
                amiDistributionConfiguration: { name: "n-{{ imagebuilder:buildDate }}", kmsKeyId: "alias/golden" },
                launchTemplateConfigurations: [{ launchTemplateId: LT }],
            },
            overrides: {
                "eu-west-1": { amiDistributionConfiguration: { kmsKeyId: NONE } },
                "ap-south-1": { amiDistributionConfiguration: NONE },
            },
        });
        await valueOf(d.arn);
        sameData(h.one(AWS_TYPE).inputs.distributions, [
            { region: "ap-south-1", launchTemplateConfigurations: [{ launchTemplateId: LT, default: true }] },
            {
                region: "eu-west-1",
                amiDistributionConfiguration: { name: "n-{{ imagebuilder:buildDate }}" },
                launchTemplateConfigurations: [{ launchTemplateId: LT, default: true }],
            },
            {
                region: "us-east-1",
                amiDistributionConfiguration: { name: "n-{{ imagebuilder:buildDate }}", kmsKeyId: "alias/golden" },
                launchTemplateConfigurations: [{ launchTemplateId: LT, default: true }],
            },
        ]);
    });

    it("sends no structure that an override emptied: an empty launch permission is none, as Terraform sends it", async () => {
        const d = new MultiRegionDistribution("emptied", {
            regions: ["us-east-1", "eu-west-1"],
            defaults: {
                amiDistributionConfiguration: {
                    name: "n-{{ imagebuilder:buildDate }}",
                    launchPermission: { userIds: ["111122223333"] },
                },
                fastLaunchConfigurations: [
                    { enabled: false, accountId: "111122223333", launchTemplate: {}, snapshotConfiguration: {} },
                ],
            },
            overrides: { "eu-west-1": { amiDistributionConfiguration: { launchPermission: { userIds: [] } } } },
        });
        const sent = await valueOf(d.distributions);
        await valueOf(d.arn);
        const expected = (launchPermission?: unknown) => ({
            amiDistributionConfiguration: {
                name: "n-{{ imagebuilder:buildDate }}",
                ...(launchPermission ? { launchPermission } : {}),
            },
            fastLaunchConfigurations: [{ enabled: false, accountId: "111122223333" }],
        });
        sameData(h.one(AWS_TYPE).inputs.distributions, [
            { region: "eu-west-1", ...expected() },
            { region: "us-east-1", ...expected({ userIds: ["111122223333"] }) },
        ]);
        // The output says what was sent.
        assert.ok(!("launchPermission" in (sent[0].amiDistributionConfiguration as Record<string, unknown>)));
        // An empty AMI configuration is kept: it asks for the AMI in that region, with the defaults.
        const kept = new MultiRegionDistribution("kept", {
            regions: ["us-east-1"],
            defaults: { amiDistributionConfiguration: {} },
        });
        await valueOf(kept.arn);
        sameData(h.ofType(AWS_TYPE)[1].inputs.distributions, [
            { region: "us-east-1", amiDistributionConfiguration: {} },
        ]);
    });

    it("registers the name as an output when it comes from an Output", async () => {
        const d = new MultiRegionDistribution("outs-deferred", {
            name: pulumi.output("deferred-config"),
            regions: [pulumi.output("us-west-2"), "us-east-1"],
            defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
        });
        assert.deepStrictEqual(await valueOf(d.regions), ["us-east-1", "us-west-2"]);
        await valueOf(d.arn);
        await settle(10);
        const outputs = h.outputs.get(h.one(COMPONENT_TYPE).urn);
        assert.strictEqual(outputs?.name, "deferred-config");
        assert.deepStrictEqual(Object.keys(outputs!).sort(), ["arn", "name"]);
    });

    it("exposes every output as an enumerable property, the same Output on every read", async () => {
        const d = new MultiRegionDistribution("props", {
            regions: ["us-east-1"],
            defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
        });
        // A stack output of the component itself lists its own enumerable properties.
        for (const key of ["arn", "name", "regions", "distributions", "backend"]) {
            assert.ok(Object.keys(d).includes(key), `${key} is an enumerable property`);
        }
        assert.strictEqual(d.regions, d.regions);
        assert.strictEqual(d.distributions, d.distributions);
        assert.deepStrictEqual(await valueOf(d.regions), ["us-east-1"]);
    });

    it("keeps secret inputs secret in the child's inputs and in the outputs", async () => {
        const d = new MultiRegionDistribution("secret", {
            regions: ["us-east-1"],
            defaults: {
                amiDistributionConfiguration: {
                    name: "s-{{ imagebuilder:buildDate }}",
                    targetAccountIds: [pulumi.secret(ACCOUNT_A)],
                },
            },
        });
        await valueOf(d.arn);
        const child = h.one(AWS_TYPE);
        assert.ok(JSON.stringify(child.inputs).includes(SECRET_SIG), "a secret marker reaches the engine");
        assert.ok(!isSecretValue(child.inputs.name), "the name is not secret");
        sameData(unsecret(child.inputs.distributions), [
            {
                region: "us-east-1",
                amiDistributionConfiguration: { name: "s-{{ imagebuilder:buildDate }}", targetAccountIds: [ACCOUNT_A] },
            },
        ]);
        assert.strictEqual(await pulumi.isSecret(d.distributions), true);
        assert.strictEqual(await pulumi.isSecret(d.regions), false);
    });

    it("keeps the regions output public when an explicit entry holds a secret", async () => {
        const d = new MultiRegionDistribution("secret-explicit", {
            distributions: [
                { region: "us-west-2", amiDistributionConfiguration: { targetAccountIds: [pulumi.secret(ACCOUNT_A)] } },
                { region: "us-east-1", launchTemplateConfigurations: [{ launchTemplateId: LT }] },
            ],
        });
        assert.deepStrictEqual(await valueOf(d.regions), ["us-east-1", "us-west-2"]);
        assert.strictEqual(await pulumi.isSecret(d.regions), false);
        assert.strictEqual(await pulumi.isSecret(d.distributions), true);
    });

    it("accepts Outputs anywhere: leaves, regions and whole explicit entries", async () => {
        const region = pulumi.output("eu-north-1");
        const d = new MultiRegionDistribution("outputs", {
            regions: [region, "us-east-1"],
            defaults: { amiDistributionConfiguration: { targetAccountIds: pulumi.output([ACCOUNT_A]) } },
            overrides: { "eu-north-1": { amiDistributionConfiguration: { kmsKeyId: pulumi.output("alias/k") } } },
            distributions: [
                pulumi.output({ region: "af-south-1", launchTemplateConfigurations: [{ launchTemplateId: LT }] }),
            ],
        });
        await valueOf(d.arn);
        sameData(h.one(AWS_TYPE).inputs.distributions, [
            { region: "af-south-1", launchTemplateConfigurations: [{ launchTemplateId: LT, default: true }] },
            {
                region: "eu-north-1",
                amiDistributionConfiguration: { targetAccountIds: [ACCOUNT_A], kmsKeyId: "alias/k" },
            },
            { region: "us-east-1", amiDistributionConfiguration: { targetAccountIds: [ACCOUNT_A] } },
        ]);
        assert.deepStrictEqual(await valueOf(d.regions), ["af-south-1", "eu-north-1", "us-east-1"]);
    });

    it("renames and defaults setDefaultVersion in a launch template entry given as an Output", async () => {
        // The types take plain entries; JavaScript and a cast can pass an Output, as for a whole list.
        const entries = [
            pulumi.output({ launchTemplateId: LT, setDefaultVersion: false }),
            pulumi.output({ launchTemplateId: LT }),
        ] as unknown as { launchTemplateId: string }[];
        const d = new MultiRegionDistribution("output-lt", {
            regions: ["us-east-1"],
            defaults: { launchTemplateConfigurations: entries },
        });
        await valueOf(d.arn);
        sameData(h.one(AWS_TYPE).inputs.distributions, [
            {
                region: "us-east-1",
                launchTemplateConfigurations: [
                    { launchTemplateId: LT, default: false },
                    { launchTemplateId: LT, default: true },
                ],
            },
        ]);
    });

    it("sends setDefaultVersion true when omitted in a launch template list given as an Output", async () => {
        // The API's default is true; the component sends it explicitly, and keeps a false that is given.
        const lts = pulumi.output([{ launchTemplateId: LT }, { launchTemplateId: LT, setDefaultVersion: false }]);
        const d = new MultiRegionDistribution("output-lts", {
            regions: ["us-east-1"],
            defaults: { launchTemplateConfigurations: lts },
        });
        await valueOf(d.arn);
        sameData(h.one(AWS_TYPE).inputs.distributions, [
            {
                region: "us-east-1",
                launchTemplateConfigurations: [
                    { launchTemplateId: LT, default: true },
                    { launchTemplateId: LT, default: false },
                ],
            },
        ]);
    });

    it("takes tags, AMI tags and lists given whole as Outputs; an Output map merges with an override's once resolved", async () => {
        const d = new MultiRegionDistribution("output-maps", {
            regions: ["us-east-1", "eu-west-1"],
            tags: pulumi.output({ Team: "platform", App: "golden" }),
            defaults: {
                amiDistributionConfiguration: {
                    name: "g-{{ imagebuilder:buildDate }}",
                    amiTags: pulumi.output({ Z: "1", B: "2" }),
                },
                fastLaunchConfigurations: pulumi.output([{ enabled: true }]),
                ssmParameterConfigurations: pulumi.output([{ parameterName: "/golden/latest" }]),
            },
            overrides: { "eu-west-1": { amiDistributionConfiguration: { amiTags: { C: "3", B: "two" } } } },
        });
        await valueOf(d.arn);
        const child = h.one(AWS_TYPE);
        assert.deepStrictEqual(unsecret(child.inputs.tags), { App: "golden", Team: "platform" });
        const ami = (tags: Record<string, string>) => ({ name: "g-{{ imagebuilder:buildDate }}", amiTags: tags });
        sameData(child.inputs.distributions, [
            {
                region: "eu-west-1",
                amiDistributionConfiguration: ami({ B: "two", C: "3", Z: "1" }),
                fastLaunchConfigurations: [{ enabled: true, accountId: CALLER_ACCOUNT }],
                ssmParameterConfigurations: [{ parameterName: "/golden/latest" }],
            },
            {
                region: "us-east-1",
                amiDistributionConfiguration: ami({ B: "2", Z: "1" }),
                fastLaunchConfigurations: [{ enabled: true, accountId: CALLER_ACCOUNT }],
                ssmParameterConfigurations: [{ parameterName: "/golden/latest" }],
            },
        ]);
    });

    it("lets providers passed in opts reach the child", async () => {
        const aws = require("@pulumi/aws/provider") as typeof import("@pulumi/aws/provider");
        const provider = new aws.Provider("west", { region: "us-west-2" });
        const d = new MultiRegionDistribution(
            "opts",
            { regions: ["us-east-1"], defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] } },
            { providers: [provider] },
        );
        await valueOf(d.arn);
        await settle(10);
        const child = h.one(AWS_TYPE);
        assert.ok(child.provider?.startsWith(`urn:pulumi:dev::golden::pulumi:providers:aws::west::`), child.provider);
    });
});
