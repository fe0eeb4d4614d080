/**
 * `npm run bench`: the component against the same distributions written by hand as one `@pulumi/aws`
 * `DistributionConfiguration` each (the floor), under Pulumi's mock runtime, on the built package.
 *
 * Every measurement runs in a fresh `node` process (bench/worker.ts, transpiled to .bench/js), component
 * and hand-written alternating; the table reports medians and their ratios. Also measured: the cost of
 * importing the package, and the throughput of validation alone.
 *
 *   npm run bench                         full run (about 5 minutes on 2 cores)
 *   npm run bench -- --quick              fewer runs, for a quick look (about 2 minutes)
 *   npm run bench -- --shapes 300x17,100x30 --runs 7
 *   npm run bench -- --lib lib            measure an existing build (default: build the package
 *                                         into .bench/lib first, so that a concurrent build cannot
 *                                         change what is measured)
 *   npm run bench -- --extra-lib patched=/tmp/patched/lib   also measure another build of the package
 *   npm run bench -- --out <file> | --no-write               where the raw medians go
 *                                                             (default bench/results/latest.json)
 *   npm run bench -- --markdown           also print the table as Markdown
 *   npm run bench -- --report [file]      print the tables of a results file again, without measuring
 *   npm run bench -- --no-shell           skip the "shell" variant (the hand-written resources, each
 *                                         inside an empty component: the floor of any component)
 *   npm run bench -- --instructions       count instructions (valgrind's callgrind) instead of timing, at
 *                                         the goal shapes (or --shapes), medians of --repeat counts (3;
 *                                         1 with --quick), results in bench/results/instructions.json
 *                                         (about 20 minutes on 2 cores)
 */
import * as fs from "fs";
import * as path from "path";
import {
    DEFAULT_LIB,
    ROOT,
    alignedTable,
    ensureBuilt,
    machineInfo,
    median,
    runWorker,
    transpileWorker,
} from "./common";
import { countInstructions, hasValgrind, instructionTable } from "./instructions";
import type { ImportTarget, Task, Variant } from "./worker";

/** One shape: configurations x regions. */
interface Shape {
    configs: number;
    regions: number;
}

/** The goals of issue 13: at most this ratio to hand-written, in time and in memory. */
const GOALS: { shape: Shape; max: number }[] = [
    { shape: { configs: 300, regions: 17 }, max: 1.15 },
    { shape: { configs: 100, regions: 30 }, max: 1.15 },
];

/** The goal of issue 13 in instructions: the component at most this ratio to the empty component. */
const INSTRUCTION_GOAL = 1.06;

const GRID: Shape[] = [1, 100, 1000].flatMap((configs) => [1, 17, 30].map((regions) => ({ configs, regions })));
const DEFAULT_SHAPES: Shape[] = [...GRID, { configs: 300, regions: 17 }].sort(
    (a, b) => a.configs - b.configs || a.regions - b.regions,
);

interface RunResult {
    wallMs: number;
    constructMs: number;
    cpuMs: number;
    peakRssMb: number;
    rssBeforeMb: number;
    registrations: number;
}

/** The samples and medians of one variant in one shape. */
interface VariantStats {
    samples: RunResult[];
    wallMs: number;
    constructMs: number;
    /** Median CPU time (all threads) of the timed section, ms. */
    cpuMs: number;
    peakRssMb: number;
    /** Peak RSS minus the RSS just before the timer: what the program itself added. */
    growthMb: number;
    /** Median wall time per entry (configuration x region), µs. */
    usPerEntry: number;
}

interface ShapeResult extends Shape {
    runs: number;
    variants: Record<string, VariantStats>;
}

interface Options {
    shapes: Shape[];
    runs: (s: Shape) => number;
    /** Build the package into .bench/lib first (unless --lib names an existing build). */
    build: boolean;
    lib: string;
    extraLibs: { label: string; lib: string }[];
    /** Also measure the hand-written resources inside an empty component (the floor of any component). */
    shell: boolean;
    out: string | undefined;
    markdown: boolean;
    importReps: number;
    validationReps: number;
    quick: boolean;
    /** Count instructions under callgrind instead of timing. */
    instructions: boolean;
    /** Counts of each variant and shape under callgrind, whose medians are taken. */
    repeat: number;
}

