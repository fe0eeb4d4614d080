import * as assert from "assert";
import * as fc from "fast-check";
import { deepMerge, fanOut, userPath } from "../components/distribution/fanout";
import { canonicalize, shapeCopy, toApiEntry } from "../components/distribution/canonical";

const ami = (extra: Record<string, unknown> = {}) => ({
    amiDistributionConfiguration: {
        name: "x-{{ imagebuilder:buildDate }}",
        targetAccountIds: ["111122223333"],
        ...extra,
    },
});

describe("fan-out (pure)", () => {
    it("gives every region of `regions` the defaults, in the order given", () => {
        const entries = fanOut({ regions: ["us-east-1", "eu-west-1"], defaults: ami() });
        assert.deepStrictEqual(
            entries.map((e) => e.value),
            [
                { region: "us-east-1", ...ami() },
                { region: "eu-west-1", ...ami() },
            ],
        );
        assert.deepStrictEqual(
            entries.map((e) => [e.kind, e.index, e.regionPath]),
            [
                ["fanout", 0, "regions[0]"],
                ["fanout", 1, "regions[1]"],
            ],
        );
    });

    it("deep-merges an override: objects and maps key by key, arrays replace", () => {
        const [, eu] = fanOut({
            regions: ["us-east-1", "eu-west-1"],
            defaults: {
                amiDistributionConfiguration: {
                    name: "base-{{ imagebuilder:buildDate }}",
                    targetAccountIds: ["111122223333", "444455556666"],
                    amiTags: { Team: "platform", Env: "prod" },
                    launchPermission: { userIds: ["777788889999"] },
                },
                licenseConfigurationArns: ["arn:a"],
            },
            overrides: {
                "eu-west-1": {
                    amiDistributionConfiguration: {
                        targetAccountIds: ["000011112222"],
                        amiTags: { Env: "eu-prod", Residency: "eu" },
                        kmsKeyId: "alias/eu",
                    },
                },
            },
        });
        assert.deepStrictEqual(eu.value, {
            region: "eu-west-1",
            amiDistributionConfiguration: {
                name: "base-{{ imagebuilder:buildDate }}",
                targetAccountIds: ["000011112222"],
                amiTags: { Team: "platform", Env: "eu-prod", Residency: "eu" },
                launchPermission: { userIds: ["777788889999"] },
                kmsKeyId: "alias/eu",
            },
            licenseConfigurationArns: ["arn:a"],
        });
    });

    it("does not let an override's undefined erase a default, and does not mutate its inputs", () => {
        const defaults = ami({ kmsKeyId: "alias/k" });
        const overrides = { "us-east-1": { amiDistributionConfiguration: { kmsKeyId: undefined } } };
        const before = JSON.stringify({ defaults, overrides });
        const [e] = fanOut({ regions: ["us-east-1"], defaults, overrides });
        assert.strictEqual(
            (e.value as { amiDistributionConfiguration: { kmsKeyId: string } }).amiDistributionConfiguration.kmsKeyId,
            "alias/k",
        );
        assert.strictEqual(JSON.stringify({ defaults, overrides }), before);
    });

    it("appends explicit distributions after the fan-out, keeping their index", () => {
        const entries = fanOut({
            regions: ["us-east-1"],
            defaults: ami(),
            distributions: [{ region: "ap-south-1", ...ami() }],
        });
        assert.deepStrictEqual(
            entries.map((e) => [e.kind, e.index, e.regionPath]),
            [
                ["fanout", 0, "regions[0]"],
                ["explicit", 0, "distributions[0].region"],
            ],
        );
    });

    it("maps paths inside an entry back to where the user wrote them", () => {
        const [us, eu, ex] = fanOut({
            regions: ["us-east-1", "eu-west-1"],
            defaults: ami({ amiTags: { Team: "p" } }),
            overrides: {
                "eu-west-1": { amiDistributionConfiguration: { targetAccountIds: ["1"], amiTags: { X: "y" } } },
            },
            distributions: [{ region: "ap-south-1", ...ami() }],
        });
        assert.strictEqual(
            userPath(us, "amiDistributionConfiguration.targetAccountIds[0]"),
            "defaults.amiDistributionConfiguration.targetAccountIds[0]",
        );
        assert.strictEqual(
            userPath(eu, "amiDistributionConfiguration.targetAccountIds[0]"),
            'overrides["eu-west-1"].amiDistributionConfiguration.targetAccountIds[0]',
        );
        assert.strictEqual(
            userPath(eu, "amiDistributionConfiguration.name"),
            "defaults.amiDistributionConfiguration.name",
        );
        assert.strictEqual(
            userPath(eu, 'amiDistributionConfiguration.amiTags["X"]'),
            'overrides["eu-west-1"].amiDistributionConfiguration.amiTags["X"]',
        );
        assert.strictEqual(
            userPath(eu, 'amiDistributionConfiguration.amiTags["Team"]'),
            'defaults.amiDistributionConfiguration.amiTags["Team"]',
        );
        assert.strictEqual(userPath(eu, "region"), "regions[1]");
        assert.strictEqual(
            userPath(ex, "amiDistributionConfiguration.targetAccountIds[0]"),
            "distributions[0].amiDistributionConfiguration.targetAccountIds[0]",
        );
        // A member missing from a region with an override is blamed on the override.
        assert.strictEqual(
            userPath(eu, "containerDistributionConfiguration.targetRepository"),
            'overrides["eu-west-1"].containerDistributionConfiguration.targetRepository',
        );
        assert.strictEqual(
            userPath(us, "containerDistributionConfiguration.targetRepository"),
            "defaults.containerDistributionConfiguration.targetRepository",
        );
    });

    it("merges like a deep object merge for any nesting of plain objects (property)", () => {
        const leaf = fc.oneof(fc.string(), fc.integer(), fc.array(fc.string(), { maxLength: 3 }));
        const tree = fc.letrec((tie) => ({
            node: fc.dictionary(fc.constantFrom("a", "b", "c"), fc.oneof({ depthSize: "small" }, leaf, tie("node")), {
                maxKeys: 3,
            }),
        })).node;
        fc.assert(
            fc.property(tree, tree, (a, b) => {
                const { value } = deepMerge(a, b, "defaults", "over");
                const check = (x: unknown, y: unknown, m: unknown): void => {
                    const isObj = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
                    if (y === undefined) {
                        assert.deepStrictEqual(m, x);
                    } else if (isObj(x) && isObj(y)) {
                        const keys = new Set([...Object.keys(x as object), ...Object.keys(y as object)]);
                        assert.deepStrictEqual(new Set(Object.keys(m as object)), keys);
                        for (const k of keys) {
                            check(
                                (x as Record<string, unknown>)[k],
                                (y as Record<string, unknown>)[k],
                                (m as Record<string, unknown>)[k],
                            );
                        }
                    } else {
                        assert.deepStrictEqual(m, y);
                    }
                };
                check(a, b, value);
            }),
            { numRuns: 200 },
        );
    });
});

