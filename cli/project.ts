/**
 * Loads a Pulumi project the way the Pulumi CLI does: `Pulumi.yaml` (name, runtime, main), the
 * stack's `Pulumi.<stack>.yaml`, and the configuration the program sees through `pulumi.Config`.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { SECRET } from "./constants";
import { UsageError } from "./errors";
import { isObject } from "./json";

/** A Pulumi project, ready to run. */
export interface ProjectInfo {
    /** The directory of `Pulumi.yaml`. */
    dir: string;
    /** The project's name (`name` of `Pulumi.yaml`). */
    project: string;
    /** The stack's name (the part after the last `/` of a qualified name). */
    stack: string;
    /** The stack's config file, when there is one. */
    stackFile?: string;
    /**
     * The organization: the first part of a qualified `--stack org/project/stack`, else `organization`, the
     * name a self-managed backend gives every stack.
     */
    organization: string;
    /** The ESC environments the stack's config file imports (`environment:`), which offline cannot be opened. */
    environments: string[];
    /** The module to run: a file. */
    main: string;
    /** The program's working directory: `main`'s directory (or `main` itself, a directory), as the CLI sets it. */
    programDir: string;
    /**
     * Whether ts-node is registered before the program runs: as the language host does, for any `main`,
     * unless `runtime.options.typescript` is `false` (then, as for `pulumi`, something the program brings,
     * such as a `--require` of `nodeargs`, must load TypeScript).
     */
    typescript: boolean;
    /**
     * Whether the program is an ES module: the nearest `package.json` of `main` says `"type": "module"`. The
     * language host then imports it (`import()`) instead of requiring it, and TypeScript goes through
     * ts-node's ES module hooks.
     */
    esm: boolean;
    /** `runtime.options.tsconfig` (relative to `programDir`, as the CLI runs the program there), resolved; undefined: ts-node looks for `tsconfig.json` itself. */
    tsconfig?: string;
    /** `runtime.options.nodeargs`, split as a shell would: what the CLI would pass to `node` before the program. */
    nodeargs: string[];
    /** Every config value, by full key (`project:key`), as the SDK expects it: strings. */
    config: Record<string, string>;
    /** Full keys whose values are secret. */
    secretKeys: string[];
    /** Full keys whose values are `secure:` ciphertext, replaced by a placeholder offline. */
    placeholderKeys: string[];
}

/**
 * YAML's core schema (a date stays a string, as the CLI's YAML reader leaves it), with merge keys
 * (`<<: *base`), which the CLI's reader applies too.
 */
const SCHEMA = yaml.CORE_SCHEMA.extend({
    // js-yaml exports its types; its typings leave them out.
    implicit: [(yaml as unknown as { types: { merge: yaml.Type } }).types.merge],
});

