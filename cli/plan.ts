#!/usr/bin/env node
/**
 * `imagebuilder-distribution`: the offline plan of a Pulumi program that uses
 * MultiRegionDistribution. It loads the program as the Pulumi CLI would (`Pulumi.yaml`, the stack's
 * config, TypeScript through ts-node), runs it under the SDK's mock runtime and prints the resources,
 * the `CreateDistributionConfiguration` requests region by region, and the stack outputs: for a
 * terminal, as JSON, or as markdown for a pull request; optionally compared with a saved plan.
 *
 * Exit codes: 0 printed, 1 invalid input, 2 the program failed, 64 usage. See {@link EXIT}.
 */
import * as fs from "fs";
import * as path from "path";
import * as util from "util";
import { PlanArgs, USAGE, parseArgs } from "./args";
import { EXIT, SECRET, UNKNOWN } from "./constants";
import { PlanDiff, diffPlans } from "./diff";
import { renderDiffHuman, renderDiffMarkdown } from "./diffRender";
import { PlanDocument, buildPlan, formatJson, parsePlanDocument } from "./document";
import { renderHuman, styles } from "./human";
import { MARKDOWN_BUDGET, renderMarkdown } from "./markdown";
import { UsageError } from "./errors";
import { isObject } from "./json";
import { distinctAccounts, namesAnotherAccount } from "../components/distribution/rules/fastLaunch";
import { isAwsManagedEbsKey } from "../components/distribution/rules/kms";
import { ProjectInfo, loadProject } from "./project";
import { nodeArgs } from "./load";
import { RunOptions, isValidationError, runProgram } from "./runner";
import { Sdk, loadSdk, verificationExit, verifyPlan } from "./verify";
import { renderVerificationHuman, renderVerificationMarkdown } from "./verifyRender";

export { USAGE } from "./args";
export { EXIT } from "./constants";
export { UsageError } from "./errors";
export { PlanBackend, PlanDocument, PlanHomeRegion, PlanRequest, PlanResource } from "./document";
export { PlanDiff, Replacement, diffPlans } from "./diff";

/** Where the command writes, and what it knows of its surroundings. */
export interface PlanIo {
    stdout(text: string): void;
    stderr(text: string): void;
    /** Whether stdout is a terminal (colours are used only then). */
    isTTY: boolean;
    /** The terminal's width, when stdout is one. */
    columns?: number;
    env: NodeJS.ProcessEnv;
    /** The directory relative paths are resolved from. */
    cwd: string;
}

/** The version of this package. */
function version(): string {
    for (const candidate of [
        path.resolve(__dirname, "../../package.json"),
        path.resolve(__dirname, "../package.json"),
    ]) {
        try {
            const pkg = JSON.parse(fs.readFileSync(candidate, "utf8")) as { name?: string; version?: string };
            if (pkg.name === "pulumi-imagebuilder-distribution" && pkg.version !== undefined) {
                return pkg.version;
            }
        } catch {
            // try the next
        }
    }
    return "unknown";
}

/** The message of an error, without its stack unless asked. */
function describe(e: unknown, verbose: boolean): string {
    if (e instanceof Error) {
        return verbose && e.stack !== undefined ? e.stack : e.message;
    }
    if (typeof e === "object" && e !== null) {
        const { message, stack } = e as { message?: unknown; stack?: unknown };
        if (typeof message === "string") {
            return verbose && typeof stack === "string" ? stack : message;
        }
        // What Node.js hands over of an error thrown in a module hooks' thread (ts-node's compile errors
        // of an ES module): an object with no prototype that only util.inspect shows.
        return util.inspect(e);
    }
    return String(e);
}

/**
 * Notes on what the plan could not decide offline, because it depends on the account that deploys the
 * configuration, which only credentials tell (`pulumi preview` checks each):
 * - an SSM parameter whose `amiAccountId` is none of its region's target accounts is valid only if it
 *   is the deploying account (`ssm-account`);
 * - the AWS managed key `aws/ebs` with `targetAccountIds` or `launchPermission.userIds` fails unless
 *   they are all the deploying account (`aws-managed-key-shared`);
 * - fast launch enabled with `targetAccountIds` is warned of unless they are all the deploying account
 *   (`fast-launch-cross-account`).
 *
 * The last two are undecided only while each list names one known account: two different ones decide them
 * offline too (one of them is another account), and the plan reports them as problems and warnings.
 */