function parseShapes(text: string): Shape[] {
    return text.split(",").map((s) => {
        const m = /^(\d+)x(\d+)$/.exec(s.trim());
        if (!m) {
            throw new Error(`a shape is <configurations>x<regions>, like 300x17; got "${s}"`);
        }
        return { configs: parseInt(m[1], 10), regions: parseInt(m[2], 10) };
    });
}

function parseOptions(argv: string[]): Options {
    const value = (name: string): string | undefined => {
        const i = argv.indexOf(`--${name}`);
        return i >= 0 ? argv[i + 1] : undefined;
    };
    const quick = argv.includes("--quick");
    const runsOverride = value("runs");
    const extraLibs: { label: string; lib: string }[] = [];
    argv.forEach((a, i) => {
        if (a === "--extra-lib") {
            const [label, dir] = (argv[i + 1] ?? "").split("=");
            if (!label || !dir) {
                throw new Error("--extra-lib takes label=<built lib dir>");
            }
            extraLibs.push({ label, lib: path.resolve(dir) });
        }
    });
    const shapesText = value("shapes");
    const instructions = argv.includes("--instructions");
    return {
        shapes: shapesText ? parseShapes(shapesText) : instructions ? GOALS.map((g) => g.shape) : DEFAULT_SHAPES,
        runs: (s) =>
            runsOverride !== undefined
                ? parseInt(runsOverride, 10)
                : s.configs >= 1000
                  ? quick
                      ? 1
                      : 3
                  : quick
                    ? 3
                    : 7,
        build: value("lib") === undefined,
        lib: path.resolve(value("lib") ?? DEFAULT_LIB),
        extraLibs,
        shell: !argv.includes("--no-shell"),
        out: argv.includes("--no-write")
            ? undefined
            : path.resolve(
                  value("out") ??
                      path.join(ROOT, "bench", "results", instructions ? "instructions.json" : "latest.json"),
              ),
        markdown: argv.includes("--markdown"),
        importReps: quick ? 3 : 5,
        validationReps: quick ? 5 : 9,
        quick,
        instructions,
        repeat: parseInt(value("repeat") ?? (quick ? "1" : "3"), 10),
    };
}

function log(text: string): void {
    process.stderr.write(`${text}\n`);
}

/** JSON with object keys sorted, for comparing what two programs registered. */
function canonicalJson(v: unknown): string {
    return JSON.stringify(v, (_k, x: unknown) =>
        x !== null && typeof x === "object" && !Array.isArray(x)
            ? Object.fromEntries(
                  Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
              )
            : x,
    );
}

/** The hand-written program must register exactly what the component registers as its child. */
async function checkParity(lib: string): Promise<void> {
    const shape = { configs: 2, regions: 17 };
    type Dump = { resources: { name: string; type: string; inputs: unknown }[] };
    const hand = await runWorker<Dump>({ kind: "run", variant: "hand", ...shape, lib, dump: true });
    const component = await runWorker<Dump>({ kind: "run", variant: "component", ...shape, lib, dump: true });
    const byName = (d: Dump) => [...d.resources].sort((a, b) => (a.name < b.name ? -1 : 1));
    const a = canonicalJson(byName(hand));
    const b = canonicalJson(byName(component));
    if (a !== b) {
        throw new Error(
            `the hand-written workload does not register what the component registers; fix bench/workload.ts.\nhand:      ${a.slice(0, 2000)}\ncomponent: ${b.slice(0, 2000)}`,
        );
    }
}