function readYaml(file: string): Record<string, unknown> {
    let doc: unknown;
    try {
        doc = yaml.load(fs.readFileSync(file, "utf8"), { schema: SCHEMA });
    } catch (e) {
        throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    if (doc === undefined || doc === null) {
        return {};
    }
    if (!isObject(doc)) {
        throw new UsageError(`${file} is not a YAML mapping`);
    }
    return doc;
}

/** The stack config files (`Pulumi.<stack>.yaml`) of a project directory, by stack name. */
export function stackFiles(dir: string): Map<string, string> {
    const found = new Map<string, string>();
    if (!fs.existsSync(dir)) {
        return found;
    }
    for (const f of fs.readdirSync(dir).sort()) {
        const m = /^Pulumi\.(.+)\.ya?ml$/.exec(f);
        if (m && !found.has(m[1])) {
            found.set(m[1], path.join(dir, f));
        }
    }
    return found;
}

/** The members of a project config declaration (`config: key: { type: string, default: ... }`). */
const DECLARATION_KEYS = ["type", "description", "default", "value", "secret", "items"];

/** A stack's name, as Pulumi allows it: letters, digits, `-`, `_` and `.`. */
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * The stack to plan: the one given (`--stack`, plain or qualified `org/project/stack`), else the only
 * `Pulumi.<stack>.yaml` of the directory, else `dev` when it has no stack file or has `Pulumi.dev.yaml`.
 * @throws UsageError for a name Pulumi does not allow; for a given stack without a config file when the
 *   directory has config files of other stacks (most likely a typo, which would plan with the wrong
 *   config); and for several stacks without `dev` when none is given.
 */
export function chooseStack(dir: string, given?: string): string {
    const files = [...stackFiles(dir).keys()].sort();
    const list = files.map((f) => `Pulumi.${f}.yaml`).join(", ");
    if (given !== undefined) {
        const parts = given.split("/");
        const short = parts[parts.length - 1];
        if (parts.length > 3 || !parts.every((p) => STACK_NAME.test(p))) {
            throw new UsageError(
                `invalid stack name "${given}": a stack is named with letters, digits, "-", "_" and ".", optionally as org/project/stack`,
            );
        }
        if (files.length > 0 && !files.includes(short)) {
            throw new UsageError(
                `there is no Pulumi.${short}.yaml in ${dir}, which has ${list}: planning stack "${short}" would give the program none of its config. Pass one of those stacks (for a stack that really has no config, create an empty Pulumi.${short}.yaml)`,
            );
        }
        return short;
    }
    if (files.length === 1) {
        return files[0];
    }
    if (files.length === 0 || files.includes("dev")) {
        return "dev";
    }
    throw new UsageError(`${dir} has ${list}: choose the stack to plan with --stack`);
}

/** A full config key: keys without a namespace belong to the project. */
export function fullKey(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** Whether a config value holds `secure:` ciphertext somewhere. */
function hasSecure(v: unknown): boolean {
    if (Array.isArray(v)) {
        return v.some(hasSecure);
    }
    if (isObject(v)) {
        if (Object.keys(v).length === 1 && typeof v.secure === "string") {
            return true;
        }
        return Object.values(v).some(hasSecure);
    }
    return false;
}

/** The value with every `secure:` ciphertext replaced by {@link SECRET}. */
function withPlaceholders(v: unknown): unknown {
    if (Array.isArray(v)) {
        return v.map(withPlaceholders);
    }
    if (isObject(v)) {
        if (Object.keys(v).length === 1 && typeof v.secure === "string") {
            return SECRET;
        }
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withPlaceholders(x)]));
    }
    return v;
}

/** A config value as the SDK stores it: strings as they are, everything else as JSON. */
function configString(v: unknown): string {
    return typeof v === "string" ? v : JSON.stringify(v);
}

/** The nearest `package.json` at or above `dir`, parsed, with its directory; undefined when there is none. */
function nearestPackage(dir: string): { root: string; pkg: Record<string, unknown> } | undefined {
    for (let d = dir; ; d = path.dirname(d)) {
        const file = path.join(d, "package.json");
        if (fs.existsSync(file)) {
            try {
                const pkg: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
                return isObject(pkg) ? { root: d, pkg } : undefined;
            } catch {
                return undefined; // An unreadable package.json: Node fails on it later anyway.
            }
        }
        if (path.dirname(d) === d) {
            return undefined;
        }
    }
}

/** The entry point a package.json names, as the language host reads it: `exports` first, then `main`. */
function packageEntry(pkg: Record<string, unknown>): string | undefined {
    const exp = pkg.exports;
    if (typeof exp === "string") {
        return exp;
    }
    if (isObject(exp)) {
        const dot = exp["."];
        if (typeof dot === "string") {
            return dot;
        }
        if (isObject(dot)) {
            const entry = dot.default ?? dot.require ?? dot.import;
            return typeof entry === "string" ? entry : undefined;
        }
        return undefined;
    }
    return typeof pkg.main === "string" && pkg.main !== "" ? pkg.main : undefined;
}

/**
 * The module to run when `main` is a directory, as `require("<dir>/")` finds it: its package.json's `main`
 * (with `.js`, `.ts` or an index), else `index.js`, else `index.ts` (Node tries its own extensions first).
 */
function directoryModule(target: string, esm: boolean): string | undefined {
    if (esm) {
        // The language host imports an ES module's directory through its index file, in this order.
        return ["index.js", "index.mjs", "index.ts", "index.mts"]
            .map((f) => path.join(target, f))
            .find((f) => fs.existsSync(f));
    }
    const own = path.join(target, "package.json");
    if (fs.existsSync(own)) {
        try {
            const pkgMain = (JSON.parse(fs.readFileSync(own, "utf8")) as { main?: unknown }).main;
            if (typeof pkgMain === "string") {
                for (const candidate of [
                    pkgMain,
                    `${pkgMain}.js`,
                    `${pkgMain}.ts`,
                    path.join(pkgMain, "index.js"),
                    path.join(pkgMain, "index.ts"),
                ]) {
                    const file = path.resolve(target, candidate);
                    if (fs.existsSync(file) && fs.statSync(file).isFile()) {
                        return file;
                    }
                }
            }
        } catch {
            // An unreadable package.json: fall back to the index files, as Node would fail later anyway.
        }
    }
    return ["index.js", "index.ts"].map((f) => path.join(target, f)).find((f) => fs.existsSync(f));
}