export function undecidedNotes(plan: PlanDocument): string[] {
    const notes: string[] = [];
    for (const req of plan.requests) {
        const name = typeof req.request.name === "string" ? req.request.name : req.resource;
        const entries = Array.isArray(req.request.distributions) ? req.request.distributions : [];
        for (const e of entries) {
            if (!isObject(e)) {
                continue;
            }
            const where = `note: ${name}, ${String(e.region)}:`;
            const ami = isObject(e.amiDistributionConfiguration) ? e.amiDistributionConfiguration : {};
            const targets = Array.isArray(ami.targetAccountIds) ? ami.targetAccountIds : [];
            // Targets that are not known offline may hold the account.
            const unsure = targets.some((t) => t === UNKNOWN || t === SECRET);
            const ssm = Array.isArray(e.ssmParameterConfigurations) ? e.ssmParameterConfigurations : [];
            for (const c of ssm) {
                const account = isObject(c) ? c.amiAccountId : undefined;
                if (
                    typeof account === "string" &&
                    account !== SECRET &&
                    account !== UNKNOWN &&
                    !targets.includes(account)
                ) {
                    notes.push(
                        `${where} the SSM parameter's amiAccountId ${account} is ` +
                            (unsure
                                ? "none of the target accounts known offline, so it must be one of the others or the account that deploys the configuration"
                                : "no target account, so it must be the account that deploys the configuration") +
                            "; the plan cannot tell offline (pulumi preview checks it)",
                    );
                }
            }
            // A list of accounts decides offline only when it names two different known accounts.
            const undecided = (list: unknown[]) =>
                list.length > 0 &&
                !namesAnotherAccount(distinctAccounts(list.filter((t) => t !== UNKNOWN && t !== SECRET)));
            const targetsUndecided = undecided(targets);
            const copiedTo = `the AMI is copied to targetAccountIds ${targets.map(String).join(", ")}`;
            const lp = isObject(ami.launchPermission) ? ami.launchPermission : {};
            const userIds = Array.isArray(lp.userIds) ? lp.userIds : [];
            const userIdsUndecided = undecided(userIds);
            // What the plan reports already: sharing with organizations, OUs or the public, or a list that decides.
            const decided =
                ["organizationArns", "organizationalUnitArns"].some((m) => {
                    const list = lp[m];
                    return Array.isArray(list) && list.length > 0;
                }) ||
                (Array.isArray(lp.userGroups) && lp.userGroups.includes("all")) ||
                (targets.length > 0 && !targetsUndecided) ||
                (userIds.length > 0 && !userIdsUndecided);
            const kms = ami.kmsKeyId;
            if (
                typeof kms === "string" &&
                isAwsManagedEbsKey(kms) &&
                !decided &&
                (targetsUndecided || userIdsUndecided)
            ) {
                const shared = [
                    ...(targetsUndecided ? [copiedTo] : []),
                    ...(userIdsUndecided
                        ? [`launchPermission.userIds ${userIds.map(String).join(", ")} may launch it`]
                        : []),
                ].join(" and ");
                notes.push(
                    `${where} the AMI is encrypted with the AWS managed key aws/ebs and ${shared}: that fails ` +
                        "unless they are all the account that deploys the configuration (aws-managed-key-shared); " +
                        "the plan cannot tell offline (pulumi preview checks it)",
                );
            }
            if (!targetsUndecided) {
                continue;
            }
            const fastLaunch = Array.isArray(e.fastLaunchConfigurations) ? e.fastLaunchConfigurations : [];
            if (fastLaunch.some((c) => isObject(c) && c.enabled === true)) {
                notes.push(
                    `${where} fast launch is enabled and ${copiedTo}: Image Builder does not support that ` +
                        "across accounts, so pulumi preview warns (fast-launch-cross-account) unless they are all " +
                        "the account that deploys the configuration; the plan cannot tell offline",
                );
            }
        }
    }
    return notes;
}

