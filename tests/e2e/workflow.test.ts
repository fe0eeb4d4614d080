/**
 * The pull-request workflow for projects that use the library (.github/workflows/preview.yml): valid
 * for GitHub (checked with action-validator), and doing what the README promises.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOW = path.join(ROOT, ".github", "workflows", "preview.yml");
const VALIDATOR = path.join(ROOT, "node_modules", "@action-validator", "cli", "cli.mjs");

interface Step {
    name?: string;
    id?: string;
    if?: string;
    uses?: string;
    run?: string;
    shell?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
    "working-directory"?: string;
    "continue-on-error"?: boolean;
}
interface Job {
    needs?: string | string[];
    permissions?: Record<string, string>;
    env?: Record<string, string>;
    steps: Step[];
}
interface Workflow {
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    env?: Record<string, string>;
    jobs: Record<string, Job>;
}

function validate(file: string): { status: number | null; output: string } {
    const r = spawnSync(process.execPath, [VALIDATOR, file], { encoding: "utf8", timeout: 60_000 });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe("workflow: .github/workflows/preview.yml", () => {
    const text = fs.readFileSync(WORKFLOW, "utf8");
    const wf = yaml.load(text) as Workflow;
    const plan = wf.jobs.plan;
    const preview = wf.jobs.preview;
    const step = (job: Job, pattern: RegExp) => {
        const found = job.steps.find((s) => pattern.test(`${s.run ?? ""} ${s.uses ?? ""}`));
        assert.ok(found, `no step matches ${pattern}`);
        return found;
    };

    it("is a valid GitHub workflow (action-validator)", () => {
        const r = validate(WORKFLOW);
        assert.strictEqual(r.status, 0, r.output);
    });

    it("the validator does reject a broken workflow", () => {
        const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "workflow-")), "broken.yml");
        fs.writeFileSync(broken, text.replace(/runs-on:/g, "runs_on:"));
        assert.strictEqual(validate(broken).status, 1);
    });

    it("runs on pull requests with read-only permissions by default", () => {
        assert.deepStrictEqual(Object.keys(wf.on), ["pull_request"]);
        assert.deepStrictEqual(wf.permissions, { contents: "read" });
    });

    it("installs with npm ci, runs the tests, then plans", () => {
        const runs = plan.steps.map((s) => s.run ?? "");
        const ci = runs.findIndex((r) => /^npm ci\b/.test(r));
        const test = runs.findIndex((r) => /^npm test\b/.test(r));
        const head = runs.findIndex((r) => /--markdown/.test(r));
        assert.ok(ci >= 0 && test > ci && head > test, runs.join("\n---\n"));
        assert.strictEqual(
            plan.steps.find((s) => s.uses?.startsWith("actions/setup-node@"))?.with?.["node-version"],
            22,
        );
    });

    it("plans the base branch as JSON and diffs the pull request's plan against it into the job summary", () => {
        const checkouts = plan.steps.filter((s) => s.uses?.startsWith("actions/checkout@"));
        assert.deepStrictEqual(
            checkouts.map((s) => s.with?.ref ?? "(pull request)"),
            ["(pull request)", "${{ github.event.pull_request.base.sha }}"],
        );
        const base = step(plan, /--json > "\$RUNNER_TEMP\/base-plan\.json"/);
        assert.strictEqual(
            base["continue-on-error"],
            true,
            "a base branch that cannot be planned must not fail the job",
        );
        assert.strictEqual(base["working-directory"], "base");
        const head = step(plan, /--markdown/);
        assert.match(head.run!, /--diff "\$RUNNER_TEMP\/base-plan\.json"/);
        assert.match(head.run!, />> "\$GITHUB_STEP_SUMMARY"/);
        assert.match(head.run!, /imagebuilder-distribution"/);
        assert.match(head.run!, /exit "\$code"/, "a failed plan fails the job");
        assert.strictEqual(head.env?.BASE_OUTCOME, "${{ steps.base.outcome }}");
    });

    it("runs pulumi preview with pulumi/actions only where credentials are configured", () => {
        assert.deepStrictEqual(preview.needs, "plan");
        const action = step(preview, /^ pulumi\/actions@v\d+$/);
        assert.strictEqual(action.with?.command, "preview");
        assert.strictEqual(action.if, "env.HAS_AWS == 'true' && env.HAS_BACKEND == 'true'");
        assert.match(preview.env!.HAS_AWS, /secrets\.AWS_ACCESS_KEY_ID != ''/);
        assert.match(preview.env!.HAS_AWS, /vars\.AWS_ROLE_TO_ASSUME != ''/);
        assert.match(preview.env!.HAS_BACKEND, /secrets\.PULUMI_ACCESS_TOKEN != ''/);
        // Secrets are not available in `if`; every gated step reads the job's env instead.
        for (const s of preview.steps) {
            assert.doesNotMatch(s.if ?? "", /secrets\./, s.name);
        }
        const creds = step(preview, /aws-actions\/configure-aws-credentials@/);
        assert.strictEqual(creds.if, action.if);
        assert.strictEqual(preview.permissions?.["id-token"], "write");
    });

    it("uses Node.js 22 in every job", () => {
        for (const [name, job] of Object.entries(wf.jobs)) {
            for (const s of job.steps.filter((x) => x.uses?.startsWith("actions/setup-node@"))) {
                assert.strictEqual(s.with?.["node-version"], 22, name);
            }
        }
    });

    describe("verify job", () => {
        const verify = wf.jobs.verify;
        const run = () => step(verify, /--verify/);

        it("runs --verify after the plan, only with an OIDC role from a repository variable", () => {
            assert.deepStrictEqual(verify.needs, "plan");
            assert.strictEqual(verify.permissions?.["id-token"], "write");
            assert.match(verify.env!.HAS_ROLE, /vars\.AWS_ROLE_TO_ASSUME != ''/);
            assert.match(verify.env!.HAS_ROLE, /head\.repo\.full_name == github\.repository/);
            const creds = step(verify, /aws-actions\/configure-aws-credentials@/);
            assert.strictEqual(creds.with?.["role-to-assume"], "${{ vars.AWS_ROLE_TO_ASSUME }}");
            assert.strictEqual(creds.with?.["aws-access-key-id"], undefined, "OIDC only: no long-lived keys");
            const gated = verify.steps.filter((s) => s.if === "env.HAS_ROLE == 'true'");
            assert.ok(
                gated.includes(creds) && gated.includes(run()),
                "credentials and --verify are skipped without a role",
            );
            assert.ok(verify.steps.indexOf(creds) < verify.steps.indexOf(run()));
            assert.ok(verify.steps.some((s) => s.if === "env.HAS_ROLE != 'true'" && /::notice::/.test(s.run ?? "")));
        });

        /** Runs the step's script with a stand-in of the command that exits with `code`. */
        function runStep(code: number): { status: number | null; summary: string; stdout: string } {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-step-"));
            const bin = path.join(dir, "node_modules", ".bin");
            fs.mkdirSync(bin, { recursive: true });
            fs.writeFileSync(
                path.join(bin, "imagebuilder-distribution"),
                `#!/usr/bin/env bash\necho "args: $*" >&2\necho "#### Verification against AWS"\nexit ${code}\n`,
                { mode: 0o755 },
            );
            const summary = path.join(dir, "summary.md");
            fs.writeFileSync(summary, "");
            const r = spawnSync("bash", ["-e", "-c", run().run!], {
                encoding: "utf8",
                env: {
                    PATH: process.env.PATH,
                    GITHUB_WORKSPACE: dir,
                    RUNNER_TEMP: dir,
                    GITHUB_STEP_SUMMARY: summary,
                    PROGRAM_DIR: ".",
                    PULUMI_STACK: "dev",
                },
            });
            return { status: r.status, summary: fs.readFileSync(summary, "utf8"), stdout: `${r.stdout}${r.stderr}` };
        }

        it("passes when AWS accepts, fails when it rejects, warns when it could not verify", function () {
            if (spawnSync("bash", ["--version"]).status !== 0) {
                this.skip();
            }
            const ok = runStep(0);
            assert.strictEqual(ok.status, 0);
            assert.match(ok.summary, /#### Verification against AWS/);
            assert.match(ok.stdout, /args: \. --stack dev --verify --markdown/);
            const rejected = runStep(1);
            assert.strictEqual(rejected.status, 1);
            assert.match(rejected.summary, /#### Verification against AWS/);
            const unverified = runStep(3);
            assert.strictEqual(unverified.status, 0);
            assert.match(unverified.stdout, /::warning::/);
            const failed = runStep(2);
            assert.strictEqual(failed.status, 2);
            assert.match(failed.summary, /### Verification failed \(exit code 2\)/);
        });
    });

    it("every run script is valid bash", function () {
        if (spawnSync("bash", ["--version"]).status !== 0) {
            this.skip();
        }
        for (const job of Object.values(wf.jobs)) {
            for (const s of job.steps.filter((x) => x.run !== undefined)) {
                const r = spawnSync("bash", ["-n"], { input: s.run, encoding: "utf8" });
                assert.strictEqual(r.status, 0, `${s.name}: ${r.stderr}`);
            }
        }
    });
});