/**
 * The `main` module of a program, as the Node.js language host finds it: a file; or, for a directory, the
 * entry point of the nearest package.json (`exports`, else `main`) when that file exists, else what
 * `require("<dir>/")` loads (its package.json `main`, `index.js`, `index.ts`), or for an ES module (`"type":
 * "module"`) the first of `index.js`, `index.mjs`, `index.ts` and `index.mts`.
 */
export function resolveMain(dir: string, main: string | undefined): string {
    const target = path.resolve(dir, main ?? ".");
    if (!fs.existsSync(target)) {
        throw new UsageError(`the program's main "${main}" does not exist (${target})`);
    }
    if (!fs.statSync(target).isDirectory()) {
        return target;
    }
    const nearest = nearestPackage(target);
    const esm = nearest?.pkg.type === "module";
    const entry = nearest === undefined ? undefined : packageEntry(nearest.pkg);
    if (nearest !== undefined && entry !== undefined) {
        const file = path.join(nearest.root, entry);
        if (fs.existsSync(file)) {
            const found = fs.statSync(file).isDirectory() ? directoryModule(file, esm) : file;
            if (found !== undefined) {
                return found;
            }
        }
        // The language host warns and falls back to the directory, as here.
    }
    const found = directoryModule(target, esm);
    if (found === undefined) {
        throw new UsageError(`the program directory ${target} has no index.ts or index.js (set "main" in Pulumi.yaml)`);
    }
    return found;
}

/** Whether a declaration's `default` or `value` is given: YAML's null, as Go's nil, is not. */
function isSet(v: unknown): boolean {
    return v !== undefined && v !== null;
}

/** Whether a config key belongs to the project: no namespace, or the project's. */
function ownKey(project: string, key: string): boolean {
    return !key.includes(":") || key.startsWith(`${project}:`);
}

/** The type a config declaration gives its value: `type`, and for an array its `items`, nested. */
export interface ConfigType {
    type: string;
    items?: ConfigType;
}

/** The declared type of a config declaration, if it has one. */
function configTypeOf(decl: Record<string, unknown>): ConfigType | undefined {
    if (typeof decl.type !== "string") {
        return undefined;
    }
    const items = isObject(decl.items) ? configTypeOf(decl.items) : undefined;
    return items === undefined ? { type: decl.type } : { type: decl.type, items };
}

/** A declared type as the CLI names it: `integer`, `array<string>`, `array<array<integer>>`. */
export function configTypeName(t: ConfigType): string {
    return t.items === undefined ? t.type : `array<${configTypeName(t.items)}>`;
}

/** Go's `strconv.Atoi` range: a 64-bit integer. */
const INT64 = 2n ** 63n;

/**
 * Whether a config value is of a declared type, as the CLI decides it: an integer may be a whole number
 * or a string of one, a boolean `true`/`false` or their strings, an object a map, an array a list whose
 * every item is of `items`.
 */
export function matchesConfigType(t: ConfigType, value: unknown): boolean {
    switch (t.type) {
        case "string":
            return typeof value === "string";
        case "integer":
            if (typeof value === "number") {
                return Number.isInteger(value);
            }
            return (
                typeof value === "string" &&
                /^[+-]?\d+$/.test(value) &&
                BigInt(value) < INT64 &&
                BigInt(value) >= -INT64
            );
        case "boolean":
            return typeof value === "boolean" || value === "true" || value === "false";
        case "object":
            return isObject(value);
        default:
            return Array.isArray(value) && t.items !== undefined && value.every((v) => matchesConfigType(t.items!, v));
    }
}

/**
 * Holds a project config entry that is no declaration to the project schema the CLI checks: a string, an
 * integer, a boolean or a list (a map or a null is neither, nor is a declaration).
 * @throws UsageError saying how to write it.
 */
