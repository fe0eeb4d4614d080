/**
 * How the Node.js language host starts a program, for the plan: which ts-node transpiles TypeScript (as
 * CommonJS, or through its ES module hooks), how an ES module is imported and what its exports mean, and
 * what of Pulumi.yaml's `nodeargs` can be done in this process.
 */
import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";
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

/** How to load a TypeScript program: which ts-node, with which options. */
export interface TypeScriptLoader {
    /** The ts-node module to require. */
    tsNode: string;
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
    resolve: (moduleName: string, dir: string) => string | undefined = resolveFrom,
    tsconfig?: string,
    esm = false,
    env: NodeJS.ProcessEnv = process.env,
): TypeScriptLoader | undefined {
    let tsNode = resolve("ts-node", dir);
    const sdk = resolve("@pulumi/pulumi", dir);
    const vendor = sdk === undefined ? undefined : path.join(path.dirname(sdk), "vendor");
    if (tsNode === undefined && vendor !== undefined) {
        tsNode = vendored(vendor, "ts-node");
    }
    if (tsNode === undefined) {
        return undefined;
    }
    const vendoredCompiler = vendor && vendored(vendor, "typescript");
    const compiler = resolve("typescript", dir) ?? (vendoredCompiler && path.join(vendoredCompiler, "typescript.js"));
    const ts = loadCompiler(compiler);
    const [major, minor] = (ts?.version ?? "0.0").split(".").map(Number);
    const nodeNext = esm || major > 4 || (major === 4 && minor >= 7);
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
        options: {
            ...(transpileOnly === undefined ? {} : { transpileOnly }),
            ...(compiler === undefined ? {} : { compiler }),
            project,
            skipProject,
            compilerOptions: { ...defaults, ...own },
        },
    };
}

/** Registers ts-node as the language host would, unless a TypeScript loader is in place already. */
export function registerTypeScript(dir: string, tsconfig?: string): void {
    const registered = (process as unknown as Record<symbol, unknown>)[Symbol.for("ts-node.register.instance")];
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    if (registered !== undefined || require.extensions[".ts"] !== undefined) {
        return;
    }
    const loader = typeScriptLoader(dir, resolveFrom, tsconfig);
    if (loader === undefined) {
        throw new UsageError(
            `the program in ${dir} is TypeScript and neither ts-node nor @pulumi/pulumi's copy of it can be found from there: npm install --save-dev ts-node typescript`,
        );
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { register } = require(loader.tsNode) as { register(options: Record<string, unknown>): unknown };
    register(loader.options);
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

/** The project whose ts-node the ES module hooks of this process use; hooks cannot be taken back. */
let esmHooksFor: string | undefined;

/**
 * Registers ts-node's ES module hooks, as the language host does for a TypeScript program
 * with `"type": "module"`. Node.js keeps hooks for the life of the process: a second project in the same
 * process goes on with the first one's.
 * @throws UsageError when the project has no ts-node with ES module hooks (10.8 or later; the copy that
 *   `@pulumi/pulumi` ships has none), or Node.js cannot register hooks (before 20.6).
 */
export function registerTypeScriptEsm(dir: string, tsconfig?: string): void {
    if (esmHooksFor !== undefined) {
        return;
    }
    const loader = typeScriptLoader(dir, resolveFrom, tsconfig, true);
    if (loader === undefined || resolveFrom("ts-node/esm", dir) === undefined) {
        throw new UsageError(
            `the program in ${dir} is a TypeScript ES module ("type": "module"), which pulumi loads with ts-node's ES module hooks: npm install --save-dev ts-node typescript (ts-node 10.8 or later)`,
        );
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { register } = require("module") as { register?: (specifier: string, options: object) => void };
    if (typeof register !== "function") {
        throw new UsageError(
            `the program in ${dir} is a TypeScript ES module, and Node.js ${process.version} cannot register module hooks: use Node.js 20.6 or later`,
        );
    }
    register(ESM_HOOKS, { data: { tsNode: loader.tsNode, options: loader.options } });
    esmHooksFor = dir;
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
            if (esm && /^\.\.?\//.test(specifier)) {
                // An ES module specifier is a URL: a relative one names its file, extension and all.
                const file = path.resolve(programDir, specifier);
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
