/**
 * The plan command on real programs: every example and the root program, the known program of the
 * fixtures, a large program, and the exit codes of the command as a process.
 *
 * The programs run in child processes only, so that their mock runtime never meets the mocks of
 * other test files: one child runs the command in-process for many programs (tests/fixtures/plan/
 * runPlans.ts), a few more start the command itself to check its exit codes.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diffPlans } from "../../cli/diff";
import { renderDiffHuman } from "../../cli/diffRender";
import { PlanDocument, PlanRequest, parseUrn } from "../../cli/document";
import { styles } from "../../cli/human";
import { SECRET } from "../../cli/constants";
import { contentToken } from "../../cli/json";
import { GITHUB_COMMENT_LIMIT } from "../../cli/markdown";
import { checkRequest, loadModel, pathsWhere } from "../modelCheck";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURES = path.join("tests", "fixtures", "plan");
const EXAMPLES = fs
    .readdirSync(path.join(ROOT, "examples"))
    // The TypeScript programs: the Python and YAML examples use the component package, which the plan
    // (a Node.js runner) does not run; tests/providerSchema.test.ts checks them against the schema.
    .filter((d) => fs.existsSync(path.join(ROOT, "examples", d, "index.ts")))
    .sort();

interface Result {
    code: number;
    stdout: string;
    stderr: string;
}

const ENV: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
delete ENV.PULUMI_CONFIG;
delete ENV.PULUMI_CONFIG_SECRET_KEYS;
delete ENV.PULUMI_DEBUG;

/** Starts the command as a process, the way `npm run plan` does. */
function plan(args: string[]): Result {
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "cli/plan.ts", ...args], {
        cwd: ROOT,
        env: ENV,
        encoding: "utf8",
        timeout: 120_000,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The logical name of a URN. */
const parseName = (urn: string): string => urn.slice(urn.lastIndexOf("::") + 2);

const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

describe("plan: programs (each run in a child process)", function () {
    this.timeout(300_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));
    let results: Record<string, Result> = {};
    const model = loadModel();

    /**
     * The ES module programs import the package by its name, as users do: each runs from a copy whose
     * node_modules links this repository (its build) and what the program needs beside it.
     */
    const esmCopy = (fixture: string, name = fixture): string => {
        const dir = path.join(tmp, name);
        fs.cpSync(path.join(ROOT, FIXTURES, fixture), dir, { recursive: true });
        const modules = path.join(dir, "node_modules");
        fs.mkdirSync(modules);
        fs.symlinkSync(ROOT, path.join(modules, "pulumi-imagebuilder-distribution"), "dir");
        for (const m of ["@pulumi", "ts-node", "typescript"]) {
            fs.symlinkSync(path.join(ROOT, "node_modules", m), path.join(modules, m), "dir");
        }
        return dir;
    };

    before(() => {
        if (!fs.existsSync(path.join(ROOT, "lib", "components", "index.js"))) {
            const b = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "--silent", "build"], {
                cwd: ROOT,
                encoding: "utf8",
            });
            assert.strictEqual(b.status, 0, `npm run build failed: ${b.stdout}${b.stderr}`);
        }
        const esmJs = esmCopy("esm-js");
        const esmTs = esmCopy("esm-ts");
        // The same program with a type error, which fails pulumi preview.
        const esmTsTypo = esmCopy("esm-ts", "esm-ts-typo");
        fs.appendFileSync(path.join(esmTsTypo, "index.ts"), 'export const typo: number = "two";\n');
        const jobs: { id: string; argv: string[]; save?: string }[] = [
            { id: "root:json", argv: [".", "--json"] },
            { id: "root:json:again", argv: ["--json", "."] },
            { id: "root:human", argv: ["."] },
            { id: "root:markdown", argv: [".", "--markdown"] },
            ...EXAMPLES.map((e) => ({ id: `example:${e}`, argv: [`examples/${e}`, "--json"] })),
            { id: "known:base", argv: [`${FIXTURES}/known`, "--stack", "base", "--json"] },
            { id: "known:head:human", argv: [`${FIXTURES}/known`, "--stack", "head"] },
            {
                id: "known:head:diff",
                argv: [`${FIXTURES}/known`, "--stack", "head", "--diff", `${FIXTURES}/known-base.json`],
            },
            { id: "secrets:json", argv: [`${FIXTURES}/secrets`, "--json"] },
            { id: "secrets:human", argv: [`${FIXTURES}/secrets`] },
            { id: "secrets:markdown", argv: [`${FIXTURES}/secrets`, "--markdown"] },
            { id: "secure-config:json", argv: [`${FIXTURES}/secure-config`, "--json"] },
            { id: "secure-config:human", argv: [`${FIXTURES}/secure-config`] },
            { id: "secure-config:plain", argv: [`${FIXTURES}/secure-config`, "--stack", "plain"] },
            {
                id: "home-region:east",
                argv: [`${FIXTURES}/home-region`, "--stack", "east", "--json"],
                save: path.join(tmp, "home-region-east.json"),
            },
            {
                id: "home-region:west:diff",
                argv: [`${FIXTURES}/home-region`, "--stack", "west", "--diff", path.join(tmp, "home-region-east.json")],
            },
            {
                id: "home-region:west:json-diff",
                argv: [
                    `${FIXTURES}/home-region`,
                    "--stack",
                    "west",
                    "--json",
                    "--diff",
                    path.join(tmp, "home-region-east.json"),
                ],
            },
            {
                id: "home-region:west:markdown-diff",
                argv: [
                    `${FIXTURES}/home-region`,
                    "--stack",
                    "west",
                    "--markdown",
                    "--diff",
                    path.join(tmp, "home-region-east.json"),
                ],
            },
            { id: "large:json", argv: [`${FIXTURES}/large`, "--json"] },
            { id: "large:markdown", argv: [`${FIXTURES}/large`, "--markdown"] },
            { id: "invalid", argv: [`${FIXTURES}/invalid`] },
            { id: "ssm-owner:json", argv: [`${FIXTURES}/ssm-owner`, "--json"] },
            { id: "references:json", argv: [`${FIXTURES}/references`, "--json"] },
            { id: "unknowns:json", argv: [`${FIXTURES}/unknowns`, "--json"] },
            { id: "layout:json", argv: [`${FIXTURES}/layout`, "--json"] },
            { id: "esm-js:json", argv: [esmJs, "--json"] },
            { id: "esm-ts:json", argv: [esmTs, "--json"] },
            { id: "esm-ts:type-error", argv: [esmTsTypo, "--json"] },
            // An ES module stays loaded in the process: a second plan must run its program again.
            { id: "esm-js:again", argv: [esmJs, "--json"] },
            { id: "unknowns:human", argv: [`${FIXTURES}/unknowns`] },
            { id: "invoke", argv: [`${FIXTURES}/invoke`] },
            { id: "crash", argv: [`${FIXTURES}/crash`] },
            { id: "crash:verbose", argv: [`${FIXTURES}/crash`, "--verbose"] },
            // After a failed program, the next one in the same process still plans.
            { id: "root:after-failures", argv: [".", "--json"] },
        ];
        const jobsFile = path.join(tmp, "jobs.json");
        const outFile = path.join(tmp, "results.json");
        fs.writeFileSync(jobsFile, JSON.stringify(jobs));
        const r = spawnSync(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", path.join(FIXTURES, "runPlans.ts"), jobsFile, outFile],
            { cwd: ROOT, env: ENV, encoding: "utf8", timeout: 240_000 },
        );
        assert.strictEqual(r.status, 0, `runPlans failed: ${r.stderr}`);
        results = JSON.parse(fs.readFileSync(outFile, "utf8")) as Record<string, Result>;
    });

    interface AmiConfiguration {
        name?: string;
        targetAccountIds?: string[];
        amiTags?: Record<string, string>;
    }
    /** The AMI settings of every region of a request. */
    const amiConfigurations = (req: PlanRequest): AmiConfiguration[] =>
        (req.request.distributions as { amiDistributionConfiguration?: AmiConfiguration }[]).map(
            (x) => x.amiDistributionConfiguration ?? {},
        );

    const doc = (id: string): PlanDocument => {
        const r = results[id];
        assert.strictEqual(r.code, 0, `${id} exited ${r.code}: ${r.stderr}`);
        return JSON.parse(r.stdout) as PlanDocument;
    };

    /** The document's shape, and every request against AWS's model. */
    function checkDocument(id: string, d: PlanDocument): void {
        assert.deepStrictEqual(Object.keys(d), ["stack", "resources", "requests", "outputs"], id);
        for (const r of d.resources) {
            assert.deepStrictEqual(Object.keys(r), ["type", "name", "parent", "inputs"], `${id} resource`);
        }
        assert.ok(d.requests.length > 0, `${id} has no request`);
        for (const req of d.requests) {
            assert.deepStrictEqual(Object.keys(req), ["resource", "operation", "backend", "homeRegion", "request"]);
            assert.strictEqual(req.operation, "CreateDistributionConfiguration");
            assert.match(req.resource, /^urn:pulumi:/);
            assert.strictEqual(
                req.backend,
                req.resource.includes("$aws-native:imagebuilder:DistributionConfiguration::") ? "aws-native" : "aws",
                `${id}: backend of ${req.resource}`,
            );
            assert.deepStrictEqual(Object.keys(req.homeRegion ?? {}), ["region", "source"], `${id}: homeRegion`);
            assert.ok(
                typeof req.homeRegion?.region === "string" || req.homeRegion?.region === null,
                `${id}: homeRegion.region`,
            );
            for (const k of Object.keys(req.request)) {
                assert.ok(
                    ["name", "description", "distributions", "tags", "clientToken"].includes(k),
                    `${id}: field ${k}`,
                );
            }
            assert.strictEqual(
                req.request.clientToken,
                contentToken(req.request),
                `${id}: the token is not the content's`,
            );
            const violations = checkRequest(model, req.operation, req.request, { redacted: SECRET });
            assert.deepStrictEqual(violations, [], `${id} ${req.resource}`);
        }
    }

    it("the JSON of every example validates against AWS's model", () => {
        assert.ok(EXAMPLES.length >= 4, `examples: ${EXAMPLES.join(", ")}`);
        for (const e of EXAMPLES) {
            checkDocument(`example:${e}`, doc(`example:${e}`));
        }
    });

    it("the root program's JSON validates, and two runs print the same document", () => {
        const d = doc("root:json");
        checkDocument("root:json", d);
        assert.strictEqual(d.stack, "dev");
        assert.strictEqual(results["root:json"].stdout, results["root:json:again"].stdout);
        assert.strictEqual(results["root:json"].stdout, results["root:after-failures"].stdout);
        assert.match(
            String(d.outputs.arn),
            /^arn:aws:imagebuilder:us-east-1:123456789012:distribution-configuration\/golden-ami-dev-[0-9a-f]{8}$/,
        );
        assert.deepStrictEqual(d.requests[0].homeRegion, { region: "us-east-1", source: "config aws:region" });
        // Config from Pulumi.dev.yaml reached `new pulumi.Config()`: without it, the program falls back
        // to amiPrefix "golden-ami" and the one account 111122223333 (see the example run alone below).
        const amis = amiConfigurations(d.requests[0]);
        assert.strictEqual(amis.length, 5);
        for (const ami of amis) {
            assert.strictEqual(ami.name, "golden-al2023-{{ imagebuilder:buildDate }}");
            assert.deepStrictEqual(ami.targetAccountIds, ["111122223333", "444455556666"]);
            assert.strictEqual(ami.amiTags?.Image, "golden-al2023");
        }
    });

    it("the golden-ami example without stack config takes its own fallbacks", () => {
        // The same program as the root's, from its own directory, which has no Pulumi.dev.yaml.
        const amis = amiConfigurations(doc("example:golden-ami").requests[0]);
        assert.strictEqual(amis.length, 5);
        for (const ami of amis) {
            assert.strictEqual(ami.name, "golden-ami-{{ imagebuilder:buildDate }}");
            assert.deepStrictEqual(ami.targetAccountIds, ["111122223333"]);
        }
    });

    it("maps the aws-native example back to the API's names", () => {
        const d = doc("example:aws-native");
        const text = JSON.stringify(d.requests);
        assert.doesNotMatch(text, /launchPermissionConfiguration/);
        assert.match(text, /"launchPermission":\{"organizationArns"/);
        assert.match(String(d.outputs.arn), /^arn:aws:imagebuilder:eu-west-1:/, "the ARN is in the home region");
    });

    it("the known program: secrets redacted, config from the stack, human output", () => {
        const d = doc("known:base");
        checkDocument("known:base", d);
        assert.strictEqual(d.stack, "base");
        const web = d.requests.find((r) => r.request.name === "web-golden")!;
        assert.deepStrictEqual(web.request.tags, { CostCenter: SECRET, Team: "web" });
        assert.match(results["known:base"].stderr, /plan-known:costCenter is "\[secret\]" in this plan/);

        const human = results["known:head:human"];
        assert.strictEqual(human.code, 0);
        assert.match(
            human.stdout,
            /^Plan of stack head \(project plan-known\): 6 resources, 3 distribution configurations, 7 regions\n/,
        );
        assert.match(
            human.stdout,
            /\n {2}ap-southeast-2 {2}web-\{\{ imagebuilder:buildDate \}\} {2}111122223333, 777788889999 {2}- /,
        );
        assert.match(
            human.stdout,
            /\nOutputs\n {2}webArn {6}arn:aws:imagebuilder:eu-west-1:123456789012:distribution-configuration\/web-golden\n/,
        );
        assert.doesNotMatch(human.stdout, /\u001b\[/);
    });

    it("secrets print as [secret] where they are, and their values nowhere", () => {
        const d = doc("secrets:json");
        checkDocument("secrets:json", d);
        const ami = (d.requests[0].request.distributions as { amiDistributionConfiguration: unknown }[]).map(
            (x) => x.amiDistributionConfiguration,
        );
        assert.deepStrictEqual(ami[0], {
            kmsKeyId: SECRET,
            name: "secretive-{{ imagebuilder:buildDate }}",
            targetAccountIds: ["111122223333", SECRET],
        });
        assert.deepStrictEqual(d.outputs.nested, { hidden: SECRET, shown: "visible" });
        assert.strictEqual(d.outputs.distributions, SECRET);
        for (const id of ["secrets:json", "secrets:human", "secrets:markdown"]) {
            assert.strictEqual(results[id].code, 0, results[id].stderr);
            for (const value of ["444455556666", "very-secret-key", "hunter2"]) {
                assert.ok(!results[id].stdout.includes(value), `${id} shows ${value}`);
                assert.ok(!results[id].stderr.includes(value), `${id} shows ${value} on stderr`);
            }
        }
        assert.match(
            results["secrets:human"].stdout,
            /\n {2}eu-west-1 {2}secretive-\{\{ imagebuilder:buildDate \}\} {2}111122223333, \[secret\] {2}\[secret\]\n/,
        );
    });

    it("secure config in validated fields: exit 0, [secret] in the plan, the request still checked", () => {
        const d = doc("secure-config:json");
        checkDocument("secure-config:json", d);
        const req = d.requests[0];
        const [euWest, usEast] = req.request.distributions as {
            region: string;
            amiDistributionConfiguration: Record<string, unknown>;
            ssmParameterConfigurations?: unknown[];
        }[];
        assert.strictEqual(euWest.region, "eu-west-1");
        // requireSecret, getSecret, requireSecretObject (whole), and a secure member read with apply.
        assert.deepStrictEqual(euWest.amiDistributionConfiguration, {
            kmsKeyId: SECRET,
            launchPermission: { userIds: SECRET },
            name: "secure-{{ imagebuilder:buildDate }}",
            targetAccountIds: ["111122223333", SECRET],
        });
        assert.deepStrictEqual(euWest.ssmParameterConfigurations, [
            { dataType: "aws:ec2:image", parameterName: SECRET },
        ]);
        assert.deepStrictEqual(usEast.amiDistributionConfiguration.targetAccountIds, ["111122223333", SECRET]);
        assert.deepStrictEqual(d.outputs.account, SECRET);
        // The model check: "[secret]" stands for a value the plan cannot see, so it is accepted in place
        // of any value (checkDocument above); checked strictly, only those places fail, nothing else.
        const strict = checkRequest(model, req.operation, req.request);
        assert.ok(strict.length > 0, "the strict check sees the placeholders");
        const redacted = new Set(pathsWhere(req.request, (x) => x === SECRET));
        for (const v of strict) {
            assert.ok(redacted.has(v.path), `${v.path}: ${v.message}`);
        }
        assert.ok(redacted.has("distributions[0].amiDistributionConfiguration.targetAccountIds[1]"));

        const human = results["secure-config:human"];
        assert.strictEqual(human.code, 0, human.stderr);
        assert.match(
            human.stdout,
            /\n {2}eu-west-1 {2}secure-\{\{ imagebuilder:buildDate \}\} {2}111122223333, \[secret\] {2}\[secret\] {5}\[secret\] {2}\[secret\] \(aws:ec2:image\)\n/,
        );
        assert.match(
            human.stderr,
            /^note: secure config values cannot be decrypted offline; plan-secure-config:launchAccounts, plan-secure-config:sharedAccount, plan-secure-config:ssmParameterName are "\[secret\]" in this plan; plan-secure-config:encryption has "\[secret\]" in place of its secure members\n$/,
        );
    });

    it("secure config read as plain text is validated as written, with a note why", () => {
        const r = results["secure-config:plain"];
        assert.strictEqual(r.code, 1, r.stderr);
        assert.strictEqual(r.stdout, "");
        assert.match(
            r.stderr,
            /- defaults\.amiDistributionConfiguration\.targetAccountIds\[1\]: got "\[secret\]"; must be an AWS account id/,
        );
        assert.match(r.stderr, /\nnote: "\[secret\]" stands for secure config that cannot be decrypted offline\./);
        assert.doesNotMatch(r.stderr, STACK_LINE);
    });

    it("the home region of each configuration, on both backends, and its move in the diff", () => {
        const east = doc("home-region:east");
        checkDocument("home-region:east", east);
        assert.deepStrictEqual(
            east.requests.map((r) => [parseName(r.resource), r.backend, r.homeRegion]),
            [
                ["classic", "aws", { region: "us-east-1", source: "region input" }],
                ["native", "aws-native", { region: "us-east-1", source: "provider native-provider" }],
            ],
        );
        // Only the home region differs: the request bodies are the same.
        const west = JSON.parse(results["home-region:west:json-diff"].stdout) as PlanDocument & {
            diff: { configurations: { resourceName: string; replaces: boolean; replacements: unknown[] }[] };
        };
        assert.deepStrictEqual(
            west.requests.map((r) => r.request),
            east.requests.map((r) => r.request),
        );
        assert.deepStrictEqual(
            west.requests.map((r) => r.homeRegion?.region),
            ["eu-west-1", "eu-west-1"],
        );
        assert.deepStrictEqual(
            west.diff.configurations.map((c) => [c.resourceName, c.replaces, c.replacements]),
            [
                ["classic", true, [{ reason: "home region", before: "us-east-1", after: "eu-west-1", certain: true }]],
                ["native", true, [{ reason: "home region", before: "us-east-1", after: "eu-west-1", certain: true }]],
            ],
        );

        const human = results["home-region:west:diff"];
        assert.strictEqual(human.code, 0, human.stderr);
        assert.match(
            human.stdout,
            /\nDistribution configuration golden-classic\n {2}resource {5}classic \(@pulumi\/aws\)\n {2}home region {2}eu-west-1 \(region input\)\n/,
        );
        assert.match(human.stdout, /\n {2}home region {2}eu-west-1 \(provider native-provider\)\n/);
        const at = human.stdout.indexOf("Changes against ");
        assert.ok(at > 0, human.stdout);
        assert.deepStrictEqual(human.stdout.slice(at).split("\n").slice(1, 5), [
            "  ~ golden-classic (resource classic)",
            '      ! replaces the configuration (it moves to another home region): "us-east-1" -> "eu-west-1" (region input)',
            "  ~ golden-native (resource native)",
            '      ! replaces the configuration (it moves to another home region): "us-east-1" -> "eu-west-1" (provider native-provider)',
        ]);
        // The provider the native component creates for its home region moves with it: its input changes too.
        assert.match(
            human.stdout,
            /\n {6}~ pulumi:providers:aws-native native-provider\n {10}region: "us-east-1" -> "eu-west-1"\n/,
        );
        assert.match(
            human.stdout,
            /\n {2}2 configurations changed \(2 replaced\); 1 resource changed, 2 outputs changed\.\n$/,
        );

        const md = results["home-region:west:markdown-diff"];
        assert.strictEqual(md.code, 0, md.stderr);
        assert.match(
            md.stdout,
            /- \*\*Changed\*\* `golden-classic` \(resource `classic`\)\n {2}- :warning: \*\*Replaces the configuration \(it moves to another home region\)\*\*: `us-east-1` → `eu-west-1` \(region input\)\n/,
        );
        assert.match(
            md.stdout,
            /#### `golden-native`\n\nresource `native` \(`@pulumi\/aws-native`\) · 2 regions · home region `eu-west-1` \(provider native-provider\) · ARN `arn:aws:imagebuilder:eu-west-1:123456789012:distribution-configuration\/golden-native`\n/,
        );
    });

    it("--diff against a saved plan shows the changes after the plan", () => {
        const r = results["known:head:diff"];
        assert.strictEqual(r.code, 0);
        const at = r.stdout.indexOf(`Changes against ${FIXTURES}/known-base.json`);
        assert.ok(at > r.stdout.indexOf("Outputs"), r.stdout);
        assert.match(
            r.stdout.slice(at),
            /~ windows-2025 \(resource windows\)\n {6}! replaces the configuration \(name is create-only\): "windows-2022" -> "windows-2025"/,
        );
    });

    it("npm start's program in human form and markdown", () => {
        const human = results["root:human"];
        assert.strictEqual(human.code, 0);
        assert.match(
            human.stdout,
            /^Plan of stack dev \(project imagebuilder-distribution-example\): 2 resources, 1 distribution configuration, 5 regions\n/,
        );
        assert.ok(
            human.stdout.includes(
                "\n  REGION        AMI NAME                                    COPIED TO                   SHARED WITH\n" +
                    "  eu-central-1  golden-al2023-{{ imagebuilder:buildDate }}  111122223333, 444455556666  -\n",
            ),
            human.stdout,
        );
        assert.ok(
            human.stdout.includes(
                "\n  sa-east-1     golden-al2023-{{ imagebuilder:buildDate }}  111122223333, 444455556666  OU ou-ab12-cdefgh34\n",
            ),
        );
        assert.ok(
            human.stdout.includes(
                "\n  eu-central-1  /golden/al2023/latest (aws:ec2:image)  DataResidency=eu, Image=golden-al2023, Team=platform\n",
            ),
        );
        const md = results["root:markdown"];
        assert.strictEqual(md.code, 0);
        assert.match(md.stdout, /```mermaid\nflowchart LR\n/);
        assert.match(md.stdout, /\| `eu-central-1` \| `golden-al2023-\{\{ imagebuilder:buildDate \}\}` \|/);
        assert.doesNotMatch(md.stdout, /\u001b\[/);
    });

    it("a large program: 150 configurations validate, and the markdown fits a PR comment", () => {
        const d = doc("large:json");
        assert.strictEqual(d.requests.length, 150);
        checkDocument("large:json", d);
        const md = results["large:markdown"];
        assert.strictEqual(md.code, 0);
        assert.ok(md.stdout.length < GITHUB_COMMENT_LIMIT, `${md.stdout.length} characters`);
        assert.match(md.stdout, /<details>/);
        assert.strictEqual(
            (md.stdout.match(/^\| `team-\d{3}-golden` \| `team-\d{3}` \|/gm) ?? []).length,
            150,
            "every configuration in the overview",
        );
        assert.match(
            md.stdout,
            /more configurations \(\d+ regions\) not shown, to stay within GitHub's 65,536-character limit/,
        );
    });

    it("invalid input: exit 1, every validation message, no stack trace", () => {
        const r = results.invalid;
        assert.strictEqual(r.code, 1, r.stderr);
        assert.strictEqual(r.stdout, "");
        assert.match(
            r.stderr,
            /^MultiRegionDistribution "early" has 1 invalid setting; nothing was created:\n {2}- regions\[1\]: got "mars-north-1x"/,
        );
        assert.match(
            r.stderr,
            /MultiRegionDistribution "late" has 1 invalid setting; nothing was created:\n {2}- defaults\.amiDistributionConfiguration\.targetAccountIds\[0\]: got "12345"/,
        );
        assert.doesNotMatch(r.stderr, STACK_LINE);
    });

    it("an SSM parameter owned by an account that is no target: undecided offline, not an error", () => {
        const d = doc("ssm-owner:json");
        checkDocument("ssm-owner:json", d);
        // Undecided, and said so.
        assert.strictEqual(
            results["ssm-owner:json"].stderr,
            `note: ${d.requests[0].request.name as string}, us-west-2: the SSM parameter's amiAccountId 111122223333 is no target account, ` +
                "so it must be the account that deploys the configuration; the plan cannot tell offline (pulumi preview checks it)\n",
        );
        const ssm = (d.requests[0].request.distributions as { ssmParameterConfigurations?: unknown[] }[])[0]
            .ssmParameterConfigurations;
        assert.deepStrictEqual(ssm, [
            { amiAccountId: "111122223333", parameterName: "/output/image/param", dataType: "aws:ec2:image" },
        ]);
    });

    it("values only AWS knows (other resources' ids, names, ARNs; another stack's outputs) are unknown, as in preview", () => {
        const d = doc("references:json");
        assert.strictEqual(d.requests.length, 1);
        const U = "[unknown]";
        const shared = {
            launchTemplateConfigurations: [{ launchTemplateId: U, setDefaultVersion: true }],
            licenseConfigurationArns: [U],
            s3ExportConfiguration: { diskImageFormat: "RAW", roleName: U, s3Bucket: U },
        };
        const ami = {
            launchPermission: { organizationArns: [U] },
            name: "references-{{ imagebuilder:buildDate }}",
            targetAccountIds: [U],
        };
        assert.deepStrictEqual(d.requests[0].request.distributions, [
            {
                // The key's ARN is made up in its provider's region, so that its region is checked.
                amiDistributionConfiguration: { ...ami, kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/ami-eu-id" },
                ...shared,
                region: "eu-west-1",
            },
            { amiDistributionConfiguration: { ...ami, kmsKeyId: U }, ...shared, region: "us-east-1" },
        ]);
        assert.strictEqual(results["references:json"].stderr, "");
    });

    it("makes up nothing that depends on a value only a deployment knows", () => {
        const d = doc("unknowns:json");
        const byName = new Map(d.requests.map((r) => [parseUrn(r.resource)!.name, r]));
        const U = "[unknown]";
        // A key on a provider whose region is not known has no made-up ARN (of another region) to reject.
        const keyed = byName.get("keyed")!;
        assert.deepStrictEqual(keyed.request.distributions, [
            {
                region: "eu-west-1",
                amiDistributionConfiguration: { name: "keyed-{{ imagebuilder:buildDate }}", kmsKeyId: U },
            },
        ]);
        const later = byName.get("later")!;
        assert.strictEqual(later.request.name, U);
        assert.strictEqual(later.request.distributions, U);
        assert.deepStrictEqual(later.homeRegion, { region: null, source: "region input" });
        assert.strictEqual(d.outputs.later, U, "no ARN made of an unknown name");
        assert.strictEqual(d.outputs.note, "line one\nline two \u001b[31m");
        assert.strictEqual(
            results["unknowns:json"].stderr,
            `note: ${byName.get("ssm")!.request.name as string}, us-east-1: the SSM parameter's amiAccountId 111122223333 is none of the target accounts known offline, ` +
                "so it must be one of the others or the account that deploys the configuration; the plan cannot tell offline (pulumi preview checks it)\n",
        );

        const text = results["unknowns:human"].stdout;
        assert.match(
            text,
            /\n {2}home region {2}not known offline \(region input\)\n {2}regions {6}not known offline \(a region is an Output that only a deployment resolves\)\n\n/,
        );
        assert.match(text, /\n {2}note {3}line one\\nline two \\u001b\[31m\n/);
        assert.ok(!text.includes("\u001b"), "no raw escape code reaches the terminal");

        // Against a base where the configuration was known: at most a replacement, and no region removed.
        const base = JSON.parse(results["unknowns:json"].stdout) as PlanDocument;
        const known = base.requests.find((r) => parseUrn(r.resource)!.name === "later")!;
        known.request.name = "later-golden";
        known.request.distributions = [
            { region: "eu-west-1", amiDistributionConfiguration: { name: "later-{{ imagebuilder:buildDate }}" } },
            { region: "us-east-1", amiDistributionConfiguration: { name: "later-{{ imagebuilder:buildDate }}" } },
        ];
        known.homeRegion = { region: "eu-west-1", source: "region input" };
        const diff = diffPlans(base, d, "base.json");
        const changed = diff.configurations.find((c) => c.resourceName === "later")!;
        assert.strictEqual(changed.replaces, false, "nothing is certain");
        assert.deepStrictEqual(
            changed.replacements.map((r) => [r.reason, r.certain]),
            [
                ["name", false],
                ["home region", false],
            ],
        );
        assert.deepStrictEqual(changed.regionsRemoved, []);
        assert.deepStrictEqual(changed.fields, [
            { path: "distributions", before: ["eu-west-1", "us-east-1"], after: U },
        ]);
        assert.match(
            renderDiffHuman(diff, styles(false)),
            /\? may replace the configuration \(name is create-only, and one side's is not known offline\): "later-golden" -> "\[unknown\]"/,
        );
    });

    it("runs the program as the CLI does: in main's directory, with stackConfigDir, an organization, dates as written", () => {
        const r = results["layout:json"];
        assert.strictEqual(r.code, 0, r.stderr);
        const doc = JSON.parse(r.stdout) as {
            requests: { request: Record<string, unknown> }[];
            outputs: Record<string, unknown>;
        };
        assert.strictEqual(doc.requests.length, 1);
        const request = doc.requests[0].request;
        // Read from regions.txt beside the program; the organization of a self-managed backend.
        assert.deepStrictEqual(
            (request.distributions as { region: string }[]).map((d) => d.region),
            ["eu-west-1", "us-east-1"],
        );
        assert.strictEqual(request.name, "layout-organization");
        assert.strictEqual(request.description, "since 2024-01-01");
        assert.deepStrictEqual(doc.outputs, { rootDirectory: "layout" }, "pulumi.getRootDirectory(): Pulumi.yaml's");
        assert.match(
            r.stderr,
            /Pulumi\.dev\.yaml imports the ESC environment acme\/golden-images, which the offline plan cannot open/,
        );
        assert.doesNotMatch(r.stderr, /not called by the CLI/);
    });

    it("an ES module in JavaScript: imported, its default export called, nodeargs' --require loaded first", () => {
        for (const id of ["esm-js:json", "esm-js:again"]) {
            const r = results[id];
            assert.strictEqual(r.code, 0, `${id}: ${r.stderr}`);
            const doc = JSON.parse(r.stdout) as PlanDocument;
            assert.strictEqual(doc.requests.length, 1, id);
            const request = doc.requests[0].request;
            assert.deepStrictEqual(
                (request.distributions as { region: string }[]).map((d) => d.region),
                ["eu-central-1", "us-west-2"],
            );
            assert.strictEqual(request.description, "set up by nodeargs", "setup.cjs ran before the program");
            // What the default export returns are the stack outputs.
            assert.deepStrictEqual(Object.keys(doc.outputs), ["arn"]);
            assert.match(String(doc.outputs.arn), /:distribution-configuration\/esm-js$/);
            assert.match(r.stderr, /nodeargs --max-old-space-size=4096 is not applied/);
            assert.doesNotMatch(r.stderr, /setup\.cjs/, "the --require is applied, so not in the note");
        }
    });

    it("an ES module in TypeScript: ts-node's ES module hooks, with the tsconfig Pulumi.yaml names, type-checked", () => {
        const r = results["esm-ts:json"];
        assert.strictEqual(r.code, 0, r.stderr);
        const doc = JSON.parse(r.stdout) as PlanDocument;
        const request = doc.requests[0].request;
        assert.deepStrictEqual(
            (request.distributions as { region: string }[]).map((d) => d.region),
            ["ap-southeast-2", "us-east-1"],
        );
        assert.strictEqual(request.description, "loaded as an ES module", "the top-level await ran");
        assert.deepStrictEqual(Object.keys(doc.outputs).sort(), ["arn", "regionCount"]);
        assert.strictEqual(doc.outputs.regionCount, 2);
        // Type-checked, as pulumi does: the error ts-node raises in the hooks' thread names the line.
        const typo = results["esm-ts:type-error"];
        assert.strictEqual(typo.code, 2, typo.stderr);
        assert.match(
            typo.stderr,
            /^program failed: \S*index\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/m,
        );
    });

    it("an invoke the plan cannot answer: exit 2, naming it", () => {
        assert.strictEqual(results.invoke.code, 2);
        assert.match(
            results.invoke.stderr,
            /^program failed: .*the offline plan cannot answer the invoke aws:ec2\/getAmi:getAmi: it only knows getCallerIdentity/,
        );
    });

    it("a crashing program: exit 2 with its error; the stack only with --verbose", () => {
        assert.strictEqual(results.crash.code, 2);
        assert.strictEqual(results.crash.stderr, "program failed: the database of regions is unreachable\n");
        assert.strictEqual(results["crash:verbose"].code, 2);
        assert.match(
            results["crash:verbose"].stderr,
            /^program failed: Error: the database of regions is unreachable\n/,
        );
        assert.match(results["crash:verbose"].stderr, STACK_LINE);
    });

    describe("exit codes of the command as a process", () => {
        it("0: npm start prints the plan of the root program", () => {
            const r = spawnSync("npm", ["start", "--silent"], {
                cwd: ROOT,
                env: ENV,
                encoding: "utf8",
                timeout: 120_000,
            });
            assert.strictEqual(r.status, 0, r.stderr);
            assert.match(r.stdout, /^Plan of stack dev \(project imagebuilder-distribution-example\)/);
            assert.match(r.stdout, /\nDistribution configuration golden-ami-dev-[0-9a-f]{8}\n/);
            assert.match(
                r.stdout,
                /\nOutputs\n {2}arn {16}arn:aws:imagebuilder:us-east-1:123456789012:distribution-configuration\/golden-ami-dev-/,
            );
        });

        it("0: --diff against the same plan prints that nothing changed", () => {
            const base = path.join(tmp, "known-base.json");
            fs.writeFileSync(base, results["known:base"].stdout);
            const r = plan([`${FIXTURES}/known`, "--stack", "base", "--diff", base]);
            assert.strictEqual(r.code, 0, r.stderr);
            assert.match(
                r.stdout,
                new RegExp(
                    `\\nChanges against ${base.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\n {2}No changes: the plan is the same as `,
                ),
            );
        });

        it("0: --markdown --diff puts the changes first", () => {
            const r = plan([
                `${FIXTURES}/known`,
                "--stack",
                "head",
                "--markdown",
                "--diff",
                `${FIXTURES}/known-base.json`,
            ]);
            assert.strictEqual(r.code, 0, r.stderr);
            const changes = r.stdout.indexOf("#### Changes against");
            assert.ok(changes > 0 && changes < r.stdout.indexOf("#### `web-golden`"), r.stdout);
            assert.match(
                r.stdout,
                /\*\*Replaces the configuration \(name is create-only\)\*\*: `windows-2022` → `windows-2025`/,
            );
        });

        it("1: invalid input", () => {
            const r = plan([`${FIXTURES}/invalid`]);
            assert.strictEqual(r.code, 1, r.stderr);
            assert.match(r.stderr, /MultiRegionDistribution "early" has 1 invalid setting/);
            assert.match(r.stderr, /MultiRegionDistribution "late" has 1 invalid setting/);
            assert.doesNotMatch(r.stderr, STACK_LINE);
        });

        it("2: a program that crashes", () => {
            const r = plan([`${FIXTURES}/crash`]);
            assert.strictEqual(r.code, 2);
            assert.strictEqual(r.stderr, "program failed: the database of regions is unreachable\n");
        });

        it("64: usage", () => {
            const r = plan([".", "--json", "--markdown"]);
            assert.strictEqual(r.code, 64);
            assert.match(r.stderr, /^error: --json and --markdown cannot be combined; choose one\n\nUsage: /);
        });
    });
});