function checkShorthand(projectFile: string, key: string, value: unknown): void {
    const ok =
        typeof value === "string" ||
        typeof value === "boolean" ||
        Array.isArray(value) ||
        (typeof value === "number" && Number.isInteger(value));
    if (!ok) {
        throw new UsageError(
            `${projectFile}: config '${key}' is ${value === null ? "empty" : JSON.stringify(value)}: a config entry is a string, an integer, a boolean, a list, or a declaration { type, items, description, secret, default, value } (write other values as { value: ... })`,
        );
    }
}

/**
 * A key of a stack's config file as the CLI parses it: `<namespace>:<name>`, or the older
 * `<namespace>:config:<name>`.
 * @throws UsageError, with the CLI's words, for any other key (a key without a namespace among them).
 */
function stackConfigKey(stackFile: string, key: string): string {
    const parts = key.split(":");
    if (parts.length === 2) {
        return key;
    }
    if (parts.length === 3 && parts[1] === "config") {
        return `${parts[0]}:${parts[2]}`;
    }
    throw new UsageError(
        `${stackFile}: could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`,
    );
}

/**
 * Holds a project config declaration to the rules the CLI checks when it loads `Pulumi.yaml`.
 * @throws UsageError with the CLI's words.
 */
function checkDeclaration(projectFile: string, project: string, key: string, decl: Record<string, unknown>): void {
    const fail = (message: string) => new UsageError(`${projectFile}: ${message}`);
    const unknown = Object.keys(decl).filter((k) => !DECLARATION_KEYS.includes(k));
    if (unknown.length > 0) {
        throw fail(
            `config '${key}' has ${unknown.map((k) => `'${k}'`).join(", ")}: a declaration has only type, items, description, secret, default and value (write a structured value as { value: ... })`,
        );
    }
    const hasDefault = isSet(decl.default);
    const hasValue = isSet(decl.value);
    if (hasDefault && hasValue) {
        throw fail(`project config '${key}' cannot have both a 'default' and 'value' attribute`);
    }
    const type = configTypeOf(decl);
    if (decl.type !== undefined && !["string", "integer", "boolean", "array", "object"].includes(String(decl.type))) {
        throw fail(
            `config '${key}' has the type '${String(decl.type)}': a type is string, integer, boolean, array or object`,
        );
    }
    if (ownKey(project, key)) {
        if (type?.type === "array" && type.items === undefined) {
            throw fail(
                `The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`,
            );
        }
        if (type !== undefined && hasDefault && !matchesConfigType(type, decl.default)) {
            throw fail(
                `The default value specified for configuration key '${key}' is not of the expected type '${configTypeName(type)}'`,
            );
        }
        return;
    }
    if (type !== undefined) {
        throw fail(`Configuration key '${key}' is not namespaced by the project and should not define a type`);
    }
    if (hasDefault) {
        throw fail(
            `Configuration key '${key}' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?`,
        );
    }
    if (!hasValue) {
        throw fail(`Configuration key '${key}' is namespaced and must provide an attribute 'value'`);
    }
}

/**
 * Splits a command line as the language host splits `nodeargs` (a shell's words: blanks separate, quotes
 * group, a backslash escapes outside single quotes, and a `#` that starts a word starts a comment that
 * runs to the end of the line).
 * @throws UsageError for an unclosed quote or a backslash at the end.
 */
export function splitArgs(line: string): string[] {
    const words: string[] = [];
    let word = "";
    let inWord = false;
    let quote: string | undefined;
    const escaped = (i: number): string => {
        if (i >= line.length) {
            throw new UsageError(`nodeargs ${JSON.stringify(line)} ends with a backslash that escapes nothing`);
        }
        return line[i];
    };
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quote === "'") {
            if (c === "'") {
                quote = undefined;
            } else {
                word += c;
            }
        } else if (quote === '"') {
            if (c === '"') {
                quote = undefined;
            } else {
                word += c === "\\" ? escaped(++i) : c;
            }
        } else if (/\s/.test(c)) {
            if (inWord) {
                words.push(word);
                word = "";
                inWord = false;
            }
        } else if (c === "#" && !inWord) {
            // A comment: the rest of the line.
            const end = line.indexOf("\n", i);
            i = end === -1 ? line.length : end;
        } else {
            inWord = true;
            if (c === "'" || c === '"') {
                quote = c;
            } else {
                word += c === "\\" ? escaped(++i) : c;
            }
        }
    }
    if (quote !== undefined) {
        throw new UsageError(`nodeargs ${JSON.stringify(line)} has an unclosed ${quote} quote`);
    }
    if (inWord) {
        words.push(word);
    }
    return words;
}

