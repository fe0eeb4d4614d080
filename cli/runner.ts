/**
 * Runs a Pulumi program under the SDK's mock runtime, in this process, and records what it registers:
 * every resource with its type, name, URN, parent and exact inputs, and the stack outputs (the
 * program's module exports). Nothing reaches a cloud or the Pulumi CLI.
 *
 * The SDK is resolved from the program's directory, so that the mocks are installed in the very
 * `@pulumi/pulumi` the program imports; ts-node and TypeScript are found from that SDK (cli/load.ts).
 */
import * as path from "path";
import type * as pulumiType from "@pulumi/pulumi";
import { setOfflinePlanHooks } from "../components/distribution/planHooks";
import { PLACEHOLDER_ACCOUNT, SECRET } from "./constants";
import { UsageError } from "./errors";
import { Json, fromWire, isObject } from "./json";
import { esmExport, importProgram, loadNodeArgModules, nodeArgs, registerTypeScript, resolveIn } from "./load";
import { PlanMocks } from "./mocks";
import { ProjectInfo } from "./project";

/** One resource the program registered. */
export interface RecordedResource {
    type: string;
    name: string;
    urn: string;
    /** The parent's URN; undefined for a resource without a parent. */
    parent?: string;
    /** The explicit provider's reference (`<provider URN>::<id>`); undefined for the default provider. */
    provider?: string;
    /** Whether it is a custom resource (a cloud resource) rather than a component. */
    custom: boolean;
    /** The inputs as registered, secrets redacted. */
    inputs: { [key: string]: Json };
}

/** What a run of a program gives. */
export interface RunResult {
    project: string;
    stack: string;
    /** The resources, in the order their registration completed. */
    resources: RecordedResource[];
    /** The stack outputs, secrets redacted. */
    outputs: { [key: string]: Json };
    /**
     * The region the default provider of a package (`aws`, `aws-native`) gets from the stack's config
     * (`aws:region`, `aws-native:region`), by package; a package whose region is not configured is absent.
     */
    defaultRegions: { [pkg: string]: string };
    /** Errors the program raised: thrown, rejected or unhandled. Empty when it ran through. */
    errors: unknown[];
}

/** Options of {@link runProgram}. */
export interface RunOptions {
    /** Give up when the program has not settled after this long (milliseconds). @default 120000 */
    timeoutMs?: number;
    /** The program has settled when nothing was registered for this long (milliseconds). @default 100 */
    quietMs?: number;
}

type Callback = (err: unknown, resp: unknown) => void;
interface MonitorLike {
    registerResource(req: unknown, cb: Callback): unknown;
    registerResourceOutputs(req: unknown, cb: Callback): unknown;
    invoke?(req: unknown, cb: Callback): unknown;
    readResource?(req: unknown, cb: Callback): unknown;
}
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProvider?(): string;
    getCustom(): boolean;
    getObject(): { toJavaScript(): unknown } | undefined;
}
type Sdk = typeof pulumiType;