/** The note on stderr that names the ESC environments the stack imports, which the plan cannot open. */
export function environmentNote(info: Pick<ProjectInfo, "stackFile" | "environments">): string {
    const n = info.environments.length;
    return (
        `note: ${path.basename(info.stackFile ?? "the stack's config file")} imports the ESC environment${n === 1 ? "" : "s"} ` +
        `${info.environments.join(", ")}, which the offline plan cannot open: the program runs as if the stack ` +
        `imported no environment (configuration that only ${n === 1 ? "it sets" : "they set"} is missing)`
    );
}

/**
 * The note on stderr that names what of `nodeargs` the plan does not apply: options of the Node.js process
 * (a heap size, a flag) are not the plan's to set, as the program runs in the plan's own process.
 */
export function nodeArgsNote(ignored: readonly string[]): string {
    return (
        `note: Pulumi.yaml's nodeargs ${ignored.join(" ")} ${ignored.length === 1 ? "is" : "are"} not applied: the ` +
        "offline plan runs the program in its own Node.js process (it loads only the --require and --import modules)"
    );
}

/** The note on stderr that names the config keys whose `secure:` values are placeholders. */
export function placeholderNote(info: Pick<ProjectInfo, "config" | "placeholderKeys">): string {
    const whole = info.placeholderKeys.filter((k) => info.config[k] === SECRET);
    const members = info.placeholderKeys.filter((k) => info.config[k] !== SECRET);
    const parts: string[] = [];
    if (whole.length > 0) {
        parts.push(`${whole.join(", ")} ${whole.length === 1 ? "is" : "are"} "${SECRET}" in this plan`);
    }
    if (members.length > 0) {
        parts.push(
            `${members.join(", ")} ${members.length === 1 ? "has" : "have"} "${SECRET}" in place of ` +
                `${members.length === 1 ? "its" : "their"} secure members`,
        );
    }
    return `note: secure config values cannot be decrypted offline; ${parts.join("; ")}`;
}

/** Said after validation messages that show a placeholder of secure config. */
export const PLACEHOLDER_HINT =
    `note: "${SECRET}" stands for secure config that cannot be decrypted offline. The plan treats it as ` +
    "unknown only when the program reads it as a secret (getSecret, requireSecret, requireSecretObject, ...) " +
    "and passes that secret, or a value derived from it, on; a value read with get or require, and a list " +
    "or object with secure members passed on whole, are checked as written.";

/** Renders the plan (and the diff, if any) in the chosen format. */
export function render(
    args: Pick<PlanArgs, "format">,
    plan: PlanDocument,
    diff: PlanDiff | undefined,
    color: boolean,
    width = 160,
): string {
    const verified = plan.requests.some((r) => r.verification !== undefined);
    switch (args.format) {
        case "json":
            return formatJson(diff === undefined ? plan : { ...plan, diff });
        case "markdown": {
            const diffSection =
                diff === undefined ? undefined : renderDiffMarkdown(diff, Math.floor(MARKDOWN_BUDGET / 2));
            // The diff takes at most half of the comment, the verification a quarter, the plan the rest.
            const verifySection = verified
                ? renderVerificationMarkdown(plan, Math.floor(MARKDOWN_BUDGET / 4))
                : undefined;
            return renderMarkdown(plan, { diffSection, verifySection, foldAll: diff !== undefined });
        }
        default: {
            const text = renderHuman(plan, { color, width, verified });
            const verification = verified ? `\n${renderVerificationHuman(plan, styles(color))}\n` : "";
            return diff === undefined
                ? `${text}${verification}`
                : `${text}${verification}\n${renderDiffHuman(diff, styles(color))}`;
        }
    }
}

/**
 * Runs the plan command.
 * @param argv the arguments, without `node` and the script.
 * @param io where to write; defaults to the process's streams.
 * @param runOptions how long to wait for the program.
 * @returns the exit code (see {@link EXIT}).
 */