function stats(samples: RunResult[], shape: Shape): VariantStats {
    const wallMs = median(samples.map((s) => s.wallMs));
    return {
        samples,
        wallMs,
        constructMs: median(samples.map((s) => s.constructMs)),
        cpuMs: median(samples.map((s) => s.cpuMs)),
        peakRssMb: median(samples.map((s) => s.peakRssMb)),
        growthMb: median(samples.map((s) => s.peakRssMb - s.rssBeforeMb)),
        usPerEntry: (wallMs * 1000) / (shape.configs * shape.regions),
    };
}

async function measureShape(shape: Shape, runs: number, opts: Options): Promise<ShapeResult> {
    const variants: { label: string; task: Task }[] = [
        { label: "hand", task: { kind: "run", variant: "hand", ...shape, lib: opts.lib } },
        ...(opts.shell
            ? [{ label: "shell", task: { kind: "run", variant: "shell", ...shape, lib: opts.lib } as Task }]
            : []),
        { label: "component", task: { kind: "run", variant: "component", ...shape, lib: opts.lib } },
        ...opts.extraLibs.map((x) => ({
            label: x.label,
            task: { kind: "run", variant: "component", ...shape, lib: x.lib } as Task,
        })),
    ];
    const samples = new Map<string, RunResult[]>(variants.map((v) => [v.label, []]));
    for (let r = 0; r < runs; r++) {
        // Alternate the order, so that neither side always runs first after a pause.
        const order = r % 2 === 0 ? variants : [...variants].reverse();
        for (const v of order) {
            samples.get(v.label)!.push(await runWorker<RunResult>(v.task));
        }
    }
    const result: ShapeResult = { ...shape, runs, variants: {} };
    for (const v of variants) {
        result.variants[v.label] = stats(samples.get(v.label)!, shape);
    }
    return result;
}

interface ImportStats {
    ms: number;
    rssMb: number;
    samples: { ms: number; rssMb: number }[];
}

async function measureImports(opts: Options): Promise<Record<ImportTarget, ImportStats>> {
    const targets: ImportTarget[] = ["pulumi", "lib", "lib-after-pulumi", "aws-imagebuilder"];
    const samples = new Map<ImportTarget, { ms: number; rssMb: number }[]>(targets.map((t) => [t, []]));
    for (let r = 0; r < opts.importReps; r++) {
        for (const t of r % 2 === 0 ? targets : [...targets].reverse()) {
            samples
                .get(t)!
                .push(await runWorker<{ ms: number; rssMb: number }>({ kind: "import", module: t, lib: opts.lib }));
        }
    }
    const out = {} as Record<ImportTarget, ImportStats>;
    for (const t of targets) {
        const s = samples.get(t)!;
        out[t] = { ms: median(s.map((x) => x.ms)), rssMb: median(s.map((x) => x.rssMb)), samples: s };
    }
    return out;
}

interface ValidationStats {
    entries: number;
    configs: number;
    regions: number;
    /** validateArgs (snapshot, fan-out, rules) over every configuration, per repetition, ms. */
    validateArgsMs: number[];
    /** checkArgsView on prepared views (fan-out and rules only), per repetition, ms. */
    checkArgsViewMs: number[];
    validateArgsEntriesPerSec: number;
    checkArgsViewEntriesPerSec: number;
    /** The first (cold, before the JIT has warmed up) repetition. */
    validateArgsColdEntriesPerSec: number;
}

async function measureValidation(opts: Options): Promise<ValidationStats> {
    const configs = 400;
    const regions = 25;
    const r = await runWorker<{ entries: number; validateArgsMs: number[]; checkArgsViewMs: number[] }>({
        kind: "validate",
        configs,
        regions,
        reps: opts.validationReps,
        lib: opts.lib,
    });
    return {
        entries: r.entries,
        configs,
        regions,
        validateArgsMs: r.validateArgsMs,
        checkArgsViewMs: r.checkArgsViewMs,
        validateArgsEntriesPerSec: r.entries / (median(r.validateArgsMs) / 1000),
        checkArgsViewEntriesPerSec: r.entries / (median(r.checkArgsViewMs) / 1000),
        validateArgsColdEntriesPerSec: r.entries / (r.validateArgsMs[0] / 1000),
    };
}

