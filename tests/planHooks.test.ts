/**
 * The offline plan hooks: the one way a planner tells the library what its mocks stand in for. They must
 * reach a second copy of the package (a program's own node_modules), and the library reads no
 * environment variable.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { resolveView, UNKNOWN } from "../components/distribution/values";
import {
    isOfflineAccountPlaceholder,
    isOfflineSecretPlaceholder,
    offlinePlanHooks,
    setOfflinePlanHooks,
} from "../components/distribution/planHooks";

const HOOKS = path.join(__dirname, "..", "components", "distribution", "planHooks.ts");

/** A fresh copy of the hooks module, as another copy of the package would load it. */
function anotherCopy(): typeof import("../components/distribution/planHooks") {
    const id = require.resolve(HOOKS);
    const cached = require.cache[id];
    delete require.cache[id];
    try {
        return require(HOOKS) as typeof import("../components/distribution/planHooks");
    } finally {
        require.cache[id] = cached;
    }
}

describe("offline plan hooks", () => {
    let saved: ReturnType<typeof setOfflinePlanHooks>;
    beforeEach(() => {
        saved = setOfflinePlanHooks(undefined);
    });
    afterEach(() => {
        setOfflinePlanHooks(saved);
    });

    it("recognize only the placeholders set, and none when unset or empty", () => {
        assert.ok(!isOfflineSecretPlaceholder("[secret]"));
        assert.ok(!isOfflineAccountPlaceholder("123456789012"));
        setOfflinePlanHooks({ secretPlaceholder: "[secret]", accountPlaceholder: "123456789012" });
        assert.ok(isOfflineSecretPlaceholder("[secret]"));
        assert.ok(!isOfflineSecretPlaceholder("[secret] "));
        assert.ok(isOfflineAccountPlaceholder("123456789012"));
        assert.ok(!isOfflineAccountPlaceholder("999988887777"));
        setOfflinePlanHooks({ secretPlaceholder: "", accountPlaceholder: "" });
        assert.ok(!isOfflineSecretPlaceholder(""));
        assert.ok(!isOfflineAccountPlaceholder(""));
    });

    it("give back the hooks set before, so that a planner can restore them", () => {
        assert.strictEqual(setOfflinePlanHooks({ accountPlaceholder: "111122223333" }), undefined);
        const previous = setOfflinePlanHooks({ accountPlaceholder: "444455556666" });
        assert.deepStrictEqual(previous, { accountPlaceholder: "111122223333" });
        setOfflinePlanHooks(previous);
        assert.ok(isOfflineAccountPlaceholder("111122223333"));
        assert.ok(!isOfflineAccountPlaceholder("444455556666"));
    });

    it("keep a copy: changing the object passed afterwards changes nothing", () => {
        const hooks = { accountPlaceholder: "111122223333" };
        setOfflinePlanHooks(hooks);
        hooks.accountPlaceholder = "444455556666";
        assert.deepStrictEqual(offlinePlanHooks(), { accountPlaceholder: "111122223333" });
    });

    it("reach another copy of the package, loaded before or after they are set", () => {
        const before = anotherCopy();
        assert.notStrictEqual(before.setOfflinePlanHooks, setOfflinePlanHooks, "a distinct copy of the module");
        setOfflinePlanHooks({ secretPlaceholder: "[secret]" });
        assert.ok(before.isOfflineSecretPlaceholder("[secret]"));
        assert.ok(anotherCopy().isOfflineSecretPlaceholder("[secret]"));
        before.setOfflinePlanHooks({ secretPlaceholder: "<redacted>" });
        assert.ok(isOfflineSecretPlaceholder("<redacted>"));
    });

    it("make a secret Output holding the placeholder unknown to validation, and nothing else", async () => {
        setOfflinePlanHooks({ secretPlaceholder: "[secret]" });
        const view = await resolveView({
            placeholder: pulumi.secret("[secret]"),
            plain: "[secret]",
            real: pulumi.secret("alias/golden"),
        });
        assert.deepStrictEqual(view.value, { placeholder: UNKNOWN, plain: "[secret]", real: "alias/golden" });
    });

    it("are the library's only channel: it reads no environment variable", () => {
        const dir = path.join(__dirname, "..", "components");
        const files = fs
            .readdirSync(dir, { recursive: true, encoding: "utf8" })
            .filter((f) => f.endsWith(".ts"))
            .map((f) => path.join(dir, f));
        assert.ok(files.length > 10, "the library's sources are found");
        const readers = files.filter((f) => /process\.env\b/.test(fs.readFileSync(f, "utf8")));
        assert.deepStrictEqual(readers, []);
    });
});
