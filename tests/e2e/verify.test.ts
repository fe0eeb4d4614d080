/**
 * `imagebuilder-distribution --verify` as a process, against a local stand-in of Image Builder on
 * 127.0.0.1 (the endpoint from AWS_ENDPOINT_URL_IMAGEBUILDER, fake credentials from the environment,
 * empty shared config files): the home region of each configuration, the statuses and exit codes in
 * each output form, the retry of an existing configuration, and no network at all without --verify.
 */
import * as assert from "assert";
import { spawn } from "child_process";
import * as path from "path";
import { EXIT } from "../../cli/constants";
import { temporaryName } from "../../cli/verify";
import { StandIn, acceptDryRuns, awsEnv, startStandIn } from "../imagebuilderStandIn";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURES = "tests/fixtures/plan";

interface Result {
    code: number;
    stdout: string;
    stderr: string;
}

/** Starts a process without blocking this one (the stand-in answers from here meanwhile). */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<Result> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", ...args], { cwd: ROOT, env });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
        const timer = setTimeout(() => child.kill(), 180_000);
        child.on("error", reject);
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({ code: code ?? -1, stdout, stderr });
        });
    });
}

function childEnv(standIn: StandIn): NodeJS.ProcessEnv {
    const env = awsEnv(standIn.url);
    delete env.PULUMI_CONFIG;
    delete env.PULUMI_CONFIG_SECRET_KEYS;
    delete env.PULUMI_DEBUG;
    env.NO_COLOR = "1";
    return env;
}

const plan = (args: string[], standIn: StandIn) => run(["cli/plan.ts", ...args], childEnv(standIn));

describe("verify: the command against a stand-in of Image Builder (child processes)", function () {
    this.timeout(400_000);
    let standIn: StandIn;
    beforeEach(async () => {
        standIn = await startStandIn();
    });
    afterEach(async () => {
        await standIn.close();
    });

    it("--json: each configuration in its home region, an existing one again under a temporary name, exit 0", async () => {
        let first = true;
        standIn.answer = (r) => {
            if (r.body?.name === "golden-classic" && first) {
                first = false;
                return { status: 400, errorType: "ResourceAlreadyExistsException", message: "exists" };
            }
            return acceptDryRuns(r);
        };
        const r = await plan([`${FIXTURES}/home-region`, "--stack", "west", "--verify", "--json"], standIn);
        assert.strictEqual(r.code, EXIT.OK, r.stderr);
        // The stack's aws:region is us-east-1; both configurations live in their homeRegion eu-west-1.
        assert.deepStrictEqual(
            standIn.requests.map((q) => [q.body?.name, q.scope?.region, q.body?.dryRun, q.signatureValid]),
            [
                ["golden-classic", "eu-west-1", true, true],
                [temporaryName("golden-classic"), "eu-west-1", true, true],
                ["golden-native", "eu-west-1", true, true],
            ],
        );
        const doc = JSON.parse(r.stdout) as {
            requests: { request: { name: string }; verification: Record<string, unknown> }[];
        };
        const byName = new Map(doc.requests.map((q) => [q.request.name, q.verification]));
        assert.strictEqual(byName.get("golden-classic")?.status, "accepted");
        assert.strictEqual(byName.get("golden-classic")?.temporaryName, temporaryName("golden-classic"));
        assert.match(String(byName.get("golden-classic")?.message), /golden-classic exists already/);
        assert.deepStrictEqual(byName.get("golden-native"), {
            code: "DryRunOperationException",
            message: "Request would have succeeded, but DryRun flag is set.",
            status: "accepted",
        });
    });

    it("human: AWS's rejection wins over what could not be verified (exit 1); secrets and placeholders are never sent", async () => {
        standIn.answer = (r) =>
            r.body?.name === "app-images"
                ? {
                      status: 400,
                      errorType: "InvalidParameterValueException",
                      message: "The repository app does not exist.",
                  }
                : acceptDryRuns(r);
        const r = await plan([`${FIXTURES}/known`, "--stack", "head", "--verify"], standIn);
        assert.strictEqual(r.code, EXIT.INVALID_INPUT, r.stderr);
        assert.match(r.stdout, /Verification against AWS: 0 accepted, 1 rejected, 2 not verified/);
        assert.match(
            r.stdout,
            /^ {2}rejected {6}app-images \(eu-west-1\): InvalidParameterValueException: The repository app does not exist\.$/m,
        );
        assert.match(
            r.stdout,
            /^ {2}not verified {2}web-golden \(eu-west-1\): not sent: tags\.CostCenter is a secret/m,
        );
        // The fast launch settings hold the deploying account, which the plan stands in for offline.
        assert.match(
            r.stdout,
            /^ {2}not verified {2}windows-2025 \(eu-west-1\): not sent: distributions\[0\]\.fastLaunchConfigurations\[0\]\.accountId holds 123456789012/m,
        );
        assert.deepStrictEqual(
            standIn.requests.map((q) => q.body?.name),
            ["app-images"],
        );
        assert.ok(standIn.requests.every((q) => q.body?.dryRun === true && q.signatureValid));
    });

    it("markdown: the verification table in the comment, exit 3 when one could not be verified", async () => {
        const r = await plan([`${FIXTURES}/known`, "--stack", "head", "--verify", "--markdown"], standIn);
        assert.strictEqual(r.code, EXIT.UNVERIFIED, r.stderr);
        assert.match(r.stdout, /#### Verification against AWS\n\n\*\*1 accepted, 0 rejected, 2 not verified\.\*\*/);
        assert.match(r.stdout, /\| `app-images` \| `eu-west-1` \| ✅ accepted \| +\|/);
        assert.match(r.stdout, /\| `web-golden` \| `eu-west-1` \| ⚠️ not verified \| not sent: /);
    });

    it("sends nothing and loads no AWS SDK without --verify", async () => {
        const script = `
            const { main } = require("./cli/plan");
            main(["${FIXTURES}/home-region", "--stack", "west", "--json"], { stdout: () => undefined }).then((code) => {
                const loaded = Object.keys(require.cache).filter((k) => k.includes("@aws-sdk") || k.includes("@smithy"));
                process.stdout.write(JSON.stringify({ code, loaded }));
                process.exit(0);
            });`;
        const r = await run(["-e", script], childEnv(standIn));
        const out = JSON.parse(r.stdout) as { code: number; loaded: string[] };
        assert.strictEqual(out.code, EXIT.OK, r.stderr);
        assert.deepStrictEqual(out.loaded, []);
        assert.strictEqual(standIn.requests.length, 0);
    });
});