/**
 * Least squares of wall = a + b * configs + c * configs * regions over the shapes of 100
 * configurations or more: the per-process
 * constant, the per-configuration cost and the per-entry cost. Returns the coefficients and the
 * largest relative residual (small when the cost is linear in configurations and entries).
 */
function fitLinear(
    results: ShapeResult[],
    label: string,
): { a: number; b: number; c: number; maxResidual: number } | undefined {
    // Shapes of one configuration take a few milliseconds: too noisy to weigh in on the slopes.
    const rows = results.filter((r) => r.variants[label] !== undefined && r.configs >= 100);
    if (new Set(rows.map((r) => `${r.configs}`)).size < 2 || rows.length < 3) {
        return undefined;
    }
    const X = rows.map((r) => [1, r.configs, r.configs * r.regions]);
    const y = rows.map((r) => r.variants[label].wallMs);
    // Weighted by 1/y so that small shapes count as much as large ones (relative error).
    const w = y.map((v) => 1 / Math.max(v, 1));
    const A = [0, 1, 2].map((i) => [0, 1, 2].map((j) => X.reduce((s, x, k) => s + w[k] * w[k] * x[i] * x[j], 0)));
    const B = [0, 1, 2].map((i) => X.reduce((s, x, k) => s + w[k] * w[k] * x[i] * y[k], 0));
    const sol = solve3(A, B);
    if (sol === undefined) {
        return undefined;
    }
    const [a, b, c] = sol;
    const maxResidual = Math.max(...X.map((x, k) => Math.abs(a + b * x[1] + c * x[2] - y[k]) / y[k]));
    return { a, b, c, maxResidual };
}

function solve3(A: number[][], B: number[]): number[] | undefined {
    const m = A.map((row, i) => [...row, B[i]]);
    for (let col = 0; col < 3; col++) {
        let pivot = col;
        for (let r = col + 1; r < 3; r++) {
            if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                pivot = r;
            }
        }
        if (Math.abs(m[pivot][col]) < 1e-300) {
            return undefined;
        }
        [m[col], m[pivot]] = [m[pivot], m[col]];
        for (let r = 0; r < 3; r++) {
            if (r !== col) {
                const f = m[r][col] / m[col][col];
                for (let k = col; k < 4; k++) {
                    m[r][k] -= f * m[col][k];
                }
            }
        }
    }
    return [0, 1, 2].map((i) => m[i][3] / m[i][i]);
}

function goalFor(shape: Shape): number | undefined {
    return GOALS.find((g) => g.shape.configs === shape.configs && g.shape.regions === shape.regions)?.max;
}

interface Row {
    shape: string;
    entries: number;
    runs: number;
    handMs: number;
    componentMs: number;
    timeRatio: number;
    /** The median of the per-run ratios (each run's component and hand-written processes ran back to back). */
    pairedTimeRatio: number;
    cpuRatio: number;
    handMb: number;
    componentMb: number;
    memoryRatio: number;
    growthRatio: number;
    handUsPerEntry: number;
    componentUsPerEntry: number;
    goal: string;
}

function rowsOf(results: ShapeResult[], label: string): Row[] {
    return results.map((r) => {
        const h = r.variants.hand;
        const c = r.variants[label];
        const timeRatio = c.wallMs / h.wallMs;
        const memoryRatio = c.peakRssMb / h.peakRssMb;
        const max = goalFor(r);
        const pairedTimeRatio = median(c.samples.map((s, i) => s.wallMs / h.samples[i].wallMs));
        // On a busy machine the ratio of medians and the median of per-run ratios can disagree: a goal is
        // met only when both say so.
        const timeVerdict =
            max === undefined
                ? ""
                : timeRatio <= max && pairedTimeRatio <= max
                  ? "met"
                  : timeRatio > max && pairedTimeRatio > max
                    ? "MISSED"
                    : `unclear (paired ${pairedTimeRatio.toFixed(2)})`;
        return {
            shape: `${r.configs} x ${r.regions}`,
            entries: r.configs * r.regions,
            runs: r.runs,
            handMs: h.wallMs,
            componentMs: c.wallMs,
            timeRatio,
            pairedTimeRatio,
            cpuRatio: c.cpuMs / h.cpuMs,
            handMb: h.peakRssMb,
            componentMb: c.peakRssMb,
            memoryRatio,
            growthRatio: c.growthMb / h.growthMb,
            handUsPerEntry: h.usPerEntry,
            componentUsPerEntry: c.usPerEntry,
            goal:
                max === undefined
                    ? ""
                    : `<= ${max.toFixed(2)}: time ${timeVerdict}, memory ${memoryRatio <= max ? "met" : "MISSED"}`,
        };
    });
}