export async function main(
    argv: readonly string[],
    io: Partial<PlanIo> = {},
    runOptions: RunOptions = {},
): Promise<number> {
    const out: PlanIo = {
        stdout: io.stdout ?? ((t) => void process.stdout.write(t)),
        stderr: io.stderr ?? ((t) => void process.stderr.write(t)),
        isTTY: io.isTTY ?? process.stdout.isTTY === true,
        columns: io.columns ?? process.stdout.columns,
        env: io.env ?? process.env,
        cwd: io.cwd ?? process.cwd(),
    };
    let args: PlanArgs;
    try {
        args = parseArgs(argv);
    } catch (e) {
        out.stderr(`error: ${describe(e, false)}\n\n${USAGE}`);
        return EXIT.USAGE;
    }
    if (args.help) {
        out.stdout(USAGE);
        return EXIT.OK;
    }
    if (args.version) {
        out.stdout(`${version()}\n`);
        return EXIT.OK;
    }
    const verbose = args.verbose || (out.env.PULUMI_DEBUG !== undefined && out.env.PULUMI_DEBUG !== "");
    const color = out.isTTY && (out.env.NO_COLOR === undefined || out.env.NO_COLOR === "") && out.env.TERM !== "dumb";

    try {
        const info = loadProject(path.resolve(out.cwd, args.dir), args.stack);
        // Loaded before the program runs, so that a missing SDK stops the command at once.
        const sdk: Sdk | undefined = args.verify ? loadSdk(info.dir) : undefined;
        let base: PlanDocument | undefined;
        if (args.diff !== undefined) {
            const file = path.resolve(out.cwd, args.diff);
            let text: string;
            try {
                text = fs.readFileSync(file, "utf8");
            } catch (e) {
                throw new UsageError(`cannot read the base plan ${args.diff}: ${(e as Error).message}`);
            }
            base = parsePlanDocument(text, args.diff);
        }
        if (info.placeholderKeys.length > 0) {
            out.stderr(`${placeholderNote(info)}\n`);
        }
        if (info.environments.length > 0) {
            out.stderr(`${environmentNote(info)}\n`);
        }
        const ignored = nodeArgs(info.nodeargs).ignored;
        if (ignored.length > 0) {
            out.stderr(`${nodeArgsNote(ignored)}\n`);
        }

        const run = await runProgram(info, runOptions);
        if (run.errors.length > 0) {
            if (run.errors.every(isValidationError)) {
                for (const e of run.errors) {
                    out.stderr(`${(e as Error).message}\n`);
                }
                if (
                    info.placeholderKeys.length > 0 &&
                    run.errors.some((e) => e instanceof Error && e.message.includes(SECRET))
                ) {
                    out.stderr(`${PLACEHOLDER_HINT}\n`);
                }
                return EXIT.INVALID_INPUT;
            }
            for (const e of run.errors) {
                out.stderr(isValidationError(e) ? `${e.message}\n` : `program failed: ${describe(e, verbose)}\n`);
            }
            return EXIT.PROGRAM_FAILED;
        }
        let plan = buildPlan(run);
        if (plan.requests.length === 0) {
            out.stderr(
                "note: the program creates no distribution configuration (no MultiRegionDistribution and no " +
                    "DistributionConfiguration of @pulumi/aws or @pulumi/aws-native): nothing would be sent\n",
            );
        }
        for (const note of undecidedNotes(plan)) {
            out.stderr(`${note}\n`);
        }
        if (sdk !== undefined) {
            plan = await verifyPlan(plan, { sdk });
        }
        const diff = base === undefined ? undefined : diffPlans(base, plan, args.diff ?? "base");
        const width = out.isTTY && out.columns !== undefined && out.columns > 40 ? out.columns : 160;
        out.stdout(render(args, plan, diff, color, width));
        return sdk === undefined ? EXIT.OK : verificationExit(plan);
    } catch (e) {
        if (e instanceof UsageError) {
            out.stderr(`error: ${e.message}\n`);
            return EXIT.USAGE;
        }
        out.stderr(`internal error: ${describe(e, verbose)}\n`);
        return EXIT.PROGRAM_FAILED;
    }
}

if (require.main === module) {
    // Late rejections of a failed program must not turn into a crash after the plan was printed.
    process.on("unhandledRejection", () => undefined);
    void main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
        process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
    });
}