describe("canonical form (pure)", () => {
    it("sorts entries by region and orders fields as the model does", () => {
        const out = canonicalize([
            {
                amiDistributionConfiguration: { amiTags: { b: "2", a: "1" }, name: "n-{{ imagebuilder:buildDate }}" },
                region: "us-west-2",
            },
            {
                region: "eu-west-1",
                launchTemplateConfigurations: [{ setDefaultVersion: true, launchTemplateId: "lt-0123456789abcdef0" }],
            },
        ]);
        assert.deepStrictEqual(out, [
            {
                region: "eu-west-1",
                launchTemplateConfigurations: [{ launchTemplateId: "lt-0123456789abcdef0", setDefaultVersion: true }],
            },
            {
                region: "us-west-2",
                amiDistributionConfiguration: { name: "n-{{ imagebuilder:buildDate }}", amiTags: { a: "1", b: "2" } },
            },
        ]);
        assert.deepStrictEqual(Object.keys(out[1].amiDistributionConfiguration as object), ["name", "amiTags"]);
        assert.deepStrictEqual(Object.keys((out[1].amiDistributionConfiguration as { amiTags: object }).amiTags), [
            "a",
            "b",
        ]);
    });

    it("sends setDefaultVersion: true when it is omitted (the API's default)", () => {
        const e = toApiEntry({
            region: "us-east-1",
            launchTemplateConfigurations: [{ launchTemplateId: "lt-0123456789abcdef0" }],
        });
        assert.deepStrictEqual(e.launchTemplateConfigurations, [
            { launchTemplateId: "lt-0123456789abcdef0", setDefaultVersion: true },
        ]);
    });

    it("leaves out empty lists, empty maps and undefined members", () => {
        const e = toApiEntry({
            region: "us-east-1",
            amiDistributionConfiguration: {
                name: "n-{{ imagebuilder:buildDate }}",
                targetAccountIds: [],
                amiTags: {},
                kmsKeyId: undefined,
            },
            licenseConfigurationArns: [],
        });
        assert.deepStrictEqual(e, {
            region: "us-east-1",
            amiDistributionConfiguration: { name: "n-{{ imagebuilder:buildDate }}" },
        });
    });

    it("drops members the model does not know", () => {
        assert.deepStrictEqual(shapeCopy({ region: "us-east-1", bogus: 1 }, "Distribution"), { region: "us-east-1" });
    });

    it("renders the same entries for any order of regions and of map keys (property)", () => {
        const regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "sa-east-1"];
        fc.assert(
            fc.property(fc.shuffledSubarray(regions, { minLength: 1 }), fc.func(fc.integer()), (subset, rnd) => {
                const entries = subset.map((r) => ({
                    region: r,
                    amiDistributionConfiguration: { amiTags: { z: r, a: "1", m: "2" } },
                }));
                const shuffled = [...entries]
                    .sort((x, y) => rnd(x.region) - rnd(y.region))
                    .map((e) => ({
                        amiDistributionConfiguration: {
                            amiTags: Object.fromEntries(
                                Object.entries(e.amiDistributionConfiguration.amiTags).reverse(),
                            ),
                        },
                        region: e.region,
                    }));
                assert.strictEqual(JSON.stringify(canonicalize(shuffled)), JSON.stringify(canonicalize(entries)));
                assert.deepStrictEqual(
                    canonicalize(entries).map((e) => e.region),
                    [...subset].sort(),
                );
            }),
            { numRuns: 100 },
        );
    });
});

