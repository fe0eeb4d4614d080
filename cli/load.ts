/**
 * How the Node.js language host starts a program, for the plan: which ts-node transpiles TypeScript (as
 * CommonJS, or through its ES module hooks), how an ES module is imported and what its exports mean, and
 * what of Pulumi.yaml's `nodeargs` can be done in this process.
 */
import * as fs from "fs";
import * as path from "path";
import { fileURLToPath, pathToFileURL } from "url";
import { UsageError } from "./errors";

/**
 * Resolves a module as the program would: from the program's directory first, then from this
 * package.
 * @returns the resolved file, or undefined when neither can find it.
 */
export function resolveFrom(moduleName: string, dir: string): string | undefined {
    for (const paths of [[dir], undefined]) {
        try {
            return paths ? require.resolve(moduleName, { paths }) : require.resolve(moduleName);
        } catch {
            // try the next place
        }
    }
    return undefined;
}

/**
 * Resolves a module from `dir` only (no fallback to this package): how the language host, which runs inside
 * the program's `@pulumi/pulumi`, finds ts-node and TypeScript.
 * @returns the resolved file, or undefined.
 */
export function resolveIn(moduleName: string, dir: string): string | undefined {
    try {
        return require.resolve(moduleName, { paths: [dir] });
    } catch {
        return undefined;
    }
}

/** How to load a TypeScript program: which ts-node, with which options. */
export interface TypeScriptLoader {
    /** The ts-node module to require. */
    tsNode: string;
    /** The version of its TypeScript compiler, as numbers (`[0, 0, 0]` when unknown). */
    tsVersion: number[];
    /** Whether this ts-node has ES module hooks (`ts-node/esm`, 10.8 and later). */
    esmHooks: boolean;
    /** The options of its `register`. */
    options: Record<string, unknown>;
}

/** The newest `<name>@<version>` directory under `dir`, if any (how the SDK ships what it vendors). */
function vendored(dir: string, name: string): string | undefined {
    let entries: string[];
    try {
        entries = fs.readdirSync(dir);
    } catch {
        return undefined;
    }
    const found = entries
        .filter((e) => e.startsWith(`${name}@`))
        .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    return found.length > 0 ? path.join(dir, found[found.length - 1]) : undefined;
}

/** Compares two versions given as numbers: negative, zero or positive. */
function compareVersions(a: readonly number[], b: readonly number[]): number {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const d = (a[i] ?? 0) - (b[i] ?? 0);
        if (d !== 0) {
            return d;
        }
    }
    return 0;
}

/** The compiler options a tsconfig file sets itself (not those it `extends`), as the language host reads them. */
function ownCompilerOptions(file: string, ts: TypeScriptModule | undefined): Record<string, unknown> {
    try {
        const options = ts?.parseConfigFileTextToJson(file, fs.readFileSync(file, "utf8")).config?.compilerOptions;
        return typeof options === "object" && options !== null ? (options as Record<string, unknown>) : {};
    } catch {
        return {};
    }
}

/** What the plan uses of a TypeScript compiler module. */
interface TypeScriptModule {
    version: string;
    parseConfigFileTextToJson(file: string, text: string): { config?: { compilerOptions?: unknown } };
}

/** The TypeScript compiler module at `file`, or undefined when it cannot be loaded. */
function loadCompiler(file: string | undefined): TypeScriptModule | undefined {
    if (file === undefined) {
        return undefined;
    }
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(file) as TypeScriptModule;
    } catch {
        return undefined;
    }
}

/**
 * The ts-node that loads a TypeScript program in `dir` (the program's working directory), and its options,
 * as `pulumi`'s language host chooses them:
 * - ts-node: the project's own, else the copy that `@pulumi/pulumi` ships (ts-node 7);
 * - the compiler: the project's TypeScript, else the SDK's copy (TypeScript 3.8);
 * - the config file: `runtime.options.tsconfig` (`tsconfig`), else `tsconfig.json` of `dir`, none when it
 *   does not exist;
 * - the compiler options: the host's defaults (`nodenext` modules with TypeScript 4.7 or later, CommonJS
 *   before; for an ES module program always `nodenext`), overridden by those the config file sets itself;
 * - type checking: as with `pulumi`, unless `PULUMI_NODEJS_TRANSPILE_ONLY=true` or the config file sets
 *   `noCheck` (ts-node's own default otherwise, which `TS_NODE_TRANSPILE_ONLY=true` turns off).
 * @returns undefined when there is no ts-node at all.
 */
