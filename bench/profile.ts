/**
 * Profiles one shape with `node --cpu-prof`, component and hand-written, and summarizes the samples of
 * the timed section only (the worker reports its window on the profiler's clock).
 *
 *   npx ts-node --transpile-only bench/profile.ts [--configs 300] [--regions 17] [--top 25]
 *       [--variant component|hand|shell|both|all] [--lib <existing build>] [--summarize <file.cpuprofile> ...]
 *
 * Without --lib the package is built into .bench/lib first.
 *
 * The .cpuprofile files are written to .bench/profiles/ (open them in Chrome DevTools or VS Code).
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_LIB, ROOT, SCRATCH, ensureBuilt, runWorker, transpileWorker } from "./common";
import type { Variant } from "./worker";

interface CallFrame {
    functionName: string;
    url: string;
    lineNumber: number;
    columnNumber: number;
}
interface ProfileNode {
    id: number;
    callFrame: CallFrame;
    children?: number[];
}
interface CpuProfile {
    nodes: ProfileNode[];
    startTime: number;
    endTime: number;
    samples: number[];
    timeDeltas: number[];
}

/** Where a frame's code comes from. */
function category(frame: CallFrame, lib: string): string {
    const url = frame.url;
    if (url === "") {
        return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
    }
    if (url.includes(lib) || url.includes("/components/")) {
        return "package";
    }
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
    if (m) {
        if (m[1] === "@pulumi/pulumi") {
            return `@pulumi/pulumi/${m[2].replace(/\.js$/, "")}`;
        }
        return m[1];
    }
    if (url.startsWith("node:")) {
        return "node internals";
    }
    return url.includes(".bench") ? "bench worker" : url;
}