describe("renderers (pure)", () => {
    const { renderAws, awsToApi, withFastLaunchAccount } =
        require("../components/distribution/render/aws") as typeof import("../components/distribution/render/aws");
    const { renderAwsNative } =
        require("../components/distribution/render/awsNative") as typeof import("../components/distribution/render/awsNative");
    const { awsNativeToApi } =
        require("../components/distribution/render/awsNativeToApi") as typeof import("../components/distribution/render/awsNativeToApi");
    const api = [
        {
            region: "us-east-1",
            amiDistributionConfiguration: { name: "n", launchPermission: { userIds: ["111122223333"] } },
            launchTemplateConfigurations: [{ launchTemplateId: "lt-0123456789abcdef0", setDefaultVersion: false }],
            fastLaunchConfigurations: [{ enabled: true }, { enabled: false, accountId: "111122223333" }],
            s3ExportConfiguration: { roleName: "r", diskImageFormat: "RAW", s3Bucket: "b" },
        },
    ];

    it("renames for @pulumi/aws and back, and fills only missing fast-launch accounts", () => {
        const aws = renderAws(withFastLaunchAccount(api, "999988887777"));
        assert.deepStrictEqual(aws[0].launchTemplateConfigurations, [
            { launchTemplateId: "lt-0123456789abcdef0", default: false },
        ]);
        assert.deepStrictEqual(aws[0].fastLaunchConfigurations, [
            { enabled: true, accountId: "999988887777" },
            { enabled: false, accountId: "111122223333" },
        ]);
        const back = awsToApi(aws);
        assert.deepStrictEqual(back[0].launchTemplateConfigurations, api[0].launchTemplateConfigurations);
        assert.deepStrictEqual(back[0].s3ExportConfiguration, api[0].s3ExportConfiguration);
    });

    it("renames for aws-native and back, leaving out S3 export", () => {
        const native = renderAwsNative(api);
        assert.deepStrictEqual(native[0].amiDistributionConfiguration, {
            name: "n",
            launchPermissionConfiguration: { userIds: ["111122223333"] },
        });
        assert.ok(!("s3ExportConfiguration" in native[0]));
        const { s3ExportConfiguration: _s3, ...rest } = api[0];
        assert.deepStrictEqual(awsNativeToApi(native), [rest]);
    });

    it("passes values of an unexpected kind through instead of recursing", () => {
        assert.deepStrictEqual(awsToApi([{ region: "us-east-1", launchTemplateConfigurations: "[secret]" }]), [
            { region: "us-east-1", launchTemplateConfigurations: "[secret]" },
        ]);
        assert.deepStrictEqual(awsNativeToApi([{ region: "us-east-1", amiDistributionConfiguration: "[secret]" }]), [
            { region: "us-east-1", amiDistributionConfiguration: "[secret]" },
        ]);
    });
});