/** True for an error raised by the component's validation (also from another copy of the package). */
export function isValidationError(e: unknown): e is Error & { problems: unknown[] } {
    return (
        e instanceof Error &&
        (e as { name?: string }).name === "DistributionValidationError" &&
        Array.isArray((e as { problems?: unknown }).problems)
    );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether a value is a thenable. */
function isThenable(v: unknown): v is PromiseLike<unknown> {
    return typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";
}

/** The `pulumi.Config` methods that read a value as a secret of another type than a string. */
const SECRET_TYPED_READS = [
    "getSecretObject",
    "requireSecretObject",
    "getSecretNumber",
    "requireSecretNumber",
    "getSecretBoolean",
    "requireSecretBoolean",
] as const;

/**
 * Lets the typed secret reads of `pulumi.Config` (`requireSecretObject`, `getSecretNumber`, ...) return
 * the placeholder of a `secure:` value that is the placeholder as a whole: its plain text is unknown,
 * so it cannot be parsed as JSON, a number or a boolean. They return `pulumi.secret("[secret]")`, which
 * the component treats as unknown. Any other key reads as usual.
 * @returns a function that puts the original methods back.
 */
function patchSecretReads(sdk: Sdk, info: ProjectInfo): () => void {
    const placeholders = new Set(info.placeholderKeys.filter((k) => info.config[k] === SECRET));
    const proto = sdk.Config.prototype as unknown as Record<string, unknown>;
    const saved = new Map<string, unknown>();
    if (placeholders.size === 0) {
        return () => undefined;
    }
    for (const method of SECRET_TYPED_READS) {
        const original = proto[method];
        if (typeof original !== "function") {
            continue;
        }
        saved.set(method, original);
        proto[method] = function (this: { fullKey(key: string): string }, key: string, ...rest: unknown[]): unknown {
            if (placeholders.has(this.fullKey(key))) {
                return sdk.secret(SECRET);
            }
            return (original as (...args: unknown[]) => unknown).call(this, key, ...rest);
        };
    }
    return () => {
        for (const [method, original] of saved) {
            proto[method] = original;
        }
    };
}

/**
 * Sets what `pulumi.getRootDirectory()` returns. The SDK reads PULUMI_NODEJS_ROOT_DIRECTORY once, when it
 * first loads; a second program planned in the same process finds the SDK loaded, so its state is set too.
 */
function setRootDirectory(sdkPath: string, dir: string): void {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const state = require(path.join(path.dirname(sdkPath), "runtime", "state")) as {
            getStore?: () => { settings?: { options?: { rootDirectory?: string } } };
        };
        const options = state.getStore?.().settings?.options;
        if (options !== undefined) {
            options.rootDirectory = dir;
        }
    } catch {
        // Another layout of the SDK: the environment variable, set before it loaded, is all there is.
    }
}

/** The region the default provider of each package gets from the stack's config. */
function defaultRegionsOf(config: Record<string, string>): { [pkg: string]: string } {
    const out: { [pkg: string]: string } = {};
    for (const pkg of ["aws", "aws-native"]) {
        const region = config[`${pkg}:region`];
        if (region !== undefined && region !== "") {
            out[pkg] = region;
        }
    }
    return out;
}

/**
 * How many timers and I/O requests keep the event loop alive (the standard streams aside): what the language
 * host waits for before it ends the program.
 */