function frameKey(frame: CallFrame, lib: string): string {
    const file = frame.url
        .replace(/^file:\/\//, "")
        .replace(lib, "lib")
        .replace(`${ROOT}/`, "")
        .replace(/^.*node_modules\//, "");
    return `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
}

/** Self time (µs) by function and by origin, of the samples within `window` (µs, the profiler's clock). */
interface Tally {
    total: number;
    underPackage: number;
    selfByFrame: Map<string, number>;
    selfByCategory: Map<string, number>;
    inclusive: Map<string, number>;
}

function tally(profile: CpuProfile, lib: string, window: [number, number] | undefined): Tally {
    const byId = new Map<number, ProfileNode>();
    const parent = new Map<number, number>();
    for (const n of profile.nodes) {
        byId.set(n.id, n);
        for (const c of n.children ?? []) {
            parent.set(c, n.id);
        }
    }
    const selfByFrame = new Map<string, number>();
    const selfByCategory = new Map<string, number>();
    const inclusive = new Map<string, number>();
    let underPackage = 0;
    let total = 0;
    let t = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
        t += profile.timeDeltas[i];
        // A sample's time is the gap to the next sample.
        const dt = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0;
        if (window && (t < window[0] || t > window[1])) {
            continue;
        }
        const node = byId.get(profile.samples[i])!;
        total += dt;
        const key = frameKey(node.callFrame, lib);
        selfByFrame.set(key, (selfByFrame.get(key) ?? 0) + dt);
        const cat = category(node.callFrame, lib);
        selfByCategory.set(cat, (selfByCategory.get(cat) ?? 0) + dt);
        const seen = new Set<string>();
        let inPackage = false;
        for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
            const f = byId.get(id)!.callFrame;
            const k = frameKey(f, lib);
            if (!seen.has(k)) {
                seen.add(k);
                inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
            }
            if (category(f, lib) === "package") {
                inPackage = true;
            }
        }
        if (inPackage) {
            underPackage += dt;
        }
    }
    return { total, underPackage, selfByFrame, selfByCategory, inclusive };
}

const ms = (us: number) => (us / 1000).toFixed(1).padStart(8);

/** A summary of the samples within `window` (µs, the profiler's clock). */
export function summarize(profile: CpuProfile, lib: string, window: [number, number] | undefined, top: number): string {
    return describe(tally(profile, lib, window), top);
}

function describe(t: Tally, top: number): string {
    const { total, underPackage, selfByFrame, selfByCategory, inclusive } = t;
    const pct = (us: number) => `${((100 * us) / (total || 1)).toFixed(1).padStart(5)}%`;
    const rows = (m: Map<string, number>, n: number, filter: (k: string) => boolean = () => true) =>
        [...m.entries()]
            .filter(([k]) => filter(k))
            .sort((a, b) => b[1] - a[1])
            .slice(0, n)
            .map(([k, v]) => `  ${ms(v)} ms ${pct(v)}  ${k}`)
            .join("\n");
    const packageFiles = (k: string) => / lib\//.test(k);
    return [
        `sampled: ${(total / 1000).toFixed(1)} ms; with a package frame on the stack: ${ms(underPackage).trim()} ms (${pct(underPackage).trim()})`,
        "self time by origin:",
        rows(selfByCategory, top),
        "self time by function:",
        rows(selfByFrame, top),
        "inclusive time of the package's functions:",
        rows(inclusive, top, packageFiles),
    ].join("\n");
}

function arg(name: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
    const built = path.resolve(arg("lib", DEFAULT_LIB));
    const top = parseInt(arg("top", "25"), 10);
    const s = process.argv.indexOf("--summarize");
    if (s >= 0) {
        for (const file of process.argv.slice(s + 1)) {
            const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
            process.stdout.write(`== ${file}\n${summarize(profile, built, undefined, top)}\n`);
        }
        return;
    }
    const configs = parseInt(arg("configs", "300"), 10);
    const regions = parseInt(arg("regions", "17"), 10);
    const which = arg("variant", "both");
    const lib = ensureBuilt(built, process.argv.includes("--lib"));
    transpileWorker();
    const variants: Variant[] =
        which === "both"
            ? ["hand", "component"]
            : which === "all"
              ? ["hand", "shell", "component"]
              : [which as Variant];
    const tallies = new Map<Variant, Tally>();
    for (const variant of variants) {
        const dir = path.join(SCRATCH, "profiles", `${variant}-${configs}x${regions}`);
        fs.rmSync(dir, { recursive: true, force: true });
        const result = await runWorker<{ wallMs: number; windowUs: [number, number] }>(
            { kind: "run", variant, configs, regions, lib },
            ["--cpu-prof", `--cpu-prof-dir=${dir}`],
        );
        const file = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
        if (file === undefined) {
            throw new Error(`no profile written to ${dir}`);
        }
        const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
        process.stdout.write(
            `\n== ${variant} ${configs}x${regions}: ${result.wallMs.toFixed(0)} ms (profiled) -> ${path.relative(ROOT, path.join(dir, file))}\n`,
        );
        const t = tally(profile, lib, result.windowUs);
        tallies.set(variant, t);
        process.stdout.write(`${describe(t, top)}\n`);
    }
    const component = tallies.get("component");
    for (const base of ["hand", "shell"] as const) {
        const other = tallies.get(base);
        if (component && other) {
            process.stdout.write(`\n== what the component adds to ${base} (self time, component minus ${base}):\n`);
            process.stdout.write(`  total ${ms(component.total - other.total).trim()} ms\n`);
            process.stdout.write(`by origin:\n${difference(component.selfByCategory, other.selfByCategory, top)}\n`);
            process.stdout.write(`by function:\n${difference(component.selfByFrame, other.selfByFrame, top)}\n`);
        }
    }
}

/** The largest differences `a - b`, by key. */
function difference(a: Map<string, number>, b: Map<string, number>, top: number): string {
    const keys = new Set([...a.keys(), ...b.keys()]);
    return [...keys]
        .map((k) => [k, (a.get(k) ?? 0) - (b.get(k) ?? 0)] as const)
        .sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]))
        .slice(0, top)
        .map(([k, v]) => `  ${v >= 0 ? "+" : "-"}${ms(Math.abs(v)).trim().padStart(7)} ms  ${k}`)
        .join("\n");
}

if (require.main === module) {
    main().catch((err: unknown) => {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
    });
}
