/**
 * What the benchmark's entry points share: building the package, transpiling the worker to plain
 * JavaScript (so that measured processes load no compiler), and running one worker process.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Task } from "./worker";

/** The repository's root. */
export const ROOT = path.resolve(__dirname, "..");
/** Scratch space of the benchmark (ignored by git). */
export const SCRATCH = path.join(ROOT, ".bench");
/** Where the transpiled worker lives. */
export const WORKER_DIR = path.join(SCRATCH, "js");
/** The transpiled worker. */
export const WORKER = path.join(WORKER_DIR, "worker.js");

const RESULT_MARKER = "BENCH_RESULT ";

/** Where the benchmark builds the package by default: private, so that a concurrent `npm run build` cannot swap it mid-run. */
export const DEFAULT_LIB = path.join(SCRATCH, "lib");

/**
 * Builds the package into `lib` with the package's own build (`tsc -p tsconfig.build.json`, what
 * `npm run build` runs, only with `--outDir lib`) unless `skip`; fails with a clear message when the
 * build fails or has no entry.
 * @returns the directory of the package's entry (`index.js`): `lib/components` (the build holds `cli/`
 *   beside it), or `lib` itself when `lib` names that directory already.
 */
export function ensureBuilt(lib: string, skip: boolean): string {
    if (!skip) {
        const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
        process.stderr.write(
            `building the package (tsc -p tsconfig.build.json --outDir ${path.relative(ROOT, lib)})...\n`,
        );
        fs.rmSync(lib, { recursive: true, force: true });
        const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", lib], {
            cwd: ROOT,
            stdio: "inherit",
        });
        if (r.status !== 0) {
            throw new Error(
                "the build failed (tsc -p tsconfig.build.json): the benchmark measures the built package. Fix the build, or measure an existing build with --lib <dir> (for example --lib lib after `npm run build`).",
            );
        }
    }
    const entry = [path.join(lib, "components"), lib].find((dir) => fs.existsSync(path.join(dir, "index.js")));
    if (entry === undefined) {
        throw new Error(
            `${path.join(lib, "components", "index.js")} does not exist: run \`npm run build\` (or leave out --lib to let the benchmark build).`,
        );
    }
    return entry;
}

/** Transpiles bench/worker.ts and bench/workload.ts to CommonJS in .bench/js. */
export function transpileWorker(): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require("typescript") as typeof import("typescript");
    fs.mkdirSync(WORKER_DIR, { recursive: true });
    for (const name of ["worker", "workload"]) {
        const source = fs.readFileSync(path.join(__dirname, `${name}.ts`), "utf8");
        const out = ts.transpileModule(source, {
            compilerOptions: {
                module: ts.ModuleKind.CommonJS,
                target: ts.ScriptTarget.ES2022,
                esModuleInterop: true,
            },
            fileName: `${name}.ts`,
        });
        fs.writeFileSync(path.join(WORKER_DIR, `${name}.js`), out.outputText);
    }
}

/** What a finished process printed, and how it ended. */
export interface ProcessResult {
    code: number | null;
    out: string;
    err: string;
}

/**
 * Runs `command` to its end in the repository with the environment of every measured process: no update
 * check, and NODE_PATH at the repository's node_modules, so that a build of the package copied outside the
 * repository (--extra-lib /tmp/x/lib) still finds the repository's @pulumi/pulumi, the same module
 * instance the worker uses.
 */
export function runProcess(command: string, args: readonly string[]): Promise<ProcessResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, {
            cwd: ROOT,
            stdio: ["ignore", "pipe", "pipe"],
            env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true", NODE_PATH: path.join(ROOT, "node_modules") },
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, out, err }));
    });
}

/** The worker's result line in its output, parsed; undefined when there is none. */
export function resultOf<R>(out: string): R | undefined {
    const line = out.split("\n").find((l) => l.startsWith(RESULT_MARKER));
    return line === undefined ? undefined : (JSON.parse(line.slice(RESULT_MARKER.length)) as R);
}

/** Runs one task in a fresh `node` process and returns its result line, parsed. */
export async function runWorker<R = Record<string, unknown>>(task: Task, nodeArgs: string[] = []): Promise<R> {
    const { code, out, err } = await runProcess(process.execPath, [...nodeArgs, WORKER, JSON.stringify(task)]);
    const result = resultOf<R>(out);
    if (code !== 0 || result === undefined) {
        throw new Error(`worker ${JSON.stringify(task)} failed (exit ${code}):\n${err}${out}`);
    }
    return result;
}

/** A text table: the first and last columns aligned left, the others right. */
export function alignedTable(header: readonly string[], body: readonly (readonly string[])[]): string {
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    const line = (cells: readonly string[]) =>
        cells
            .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
            .join("  ");
    return [line(header), ...body.map(line)].join("\n");
}

/** The median of a list of numbers. */
export function median(xs: readonly number[]): number {
    if (xs.length === 0) {
        return NaN;
    }
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** What the machine is: for the README and the results file. */
export interface MachineInfo {
    cpuModel: string;
    cores: number;
    memory: string;
    node: string;
    os: string;
    pulumi: string;
    pulumiAws: string;
}

/** Describes the machine the benchmark runs on. */
export function machineInfo(): MachineInfo {
    let cpuModel = os.cpus()[0]?.model ?? "unknown";
    try {
        const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync("/proc/cpuinfo", "utf8"));
        if (m) {
            cpuModel = m[1].trim();
        }
    } catch {
        // not Linux: keep os.cpus()
    }
    let cores = os.cpus().length;
    const nproc = spawnSync("nproc", [], { encoding: "utf8" });
    if (nproc.status === 0 && /^\d+/.test(nproc.stdout)) {
        cores = parseInt(nproc.stdout, 10);
    }
    const version = (pkg: string): string => {
        try {
            return (
                JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as {
                    version: string;
                }
            ).version;
        } catch {
            return "unknown";
        }
    };
    return {
        cpuModel,
        cores,
        memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
        node: process.version,
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        pulumi: version("@pulumi/pulumi"),
        pulumiAws: version("@pulumi/aws"),
    };
}