/** The options of `runtime: { name: nodejs, options: ... }` that decide how the program is loaded. */
interface RuntimeOptions {
    typescript: boolean;
    tsconfig?: string;
    nodeargs: string[];
}

/**
 * Reads `runtime.options` as the language host does: `typescript` (default true), `tsconfig` and `nodeargs`,
 * each of its type. Other options (`packagemanager`, `production`) concern installing, not running.
 * @throws UsageError for an option of the wrong type, with the host's words.
 */
function runtimeOptions(projectFile: string, options: unknown): RuntimeOptions {
    const out: RuntimeOptions = { typescript: true, nodeargs: [] };
    if (options === undefined || options === null) {
        return out;
    }
    if (!isObject(options)) {
        throw new UsageError(`${projectFile}: runtime.options is not a mapping`);
    }
    const wrong = (option: string, type: string) =>
        new UsageError(`${projectFile}: runtime.options.${option} must be a ${type}`);
    if (options.typescript !== undefined) {
        if (typeof options.typescript !== "boolean") {
            throw wrong("typescript", "boolean");
        }
        out.typescript = options.typescript;
    }
    if (options.tsconfig !== undefined) {
        if (typeof options.tsconfig !== "string") {
            throw wrong("tsconfig", "string");
        }
        out.tsconfig = options.tsconfig;
    }
    if (options.nodeargs !== undefined) {
        if (typeof options.nodeargs !== "string") {
            throw wrong("nodeargs", "string");
        }
        out.nodeargs = splitArgs(options.nodeargs);
    }
    return out;
}

/**
 * Reads a project directory: `Pulumi.yaml`, the stack's config file, the project's config defaults.
 * @param dir the directory that holds `Pulumi.yaml`.
 * @param stackName `--stack`, if given.
 * @throws UsageError when the directory is not a Node.js Pulumi project.
 */