export function typeScriptLoader(
    dir: string,
    resolve: (moduleName: string, dir: string) => string | undefined = resolveIn,
    tsconfig?: string,
    esm = false,
    env: NodeJS.ProcessEnv = process.env,
): TypeScriptLoader | undefined {
    // The host looks for them from where it runs: the program's @pulumi/pulumi.
    const sdk = resolve("@pulumi/pulumi", dir);
    const from = sdk === undefined ? dir : path.dirname(sdk);
    const vendor = sdk === undefined ? undefined : path.join(from, "vendor");
    let tsNode = resolve("ts-node", from);
    if (tsNode === undefined && vendor !== undefined) {
        tsNode = vendored(vendor, "ts-node");
    }
    if (tsNode === undefined) {
        return undefined;
    }
    const vendoredCompiler = vendor && vendored(vendor, "typescript");
    const compiler = resolve("typescript", from) ?? (vendoredCompiler && path.join(vendoredCompiler, "typescript.js"));
    const ts = loadCompiler(compiler);
    const version = (ts?.version ?? "0.0.0").split(".").map((n) => parseInt(n, 10) || 0);
    const nodeNext = esm || compareVersions(version, [4, 7, 0]) >= 0;
    const project = tsconfig ?? path.join(dir, "tsconfig.json");
    const skipProject = !fs.existsSync(project);
    const defaults = {
        target: esm ? "ES2022" : "ES2020",
        module: nodeNext ? "nodenext" : "commonjs",
        moduleResolution: nodeNext ? "nodenext" : "node",
        sourceMap: true,
    };
    const own = skipProject ? {} : ownCompilerOptions(project, ts);
    const transpileOnlyEnv = env.PULUMI_NODEJS_TRANSPILE_ONLY;
    const transpileOnly = transpileOnlyEnv ? transpileOnlyEnv === "true" : (own.noCheck as boolean | undefined);
    return {
        tsNode,
        tsVersion: version,
        esmHooks: resolve("ts-node/esm", from) !== undefined,
        options: {
            ...(transpileOnly === undefined ? {} : { transpileOnly }),
            ...(compiler === undefined ? {} : { compiler }),
            project,
            skipProject,
            compilerOptions: { ...defaults, ...own },
        },
    };
}

/**
 * The hooks that let Node.js import TypeScript ES modules, as the language host registers them: ts-node's
 * own ES module hooks, created in the hooks' thread from the ts-node and the options it is handed.
 */
const ESM_HOOKS = `data:text/javascript,${encodeURIComponent(`
import { createRequire } from "node:module";
let hooks;
export async function initialize({ tsNode, options }) {
    const tsn = createRequire(tsNode)(tsNode);
    hooks = tsn.createEsmHooks(tsn.register(options));
}
export const resolve = (specifier, context, next) => hooks.resolve(specifier, context, next);
export const load = (url, context, next) => hooks.load(url, context, next);
`)}`;

/** Whether this process has ts-node's ES module hooks; Node.js keeps hooks for the life of the process. */
let esmHooksRegistered = false;

/** `module.register`, which Node.js has from 20.6. */
function moduleRegister(): ((specifier: string, options: object) => void) | undefined {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { register } = require("module") as { register?: (specifier: string, options: object) => void };
    return typeof register === "function" ? register : undefined;
}

/**
 * Whether the language host would load an ES module program through ts-node's ES module hooks: its ts-node
 * has them, its TypeScript is newer than 4.7.0, and Node.js runs with no `--require`, `--import` or
 * `--loader` argument (the host compares whole arguments: `-r x` or `--import=x` do not count).
 */
export function esmHooksApply(
    loader: Pick<TypeScriptLoader, "esmHooks" | "tsVersion">,
    nodeargs: readonly string[],
): boolean {
    const ownLoader = nodeargs.some((a) => a === "--require" || a === "--import" || a === "--loader");
    return loader.esmHooks && compareVersions(loader.tsVersion, [4, 7, 0]) > 0 && !ownLoader;
}

/**
 * Registers TypeScript as the language host does before it loads the program in `dir`:
 * - for an ES module program, ts-node's ES module hooks, when its TypeScript is newer than 4.7.0, the
 *   project has `ts-node/esm` and `nodeargs` bring no loader of their own (`--require`, `--import`,
 *   `--loader`), with `nodenext` modules;
 * - else ts-node's CommonJS hooks (an ES module program then needs what `nodeargs` bring to import `.ts`),
 *   unless this process has TypeScript hooks already.
 * Node.js keeps ES module hooks for the life of the process: a second project in it goes on with the first
 * one's.
 * @throws UsageError when there is no ts-node at all.
 */