function textTable(rows: Row[]): string {
    const header = [
        "shape",
        "runs",
        "hand ms",
        "comp ms",
        "time x",
        "paired x",
        "cpu x",
        "hand MB",
        "comp MB",
        "mem x",
        "growth x",
        "hand us/e",
        "comp us/e",
        "goal",
    ];
    const body = rows.map((r) => [
        r.shape,
        String(r.runs),
        r.handMs.toFixed(1),
        r.componentMs.toFixed(1),
        r.timeRatio.toFixed(2),
        r.pairedTimeRatio.toFixed(2),
        r.cpuRatio.toFixed(2),
        r.handMb.toFixed(0),
        r.componentMb.toFixed(0),
        r.memoryRatio.toFixed(2),
        r.growthRatio.toFixed(2),
        r.handUsPerEntry.toFixed(1),
        r.componentUsPerEntry.toFixed(1),
        r.goal,
    ]);
    return alignedTable(header, body);
}

function markdownTable(rows: Row[], shell: Row[] | undefined): string {
    const head =
        "| configurations × regions | runs | hand-written ms | component ms | time ratio | CPU-time ratio | hand-written peak MB | component peak MB | memory ratio | hand-written µs / entry | component µs / entry |" +
        (shell ? " empty component: time ratio |" : "") +
        " goal |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" +
        (shell ? "---:|" : "") +
        "---|";
    const body = rows.map(
        (r, i) =>
            `| ${r.shape.replace(" x ", " × ")} | ${r.runs} | ${r.handMs.toFixed(0)} | ${r.componentMs.toFixed(0)} | ${r.timeRatio.toFixed(2)} | ${r.cpuRatio.toFixed(2)} | ${r.handMb.toFixed(0)} | ${r.componentMb.toFixed(0)} | ${r.memoryRatio.toFixed(2)} | ${r.handUsPerEntry.toFixed(1)} | ${r.componentUsPerEntry.toFixed(1)} |` +
            (shell ? ` ${shell[i].timeRatio.toFixed(2)} |` : "") +
            ` ${r.goal.replace("<=", "≤")} |`,
    );
    return [head, ...body].join("\n");
}

