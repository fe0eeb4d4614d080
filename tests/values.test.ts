import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { normalizeView } from "../components/distribution/validate";
import { UNKNOWN, isDeferred, isPlainObject, knownOutput, snapshotOf } from "../components/distribution/values";

describe("views of arguments (pure)", () => {
    it("treats Outputs, Promises and thenables as deferred, and nothing else", () => {
        for (const v of [pulumi.output("x"), Promise.resolve(1), { then: () => undefined }]) {
            assert.strictEqual(isDeferred(v), true);
        }
        for (const v of ["x", 1, true, null, undefined, Symbol("s"), {}, [], () => undefined, { then: 1 }]) {
            assert.strictEqual(isDeferred(v), false, String(v));
        }
    });

    it("gives plain arguments back as they are: nothing deferred, nothing copied", () => {
        const args = {
            regions: ["us-east-1", "eu-west-1"],
            defaults: { amiDistributionConfiguration: { name: "x", amiTags: { Team: "a" } } },
            tags: {},
        };
        const { view, deferred } = snapshotOf(args);
        assert.strictEqual(deferred, false);
        assert.strictEqual(view, args);
    });

    it("replaces Outputs and Promises with UNKNOWN, copying only what holds them", () => {
        const tags = { Team: "a" };
        const lts = [{ launchTemplateId: "lt-0123456789abcdef0" }];
        const args = {
            regions: ["us-east-1", pulumi.output("eu-west-1")],
            defaults: {
                amiDistributionConfiguration: { name: "x", kmsKeyId: Promise.resolve("k"), amiTags: tags },
                launchTemplateConfigurations: lts,
            },
            name: "n",
        };
        const { view, deferred } = snapshotOf(args);
        assert.strictEqual(deferred, true);
        assert.deepStrictEqual(view, {
            regions: ["us-east-1", UNKNOWN],
            defaults: {
                amiDistributionConfiguration: { name: "x", kmsKeyId: UNKNOWN, amiTags: { Team: "a" } },
                launchTemplateConfigurations: [{ launchTemplateId: "lt-0123456789abcdef0" }],
            },
            name: "n",
        });
        const v = view as unknown as typeof args;
        // The arguments themselves are untouched; what holds no Output is shared, the rest is a copy.
        assert.notStrictEqual(v, args);
        assert.notStrictEqual(v.regions, args.regions);
        assert.ok(pulumi.Output.isInstance(args.regions[1]));
        assert.notStrictEqual(v.defaults.amiDistributionConfiguration, args.defaults.amiDistributionConfiguration);
        assert.strictEqual(v.defaults.amiDistributionConfiguration.amiTags, tags);
        assert.strictEqual(v.defaults.launchTemplateConfigurations, lts);
        assert.deepStrictEqual(Object.keys(v.defaults.amiDistributionConfiguration), ["name", "kmsKeyId", "amiTags"]);
    });

    it("tells deferred from NaN, and copies what is not a literal object", () => {
        const args = { regions: [Number.NaN], defaults: { n: Number.NaN } };
        const { view, deferred } = snapshotOf(args);
        assert.strictEqual(deferred, false);
        assert.strictEqual(view, args);

        class Settings {
            name = "x";
            get hidden(): string {
                return "prototype getter";
            }
        }
        const inherited = Object.create({ region: "us-east-1" }) as Record<string, unknown>;
        inherited.name = "y";
        const hidden = { name: "z" };
        Object.defineProperty(hidden, "region", { value: "us-east-1", enumerable: false });
        const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { name: "w" });
        for (const [value, copy] of [
            [new Settings(), { name: "x" }],
            [inherited, { name: "y" }],
            [hidden, { name: "z" }],
            [nullProto, { name: "w" }],
        ] as const) {
            const viewed = snapshotOf({ v: value }).view as { v: unknown };
            // A view holds data only: own enumerable members, in a literal object.
            assert.notStrictEqual(viewed.v, value);
            assert.deepStrictEqual(viewed.v, copy);
            assert.strictEqual(Object.getPrototypeOf(viewed.v), Object.prototype);
        }
        // A built-in object whose content is no own member (the SDK would send {}) stays itself, for
        // validation to reject it rather than take it for an empty object.
        for (const value of [new Date(0), new Map([["k", "v"]]), new Set(["v"]), /x/, new Uint8Array(2)]) {
            assert.ok(!isPlainObject(value), String(value));
            assert.strictEqual((snapshotOf({ v: value }).view as { v: unknown }).v, value);
        }
    });

    it("keeps holes and own __proto__ keys in the copies it makes", () => {
        // eslint-disable-next-line no-sparse-arrays
        const list = [, pulumi.output("a"), , "b", ,];
        const { view } = snapshotOf(list);
        const copy = view as unknown[];
        assert.strictEqual(copy.length, 5);
        assert.deepStrictEqual(
            [0, 1, 2, 3, 4].map((i) => i in copy),
            [false, true, false, true, false],
        );
        assert.strictEqual(copy[1], UNKNOWN);

        const tags = JSON.parse('{"__proto__": "x", "k": 1}') as Record<string, unknown>;
        tags.later = pulumi.output("y");
        const viewed = snapshotOf({ tags }).view as { tags: Record<string, unknown> };
        assert.deepStrictEqual(Object.keys(viewed.tags), ["__proto__", "k", "later"]);
        assert.strictEqual(Object.getOwnPropertyDescriptor(viewed.tags, "__proto__")?.value, "x");
        assert.strictEqual(viewed.tags.later, UNKNOWN);
    });

    it("normalizes what is sent as nothing away, copying only what changes", () => {
        const shared = { name: "x", amiTags: { Team: "a" }, launchPermission: {} };
        const view = {
            region: "us-east-1",
            amiDistributionConfiguration: shared,
            launchTemplateConfigurations: [{ launchTemplateId: "lt-0123456789abcdef0", setDefaultVersion: undefined }],
            licenseConfigurationArns: [],
            s3ExportConfiguration: undefined,
            fastLaunchConfigurations: [{ launchTemplate: { tags: {} } }],
        };
        const normalized = normalizeView(view) as Record<string, unknown>;
        assert.deepStrictEqual(normalized, {
            region: "us-east-1",
            amiDistributionConfiguration: { name: "x", amiTags: { Team: "a" }, launchPermission: {} },
            launchTemplateConfigurations: [{ launchTemplateId: "lt-0123456789abcdef0" }],
            // An empty structure stays (it is sent); an empty map does not.
            fastLaunchConfigurations: [{ launchTemplate: {} }],
        });
        // What had nothing to drop is the view's own object; the view itself is unchanged.
        assert.strictEqual(normalized.amiDistributionConfiguration, shared);
        assert.ok("s3ExportConfiguration" in view && view.licenseConfigurationArns.length === 0);
        assert.deepStrictEqual(Object.keys(view.launchTemplateConfigurations[0]), [
            "launchTemplateId",
            "setDefaultVersion",
        ]);

        // eslint-disable-next-line no-sparse-arrays
        const plain = { a: [1, undefined, , "x"], b: { c: "d" } };
        assert.strictEqual(normalizeView(plain), plain);
        assert.strictEqual(normalizeView([]), undefined);
        assert.strictEqual(normalizeView("s"), "s");
    });

    it("wraps a plain value whole in an Output of its own: known, not secret, depending on no resource", async () => {
        const a = { regions: ["us-east-1"] };
        const b = ["eu-west-1", "us-west-2"];
        const internals = (o: pulumi.Output<unknown>) =>
            o as unknown as {
                isKnown: Promise<boolean>;
                isSecret: Promise<boolean>;
                allResources(): Promise<Set<unknown>>;
            };
        const outputs: [pulumi.Output<unknown>, unknown][] = [
            [knownOutput<unknown>(a), a],
            [knownOutput<unknown>(b), b],
        ];
        for (const [o, value] of outputs) {
            // The value itself, not a copy leaf by leaf.
            assert.strictEqual(await new Promise((resolve) => o.apply(resolve)), value);
            assert.strictEqual(await internals(o).isKnown, true);
            assert.strictEqual(await internals(o).isSecret, false);
            assert.strictEqual((await internals(o).allResources()).size, 0);
        }
    });
});