export function registerTypeScript(
    dir: string,
    tsconfig?: string,
    esm = false,
    nodeargs: readonly string[] = [],
): void {
    if (esm) {
        const loader = typeScriptLoader(dir, resolveIn, tsconfig, true);
        const register = moduleRegister();
        if (loader !== undefined && register !== undefined && esmHooksApply(loader, nodeargs)) {
            if (!esmHooksRegistered) {
                register(ESM_HOOKS, { data: { tsNode: loader.tsNode, options: loader.options } });
                esmHooksRegistered = true;
            }
            return;
        }
    }
    const registered = (process as unknown as Record<symbol, unknown>)[Symbol.for("ts-node.register.instance")];
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    if (registered !== undefined || require.extensions[".ts"] !== undefined) {
        return;
    }
    const loader = typeScriptLoader(dir, resolveIn, tsconfig);
    if (loader === undefined) {
        throw new UsageError(
            `the program in ${dir} needs ts-node (runtime.options.typescript is not false), and neither ts-node nor @pulumi/pulumi's copy of it can be found from there: npm install --save-dev ts-node typescript`,
        );
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { register } = require(loader.tsNode) as { register(options: Record<string, unknown>): unknown };
    register(loader.options);
}

/**
 * `import()` as Node.js itself runs it: this module is compiled to CommonJS, where TypeScript would turn an
 * `import()` into a `require()`.
 */
const dynamicImport = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<unknown>;

/** How often each module has been imported by the plan in this process. */
const imported = new Map<string, number>();

/**
 * Imports an ES module program. Node.js keeps every ES module it has loaded, so a program imported a second
 * time in this process gets a query string that makes its main module run again (the modules it imports
 * stay as they were loaded).
 */
export async function importProgram(file: string): Promise<unknown> {
    const url = pathToFileURL(file).href;
    const times = imported.get(url) ?? 0;
    imported.set(url, times + 1);
    return dynamicImport(times === 0 ? url : `${url}?plan=${times}`);
}

/**
 * What an ES module program gives the language host: its default export when it has one, else its named
 * exports (the stack outputs).
 * @throws Error, with the host's words, when it has both.
 */
export function esmExport(namespace: object): unknown {
    if (Object.getOwnPropertyDescriptor(namespace, "default") === undefined) {
        return namespace;
    }
    if (Object.keys(namespace).length !== 1) {
        throw new Error("expected entrypoint module to have either a default export or named exports but not both");
    }
    return (namespace as { default: unknown }).default;
}

/** What the plan does with `nodeargs`: the modules to load first, and what it cannot do in this process. */
export interface NodeArgs {
    /** `--require`/`-r` modules, loaded before the program in this order. */
    requires: string[];
    /** `--import` modules, imported before the program in this order (after the `--require`s, as Node.js does). */
    imports: string[];
    /** Everything else: options of the Node.js process that the plan, which runs in its own, does not apply. */
    ignored: string[];
}

/** Sorts `nodeargs` into what the plan loads and what it leaves. */
export function nodeArgs(args: readonly string[]): NodeArgs {
    const out: NodeArgs = { requires: [], imports: [], ignored: [] };
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        const m = /^(--require|-r|--import)(?:=(.*))?$/.exec(arg);
        if (m === null) {
            out.ignored.push(arg);
            continue;
        }
        const value = m[2] ?? args[++i];
        if (value === undefined) {
            out.ignored.push(arg);
            continue;
        }
        (m[1] === "--import" ? out.imports : out.requires).push(value);
    }
    return out;
}

/**
 * Loads the `--require` and `--import` modules of `nodeargs` as Node.js would before the program: resolved
 * from the program's directory, its working directory.
 */
export async function loadNodeArgModules(args: NodeArgs, programDir: string): Promise<void> {
    const locate = (specifier: string, esm: boolean): string => {
        try {
            if (esm && (/^\.\.?\//.test(specifier) || specifier.startsWith("file:"))) {
                // An ES module specifier is a URL: a relative one names its file, extension and all.
                const file = specifier.startsWith("file:")
                    ? fileURLToPath(specifier)
                    : path.resolve(programDir, specifier);
                if (!fs.existsSync(file)) {
                    throw new Error("not found");
                }
                return file;
            }
            return require.resolve(specifier, { paths: [programDir] });
        } catch {
            throw new UsageError(`nodeargs names ${specifier}, which cannot be found from ${programDir}`);
        }
    };
    for (const specifier of args.requires) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(locate(specifier, false));
    }
    for (const specifier of args.imports) {
        await dynamicImport(pathToFileURL(locate(specifier, true)).href);
    }
}