export function loadProject(dir: string, stackName?: string): ProjectInfo {
    const abs = path.resolve(dir);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) {
        throw new UsageError(`${dir} is not a directory`);
    }
    const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(abs, f)).find((f) => fs.existsSync(f));
    if (projectFile === undefined) {
        throw new UsageError(`no Pulumi.yaml in ${abs}: give the directory of a Pulumi program`);
    }
    const doc = readYaml(projectFile);
    const project = doc.name;
    if (typeof project !== "string" || project === "") {
        throw new UsageError(`${projectFile} has no "name"`);
    }
    const runtime = doc.runtime;
    const runtimeName = isObject(runtime) ? runtime.name : runtime;
    if (runtimeName !== "nodejs") {
        throw new UsageError(
            `${projectFile}: runtime "${String(runtimeName)}" is not supported; only nodejs programs can be planned`,
        );
    }
    const main = resolveMain(abs, typeof doc.main === "string" ? doc.main : undefined);
    const mainPath = path.resolve(abs, typeof doc.main === "string" ? doc.main : ".");
    const programDir = fs.statSync(mainPath).isDirectory() ? mainPath : path.dirname(mainPath);
    // Stack config files live beside Pulumi.yaml, or in stackConfigDir (the older form: config: <dir>).
    const configDir =
        typeof doc.stackConfigDir === "string"
            ? path.resolve(abs, doc.stackConfigDir)
            : typeof doc.config === "string"
              ? path.resolve(abs, doc.config)
              : abs;
    const options = runtimeOptions(projectFile, isObject(runtime) ? runtime.options : undefined);
    // As the language host: ts-node is registered unless `typescript: false`, whatever `main` is.
    const typescript = options.typescript;
    const tsconfig = options.tsconfig === undefined ? undefined : path.resolve(programDir, options.tsconfig);
    if (tsconfig !== undefined && options.tsconfig !== "tsconfig.json" && !fs.existsSync(tsconfig)) {
        throw new UsageError(`tsconfig path was set to ${options.tsconfig} but the file was not found (${tsconfig})`);
    }
    const esm = nearestPackage(path.dirname(main))?.pkg.type === "module";

    const qualified = stackName?.split("/") ?? [];
    if (qualified.length === 3 && qualified[1] !== project) {
        // As the CLI: a fully qualified stack names its project, which must be this one.
        throw new UsageError(`provided project name ${JSON.stringify(qualified[1])} doesn't match Pulumi.yaml`);
    }
    const stack = chooseStack(configDir, stackName);
    const organization = qualified.length === 3 ? qualified[0] : "organization";
    const config: Record<string, string> = {};
    const secretKeys = new Set<string>();
    const placeholderKeys = new Set<string>();
    const put = (key: string, value: unknown) => {
        const k = fullKey(project, key);
        if (value === undefined) {
            return;
        }
        if (hasSecure(value)) {
            secretKeys.add(k);
            placeholderKeys.add(k);
            value = withPlaceholders(value);
        }
        config[k] = configString(value);
    };

    // Project-level config: `key: value`, or a declaration `key: { type, default, value, secret, ... }`,
    // held to the CLI's rules for declarations. A declaration of the project's own namespace with neither
    // a default nor a value must be set by the stack.
    const declarations = new Map<string, Record<string, unknown>>();
    const required: string[] = [];
    if (isObject(doc.config)) {
        for (const [key, decl] of Object.entries(doc.config)) {
            if (!isObject(decl)) {
                checkShorthand(projectFile, key, decl);
                put(key, decl);
                continue;
            }
            checkDeclaration(projectFile, project, key, decl);
            declarations.set(key, decl);
            if (isSet(decl.default) || isSet(decl.value)) {
                put(key, isSet(decl.default) ? decl.default : decl.value);
            } else if (ownKey(project, key)) {
                required.push(key);
            }
        }
    }
    const stackFile = stackFiles(configDir).get(stack);
    const environments: string[] = [];
    const stackConfig: Record<string, unknown> = {};
    if (stackFile !== undefined) {
        const stackDoc = readYaml(stackFile);
        const env = stackDoc.environment;
        const imports = Array.isArray(env) ? env : isObject(env) && Array.isArray(env.imports) ? env.imports : [];
        environments.push(...imports.map((e) => (typeof e === "string" ? e : JSON.stringify(e))));
        if (stackDoc.config !== undefined && stackDoc.config !== null) {
            if (!isObject(stackDoc.config)) {
                throw new UsageError(`${stackFile}: "config" is not a mapping`);
            }
            for (const [name, value] of Object.entries(stackDoc.config)) {
                const key = stackConfigKey(stackFile, name);
                put(key, value);
                stackConfig[key] = value;
            }
        }
    }
    // Configuration that an ESC environment may set cannot be told missing offline.
    const missing = environments.length > 0 ? [] : required.filter((k) => config[fullKey(project, k)] === undefined);
    if (missing.length > 0) {
        throw new UsageError(
            `Stack '${stack}' is missing configuration value${missing.length === 1 ? "" : "s"} ${missing.map((k) => `'${k}'`).join(", ")}, which Pulumi.yaml declares without a default: set ${missing.length === 1 ? "it" : "them"} in ${path.basename(stackFile ?? `Pulumi.${stack}.yaml`)}`,
        );
    }
    // As the CLI, key by key, for the declarations with a type: the value (the stack's, else the project's
    // default or value) must be secure when declared secret, and of its type (a secure value cannot be
    // decrypted offline to check it). A scalar reaches the type check as the string the CLI stores.
    for (const key of [...declarations.keys()].sort()) {
        const decl = declarations.get(key)!;
        const type = configTypeOf(decl);
        const k = fullKey(project, key);
        if (type === undefined || !(k in stackConfig || k in config)) {
            continue;
        }
        const value = k in stackConfig ? stackConfig[k] : (decl.default ?? decl.value);
        if (decl.secret === true && !hasSecure(value)) {
            throw new UsageError(
                `Stack '${stack}' with configuration key '${key}' must be encrypted as it's secret (pulumi config set --secret ${key} ...)`,
            );
        }
        const content = isObject(value) || Array.isArray(value) || value === null ? value : String(value);
        if (!hasSecure(value) && !matchesConfigType(type, content)) {
            throw new UsageError(
                `Stack '${stack}' with configuration key '${key}' must be of type '${configTypeName(type)}'`,
            );
        }
    }
    return {
        dir: abs,
        project,
        stack,
        stackFile,
        organization,
        environments,
        main,
        programDir,
        typescript,
        esm,
        ...(tsconfig === undefined ? {} : { tsconfig }),
        nodeargs: options.nodeargs,
        config,
        secretKeys: [...secretKeys].sort(),
        placeholderKeys: [...placeholderKeys].sort(),
    };
}