describe("fan-out of malformed arguments (pure)", () => {
    const { validateArgs } =
        require("../components/distribution/multiRegionDistribution") as typeof import("../components/distribution/multiRegionDistribution");

    it("reports regions or distributions that are not lists instead of crashing", () => {
        for (const args of [{ regions: "us-east-1" }, { distributions: { region: "us-east-1" } }]) {
            assert.throws(
                () => validateArgs("bad", args as never),
                (e: Error) => e.name === "DistributionValidationError" && /: got .*; must be a list/.test(e.message),
            );
        }
    });

    it("skips holes in regions and distributions, as it always has", () => {
        const d = { region: "eu-west-1", ...ami() };
        // eslint-disable-next-line no-sparse-arrays
        const input = { regions: [, "us-east-1"], defaults: ami(), distributions: [, d] } as unknown as Parameters<
            typeof fanOut
        >[0];
        const entries = fanOut(input);
        assert.deepStrictEqual(
            entries.map((e) => [e.kind, e.index, e.regionPath]),
            [
                ["fanout", 1, "regions[1]"],
                ["explicit", 1, "distributions[1].region"],
            ],
        );
        const { canonicalizeFanOut } =
            require("../components/distribution/canonical") as typeof import("../components/distribution/canonical");
        assert.deepStrictEqual(
            canonicalizeFanOut(input).map((e) => e.region),
            ["eu-west-1", "us-east-1"],
        );
    });

    it("keeps the fanned-out region even when settings carry a region of their own", () => {
        const [e] = fanOut({ regions: ["us-east-1"], defaults: { region: "eu-west-1", ...ami() } });
        assert.strictEqual((e.value as { region: string }).region, "us-east-1");
    });
});

describe("canonicalizeFanOut (pure)", () => {
    const { canonicalizeFanOut } =
        require("../components/distribution/canonical") as typeof import("../components/distribution/canonical");

    it("equals canonicalize(fanOut(...)) for any mix of overridden and plain regions (property)", () => {
        const regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1"];
        const settings = fc.record(
            {
                amiDistributionConfiguration: fc.record(
                    {
                        name: fc.constantFrom("a-{{ imagebuilder:buildDate }}", "b"),
                        amiTags: fc.dictionary(fc.constantFrom("x", "y", "z"), fc.string(), { maxKeys: 3 }),
                    },
                    { requiredKeys: [] },
                ),
                launchTemplateConfigurations: fc.array(
                    fc.record(
                        { launchTemplateId: fc.constant("lt-0123456789abcdef0"), setDefaultVersion: fc.boolean() },
                        { requiredKeys: ["launchTemplateId"] },
                    ),
                    { maxLength: 2 },
                ),
            },
            { requiredKeys: [] },
        );
        fc.assert(
            fc.property(
                fc.shuffledSubarray(regions, { minLength: 1 }),
                settings,
                fc.dictionary(fc.constantFrom(...regions, "sa-east-1"), settings, { maxKeys: 3 }),
                fc.option(fc.constant("ca-central-1"), { nil: undefined }),
                fc.array(
                    settings.map((x) => ({ region: "me-south-1", ...x })),
                    { maxLength: 2 },
                ),
                (rs, defaults, overrides, defaultsRegion, distributions) => {
                    // Overrides of regions that are not listed, a region in defaults and explicit entries:
                    // validation rejects the first two, but fan-out and canonical form must still agree.
                    const input = {
                        regions: rs,
                        defaults: defaultsRegion === undefined ? defaults : { region: defaultsRegion, ...defaults },
                        overrides,
                        distributions,
                    };
                    assert.deepStrictEqual(canonicalizeFanOut(input), canonicalize(fanOut(input).map((e) => e.value)));
                },
            ),
            { numRuns: 200 },
        );
    });
});