/** The tables and the other figures, as printed. */
function report(
    results: ShapeResult[],
    labels: string[],
    imports: Record<ImportTarget, ImportStats>,
    validation: ValidationStats,
    markdown: boolean,
    elapsedS: number,
): string {
    const out: string[] = [];
    for (const label of labels) {
        const rows = rowsOf(results, label);
        out.push(`\n${label} vs hand-written (medians; ratios are ${label} / hand-written):`);
        out.push(textTable(rows));
        if (markdown) {
            const shell = label !== "shell" && labels.includes("shell") ? rowsOf(results, "shell") : undefined;
            out.push("", markdownTable(rows, shell));
        }
        for (const v of ["hand", label]) {
            const fit = fitLinear(results, v);
            if (fit) {
                out.push(
                    `fit ${v}: wall ≈ ${fit.a.toFixed(1)} ms + ${(fit.b * 1000).toFixed(1)} µs x configs + ${(fit.c * 1000).toFixed(2)} µs x configs x regions (largest residual ${(100 * fit.maxResidual).toFixed(0)}%)`,
                );
            }
        }
    }
    const ownImport = imports["lib-after-pulumi"];
    out.push(
        "",
        `import (fresh process, median of ${imports.pulumi.samples.length}): @pulumi/pulumi ${imports.pulumi.ms.toFixed(0)} ms / ${imports.pulumi.rssMb.toFixed(0)} MB; ` +
            `the package (lib/index.js, with @pulumi/pulumi) ${imports.lib.ms.toFixed(0)} ms / ${imports.lib.rssMb.toFixed(0)} MB; ` +
            `the package after @pulumi/pulumi ${ownImport.ms.toFixed(1)} ms; @pulumi/aws/imagebuilder (loaded at the first component) ${imports["aws-imagebuilder"].ms.toFixed(0)} ms / ${imports["aws-imagebuilder"].rssMb.toFixed(0)} MB`,
        `validation alone (${validation.configs} configurations x ${validation.regions} regions = ${validation.entries} entries, median of ${validation.validateArgsMs.length}): ` +
            `validateArgs ${Math.round(validation.validateArgsEntriesPerSec).toLocaleString("en-US")} entries/s (cold first pass ${Math.round(validation.validateArgsColdEntriesPerSec).toLocaleString("en-US")}); ` +
            `checkArgsView ${Math.round(validation.checkArgsViewEntriesPerSec).toLocaleString("en-US")} entries/s`,
        `measured in ${elapsedS.toFixed(0)} s`,
    );
    return `${out.join("\n")}\n`;
}

/** JSON as the repository's Prettier writes it (so that `prettier --check .` holds), or as it is. */
async function formatted(file: string, json: string): Promise<string> {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const prettier = require("prettier") as typeof import("prettier");
        const config = (await prettier.resolveConfig(file)) ?? {};
        return await prettier.format(json, { ...config, filepath: file });
    } catch {
        return json;
    }
}

/** Writes a results file (formatted as the repository's Prettier writes it) and says where. */
async function save(out: string, file: unknown): Promise<void> {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, await formatted(out, `${JSON.stringify(file, null, 2)}\n`));
    log(`raw results: ${path.relative(ROOT, out)}`);
}

/** Prints the tables of a results file again (`--report <file>`), without measuring. */
function reprint(file: string, markdown: boolean): void {
    const saved = JSON.parse(fs.readFileSync(file, "utf8")) as {
        shapes: ShapeResult[];
        ratios: Record<string, unknown>;
        imports: Record<ImportTarget, ImportStats>;
        validation: ValidationStats;
        elapsedS: number;
        machine: unknown;
        date: string;
    };
    process.stdout.write(`${file}: measured ${saved.date} on ${JSON.stringify(saved.machine)}\n`);
    process.stdout.write(
        report(saved.shapes, Object.keys(saved.ratios), saved.imports, saved.validation, markdown, saved.elapsedS),
    );
}