function loopWork(): number {
    const active = (process as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo?.() ?? [];
    return active.filter((r) => r !== "TTYWrap" && r !== "PipeWrap").length;
}

/**
 * Runs the program of a project under Pulumi's mock runtime, as a preview (what only AWS knows of other
 * resources is unknown; see {@link PlanMocks}), and records its resources and outputs. Errors of the
 * program are returned, not thrown.
 * @throws UsageError when the program cannot be started (no SDK, no ts-node for TypeScript).
 */
export async function runProgram(info: ProjectInfo, options: RunOptions = {}): Promise<RunResult> {
    const timeoutMs = options.timeoutMs ?? 120_000;
    const quietMs = options.quietMs ?? 100;
    // The program's own SDK, as the language host runs inside it: never this package's, which the program
    // could not load anyway.
    const sdkPath = resolveIn("@pulumi/pulumi", info.dir);
    if (sdkPath === undefined) {
        throw new UsageError(`@pulumi/pulumi cannot be found from ${info.dir}: run npm install there`);
    }

    // The SDK reads config and the stack from the environment when its state is created; set them first.
    const envKeys = [
        "PULUMI_CONFIG",
        "PULUMI_CONFIG_SECRET_KEYS",
        "PULUMI_NODEJS_PROJECT",
        "PULUMI_NODEJS_STACK",
        "PULUMI_NODEJS_ROOT_DIRECTORY",
    ];
    const savedEnv = new Map(envKeys.map((k) => [k, process.env[k]]));
    process.env.PULUMI_CONFIG = JSON.stringify(info.config);
    process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(info.secretKeys);
    process.env.PULUMI_NODEJS_PROJECT = info.project;
    process.env.PULUMI_NODEJS_STACK = info.stack;
    // pulumi.getRootDirectory(): the directory of Pulumi.yaml, as the CLI passes it.
    process.env.PULUMI_NODEJS_ROOT_DIRECTORY = info.dir;
    // A secret whose value is exactly the placeholder of `secure:` config is unknown to the component
    // (as in preview), not a value to validate. Likewise the account the mocked getCallerIdentity /
    // getAccountId answer with is not the deploying account: rules that need it stay undecided offline.
    const savedHooks = setOfflinePlanHooks({ secretPlaceholder: SECRET, accountPlaceholder: PLACEHOLDER_ACCOUNT });

    const errors: unknown[] = [];
    const addError = (e: unknown) => {
        const duplicate = errors.some(
            (x) => x === e || (isValidationError(x) && isValidationError(e) && x.message === e.message),
        );
        if (!duplicate) {
            errors.push(e);
        }
    };
    const savedRejection = process.listeners("unhandledRejection");
    const savedException = process.listeners("uncaughtException");
    process.removeAllListeners("unhandledRejection");
    process.removeAllListeners("uncaughtException");
    process.on("unhandledRejection", addError);
    process.on("uncaughtException", addError);
    const savedCwd = process.cwd();
    const cachedBefore = new Set(Object.keys(require.cache));

    const resources: RecordedResource[] = [];
    const urns = new Set<string>();
    let outputs: { [key: string]: Json } = {};
    let unpatch = () => undefined as void;
    // What the program prints (console.log, pulumi.log) goes to stderr, as the CLI shows it apart from its
    // own output: stdout is the plan's, one document for --json and --markdown.
    const stdoutWrite = process.stdout.write;
    process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const sdk = require(sdkPath) as Sdk;
        setRootDirectory(sdkPath, info.dir);
        unpatch = patchSecretReads(sdk, info);
        const runtime = sdk.runtime as Sdk["runtime"] & {
            setAllConfig?: (c: Record<string, string>, s?: string[]) => void;
        };
        if (typeof runtime.setAllConfig === "function") {
            runtime.setAllConfig(info.config, info.secretKeys);
        }
        await runtime.setMocks(new PlanMocks(info.config), info.project, info.stack, true, info.organization);

        // Record what the mock arguments leave out (parent, URN), and watch for activity.
        let pending = 0;
        let lastActivity = Date.now();
        const track =
            (fn: (req: unknown, cb: Callback) => unknown, onDone?: (req: unknown, resp: unknown) => void) =>
            (req: unknown, cb: Callback): unknown => {
                pending++;
                lastActivity = Date.now();
                return fn(req, (err, resp) => {
                    pending--;
                    lastActivity = Date.now();
                    if (!err && onDone) {
                        onDone(req, resp);
                    }
                    cb(err, resp);
                });
            };
        const monitor = (runtime.getMonitor() as unknown as MonitorLike | undefined) ?? undefined;
        if (monitor === undefined) {
            throw new Error("the mock runtime has no monitor");
        }
        monitor.registerResource = track(monitor.registerResource.bind(monitor), (req, resp) => {
            const r = req as RegisterRequest;
            const object = r.getObject();
            const inputs = fromWire(object ? object.toJavaScript() : {});
            const urn = (resp as { getUrn(): string }).getUrn();
            if (urns.has(urn)) {
                // As the engine: two resources of one type and name under one parent are an error.
                addError(new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`));
                return;
            }
            urns.add(urn);
            resources.push({
                type: r.getType(),
                name: r.getName(),
                urn,
                parent: r.getParent() || undefined,
                provider: (typeof r.getProvider === "function" ? r.getProvider() : "") || undefined,
                custom: r.getCustom(),
                inputs: isObject(inputs) ? (inputs as { [key: string]: Json }) : {},
            });
        });
        monitor.registerResourceOutputs = track(monitor.registerResourceOutputs.bind(monitor));
        if (typeof monitor.invoke === "function") {
            monitor.invoke = track(monitor.invoke.bind(monitor));
        }
        if (typeof monitor.readResource === "function") {
            monitor.readResource = track(monitor.readResource.bind(monitor));
        }

        const deadline = Date.now() + timeoutMs;
        // As the language host, which runs until the event loop is empty, the program is done when nothing
        // is in flight and it holds no timer or I/O of its own: what kept the loop alive before it ran
        // (this process's own, a test runner's) is the baseline.
        const baseline = loopWork();
        const settle = async () => {
            for (;;) {
                await sleep(Math.min(25, quietMs));
                if (pending === 0 && Date.now() - lastActivity >= quietMs && loopWork() <= baseline) {
                    return;
                }
                if (Date.now() > deadline) {
                    throw new Error(`the program did not settle within ${Math.round(timeoutMs / 1000)} s`);
                }
            }
        };
        const withDeadline = async <T>(p: Promise<T>, what: string): Promise<T> => {
            let timer: NodeJS.Timeout | undefined;
            const expired = new Promise<never>((_, reject) => {
                timer = setTimeout(
                    () => reject(new Error(`${what} did not resolve within ${Math.round(timeoutMs / 1000)} s`)),
                    Math.max(0, deadline - Date.now()),
                );
            });
            try {
                return await Promise.race([p, expired]);
            } finally {
                clearTimeout(timer);
            }
        };

        // The CLI runs the program in main's directory (Pulumi.yaml's `main` may name a subdirectory or a file).
        process.chdir(info.programDir);
        let exported: unknown;
        let loaded = false;
        try {
            // What `nodeargs` has Node.js load before the program, then the TypeScript loader of the language host.
            await loadNodeArgModules(nodeArgs(info.nodeargs), info.programDir);
            if (info.typescript) {
                registerTypeScript(info.programDir, info.tsconfig, info.esm, info.nodeargs);
            }
            if (info.esm) {
                // As the language host: an ES module is imported, and gives its default export, else its named ones.
                exported = esmExport((await importProgram(info.main)) as object);
            } else {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                exported = require(info.main);
            }
            loaded = true;
            // As the language host: the export is called when it is a function (a TypeScript `export default`
            // compiled to CommonJS is not: the export is then an object, and neither is the namespace that
            // `require` gives for an ES module on Node.js 22 and later).
            if (typeof exported === "function") {
                const fn = exported as () => unknown;
                exported = await withDeadline(Promise.resolve(fn()), "the program's exported function");
            } else if (isThenable(exported)) {
                exported = await withDeadline(Promise.resolve(exported), "the program's exported promise");
            }
        } catch (e) {
            if (e instanceof UsageError) {
                throw e;
            }
            addError(e);
        }
        await settle();
        if (loaded && errors.length === 0 && isObject(exported)) {
            const props: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(exported)) {
                if (k !== "__esModule" && typeof v !== "function" && v !== undefined) {
                    props[k] = v;
                }
            }
            try {
                const wire = await withDeadline(
                    runtime.serializeProperties("stack outputs", props),
                    "the stack outputs",
                );
                const json = fromWire(wire);
                outputs = isObject(json) ? (json as { [key: string]: Json }) : {};
            } catch (e) {
                addError(e);
            }
            await settle();
        }
    } catch (e) {
        if (e instanceof UsageError) {
            throw e;
        }
        addError(e);
    } finally {
        process.stdout.write = stdoutWrite;
        unpatch();
        process.chdir(savedCwd);
        process.removeListener("unhandledRejection", addError);
        process.removeListener("uncaughtException", addError);
        for (const l of savedRejection) {
            process.on("unhandledRejection", l as (...args: unknown[]) => void);
        }
        for (const l of savedException) {
            process.on("uncaughtException", l as (...args: unknown[]) => void);
        }
        setOfflinePlanHooks(savedHooks);
        for (const [k, v] of savedEnv) {
            if (v === undefined) {
                delete process.env[k];
            } else {
                process.env[k] = v;
            }
        }
        // Forget the program's own modules, so that a second run in this process runs it afresh.
        for (const key of Object.keys(require.cache)) {
            if (!cachedBefore.has(key) && !key.split(path.sep).includes("node_modules")) {
                delete require.cache[key];
            }
        }
    }
    return {
        project: info.project,
        stack: info.stack,
        resources,
        outputs,
        defaultRegions: defaultRegionsOf(info.config),
        errors,
    };
}