async function main(): Promise<void> {
    const argv = process.argv.slice(2);
    const saved = argv.indexOf("--report");
    if (saved >= 0) {
        const file = argv[saved + 1] !== undefined && !argv[saved + 1].startsWith("--") ? argv[saved + 1] : undefined;
        reprint(path.resolve(file ?? path.join(ROOT, "bench", "results", "latest.json")), argv.includes("--markdown"));
        return;
    }
    const opts = parseOptions(argv);
    if (opts.instructions && !hasValgrind()) {
        throw new Error("--instructions counts with valgrind's callgrind: install valgrind (apt-get install valgrind)");
    }
    // From here on, a lib is the directory of the package's entry in the build.
    opts.lib = ensureBuilt(opts.lib, !opts.build);
    for (const x of opts.extraLibs) {
        x.lib = ensureBuilt(x.lib, true);
    }
    transpileWorker();
    const machine = machineInfo();
    log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memory}, node ${machine.node}`);

    log("checking that the hand-written workload registers what the component registers...");
    await checkParity(opts.lib);

    if (opts.instructions) {
        await instructionsOnly(opts, machine);
        return;
    }

    const started = Date.now();
    const results: ShapeResult[] = [];
    for (const shape of opts.shapes) {
        const runs = opts.runs(shape);
        log(`${shape.configs} x ${shape.regions}: ${runs} run(s) of each...`);
        const r = await measureShape(shape, runs, opts);
        results.push(r);
        const h = r.variants.hand;
        const parts = Object.entries(r.variants)
            .filter(([k]) => k !== "hand")
            .map(
                ([k, v]) =>
                    `${k} ${v.wallMs.toFixed(0)} ms (x${(v.wallMs / h.wallMs).toFixed(2)}, cpu x${(v.cpuMs / h.cpuMs).toFixed(2)}), ${v.peakRssMb.toFixed(0)} MB (x${(v.peakRssMb / h.peakRssMb).toFixed(2)})`,
            );
        log(`  hand ${h.wallMs.toFixed(0)} ms, ${h.peakRssMb.toFixed(0)} MB; ${parts.join("; ")}`);
    }
    log("import cost...");
    const imports = await measureImports(opts);
    log("validation throughput...");
    const validation = await measureValidation(opts);
    const elapsedS = (Date.now() - started) / 1000;

    const labels = ["component", ...opts.extraLibs.map((x) => x.label), ...(opts.shell ? ["shell"] : [])];
    process.stdout.write(report(results, labels, imports, validation, opts.markdown, elapsedS));

    if (opts.out !== undefined) {
        const strip = (r: ShapeResult) => ({
            ...r,
            variants: Object.fromEntries(
                Object.entries(r.variants).map(([k, v]) => [
                    k,
                    {
                        ...v,
                        samples: v.samples.map((s) => ({
                            wallMs: s.wallMs,
                            constructMs: s.constructMs,
                            cpuMs: s.cpuMs,
                            peakRssMb: s.peakRssMb,
                            rssBeforeMb: s.rssBeforeMb,
                        })),
                    },
                ]),
            ),
        });
        const file = {
            date: new Date().toISOString(),
            machine,
            options: {
                quick: opts.quick,
                lib: path.relative(ROOT, opts.lib) || ".",
                extraLibs: opts.extraLibs.map((x) => x.label),
            },
            goals: GOALS,
            shapes: results.map(strip),
            ratios: Object.fromEntries(labels.map((l) => [l, rowsOf(results, l)])),
            fit: Object.fromEntries(["hand", ...labels].map((l) => [l, fitLinear(results, l)])),
            imports,
            validation,
            elapsedS,
        };
        await save(opts.out, file);
    }
}

/** `--instructions`: counts the goal shapes (or --shapes) under callgrind, prints and saves the table. */
async function instructionsOnly(opts: Options, machine: ReturnType<typeof machineInfo>): Promise<void> {
    const variants: Variant[] = ["hand", ...(opts.shell ? (["shell"] as Variant[]) : []), "component"];
    const started = Date.now();
    log(
        `counting instructions (callgrind, node --single-threaded) of ${variants.join(", ")} at ${opts.shapes
            .map((s) => `${s.configs} x ${s.regions}`)
            .join(", ")}, and of each with no configuration...`,
    );
    const counts = await countInstructions(opts.shapes, variants, opts.lib, log, opts.repeat);
    const elapsedS = (Date.now() - started) / 1000;
    process.stdout.write(
        `\ninstructions of the timed work (the process less the same variant's process with no configuration), in G, ` +
            `medians of ${opts.repeat} count${opts.repeat === 1 ? "" : "s"}; ratios to hand-written, and the component's to the empty component:\n` +
            `${instructionTable(counts, () => INSTRUCTION_GOAL)}\ncounted in ${elapsedS.toFixed(0)} s\n`,
    );
    if (opts.out !== undefined) {
        const file = {
            date: new Date().toISOString(),
            machine,
            options: { lib: path.relative(ROOT, opts.lib) || ".", repeat: opts.repeat },
            goal: { componentToEmptyComponent: INSTRUCTION_GOAL },
            counts,
            elapsedS,
        };
        await save(opts.out, file);
    }
}

main().catch((err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
